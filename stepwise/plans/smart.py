"""The SMART check of a coaching goal: seven findings, each saying why in the goal's own words.

The seed's "Great Goals are" and "SMART" lists, checked with word lists and patterns a person can
follow, never a model: every verdict quotes the words that decided it, and the same goal always
gets the same findings.

- Specific: at least six words, naming who or what the goal concerns (a team, a meeting, a
  process, a named person or product) more often than it uses vague words ("better", "stuff",
  "work on", "in general").
- Measurable: the goal names something to count or rate (a number outside its dates, a
  percentage, "three", a survey or a score, a cadence such as "weekly"), or it has a measure with
  a baseline and a target, or the answer to "How will it be measured?" names one.
- Action-oriented: a verb for something the executive will do ("hold", "delegate", "present"),
  neither negated ("don't check") nor hedged ("try to delegate"). "Be", "feel", "become" and
  "get better at" describe a state, not an action.
- Realistic: no absolutes ("always", "never", "everyone", "all of", "100%"), no share over 100%,
  a deadline at least two weeks away, and no more than two aims strung together with commas or
  "and".
- Time-bound: a deadline or a time frame (see ``deadline_in``) that has not passed and does not
  fall after the engagement ends.
- Stated in the positive: no negation or away-from wording ("not", "don't", "never", "stop",
  "avoid", "no longer", "less", "fewer").
- Outcome focused: a result (a "so that …", an impact such as retention, approval or trust, a
  target such as "from 62 to 75", or a deliverable verb such as "hire" or "launch") rather than
  only an activity ("attend a course", "read a book", "have meetings").

Where a coach could go either way:

- A cadence alone ("every week") says how often, not by when, so it is not time-bound; with a
  window ("every week for the next three months", "until 31 March") it is. A start date ("from
  1 December") is not a deadline; "within 24 hours" is a service level, not one either.
- "Less" and "fewer" are away-from wording, even in "fewer complaints"; "reduce" and "cut" are
  not, nor are limits ("no more than two evenings a week").
- A growth rate may exceed 100% ("by 150%"); a share may not ("120% attendance").
- A year ("the 2027 plan") and a meeting's name ("one-to-ones") are not quantities.
- Only "hold" and "holding" are the executive's own actions: "holds" and "held" are someone
  else's doing or a description, and so is "present" in "get my team to present".
- How others see you ("seen as", "trusted", "confident") is an outcome, though not an action.

The words live in ``LEXICONS``, keyed by language code, so another language is a new entry;
``smart_check`` uses English.
"""

import bisect
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, NamedTuple

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

CRITERIA: tuple[tuple[str, Any], ...] = (
    ("specific", gettext_lazy("Specific")),
    ("measurable", gettext_lazy("Measurable")),
    ("action", gettext_lazy("Action-oriented")),
    ("realistic", gettext_lazy("Realistic")),
    ("time_bound", gettext_lazy("Time-bound")),
    ("positive", gettext_lazy("Stated in the positive")),
    ("outcome", gettext_lazy("Outcome focused")),
)

MIN_WORDS = 6
# A year on its own ("the 2027 plan") labels something; it is not a quantity to measure.
YEAR = re.compile(r"(?:19|20)\d\d")
MIN_LEAD_TIME = timedelta(days=14)
MAX_AIMS = 2
QUOTED_CHARS = 60
# A goal is a sentence or two (its title holds 400 characters): the check reads at most this much
# of the goal and of "how it will be measured", so its work is bounded however much is pasted.
# Where a text is longer, its form refuses it with a message; the check only advises.
MAX_CHECKED_CHARS = 2000


def checked_text(text: str) -> str:
    """The part of ``text`` the SMART rules read."""
    return text[:MAX_CHECKED_CHARS]


@dataclass(frozen=True)
class Finding:
    """One criterion's verdict, why, and (when it is not met) what to change."""

    key: str
    label: str
    met: bool
    why: str
    suggestion: str


@dataclass(frozen=True)
class Lexicon:
    """The words one language's rules look for.

    Phrases match whatever the case, any run of spaces matching a space; "…" stands for up to
    five words in between ("zero … ever"). Anchors, units and nouns also match their plural.
    """

    # Dates and time frames.
    months: dict[str, int]
    weekdays: dict[str, int]
    numbers: dict[str, int]
    units: dict[str, str]
    period_ends: dict[str, str]
    edges: dict[str, str]
    deadline_cues: tuple[str, ...]
    frame_cues: tuple[str, ...]
    engagement_ends: tuple[str, ...]
    start_cues: tuple[str, ...]
    relative_cues: tuple[str, ...]
    next_words: tuple[str, ...]
    this_words: tuple[str, ...]
    from_now: tuple[str, ...]
    events: tuple[str, ...]
    event_owners: tuple[str, ...]
    fiscal_years: tuple[str, ...]
    # Things to count or rate.
    cadences: tuple[str, ...]
    per: tuple[str, ...]
    every: tuple[str, ...]
    quantities: tuple[str, ...]
    not_quantities: tuple[str, ...]
    metrics: tuple[str, ...]
    # Who or what a goal is about, and the words that say nothing.
    anchors: tuple[str, ...]
    first_person: tuple[str, ...]
    vague: tuple[str, ...]
    # What the executive does.
    action_verbs: tuple[str, ...]
    irregular_verbs: dict[str, tuple[str, ...]]
    inflect: Callable[[str], set[str]]
    doing: Callable[[str], set[str]]
    not_after: tuple[str, ...]
    causatives: tuple[str, ...]
    noun_forms: tuple[str, ...]
    states: tuple[str, ...]
    hedges: tuple[str, ...]
    # What to avoid rather than what to do.
    negations: tuple[str, ...]
    negated_contraction: str
    comparatives: tuple[str, ...]
    not_negations: tuple[str, ...]
    rephrasings: dict[str, str]
    # What cannot be kept up.
    absolutes: tuple[str, ...]
    changes: tuple[str, ...]
    separators: tuple[str, ...]
    aim_openers: tuple[str, ...]
    # Results rather than activities.
    connectives: tuple[str, ...]
    result_nouns: tuple[str, ...]
    result_verbs: tuple[str, ...]
    change_verbs: tuple[str, ...]
    activity_verbs: tuple[str, ...]
    activity_hosts: tuple[str, ...]
    activity_objects: tuple[str, ...]
    target_words: tuple[str, ...]
    # Where a quoted phrase ends.
    stop_words: tuple[str, ...]


def _english_forms(verb: str) -> set[str]:
    """Regular inflections of a verb's first word: deliver → delivers, delivered, delivering.

    Over-generating ("runned") costs nothing: nobody types those words.
    """
    head, _space, rest = verb.partition(" ")
    if head.endswith("e"):
        forms = {head, head + "s", head + "d", head[:-1] + "ing"}
    elif head.endswith("y") and head[-2:-1] not in ("a", "e", "o", "u"):
        forms = {head, head[:-1] + "ies", head[:-1] + "ied", head + "ing"}
    else:
        doubled = head + head[-1]
        forms = {head, head + "s", head + "es", head + "ed", head + "ing", doubled + "ed", doubled + "ing"}
    return {f"{form} {rest}".strip() for form in forms}


def _english_doing(verb: str) -> set[str]:
    """The forms of a verb for one's own next step: "hold", "holding". Not "holds" (someone else
    does it, or it is a plural noun: "customer visits") nor "held" (a description: "agreed")."""
    head, _space, rest = verb.partition(" ")
    stem = head[:-1] if head.endswith("e") and not head.endswith("ee") else head
    forms = {head, stem + "ing", head + head[-1] + "ing"}
    return {f"{form} {rest}".strip() for form in forms}


def _list(words: str) -> tuple[str, ...]:
    """Comma-separated phrases, so a word list reads as a sentence does."""
    return tuple(" ".join(phrase.split()) for phrase in words.split(",") if phrase.strip())


MONTHS = _list("january, february, march, april, may, june, july, august, september, october, november, december")
UNITS = _list("day, week, fortnight, month, quarter, year")

ENGLISH = Lexicon(
    months={
        **{name: n for n, name in enumerate(MONTHS, start=1)},
        **{name[:3]: n for n, name in enumerate(MONTHS, start=1)},
        "sept": 9,
    },
    weekdays={
        name: n for n, name in enumerate(_list("monday, tuesday, wednesday, thursday, friday, saturday, sunday"))
    },
    numbers={
        "a": 1,
        "an": 1,
        **{name: n for n, name in enumerate(_list("one, two, three, four, five, six, seven, eight, nine, ten"), 1)},
        **{"eleven": 11, "twelve": 12, "eighteen": 18, "twenty-four": 24, "thirty": 30, "sixty": 60, "ninety": 90},
    },
    units={
        **{unit: unit for unit in UNITS},
        **{unit + "s": unit for unit in UNITS},
    },
    period_ends={
        **dict.fromkeys(_list("year-end, year end, end-of-year, EOY"), "year"),
        **dict.fromkeys(_list("quarter-end, quarter end, EOQ"), "quarter"),
        **dict.fromkeys(_list("month-end, month end"), "month"),
    },
    edges={"end": "end", "close": "end", "start": "start", "beginning": "start", "middle": "middle", "mid": "middle"},
    deadline_cues=_list(
        """
        by, before, until, till, through, no later than, not later than, on, in, at, during, within,
        ahead of, in time for, due
        """
    ),
    # Before an occasion without a date: "before the next board meeting", not "at the monthly all-hands".
    frame_cues=_list("by, before, until, till, through, no later than, ahead of, in time for"),
    # The coaching engagement's own end: its date when the engagement has one.
    engagement_ends=_list(
        "end of the engagement, end of our engagement, end of this engagement, engagement ends, "
        "end of the coaching, end of my coaching, coaching ends"
    ),
    start_cues=_list(
        """
        from, starting, starting on, starting from, starting in, since, as of, beginning
        """
    ),
    relative_cues=_list("within, in, over, for, during, inside"),
    next_words=_list("next, coming, following"),
    this_words=_list("this, the current"),
    from_now=_list("from now, from today, time"),
    events=_list(
        """
        board meeting, board, AGM, annual general meeting, offsite, off-site, away day, strategy day,
        investor day, review, performance review, appraisal, budget round, budget cycle, planning cycle,
        town hall, all-hands, kick-off, audit, results, earnings call, renewal, sabbatical, restructuring,
        merger, launch, IPO, survey, pulse survey, engagement survey
        """
    ),
    event_owners=_list("the, my, our, his, her, their, this, next"),
    fiscal_years=_list("fiscal year, financial year, FY"),
    cadences=_list(
        """
        daily, weekly, fortnightly, biweekly, bi-weekly, monthly, bimonthly, quarterly, annually, yearly,
        every day, every week, every other week, every fortnight, every month, every other month,
        every quarter, every year, every morning, every evening, every weekday, each day, each week,
        each month, each quarter, once a, twice a, per day, per week, per month, per quarter, per year
        """
    ),
    per=_list("a, per, each, every"),
    every=_list("every, each, every other"),
    quantities=_list(
        """
        one, two, three, four, five, six, seven, eight, nine, ten, eleven, twelve, fifteen, twenty, thirty,
        fifty, hundred, dozen, once, twice, half, halve, double, triple, a third, two thirds, a fifth
        """
    ),
    not_quantities=_list(
        """
        1:1, 1-1, one-to-one, one to one, one-on-one, one on one, one-page, one-pager, no one, one of,
        one another
        """
    ),
    metrics=_list(
        """
        score, rating, survey, pulse, NPS, eNPS, KPI, OKR, percentage, percent, per cent, benchmark, index,
        attrition rate, retention rate, turnover rate, conversion rate, win rate, 360, scorecard, dashboard
        """
    ),
    anchors=_list(
        """
        team, direct report, report, peer, colleague, board, board member, chair, executive team,
        leadership team, management team, senior team, manager, employee, staff, customer, client, investor,
        shareholder, stakeholder, sponsor, partner, supplier, vendor, regulator, union, director, deputy,
        committee, channel, ceo, cfo, coo, cto,
        chro, cmo, head of, meeting, one-to-one, one-on-one, 1:1, skip-level, stand-up, town hall,
        all-hands, offsite, away day, workshop, review, agenda, board pack, board paper, presentation,
        pitch, proposal, business case, budget, forecast, plan, strategy, roadmap, process, project,
        programme, program, product, service, pipeline, division, department, function, region, market,
        site, plant, office, sales, revenue, margin, cost, price, contract, deal, hires, role, vacancy,
        candidate, interview, successor, succession, talent, promotion, development plan, feedback,
        decision, priority, priorities, objective, OKR, KPI, score, rating, survey, NPS, engagement,
        retention, attrition, email, inbox, calendar, diary, evening, weekend, morning, lunch, dinner,
        family, holiday, vacation, course, training, book, escalation, complaint, incident, risk, audit,
        merger, acquisition, integration, transformation, restructuring, headcount, culture, policy, system,
        data, people, delegation, networking event, event, conference, working week, working day, workload,
        hours, kids, children, partner, home
        """
    ),
    first_person=_list("I, I'm, I'll, I've, I'd"),
    vague=_list(
        """
        better, best, good, great, effective, more effective, improve things, stuff, thing, things, etc,
        et cetera, and so on, work on, working on, somehow, in general, generally, various, a bit, a lot,
        kind of, sort of, overall, as much as possible, whatever, step up, next level, be more, try harder,
        properly, successful, good leader, better leader, great leader
        """
    ),
    action_verbs=_list(
        """
        ask, agree, align, appoint, attend, automate, block, book, brief, bring, build, call, cancel, cap,
        chair, challenge, check in, choose, clarify, close, coach, communicate, complete, consolidate,
        create, cut, decide, decline, define, delegate, deliver, design, develop, document, double, draft,
        establish, expand, facilitate, fill, finalise, finalize, finish, fix, follow up, give, go to, grow, halve,
        hand over, hire, hold, host, implement, improve, increase, interview, introduce, invest, invite,
        join, keep, launch, lead, leave, let, lift, limit, listen, log off, lower, make, map, measure, meet,
        mentor, negotiate, onboard, open, organise, organize, pitch, plan, practise, practice, prepare,
        present, prioritise, prioritize, promote, propose, protect, publish, raise, read, rebuild,
        recognise, recognize, recruit, redesign, reduce, reorganise, replace, reply, report, resolve,
        respond, restructure, retain, review, run, save, schedule, secure, sell, send, set, share, ship,
        sign, simplify, speak, spend, sponsor, start, streamline, structure, submit, summarise, summarize,
        switch off, take, teach, tell, thank, track, train, triple, visit, walk, win, work, write
        """
    ),
    irregular_verbs={
        "bring": ("brought",),
        "build": ("built",),
        "choose": ("chose", "chosen"),
        "give": ("gave", "given"),
        "go to": ("went to", "gone to", "goes to"),
        "hold": ("held",),
        "keep": ("kept",),
        "lead": ("led",),
        "leave": ("left",),
        "make": ("made",),
        "meet": ("met",),
        "rebuild": ("rebuilt",),
        "run": ("ran",),
        "sell": ("sold",),
        "send": ("sent",),
        "speak": ("spoke", "spoken"),
        "spend": ("spent",),
        "take": ("took", "taken"),
        "teach": ("taught",),
        "tell": ("told",),
        "win": ("won",),
        "write": ("wrote", "written"),
    },
    inflect=_english_forms,
    doing=_english_doing,
    # After these a verb's form is a noun or an adjective: "a review", "be present", "at leading".
    not_after=_list(
        """
        a, an, the, my, our, your, their, his, her, its, this, that, these, those, each, every, more, most,
        some, any, be, being, been, is, are, was, were, am, feel, feels, become, of, at, about, daily, weekly,
        fortnightly, monthly, quarterly, annual, yearly, new, first, last, next
        """
    ),
    # A verb after these is someone else's: "get my team to present", "have the CFO sign".
    causatives=_list("get, have, make, help, expect, want, need, encourage, enable, push, persuade, convince, allow"),
    # Verb forms that in a goal are nearly always nouns: "the weekly meeting".
    noun_forms=_list("meeting, meetings, planning, building, buildings, opening, openings"),
    states=_list(
        """
        be, being, become, feel, get better at, be seen as, be known as, be known for, seem, appear, look
        """
    ),
    hedges=_list("try to, try and, trying to, hope to, attempt to, wish to, would like to"),
    negations=_list(
        """
        not, never, no, no longer, no more, nobody, nothing, none, cannot, stop, avoid, quit, cease,
        refrain from, eliminate, get rid of, give up, without
        """
    ),
    negated_contraction="n't",
    # "Less" and "fewer" stay in the quoted phrase: "instead of “less time firefighting”". "Reduce" and
    # "cut" are not here: with a target they say where a number will be, which is positive enough.
    comparatives=_list("less, fewer"),
    # Limits, deadlines and set phrases, not away-from wording: "no more than two evenings a week".
    not_negations=_list(
        """
        no more than, no later than, no fewer than, no less than, not more than, not later than, less than,
        fewer than, without exception, no exception
        """
    ),
    absolutes=_list(
        """
        always, never, never ever, every single, each and every, every time, all the time, at all times,
        all of, perfect, perfectly, flawless, flawlessly, everyone, everybody, without exception,
        zero … ever, no one ever
        """
    ),
    # A percentage after these is a change, which may exceed 100: "grow revenue by 150%".
    changes=_list("by, up"),
    change_verbs=_list(
        """
        increase, reduce, raise, cut, improve, grow, lower, lift, boost, decrease, shorten
        """
    ),
    separators=_list("and, as well as, plus, then"),
    aim_openers=_list("I will, I'll, we will, to, also, then, and"),
    connectives=_list(
        """
        so that, so my, so our, so the, so we, so I, so they, so each, so every, so people, in order to,
        resulting in, result in, which leads to, leading to, to achieve, which will, which means, to ensure,
        to enable, enabling, so as to
        """
    ),
    result_nouns=_list(
        """
        engagement, retention, promotion, promoted, revenue, margin, profit, profitability, growth, balance,
        NPS, eNPS, score, rating, satisfaction, attrition, turnover, churn, market share, savings, outcome,
        result, impact, trust, buy-in, approval, sign-off, successor, confidence, confident, credibility,
        credible, reputation, seen as, recognised as, recognized as, known for, respected, trusted,
        productivity, wellbeing, well-being, complaint, go-to
        """
    ),
    result_verbs=_list(
        """
        achieve, secure, win, hire, appoint, recruit, launch, publish, ship, sign, close, double, halve,
        triple, increase, raise, reduce, cut, grow, save, retain, earn, gain, deliver, agree, build, create,
        establish, implement, restructure, finalise, finalize, complete, lower, lift, boost
        """
    ),
    activity_verbs=_list(
        """
        attend, participate in, take part in, go to, read, sign up for, enrol in, enroll in, join, watch,
        listen to, learn about, study
        """
    ),
    activity_hosts=_list("take, do, complete, have, hold, run, organise, organize, schedule, attend"),
    activity_objects=_list(
        """
        course, training, class, workshop, seminar, webinar, programme, program, conference, book, podcast,
        meeting, session, event, module, chat, call, coffee
        """
    ),
    target_words=_list("or more, or higher, or above, or better, or less, or lower, or below, out of"),
    # Where a quoted phrase ends: "interrupting people" in "… interrupting people in meetings".
    stop_words=_list(
        """
        and, so, so that, or, but, because, while, which, when, by, until, before, after, in, on, at, to, for,
        with, about, from, during, within, under, than, into, over
        """
    ),
    # What the executive might do instead of a habit they name to drop; a start, not an answer.
    rephrasings={
        "interrupt": "let others finish before I respond",
        "micromanag": "agree the outcome and check in once a week",
        "email": "log off at a set time and reply the next morning",
        "late": "arrive five minutes early",
        "defensive": "ask one question before I respond",
        "firefight": "block two mornings a week for planning",
        "weekend": "keep Saturdays and Sundays free of work",
        "dominat": "speak last in team discussions",
        "last-minute": "send papers a week ahead",
        "last minute": "send papers a week ahead",
        "say yes": "agree only to requests that fit my three priorities",
        "saying yes": "agree only to requests that fit my three priorities",
        "escalat": "settle issues with my peers before they reach the CEO",
    },
)

LEXICONS: dict[str, Lexicon] = {"en": ENGLISH}


# Patterns ---------------------------------------------------------------------------------------

GAP = r"(?:\W+\w+){0,5}?\W+"


def _trie(phrases: Iterable[str]) -> str:
    """One pattern for many phrases, sharing their beginnings ("stop", "stop by" and "stakeholder"
    share "st"), so matching costs the length of a phrase, not the size of the list. Longer phrases
    win: "no longer" over "no"."""
    root: dict[str, Any] = {}
    for phrase in phrases:
        node = root
        for char in " ".join(phrase.lower().split()):
            node = node.setdefault(char, {})
        node[""] = {}

    def pattern(node: dict[str, Any]) -> str:
        branches = [
            (r"\s+" if char == " " else re.escape(char)) + pattern(child) for char, child in node.items() if char
        ]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if "" not in node:
            return body
        return body + "?" if len(branches) == 1 and len(body) == 1 else "(?:" + body + ")?"

    return pattern(root)


def _any(phrases: Iterable[str], *, plural: bool = False) -> str:
    """Any of the phrases as whole words, whatever the case; "…" stands for a few words between."""
    phrases = set(phrases)
    plain = [phrase for phrase in phrases if "…" not in phrase]
    suffix = r"(?:s|es)?" if plural else ""
    parts = [rf"(?<!\w){_trie(plain)}{suffix}(?!\w)"] if plain else []
    for phrase in sorted(p for p in phrases if "…" in p):
        before, after = phrase.split("…", 1)
        parts.append(rf"(?<!\w){_trie([before])}{GAP}{_trie([after])}(?!\w)")
    return "(?:" + "|".join(parts) + ")" if parts else "(?!)"


def _words(phrases: Iterable[str], *, plural: bool = False) -> re.Pattern[str]:
    return re.compile(_any(phrases, plural=plural), re.IGNORECASE)


def _forms(w: Lexicon, verbs: Iterable[str]) -> set[str]:
    """Every form of the verbs: "hold", "holds", "holding", "held"."""
    return {form for verb in verbs for form in (*w.inflect(verb), *w.irregular_verbs.get(verb, ()))}


class _Rules:
    """One lexicon's patterns, compiled once at import."""

    def __init__(self, w: Lexicon) -> None:
        self.w = w
        flags = re.IGNORECASE
        cue = _any(w.deadline_cues + w.start_cues)
        edge = rf"(?:(?P<edge>{_any(w.edges)})(?:-|\s+of\s+)(?:the\s+)?)?"
        lead = rf"(?:(?P<cue>{cue})\s+(?:the\s+)?{edge})?"
        month = rf"(?P<mon>{_any(w.months)})\.?"
        day = r"(?P<d>\d{1,2})(?:st|nd|rd|th)?(?!\w)"
        year = r"(?P<y>\d{4})(?!\d)"
        events = _any(w.events, plural=True)
        count = rf"(?P<n>\d{{1,3}}|{_any(w.numbers)})"
        unit = rf"(?P<u>{_any(w.units)})"
        which = rf"(?:(?P<which>{_any(w.next_words + w.this_words)})\s+)?"
        upcoming = rf"(?:(?P<next>{_any(w.next_words)})\s+)?"
        not_per = rf"(?:'s?\s+time)?(?!\s+{_any(w.per)})"
        numeric = r"(?<![\d/.-])(?P<d>\d{1,2})(?P<sep>[/.-])(?P<m>\d{1,2})(?P=sep)(?P<y>\d{4}|\d{2})(?![\d/.-]\d)"
        patterns = {
            "iso": rf"{lead}(?<!\d)(?P<y>\d{{4}})-(?P<m>\d{{1,2}})-(?P<d>\d{{1,2}})(?!\d)",
            "numeric": lead + numeric,
            "day_month": rf"{lead}{day}\s+(?:of\s+)?{month}(?:,?\s+{year})?",
            "month_day": rf"{lead}{month}\s+{day}(?:,?\s+{year})?",
            "month_year": rf"{lead}{month},?\s+{year}(?:\s+{events})?",
            "month": rf"(?P<cue>{cue})\s+(?:the\s+)?{edge}{month}(?!\w)(?:\s+{events})?",
            "quarter": rf"{lead}(?P<qh>[QH])(?P<n>[1-4])(?!\w)(?:\s+(?:of\s+)?{year})?",
            # "For two days a week" is a cadence, not a deadline two days away.
            "relative": rf"{_any(w.relative_cues)}\s+(?:the\s+)?{upcoming}(?:{count}[\s-]+)?{unit}{not_per}",
            "from_now": rf"{count}\s+{unit}\s+{_any(w.from_now)}",
            # "Next year's plan" names a plan, not a deadline: a possessive labels something.
            "period": rf"{lead}{which}{unit}(?!['’]s\b)",
            "period_end": rf"(?:(?P<cue>{cue})\s+(?:the\s+)?)?(?P<u>{_any(w.period_ends)})",
            "year": rf"(?P<cue>{cue})\s+(?:the\s+)?{edge}{year}",
            "weekday": rf"(?P<cue>{cue})\s+{which}(?P<wd>{_any(w.weekdays)})",
        }
        self.dates = tuple((kind, re.compile(pattern, flags)) for kind, pattern in patterns.items())
        owners = _any(w.event_owners)
        frame_cue = _any(w.frame_cues)
        fiscal = rf"{_any(w.fiscal_years)}(?:\s?'?\d{{2,4}})?"
        self.frames = (
            re.compile(rf"(?P<cue>{frame_cue})\s+{owners}\s+(?:[\w-]+\s+){{0,2}}?{events}", flags),
            re.compile(rf"(?P<cue>{frame_cue})\s+(?:the\s+)?(?:end\s+of\s+)?(?:{owners}\s+)?{fiscal}", flags),
        )
        self.engagement_end = re.compile(
            rf"(?P<cue>{frame_cue})\s+(?:the\s+|my\s+|our\s+)?{_any(w.engagement_ends)}", flags
        )
        causative_forms = _any(_forms(w, w.causatives))
        self.someone_else = re.compile(rf"{causative_forms}\s+(?:[\w']+\s+){{1,3}}?(?:to\s+)?$", flags)
        how_many = rf"(?:(?<![\w.])\d+|{_any(w.quantities)})"
        per_unit = rf"{how_many}\s+(?:[\w-]+\s+){{0,2}}?{_any(w.per)}\s+{_any(w.units)}"
        every_weekday = rf"{_any(w.every)}\s+{_any(w.weekdays, plural=True)}"
        self.cadences = re.compile(rf"{_any(w.cadences)}|{per_unit}|{every_weekday}", flags)
        percent = r"\s*(?:%|per\s*cent|percent)"
        amount = r"\d+(?:[.,]\d+)?"
        self.numbers = re.compile(rf"(?<![\w.])\d+(?:[.,]\d+)*(?:{percent})?", flags)
        self.percents = re.compile(rf"(?<![\w.])(?P<n>\d+(?:[.,]\d+)?){percent}(?!\w)", flags)
        self.quantities = _words(w.quantities)
        self.not_quantities = _words(w.not_quantities, plural=True)
        self.metrics = _words(w.metrics, plural=True)
        self.anchors = _words(w.anchors, plural=True)
        self.vague = _words(w.vague)
        self.capitalised = re.compile(r"(?<![\w'])[A-Z][\w&'-]*")
        self.word = re.compile(r"\w[\w'-]*")
        self.actions = _words({form for verb in w.action_verbs for form in w.doing(verb)} - set(w.noun_forms))
        self.compounds = _words((anchor for anchor in w.anchors if " " in anchor), plural=True)
        self.states = _words(w.states)
        self.hedged = re.compile(rf"{_any(w.hedges)}\W+(?:\w+\W+){{0,2}}$", flags)
        negation = rf"{_any(w.negations + w.comparatives)}|(?<!\w)\w+{re.escape(w.negated_contraction)}(?!\w)"
        self.negations = re.compile(negation, flags)
        self.negated = re.compile(rf"(?:{negation})\W+(?:\w+\W+)?$", flags)
        self.comparatives = _words(w.comparatives)
        self.not_negations = _words(w.not_negations)
        self.absolutes = _words(w.absolutes)
        self.not_after = {word.casefold() for word in w.not_after}
        self.changes = {word.casefold() for word in w.changes}
        self.change_verbs = _words(_forms(w, w.change_verbs))
        self.separators = re.compile(rf"[,;]|{_any(w.separators)}", flags)
        self.aim_opener = re.compile(rf"\W*(?:{_any(w.aim_openers)}\W+)*", flags)
        self.connectives = _words(w.connectives)
        self.result_nouns = _words(w.result_nouns, plural=True)
        self.result_verbs = _words(_forms(w, w.result_verbs))
        hosted = rf"{_any(_forms(w, w.activity_hosts))}\s+(?:[\w:-]+\s+){{0,4}}?{_any(w.activity_objects, plural=True)}"
        self.activities = re.compile(rf"{hosted}|{_any(_forms(w, w.activity_verbs))}", flags)
        from_to = rf"(?<!\w)from\s+[^\s\d]*\d\S*\s+to\s+{amount}(?:{percent})?"
        to = rf"(?<!\w)to\s+{amount}(?:{percent})?"
        share = rf"(?<![\w.,]){amount}(?:{percent}|\s*{_any(w.target_words)})"
        self.targets = re.compile(rf"{from_to}|{to}|{share}", flags)
        self.stop_words = _words(w.stop_words)
        self.rephrasings = tuple((re.compile(r"(?<!\w)" + re.escape(k), flags), v) for k, v in w.rephrasings.items())


RULES: dict[str, _Rules] = {code: _Rules(lexicon) for code, lexicon in LEXICONS.items()}


# Dates ------------------------------------------------------------------------------------------


class _Time(NamedTuple):
    start: int
    end: int
    on: date | None  # None for a time frame without a date: "before the next board meeting".
    is_start: bool  # "from 1 December": when it begins, not when it is due.


def _month_end(year: int, month: int) -> date:
    following = date(year + month // 12, month % 12 + 1, 1)
    return following - timedelta(days=1)


def _add_months(day: date, months: int) -> date:
    """The same day so many months later, or that month's last day when it is shorter."""
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    return date(year, month + 1, min(day.day, _month_end(year, month + 1).day))


def _shifted(day: date, delta: timedelta) -> date:
    """``day + delta``, or the last day there is when that is beyond it."""
    try:
        return day + delta
    except OverflowError:
        return date.max


def _not_before(today: date, make: Callable[[int], date]) -> date:
    """The next occurrence of a date named without its year, today included."""
    this_year = make(today.year)
    return this_year if this_year >= today else make(today.year + 1)


def _in_month(year: int, month: int, edge: str) -> date:
    if edge == "start":
        return date(year, month, 1)
    if edge == "middle":
        return date(year, month, 15)
    return _month_end(year, month)


def _period_end(today: date, unit: str, ahead: int) -> date:
    if unit in ("day",):
        return today + timedelta(days=ahead)
    if unit == "week":
        return today + timedelta(days=6 - today.weekday() + 7 * ahead)
    if unit == "fortnight":
        return today + timedelta(days=14 * max(ahead, 1))
    if unit == "month":
        later = _add_months(today.replace(day=1), ahead)
        return _month_end(later.year, later.month)
    if unit == "quarter":
        first = _add_months(date(today.year, (today.month - 1) // 3 * 3 + 1, 1), 3 * ahead)
        return _month_end(first.year, first.month + 2)
    return date(today.year + ahead, 12, 31)


def _after(today: date, n: int, unit: str) -> date:
    if unit == "day":
        return today + timedelta(days=n)
    if unit == "week":
        return today + timedelta(weeks=n)
    if unit == "fortnight":
        return today + timedelta(weeks=2 * n)
    return _add_months(today, n * {"month": 1, "quarter": 3, "year": 12}[unit])


def _group(match: re.Match[str], name: str) -> str:
    value = match.groupdict().get(name)
    return (value or "").casefold()


def _resolve(kind: str, m: re.Match[str], today: date, w: Lexicon) -> date | None:
    """The date one match names, or None when it names none (an impossible 31 February)."""
    edge = w.edges.get(_group(m, "edge"), "end")
    year = int(m["y"]) if m.groupdict().get("y") else None
    if kind in ("iso", "numeric"):
        y = int(m["y"])
        return date(y + 2000 if y < 100 else y, int(m["m"]), int(m["d"]))
    if kind in ("day_month", "month_day", "month_year", "month"):
        month = w.months.get(_group(m, "mon").rstrip("."))
        if month is None:
            return None
        if kind in ("month_year", "month"):
            if year is not None:
                return _in_month(year, month, edge)
            return _not_before(today, lambda y: _in_month(y, month, edge))
        d = int(m["d"])
        return date(year, month, d) if year is not None else _not_before(today, lambda y: date(y, month, d))
    if kind == "quarter":
        n = int(m["n"])
        if _group(m, "qh") == "h":
            if n > 2:
                return None
            n = n * 2  # H1 ends with Q2, H2 with Q4.
        first_month = (n - 1) * 3 + 1

        def quarter(y: int) -> date:
            return date(y, first_month, 1) if edge == "start" else _month_end(y, first_month + 2)

        return quarter(year) if year is not None else _not_before(today, quarter)
    if kind in ("relative", "from_now"):
        unit = w.units[_group(m, "u")]
        count = _group(m, "n")
        if not count and not m.groupdict().get("next"):
            return None  # "in weeks", "for months": no length given.
        n = int(count) if count.isdigit() else w.numbers.get(count, 1)
        return _after(today, n, unit)
    if kind == "period":
        which = _group(m, "which")
        unit = w.units[_group(m, "u")]
        if not which and not m.groupdict().get("edge"):
            return None  # "in weeks": a bare unit names no period.
        return _period_end(today, unit, 1 if which in w.next_words else 0)
    if kind == "period_end":
        return _period_end(today, w.period_ends[_group(m, "u")], 0)
    if kind == "year":
        # A bare number after "by" is more often a count ("by 2000 units") than a far-off year.
        if year is None or not today.year - 10 <= year <= today.year + 20:
            return None
        return _in_month(year, 1 if edge == "start" else 12, edge if edge != "middle" else "end")
    if kind == "weekday":
        wanted = w.weekdays[_group(m, "wd")]
        ahead = (wanted - today.weekday()) % 7
        if _group(m, "which") in w.next_words and ahead == 0:
            ahead = 7
        return today + timedelta(days=ahead)
    return None


def _times(text: str, today: date, rules: _Rules, ends_on: date | None = None) -> list[_Time]:
    """Every date, time frame and start date the text names, without overlaps, in text order."""
    w = rules.w
    found: list[tuple[int, int, int, _Time]] = []
    for m in rules.engagement_end.finditer(text):
        found.append(
            (m.start(), -(m.end() - m.start()), 0 if ends_on else 1, _Time(m.start(), m.end(), ends_on, False))
        )
    for kind, pattern in rules.dates:
        for m in pattern.finditer(text):
            try:
                on = _resolve(kind, m, today, w)
            except (ValueError, OverflowError, KeyError):
                on = None
            if on is not None:
                is_start = " ".join(_group(m, "cue").split()) in w.start_cues
                found.append((m.start(), -(m.end() - m.start()), 0, _Time(m.start(), m.end(), on, is_start)))
    for pattern in rules.frames:
        for m in pattern.finditer(text):
            found.append((m.start(), -(m.end() - m.start()), 1, _Time(m.start(), m.end(), None, False)))
    chosen: list[_Time] = []
    for *_order, time in sorted(found, key=lambda f: f[:3]):
        if not chosen or time.start >= chosen[-1].end:
            chosen.append(time)
    return chosen


def _deadlines(times: list[_Time]) -> list[_Time]:
    return [t for t in times if t.on is not None and not t.is_start]


def deadline_in(text: str, *, today: date) -> date | None:
    """The deadline a goal names, if it names one that resolves to a day.

    Absolute dates ("31 March 2027", "March 31, 2027", "2027-03-31", "31/03/2027" day first),
    months ("by March", "in May 2027"), quarters and halves ("by the end of Q2", "H1 2027"),
    years ("by the end of 2027"), periods ("by end of year", "next quarter") and lengths of time
    from today ("within 3 months", "in 90 days", "six weeks from now"). A date named without its
    year is the next one not before today; a month, quarter or year without a day is its last day
    ("by March" is 31 March). When a goal names several dates the latest is its deadline: the
    others are milestones or baselines. Dates after "from", "since" or "starting" are when
    something begins, not when it is due.
    """
    dates = [t.on for t in _deadlines(_times(text, today, RULES["en"])) if t.on is not None]
    return max(dates, default=None)


# Checking ---------------------------------------------------------------------------------------


def _snippet(text: str, start: int, end: int) -> str:
    words = " ".join(text[start:end].split())
    return words if len(words) <= QUOTED_CHARS else words[: QUOTED_CHARS - 1].rstrip() + "…"


def _quote(words: str) -> str:
    return _("“%(text)s”") % {"text": words}


def _joined(text: str, spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans in text order, overlapping or next-door ones joined: "Head of" and "Data" make "Head of Data"."""
    joined: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if joined and (start <= joined[-1][1] or not text[joined[-1][1] : start].strip()):
            joined[-1] = (joined[-1][0], max(end, joined[-1][1]))
        else:
            joined.append((start, end))
    return joined


def _quotes(text: str, spans: Iterable[tuple[int, int]], limit: int = 3, *, join: bool = True) -> str:
    """The words at the spans, each in quotation marks: “direct reports”, “board meeting”."""
    seen: list[str] = []
    for start, end in _joined(text, spans) if join else spans:
        words = _snippet(text, start, end)
        if words and words.casefold() not in (s.casefold() for s in seen):
            seen.append(words)
        if len(seen) == limit:
            break
    return ", ".join(_quote(words) for words in seen)


def _day(d: date) -> str:
    return formats.date_format(d, "j F Y")


def _mask(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """The text with the spans blanked out, keeping every other character where it was."""
    chars = list(text)
    for start, end in spans:
        chars[start:end] = "\x00" * (end - start)
    return "".join(chars)


def _spans(matches: Iterable[re.Match[str]]) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in matches]


def _within(spans: list[tuple[int, int]], pos: int, *, inner: bool = False) -> bool:
    """Whether ``pos`` falls in one of the spans (which are in order and apart); ``inner``: after its
    first character."""
    index = bisect.bisect_right([start for start, _end in spans], pos - 1 if inner else pos) - 1
    return index >= 0 and pos < spans[index][1]


def _words_after(text: str, pos: int, limit: int, rules: _Rules) -> int:
    """Where a phrase of up to ``limit`` words starting at ``pos`` ends: before punctuation or a
    word such as "and" or "so that" that starts another thought."""
    end = pos
    for n, m in enumerate(re.finditer(r"\S+", text[pos : pos + 400])):
        word = m.group()
        bare = word.rstrip(',.;:!?)"”’')
        if n >= limit or "\x00" in word or rules.stop_words.fullmatch(bare):
            break
        end = pos + m.start() + len(bare)
        if bare != word:
            break
    return end


class _Goal:
    """What the rules see in one goal: its text, and its dates blanked out of the copy the other
    rules read, so "by 31 March 2027" is not a number to measure."""

    def __init__(self, text: str, today: date | None, ends_on: date | None, rules: _Rules) -> None:
        # Typographic apostrophes, so "don’t" is "don't"; one character for one, offsets stay.
        self.text = text.replace("’", "'").replace("‘", "'")
        self.rules = rules
        self.today = today
        self.ends_on = ends_on
        self.times = _times(self.text, today or date.today(), rules, ends_on)
        self.masked = _mask(self.text, ((t.start, t.end) for t in self.times))
        self.verbs = list(self._verbs())

    def _verbs(self) -> Iterator[tuple[re.Match[str], bool, bool]]:
        """Each verb for something done, with whether it is hedged and whether it is negated."""
        # "Direct reports", "board meeting": the end of a noun, not a verb. "Work on", "improve
        # things": vague, not something done.
        compounds = _spans(self.rules.compounds.finditer(self.masked))
        vague = _spans(self.rules.vague.finditer(self.masked))
        for m in self.rules.actions.finditer(self.masked):
            if _within(compounds, m.start(), inner=True) or _within(vague, m.start()):
                continue
            before = self.masked[max(0, m.start() - 60) : m.start()]
            previous = re.findall(r"[\w']+", before[-20:])
            noun = bool(previous) and previous[-1].casefold() in self.rules.not_after
            if noun or self.rules.someone_else.search(before):
                continue  # "a review", "be present"; "get my team to present" is the team's doing.
            yield m, bool(self.rules.hedged.search(before)), bool(self.rules.negated.search(before))

    def latest(self) -> _Time | None:
        deadlines = _deadlines(self.times)
        return max(deadlines, key=lambda t: (t.on, t.start)) if deadlines else None


def _specific(goal: _Goal) -> tuple[bool, str, str]:
    rules, text, masked = goal.rules, goal.text, goal.masked
    words = rules.word.findall(text)
    if len(words) < MIN_WORDS:
        snippet = _snippet(text, 0, len(text)) or "…"
        return (
            False,
            _("It is too short (%(words)s) to say exactly what will change.") % {"words": _quote(snippet)},
            _(
                "Say who or what it concerns (a team, a meeting, a process, a person) and what will be different "
                "when %(words)s is done."
            )
            % {"words": _quote(snippet)},
        )
    vague = list(rules.vague.finditer(masked))
    # Nouns from the whole text, dates included: "before the June board meeting" names the board.
    anchors = _spans(rules.anchors.finditer(text)) + _proper_nouns(goal)
    anchors.sort()
    if anchors and len(vague) < len({text[s:e].casefold() for s, e in anchors}):
        return True, _("It names who or what it is about (%(words)s).") % {"words": _quotes(text, anchors)}, ""
    if vague:
        quoted = _quotes(text, _spans(vague))
        return (
            False,
            _("Vague words (%(words)s) leave open what exactly will change.") % {"words": quoted},
            _("Replace %(words)s with what people will see: who, in which meeting or process, and how often.")
            % {"words": quoted},
        )
    return (
        False,
        _("It does not name who or what it is about, such as a team, a meeting, a process or a person."),
        _("Name who or what it concerns: a team, a meeting, a process, a stakeholder or a person."),
    )


def _proper_nouns(goal: _Goal) -> list[tuple[int, int]]:
    """Capitalised words inside a sentence ("Project Atlas", "the CFO"), unless everything is
    capitalised, when capitals tell nothing."""
    rules, masked = goal.rules, goal.masked
    words = rules.word.findall(masked)
    capitalised = rules.capitalised.findall(masked)
    if not words or len(capitalised) * 2 > len(words):
        return []
    skip = {word.casefold() for word in (*rules.w.first_person, *rules.w.months, *rules.w.weekdays)}
    spans = []
    for m in rules.capitalised.finditer(masked):
        before = masked[max(0, m.start() - 20) : m.start()].rstrip()
        at_start = not masked[: m.start()].strip() if m.start() <= 20 else False
        if at_start or (before and before[-1] in '.!?:;\x00"“') or m.group().casefold() in skip:
            continue
        spans.append((m.start(), m.end()))
    return spans


def _measured(goal: _Goal, text: str, masked: str) -> list[tuple[int, int]]:
    """Where the text names something to count or rate."""
    rules = goal.rules
    counted = _mask(masked, _spans(rules.not_quantities.finditer(masked)))
    numbers = [m for m in rules.numbers.finditer(counted) if not YEAR.fullmatch(m.group())]
    found = (
        _spans(numbers)
        + _spans(rules.quantities.finditer(counted))
        + _spans(rules.metrics.finditer(counted))
        + _spans(rules.cadences.finditer(counted))
    )
    return sorted(found)


def _measurable(goal: _Goal, measured_how: str, has_measures: bool) -> tuple[bool, str, str]:
    rules, text = goal.rules, goal.text
    found = _measured(goal, text, goal.masked)
    if found:
        return True, _("It names something to count or rate (%(words)s).") % {"words": _quotes(text, found)}, ""
    if has_measures:
        return True, _("It has a measure with a baseline and a target."), ""
    how = _Goal(measured_how, goal.today, goal.ends_on, rules)
    found = _measured(how, how.text, how.masked)
    if found:
        return (
            True,
            _("How it will be measured names something to count or rate (%(words)s).")
            % {"words": _quotes(how.text, found)},
            "",
        )
    if measured_how.strip():
        why = _("Nothing in it can be counted or rated, and %(how)s names no number, score or count.") % {
            "how": _quote(_snippet(measured_how, 0, len(measured_how)))
        }
    else:
        why = _("Nothing in it can be counted or rated, and no measure with a baseline and a target is recorded.")
    change = rules.change_verbs.search(goal.masked)
    if change:
        suggestion = _(
            "Say by how much you will %(verb)s it: where it is now and where it will be, e.g. “from 12 to 6 a "
            "month”, or add a measure with a baseline and a target."
        ) % {"verb": _quote(change.group())}
    else:
        suggestion = _(
            "Add something you can count or rate, e.g. a number, a survey score or how often, or add a measure "
            "with a baseline and a target."
        )
    return False, why, suggestion


def _action(goal: _Goal) -> tuple[bool, str, str]:
    rules, text, masked = goal.rules, goal.text, goal.masked
    done = [m for m, hedged, negated in goal.verbs if not hedged and not negated]
    if done:
        phrases = [(m.start(), _words_after(masked, m.end(), 4, rules)) for m in done[:2]]
        return True, _("It says what you will do (%(words)s).") % {"words": _quotes(text, phrases)}, ""
    hedged = [m for m, is_hedged, negated in goal.verbs if is_hedged and not negated]
    if hedged:
        verb = hedged[0]
        before = masked[max(0, verb.start() - 60) : verb.start()]
        hedge = rules.hedged.search(before)
        hedge_start = verb.start() - len(before) + (hedge.start() if hedge else 0)
        phrase_end = _words_after(masked, verb.start(), 5, rules)
        return (
            False,
            _("The action is hedged (%(words)s), so it reads as an intention rather than a commitment.")
            % {"words": _quote(_snippet(text, hedge_start, phrase_end))},
            _("Commit to the action itself: %(words)s.") % {"words": _quote(_snippet(text, verb.start(), phrase_end))},
        )
    state = rules.states.search(masked)
    if state:
        phrase_end = _words_after(masked, state.end(), 4, rules)
        return (
            False,
            _("It describes a state (%(words)s) rather than something you will do.")
            % {"words": _quote(_snippet(text, state.start(), phrase_end))},
            _(
                "Say what you will do to get there: something others could see you doing, "
                "e.g. hold, ask, present, delegate or decide."
            ),
        )
    return (
        False,
        _("It names nothing you will do."),
        _("Start with a verb for something you will do, e.g. hold, ask, present, delegate or decide."),
    )


def _aims(goal: _Goal) -> list[tuple[int, int]]:
    """The separate aims strung together before any "so that": each part after a comma or "and"
    that starts with a verb of its own ("hire a CFO, restructure sales and launch in Asia")."""
    rules, masked = goal.rules, goal.masked
    connective = rules.connectives.search(masked)
    stop = connective.start() if connective else len(masked)
    verbs = [m for m, _hedged, negated in goal.verbs if not negated and m.start() < stop]
    separators = list(rules.separators.finditer(masked, 0, stop))
    starts = [0, *(m.end() for m in separators)]
    ends = [*(m.start() for m in separators), stop]
    aims = []
    positions = [verb.start() for verb in verbs]
    for n, (start, end) in enumerate(zip(starts, ends, strict=True)):
        first = bisect.bisect_left(positions, start)
        has_verb = first < len(positions) and positions[first] < end
        if has_verb and (n == 0 or rules.aim_opener.fullmatch(masked, start, positions[first])):
            # Quoted without the deadline or the punctuation that closes it.
            cut = masked.find("\x00", start, end)
            end = cut if cut != -1 else end
            while end > start and masked[end - 1] in " ,.;:":
                end -= 1
            aims.append((start, end))
    return aims


def _realistic(goal: _Goal) -> tuple[bool, str, str]:
    rules, text, masked = goal.rules, goal.text, goal.masked
    for m in rules.percents.finditer(masked):
        try:
            value = float(m["n"].replace(",", "."))
        except ValueError:
            continue
        previous = re.findall(r"[\w']+", masked[max(0, m.start() - 20) : m.start()])
        if value < 100 or (previous and previous[-1].casefold() in rules.changes):
            continue
        quoted = _quote(_snippet(text, m.start(), m.end()))
        if value > 100:
            return (
                False,
                _("A share over 100%% (%(words)s) cannot be reached.") % {"words": quoted},
                _("Pick a share you can reach, e.g. %(example)s, or say by how much it will grow.")
                % {"example": "90%"},
            )
        return (
            False,
            _("%(words)s leaves no room for a single miss.") % {"words": quoted},
            _("Pick a level you can reach and keep, e.g. %(example)s, and say what would count as on track.")
            % {"example": "90%"},
        )
    absolutes = list(rules.absolutes.finditer(masked))
    if absolutes:
        quoted = _quotes(text, _spans(absolutes))
        return (
            False,
            _("Absolutes (%(words)s) leave no room for an off day: one slip and the goal is missed.")
            % {"words": quoted},
            _("Replace %(words)s with a level you can reach and keep, e.g. “in four out of five meetings”.")
            % {"words": quoted},
        )
    latest = goal.latest()
    if (
        goal.today is not None
        and latest is not None
        and latest.on is not None
        and goal.today <= latest.on < _shifted(goal.today, MIN_LEAD_TIME)
    ):
        return (
            False,
            _("The deadline (%(words)s, %(date)s) leaves less than two weeks.")
            % {"words": _quote(_snippet(text, latest.start, latest.end)), "date": _day(latest.on)},
            _("Allow more time, e.g. “by %(date)s”, or make this the first step of a larger goal.")
            % {"date": _day(_shifted(goal.today, timedelta(weeks=6)))},
        )
    aims = _aims(goal)
    if len(aims) > MAX_AIMS:
        first = _snippet(text, *aims[0]).strip(" ,;")
        return (
            False,
            _("It bundles %(count)s aims (%(words)s), each a goal of its own.")
            % {"count": len(aims), "words": _quotes(text, aims, limit=len(aims), join=False)},
            _("Keep one aim for this goal, e.g. %(first)s, and make the others goals of their own.")
            % {"first": _quote(first)},
        )
    return True, _("No absolutes, out-of-reach targets or bundled aims."), ""


def _example_deadline(goal: _Goal) -> date:
    """A date to offer: the engagement's end, or the end of the month three months from now."""
    today = goal.today or date.today()
    if goal.ends_on is not None and goal.ends_on >= _shifted(today, MIN_LEAD_TIME):
        return goal.ends_on
    try:
        later = _add_months(today, 3)
        return _month_end(later.year, later.month)
    except ValueError:
        return date.max


def _time_bound(goal: _Goal) -> tuple[bool, str, str]:
    text = goal.text
    latest = goal.latest()
    if latest is not None and latest.on is not None:
        quoted = _quote(_snippet(text, latest.start, latest.end))
        if goal.today is not None and latest.on < goal.today:
            return (
                False,
                _("The deadline (%(words)s) is %(date)s, which has passed.")
                % {"words": quoted, "date": _day(latest.on)},
                _("Pick a date still ahead, e.g. “by %(date)s”.") % {"date": _day(_example_deadline(goal))},
            )
        if goal.ends_on is not None and latest.on > goal.ends_on:
            return (
                False,
                _("The deadline (%(words)s) is %(date)s, after the engagement ends on %(end)s.")
                % {"words": quoted, "date": _day(latest.on), "end": _day(goal.ends_on)},
                _("Bring it within the engagement, e.g. “by %(end)s”, or make that a milestone on the way.")
                % {"end": _day(goal.ends_on)},
            )
        return True, _("It names a deadline (%(words)s: %(date)s).") % {"words": quoted, "date": _day(latest.on)}, ""
    frames = [(t.start, t.end) for t in goal.times if t.on is None and not t.is_start]
    if frames:
        return True, _("It names a time frame (%(words)s).") % {"words": _quotes(text, frames)}, ""
    example = _day(_example_deadline(goal))
    cadence = goal.rules.cadences.search(goal.masked)
    if cadence:
        quoted = _quote(_snippet(text, cadence.start(), cadence.end()))
        return (
            False,
            _("It says how often (%(words)s) but not by when.") % {"words": quoted},
            _("Say until when, e.g. “%(words)s until %(date)s”, or by when the habit should hold.")
            % {"words": _snippet(text, cadence.start(), cadence.end()), "date": example},
        )
    return (
        False,
        _("No date or time frame found: “by …”, “within 3 months” or “before the June board meeting” would do."),
        _("Add a deadline, e.g. “by %(date)s” or “within 3 months”.") % {"date": example},
    )


def _positive(goal: _Goal) -> tuple[bool, str, str]:
    rules, text = goal.rules, goal.text
    masked = _mask(goal.masked, _spans(rules.not_negations.finditer(goal.masked)))
    found = list(rules.negations.finditer(masked))
    if not found:
        return True, _("It says what you want rather than what to avoid."), ""
    first = found[0]
    end = _words_after(masked, first.end(), 6, rules)
    away_start = first.start() if rules.comparatives.fullmatch(first.group()) else first.end()
    away = _snippet(text, away_start, end).strip() or _snippet(text, first.start(), first.end())
    why = _("It is phrased as what to avoid (%(words)s) rather than what you want.") % {
        "words": _quotes(text, [(f.start(), _words_after(masked, f.end(), 6, rules)) for f in found], limit=2)
    }
    example = next((example for pattern, example in rules.rephrasings if pattern.search(away)), "")
    if example:
        suggestion = _("Say what you will do instead of %(away)s, e.g. %(example)s.") % {
            "away": _quote(away),
            "example": _quote(example),
        }
    else:
        suggestion = _("Say what you will do instead of %(away)s: the behaviour you want, not the one to drop.") % {
            "away": _quote(away)
        }
    return False, why, suggestion


def _modifies(goal: _Goal, end: int) -> bool:
    """Whether the word ending at ``end`` qualifies the noun after it: "results presentation",
    "engagement survey" name a thing, not a result."""
    return bool(goal.rules.anchors.match(goal.masked, end + 1)) and goal.masked[end : end + 1] == " "


def _outcome(goal: _Goal) -> tuple[bool, str, str]:
    rules, text, masked = goal.rules, goal.text, goal.masked
    results = (
        _spans(rules.connectives.finditer(masked))
        + [(m.start(), m.end()) for m in rules.result_nouns.finditer(masked) if not _modifies(goal, m.end())]
        + _spans(rules.targets.finditer(masked))
    )
    if results:
        return True, _("It names the result it is for (%(words)s).") % {"words": _quotes(text, sorted(results))}, ""
    activity = rules.activities.search(masked)
    if activity:
        end = max(activity.end(), _words_after(masked, activity.end(), 3, rules))
        quoted = _quote(_snippet(text, activity.start(), end))
        return (
            False,
            _("It describes an activity (%(words)s) rather than the result it should bring.") % {"words": quoted},
            _(
                "Say what %(words)s should change: add “so that …” with the result for your team, your "
                "stakeholders or the business."
            )
            % {"words": quoted},
        )
    verb = rules.result_verbs.search(masked)
    if verb:
        end = _words_after(masked, verb.end(), 4, rules)
        return (
            True,
            _("It names the result it is for (%(words)s).") % {"words": _quote(_snippet(text, verb.start(), end))},
            "",
        )
    return (
        False,
        _("It names no result: what will be different, and for whom, when it is done?"),
        _(
            "Add the result you want: “so that …” and what will be different for your team, your stakeholders "
            "or the business."
        ),
    )


def smart_check(
    text: str,
    *,
    measured_how: str = "",
    has_measures: bool = False,
    today: date | None = None,
    ends_on: date | None = None,
) -> list[Finding]:
    """Seven findings in ``CRITERIA`` order for a goal as the executive typed it, whatever it is.

    ``measured_how`` is their answer to "How will it be measured?", ``has_measures`` whether the
    goal has a measure with a baseline and a target. Without ``today`` nothing counts as past or
    too close, and relative deadlines ("within 3 months") count from the server's date. Only the
    first ``MAX_CHECKED_CHARS`` of each text are read (see ``checked_text``).
    """
    goal = _Goal(checked_text(text), today, ends_on, RULES["en"])
    verdicts = {
        "specific": _specific(goal),
        "measurable": _measurable(goal, checked_text(measured_how), has_measures),
        "action": _action(goal),
        "realistic": _realistic(goal),
        "time_bound": _time_bound(goal),
        "positive": _positive(goal),
        "outcome": _outcome(goal),
    }
    return [Finding(key, str(label), *verdicts[key]) for key, label in CRITERIA]
