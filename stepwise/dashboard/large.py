"""The large practice for trying load (``manage.py demo --size large``).

2,000 engagements by default, each built through the same services and step apps' ``demo.py``
helpers as the small demo, in its own transaction, with no mail queued (``mail_withheld``).
What an engagement holds depends only on its number: its stage (``CYCLE``, read through
``SHAPES``), its coach, its organisation, its people's names. So a practice of N engagements
is the first N of the 2,000 (or more), a larger N adds the missing ones, and a run cut short
resumes where it stopped.

Who coaches what: the busy coach (``BUSY_COACH``) has the first ``min(300, N)`` engagements;
the rest go round the other 49 coaches (only as many as are needed are made). Organisations
hold 20 engagements each, in order; each has one sponsor (its HR partner) in all of them.
"""

import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from stepwise.agreements.demo import demo_agreement
from stepwise.engagements import services as engagement_services
from stepwise.engagements.demo import demo_stakeholders
from stepwise.engagements.models import Engagement, Organisation, Stakeholder
from stepwise.feedback.demo import demo_360_large, demo_practice_steps
from stepwise.lib.mail import mail_withheld
from stepwise.meetings.demo import demo_checkins, demo_messages, demo_reviews, demo_sessions
from stepwise.outcomes import closing
from stepwise.outcomes.demo import demo_mini_surveys
from stepwise.outcomes.demo_roi import demo_roi
from stepwise.plans.demo import demo_plan
from stepwise.practice.demo import demo_practice
from stepwise.users.demo import demo_account, demo_invitations_accept
from stepwise.worksheets.demo import demo_assessment
from stepwise.worksheets.services import templates_install

DOMAIN = "large.example"
FULL_SIZE = 2000
BUSY_COACH = (f"busy.coach@{DOMAIN}", "Bea Busy")
BUSY_COACH_ENGAGEMENTS = 300
OTHER_COACHES = 49
PER_ORGANISATION = 20
MAX_ENGAGEMENTS = 20_000


@dataclass(frozen=True)
class Shape:
    """What an engagement at one stage holds, step by step. It started ``started_days_ago``
    days ago (plus up to ``spread_days``, so the practice's history covers the year). A new step
    app adds its own field here and its part in ``engagement_build`` (the 360: see the HOOK)."""

    stage: str
    started_days_ago: int
    spread_days: int
    months: int
    signed_by: tuple[str, ...] | None  # None: the agreement is a draft; else who signed it
    assessment: bool = False  # step 2: intake, ratings, values
    assessed: bool = False  # step 2 done: the coach's assessment shared
    plan: bool = False  # steps 3–4: two goals with key actions, a measure and readings, approved
    plan_settled: bool = False  # False: the second goal changed since, waiting for the sponsor
    accountability: bool = False  # step 5: sessions, check-ins every fortnight, reviews, messages
    closed: bool = False  # the engagement ran its course and the coach closed it
    rounds_closed: bool = False  # step 6: a closed 360 (in every closed engagement; see ROUND_SLOTS)
    # Step 7 of a closed engagement before its close: two mini-surveys with its 360's raters and
    # the ROI. The executive's own practice (steps 7–12) goes with an engagement in ROUND_SLOTS.


# Step 5 of an engagement under way or closed: the first sessions recorded one by one (the
# rest entered as held together), a check-in every fortnight while open key actions last, every
# monthly review due, the exchange of messages in each of the last three months.
SESSIONS_RECORDED = 4
CHECKIN_EVERY_DAYS = 14
MESSAGE_MONTHS = 3
ALL_SIGN = ("coach", "executive", "sponsor")
# At step 1: the coach signed, the executive and the sponsor have not yet.
_AWAITING = Shape("awaiting_signatures", started_days_ago=0, spread_days=10, months=9, signed_by=("coach",))
# At step 2, nothing assigned yet.
_SIGNED = replace(_AWAITING, stage="signed", started_days_ago=7, spread_days=20, signed_by=ALL_SIGN)
# At step 2: the worksheets are in, the coach's assessment is not written yet.
_ASSESSMENT = replace(_SIGNED, stage="assessment", started_days_ago=14, assessment=True)
# At step 3: goals written and approved, one changed since and waiting for the sponsor again.
_PLANNING = replace(_ASSESSMENT, stage="planning", started_days_ago=21, assessed=True, plan=True)
# At step 5: started over the past year, sessions held and planned, the history of step 5.
_SESSIONS = replace(
    _PLANNING, stage="sessions", started_days_ago=40, spread_days=290, months=12, plan_settled=True, accountability=True
)
# Ran its six months within the past year, then the coach closed it.
_CLOSED = replace(
    _SESSIONS, stage="closed", started_days_ago=200, spread_days=165, months=6, closed=True, rounds_closed=True
)
SHAPES = {shape.stage: shape for shape in (_AWAITING, _SIGNED, _ASSESSMENT, _PLANNING, _SESSIONS, _CLOSED)}
# The stage of engagement i is CYCLE[i % 20]: 11 under way in sessions, 3 closed, 2 planning, 2 in
# assessment, 1 signed, 1 awaiting signatures. Any 10 engagements in a row hold every stage.
CYCLE = (
    "sessions",
    "awaiting_signatures",
    "sessions",
    "signed",
    "sessions",
    "assessment",
    "sessions",
    "planning",
    "sessions",
    "closed",
    "sessions",
    "sessions",
    "closed",
    "sessions",
    "planning",
    "sessions",
    "assessment",
    "sessions",
    "closed",
    "sessions",
)
# Engagements under way in sessions that also had a closed 360: two of CYCLE's sessions slots, so
# 2,000 engagements hold 500 closed rounds (300 closed engagements, 200 of these) of 12 submissions.
ROUND_SLOTS = (0, 2)
STAKEHOLDERS = (  # eleven per engagement: a 360's manager 1, peers 4, direct reports 4, others 2
    ("Morgan Manager", Stakeholder.Relationship.MANAGER),
    ("Pia Peer", Stakeholder.Relationship.PEER),
    ("Piet Peer", Stakeholder.Relationship.PEER),
    ("Priya Peer", Stakeholder.Relationship.PEER),
    ("Pax Peer", Stakeholder.Relationship.PEER),
    ("Rae Report", Stakeholder.Relationship.DIRECT_REPORT),
    ("Rik Report", Stakeholder.Relationship.DIRECT_REPORT),
    ("Ros Report", Stakeholder.Relationship.DIRECT_REPORT),
    ("Rui Report", Stakeholder.Relationship.DIRECT_REPORT),
    ("Olu Other", Stakeholder.Relationship.OTHER),
    ("Oona Other", Stakeholder.Relationship.OTHER),
)
FIRST = [
    "Aisha",
    "Ben",
    "Carla",
    "Dmitri",
    "Elena",
    "Farid",
    "Grace",
    "Hugo",
    "Ines",
    "Jonas",
    "Keiko",
    "Liam",
    "Maya",
    "Nikhil",
    "Olga",
    "Pablo",
    "Qiu",
    "Rosa",
    "Sven",
    "Tara",
    "Umar",
    "Vera",
    "Wen",
    "Ximena",
    "Yusuf",
    "Zoe",
    "Amir",
    "Bianca",
    "Chidi",
    "Daria",
    "Emil",
    "Fatima",
    "Goran",
    "Hana",
    "Ivo",
    "Julia",
    "Kofi",
    "Lena",
    "Mateo",
    "Nora",
]
LAST = [
    "Adams",
    "Baker",
    "Costa",
    "Dubois",
    "Eriksen",
    "Fischer",
    "Garcia",
    "Haddad",
    "Ito",
    "Jensen",
    "Kowalski",
    "Larsen",
    "Moreau",
    "Novak",
    "Okafor",
    "Petrov",
    "Quinn",
    "Rossi",
    "Schmidt",
    "Tanaka",
    "Ueda",
    "Varga",
    "Weber",
    "Xu",
    "Yilmaz",
    "Zhang",
    "Andersen",
    "Bauer",
    "Cohen",
    "Diaz",
    "Evans",
    "Ford",
    "Gupta",
    "Hansen",
    "Ivanova",
    "Jones",
    "Khan",
    "Lopez",
    "Meyer",
    "Nguyen",
    "Olsen",
    "Park",
    "Reyes",
    "Silva",
    "Torres",
    "Usman",
    "Vogel",
    "Walsh",
    "Young",
    "Ziegler",
]
THEMES = (
    "leading through growth",
    "from expert to leader",
    "first-time manager",
    "building the leadership team",
    "delegating to grow",
    "leading a turnaround",
    "stepping into the board",
    "leading across borders",
)
ORGANISATION_WORDS = (
    ["Alder", "Birch", "Cedar", "Dune", "Ember", "Fjord", "Granite", "Harbor", "Iris", "Juniper"],
    ["Logistics", "Health", "Foods", "Energy", "Bank", "Software", "Retail", "Media", "Insurance", "Labs"],
)


def person_name(number: int) -> str:
    """Distinct for the first 2,000 numbers; a middle initial after that."""
    first, last = FIRST[number % len(FIRST)], LAST[number // len(FIRST) % len(LAST)]
    lap = number // (len(FIRST) * len(LAST))
    return f"{first} {chr(ord('A') + lap - 1)}. {last}" if lap else f"{first} {last}"


def organisation_name(number: int) -> str:
    words = ORGANISATION_WORDS
    name = f"{words[0][number % 10]} {words[1][number // 10 % 10]}"
    return f"{name} {number // 100 + 1}" if number >= 100 else name


@dataclass(frozen=True)
class Planned:
    """One engagement of the large practice, from its number alone."""

    number: int  # from 0

    @property
    def shape(self) -> Shape:
        return SHAPES[CYCLE[self.number % len(CYCLE)]]

    @property
    def round_closed(self) -> bool:
        """Whether the engagement holds a closed 360 (step 6)."""
        slot = self.number % len(CYCLE)
        return self.shape.rounds_closed or (slot in ROUND_SLOTS and CYCLE[slot] == "sessions")

    @property
    def coach(self) -> tuple[str, str]:
        if self.number < BUSY_COACH_ENGAGEMENTS:
            return BUSY_COACH
        other = (self.number - BUSY_COACH_ENGAGEMENTS) % OTHER_COACHES + 1
        return f"coach{other:02}@{DOMAIN}", f"{person_name(other * 41 + 7)} (coach)"

    @property
    def organisation(self) -> int:
        return self.number // PER_ORGANISATION

    @property
    def executive(self) -> tuple[str, str]:
        return f"executive{self.number + 1:05}@{DOMAIN}", person_name(self.number)

    @property
    def sponsor(self) -> tuple[str, str]:
        return f"sponsor{self.organisation + 1:03}@{DOMAIN}", f"{person_name(self.organisation * 13 + 5)} (HR)"

    @property
    def title(self) -> str:
        return f"{person_name(self.number)} — {THEMES[self.number % len(THEMES)]}"


def large_practice_build(*, engagements: int, report: Callable[[int, int, float], None]) -> int:
    """Build the first ``engagements`` of the large practice that are not there yet, one
    transaction each, calling ``report(done, total, seconds)`` as it goes; return how many it made."""
    templates_install()
    started = time.monotonic()
    now = timezone.now()
    plans = [Planned(number) for number in range(engagements)]
    existing = set(Engagement.objects.filter(title__in=[p.title for p in plans]).values_list("title", flat=True))
    made = 0
    for done, planned in enumerate(plans, start=1):
        if planned.title not in existing:
            with transaction.atomic(), mail_withheld():
                engagement_build(planned, now=now)
            made += 1
        report(done, engagements, time.monotonic() - started)
    return made


def engagement_build(planned: Planned, *, now: datetime) -> Engagement:
    """One engagement, made as its people would make it: each step's part through its app."""
    shape = planned.shape
    coach = demo_account(email=planned.coach[0], full_name=planned.coach[1], is_coach=True)
    executive = demo_account(email=planned.executive[0], full_name=planned.executive[1])
    sponsor = demo_account(email=planned.sponsor[0], full_name=planned.sponsor[1])
    name = organisation_name(planned.organisation)
    organisation = Organisation.objects.filter(name=name).first() or engagement_services.organisation_create(name=name)
    # Spread over the stage's days, the first engagement the longest under way.
    spread = shape.spread_days - (planned.number * 37) % (shape.spread_days + 1)
    start = timezone.localdate(now) - timedelta(days=shape.started_days_ago + spread)
    engagement = engagement_services.engagement_create(
        coach=coach,
        organisation=organisation,
        title=planned.title,
        start_date=start,
        planned_months=shape.months,
        executive_name=executive.full_name,
        executive_email=executive.email,
        sponsor_name=sponsor.full_name,
        sponsor_email=sponsor.email,
    )
    demo_invitations_accept(engagement)
    slug = f"e{planned.number + 1:05}"
    demo_stakeholders(
        engagement,
        [(name, f"{name.split()[0].lower()}.{slug}@{DOMAIN}", relationship) for name, relationship in STAKEHOLDERS],
    )
    people = {"coach": coach, "executive": executive, "sponsor": sponsor}
    demo_agreement(engagement, signers=None if shape.signed_by is None else [people[r] for r in shape.signed_by])
    if shape.assessment:
        demo_assessment(engagement, coach=coach, coach_summary=shape.assessed)
    if shape.plan:
        demo_plan(engagement, executive=executive, sponsor=sponsor, changed=not shape.plan_settled)
    if shape.accountability:
        # An engagement that has ended is seen from its last day.
        end = timezone.make_aware(datetime.combine(engagement.end_date, datetime.min.time()))
        until = min(now, end - timedelta(hours=12))
        today = timezone.localdate(until)
        weeks = (today - engagement.start_date).days // 7
        demo_sessions(engagement, now=until, recorded=SESSIONS_RECORDED)
        demo_checkins(engagement, today=today, days_ago=range(2, 7 * weeks, CHECKIN_EVERY_DAYS))
        demo_reviews(engagement, today=today, every_due=True)
        demo_messages(engagement, now=until, months=min(MESSAGE_MONTHS, max(1, weeks // 4)))
        if planned.round_closed:
            demo_360_large(engagement, today=today, seed=planned.number)
            if not shape.closed:  # the executive's practice after the 360, and steps 10–12
                demo_practice_steps(engagement)
                demo_practice(executive, today=today)
    if shape.closed:
        # Re-measured two and three months after the end (or up to today), the ROI entered, closed.
        demo_mini_surveys(engagement, today=min(engagement.end_date + timedelta(days=90), timezone.localdate(now)))
        demo_roi(engagement)
        engagement.refresh_from_db()
        closing.engagement_close(engagement=engagement, by=engagement.coach, today=timezone.localdate(now))
    return engagement
