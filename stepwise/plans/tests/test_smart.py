"""The SMART check of a goal: the corpus's verdicts, the words each verdict quotes, the deadlines it
reads, and rules that hold for any text an executive might type."""

import re
from datetime import date

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from stepwise.plans.smart import CRITERIA, MAX_CHECKED_CHARS, Finding, checked_text, deadline_in, smart_check
from stepwise.plans.tests.smart_corpus import CORPUS, ENDS_ON, GOOD, KEYS, TODAY, Goal

PROPERTY = settings(max_examples=200, deadline=None)
NO_DATE = "No date or time frame found"


def check(goal: Goal) -> list[Finding]:
    return smart_check(
        goal.text,
        measured_how=goal.measured_how,
        has_measures=goal.has_measures,
        today=goal.today,
        ends_on=goal.ends_on,
    )


def findings_for(text: str, **kwargs) -> dict[str, Finding]:
    kwargs.setdefault("today", TODAY)
    return {f.key: f for f in smart_check(text, **kwargs)}


def quoted(sentence: str) -> list[str]:
    return [words.removesuffix("…") for words in re.findall(r"“([^”]*)”", sentence)]


def plain(text: str) -> str:
    return " ".join(text.replace("’", "'").split())


# The corpus -------------------------------------------------------------------------------------


@pytest.mark.parametrize("goal", CORPUS, ids=lambda goal: goal.id)
def test_corpus_goal_gets_the_expected_verdict_on_every_criterion(goal: Goal) -> None:
    findings = check(goal)
    wrong = [f"{f.key}: met={f.met}, {f.why}" for f in findings if f.met != goal.expected[f.key]]
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("goal", CORPUS, ids=lambda goal: goal.id)
def test_unmet_findings_suggest_a_fix_and_met_ones_suggest_nothing(goal: Goal) -> None:
    for finding in check(goal):
        assert finding.why.strip()
        assert bool(finding.suggestion.strip()) is not finding.met, finding


@pytest.mark.parametrize("goal", CORPUS, ids=lambda goal: goal.id)
def test_why_quotes_only_words_the_executive_typed(goal: Goal) -> None:
    typed = plain(f"{goal.text} {goal.measured_how}")
    for finding in check(goal):
        if finding.why.startswith(NO_DATE):
            continue  # Examples of what would do, by design not the goal's words.
        for words in quoted(finding.why):
            assert words in typed, (finding.key, words)


@pytest.mark.parametrize("goal", CORPUS, ids=lambda goal: goal.id)
def test_a_verdict_decided_by_words_quotes_them(goal: Goal) -> None:
    found = {f.key: f for f in check(goal)}
    decided_by_words = [found[key] for key in ("specific", "action", "time_bound", "outcome") if found[key].met]
    decided_by_words += [found[key] for key in ("positive",) if not found[key].met]
    if found["measurable"].met and not goal.has_measures:
        decided_by_words.append(found["measurable"])
    for finding in decided_by_words:
        assert quoted(finding.why), finding


def test_corpus_is_large_varied_and_fails_every_criterion_somewhere() -> None:
    assert len(CORPUS) >= 48
    assert len({goal.id for goal in CORPUS}) == len(CORPUS)
    assert len(GOOD) >= 12
    assert all(all(goal.expected.values()) for goal in GOOD)
    assert all(set(goal.expected) == set(KEYS) for goal in CORPUS)
    for key in KEYS:
        assert sum(not goal.expected[key] for goal in CORPUS) >= 3, key


# Each criterion's explanation -------------------------------------------------------------------


def test_findings_come_in_criteria_order_with_their_labels() -> None:
    findings = smart_check("Be a better leader.", today=TODAY)
    assert [(f.key, f.label) for f in findings] == [(key, str(label)) for key, label in CRITERIA]
    assert [f.label for f in findings] == [
        "Specific",
        "Measurable",
        "Action-oriented",
        "Realistic",
        "Time-bound",
        "Stated in the positive",
        "Outcome focused",
    ]


def test_measurable_says_whether_the_goal_its_measure_or_its_answer_decided() -> None:
    text = "Improve how I chair the executive committee by the end of February 2027."
    in_goal = findings_for("Raise our NPS by 15% by the end of March 2027.")["measurable"]
    assert in_goal.met and "“15%”" in in_goal.why and "“NPS”" in in_goal.why

    by_measure = findings_for(text, has_measures=True)["measurable"]
    assert by_measure.met and "measure with a baseline and a target" in by_measure.why

    by_answer = findings_for(text, measured_how="The quarterly pulse survey score")["measurable"]
    assert by_answer.met and by_answer.why.startswith("How it will be measured")
    assert "“quarterly pulse survey score”" in by_answer.why

    vague_answer = findings_for(text, measured_how="My boss will tell me.")["measurable"]
    assert not vague_answer.met and "“My boss will tell me.”" in vague_answer.why
    assert "“Improve”" in vague_answer.suggestion


def test_a_date_is_not_a_number_to_measure() -> None:
    measurable = findings_for("Publish the org chart for the EMEA division by 31 March 2027.")["measurable"]
    assert not measurable.met


def test_deadline_is_quoted_with_its_date() -> None:
    time_bound = findings_for("Hire a Head of Data by 31 March 2027 so that the data team has a leader.")["time_bound"]
    assert time_bound.met
    assert time_bound.why == "It names a deadline (“by 31 March 2027”: 31 March 2027)."


def test_past_deadline_is_not_met_and_suggests_a_date_ahead() -> None:
    time_bound = findings_for("Agree development plans with my five direct reports by 30 September 2026.")["time_bound"]
    assert not time_bound.met
    assert "30 September 2026" in time_bound.why and "passed" in time_bound.why
    assert "31 May 2027" in findings_for("Agree plans by 30 September 2026.", ends_on=ENDS_ON)["time_bound"].suggestion


def test_deadline_after_the_engagement_ends_is_not_met() -> None:
    text = "Grow the partner channel's share of new revenue from 18% to 30% by 31 December 2027."
    time_bound = findings_for(text, ends_on=ENDS_ON)["time_bound"]
    assert not time_bound.met
    assert "31 December 2027" in time_bound.why and "ends on 31 May 2027" in time_bound.why
    assert "by 31 May 2027" in time_bound.suggestion
    assert findings_for(text, ends_on=None)["time_bound"].met


def test_without_today_nothing_is_past() -> None:
    assert findings_for("Agree plans with my reports by 30 September 2026.", today=None)["time_bound"].met


def test_a_cadence_alone_says_how_often_not_by_when() -> None:
    weekly = findings_for("Hold a weekly one-to-one with each of my direct reports.")["time_bound"]
    assert not weekly.met and "“weekly”" in weekly.why and "until" in weekly.suggestion
    windowed = "Hold a weekly one-to-one with each of my direct reports for the next three months."
    assert findings_for(windowed)["time_bound"].met


def test_a_start_date_is_not_a_deadline() -> None:
    assert not findings_for("Hold a weekly team meeting with my direct reports from 1 December 2026.")["time_bound"].met


def test_the_end_of_the_engagement_is_its_end_date_or_a_time_frame() -> None:
    text = "Run a monthly review with my sponsor until the end of the engagement."
    with_end = findings_for(text, ends_on=ENDS_ON)["time_bound"]
    assert with_end.met and "31 May 2027" in with_end.why
    assert findings_for(text, ends_on=None)["time_bound"].why.startswith("It names a time frame")


def test_a_deadline_less_than_two_weeks_away_is_not_realistic() -> None:
    soon = findings_for("Deliver the revised plan to the board within 10 days.")["realistic"]
    assert not soon.met and "“within 10 days”" in soon.why and "1 December 2026" in soon.why
    assert findings_for("Deliver the revised plan to the board within two weeks.")["realistic"].met


def test_absolutes_and_shares_over_a_hundred_percent_are_not_realistic() -> None:
    always = findings_for("Always answer every customer escalation within 24 hours.")["realistic"]
    assert not always.met and "“Always”" in always.why and "“Always”" in always.suggestion
    assert not findings_for("Lift all-hands attendance to 120% of last year's by March 2027.")["realistic"].met
    assert not findings_for("Raise the team's survey rating to 100% favourable by March 2027.")["realistic"].met
    assert findings_for("Grow online revenue by 150% by the end of 2027.")["realistic"].met


def test_three_aims_strung_together_are_too_many() -> None:
    three = findings_for("Hire a CFO, restructure the sales team and launch the Asia strategy by May 2027.")
    assert not three["realistic"].met
    assert "3 aims" in three["realistic"].why and "“Hire a CFO”" in three["realistic"].suggestion
    assert findings_for("Hire a CFO and restructure the sales team by May 2027.")["realistic"].met


def test_negative_wording_is_turned_into_what_to_do_instead() -> None:
    positive = findings_for("Stop interrupting people in leadership team meetings.")["positive"]
    assert not positive.met
    assert "“Stop interrupting people”" in positive.why
    assert "instead of “interrupting people”" in positive.suggestion
    assert "“let others finish before I respond”" in positive.suggestion


def test_typographic_apostrophes_still_count_as_negation() -> None:
    assert not findings_for("Don’t check email after 8 pm on weeknights.")["positive"].met


def test_limits_are_not_negations() -> None:
    text = "Limit evening work to no more than two evenings a week until 31 March 2027."
    assert findings_for(text)["positive"].met


def test_hedged_action_is_quoted_and_committed_to() -> None:
    action = findings_for("Try to delegate the weekly sales forecast to Priya by January 2027.")["action"]
    assert not action.met
    assert "“Try to delegate the weekly sales forecast”" in action.why
    assert "“delegate the weekly sales forecast”" in action.suggestion


def test_a_state_is_not_an_action() -> None:
    action = findings_for("Feel more confident in board meetings.")["action"]
    assert not action.met and "“Feel more confident”" in action.why


def test_an_activity_is_not_an_outcome_until_it_says_what_it_is_for() -> None:
    course = "Attend a two-day executive presence course by 28 February 2027"
    outcome = findings_for(course + ".")["outcome"]
    assert not outcome.met and "“Attend a two-day executive presence course”" in outcome.why
    assert findings_for(course + " so that I open board meetings with a clear ask.")["outcome"].met


def test_vague_words_are_quoted() -> None:
    specific = findings_for("Work on my communication and stuff in general so things go better.")["specific"]
    assert not specific.met and "“stuff in general”" in specific.why


# Deadlines --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Present the plan by 31 March 2027.", date(2027, 3, 31)),
        ("Present the plan by 31st of March 2027.", date(2027, 3, 31)),
        ("Present the plan by March 31, 2027.", date(2027, 3, 31)),
        ("Present the plan on 2027-03-31.", date(2027, 3, 31)),
        ("Present the plan by 31/03/2027.", date(2027, 3, 31)),
        ("Present the plan by 1/4/2027.", date(2027, 4, 1)),
        ("Present the plan by 31.03.27.", date(2027, 3, 31)),
        ("Present the plan by March.", date(2027, 3, 31)),
        ("Present the plan by November.", date(2026, 11, 30)),
        ("Present the plan by 31 March.", date(2027, 3, 31)),
        ("Present the plan by 21 November.", date(2026, 11, 21)),
        ("Present the plan by 20 November.", date(2027, 11, 20)),
        ("Present the plan by the start of March.", date(2027, 3, 1)),
        ("Present the plan in May 2027.", date(2027, 5, 31)),
        ("Present the plan before the June board meeting.", date(2027, 6, 30)),
        ("Present the plan by the end of Q2.", date(2027, 6, 30)),
        ("Present the plan by Q4.", date(2026, 12, 31)),
        ("Present the plan by the end of Q1 2028.", date(2028, 3, 31)),
        ("Present the plan in H1 2027.", date(2027, 6, 30)),
        ("Present the plan within 3 months.", date(2027, 2, 21)),
        ("Present the plan in 90 days.", date(2027, 2, 19)),
        ("Present the plan six weeks from now.", date(2027, 1, 2)),
        ("Present the plan within the next year.", date(2027, 11, 21)),
        ("Present the plan by end of year.", date(2026, 12, 31)),
        ("Present the plan by year-end.", date(2026, 12, 31)),
        ("Present the plan by the end of next quarter.", date(2027, 3, 31)),
        ("Present the plan next month.", date(2026, 12, 31)),
        ("Present the plan by the end of 2027.", date(2027, 12, 31)),
        ("Present the plan by Friday.", date(2026, 11, 27)),
        ("Present the plan by 30 September 2026.", date(2026, 9, 30)),
        ("Shortlist by 31 January 2027, hire by 1 April 2027.", date(2027, 4, 1)),
        # A day the month does not have still names the month.
        ("Present the plan by 31 February 2027.", date(2027, 2, 28)),
        ("From 1 December 2026, hold a weekly review until 31 March 2027.", date(2027, 3, 31)),
    ],
)
def test_deadline_in_reads_the_deadline_a_goal_names(text: str, expected: date) -> None:
    assert deadline_in(text, today=TODAY) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "Be a better leader.",
        "Hold a one-to-one every week.",
        "Spend two days a week with customers.",
        "Answer escalations within 24 hours.",
        "Grow sales by 2000 units.",
        "Hold a weekly review from 1 December 2026.",
        "Present the plan before the next board meeting.",
        "Step back from operations in weeks, not months.",
        "Have the directors write next year's plan.",  # a possessive names the plan, not a deadline
    ],
)
def test_deadline_in_finds_none_where_no_day_is_named(text: str) -> None:
    assert deadline_in(text, today=TODAY) is None


# For any text -----------------------------------------------------------------------------------

WORDS = sorted({word for goal in CORPUS for word in goal.text.split()})
goal_like = st.lists(st.sampled_from(WORDS), max_size=30).map(" ".join)
texts = st.one_of(st.text(max_size=300), goal_like)
some_day = st.one_of(st.none(), st.dates())
NEGATIONS = ("not", "never", "don't", "stop", "avoid", "no longer", "fewer")


@PROPERTY
@given(text=texts, measured_how=texts, has_measures=st.booleans(), today=some_day, ends_on=some_day)
def test_any_text_gets_seven_findings_in_order(text, measured_how, has_measures, today, ends_on) -> None:
    findings = smart_check(text, measured_how=measured_how, has_measures=has_measures, today=today, ends_on=ends_on)
    assert [f.key for f in findings] == list(KEYS)
    for finding in findings:
        assert finding.why.strip()
        assert bool(finding.suggestion) is not finding.met


@PROPERTY
@given(text=texts, today=st.dates())
def test_deadline_in_never_raises(text, today) -> None:
    deadline_in(text, today=today)


@PROPERTY
@given(text=texts, measured_how=texts, today=some_day)
def test_the_same_goal_always_gets_the_same_findings(text, measured_how, today) -> None:
    assert smart_check(text, measured_how=measured_how, today=today) == smart_check(
        text, measured_how=measured_how, today=today
    )


@PROPERTY
@given(text=texts)
def test_a_future_deadline_makes_any_goal_without_one_time_bound(text) -> None:
    assume(deadline_in(text, today=TODAY) is None)
    assert findings_for(text + " by 31 March 2027")["time_bound"].met


@PROPERTY
@given(text=texts)
def test_a_past_deadline_leaves_any_goal_without_one_not_time_bound(text) -> None:
    assume(deadline_in(text, today=TODAY) is None)
    assert not findings_for(text + " by 30 September 2026")["time_bound"].met


@PROPERTY
@given(text=texts)
def test_a_cadence_alone_never_makes_a_goal_time_bound(text) -> None:
    assume(not findings_for(text)["time_bound"].met)
    assert not findings_for(text + " every week")["time_bound"].met


@PROPERTY
@given(text=texts, negation=st.sampled_from(NEGATIONS), where=st.integers(min_value=0))
def test_adding_a_negation_never_makes_a_goal_positive(text, negation, where) -> None:
    gaps = [0, *(m.end() for m in re.finditer(r"\s", text)), len(text)]
    at = gaps[where % len(gaps)]
    negated = f"{text[:at]} {negation} {text[at:]}"
    if not findings_for(text)["positive"].met:
        assert not findings_for(negated)["positive"].met
    assert not findings_for(text + " and never give up")["positive"].met


@PROPERTY
@given(text=texts, measured_how=texts)
def test_a_measure_with_baseline_and_target_always_makes_a_goal_measurable(text, measured_how) -> None:
    assert findings_for(text, measured_how=measured_how, has_measures=True)["measurable"].met


@PROPERTY
@given(text=texts)
def test_a_target_makes_any_goal_measurable_and_an_absolute_makes_it_unrealistic(text) -> None:
    assert findings_for(text + " from 6 to 8")["measurable"].met
    assert not findings_for(text + " always")["realistic"].met


@PROPERTY
@given(text=texts)
def test_saying_what_it_is_for_makes_any_goal_outcome_focused(text) -> None:
    assert findings_for(text + " so that my team decides without me")["outcome"].met


# Bounded work (timings are in bench/smart.py) ---------------------------------------------------


def test_a_huge_paste_is_checked_by_reading_a_bounded_part_of_it() -> None:
    huge = "Stop! Hold 1:1s weekly by March 2027 and never " * 2000 + "a" * 50_000
    assert len(checked_text(huge)) == MAX_CHECKED_CHARS
    findings = smart_check(huge, measured_how=huge, today=TODAY)
    assert [f.key for f in findings] == [key for key, _label in CRITERIA]
    assert findings == smart_check(checked_text(huge), measured_how=checked_text(huge), today=TODAY)


@PROPERTY
@given(text=texts, tail=st.text(min_size=1, max_size=300))
def test_nothing_past_the_checked_part_changes_a_finding(text, tail) -> None:
    # The rules read only the first MAX_CHECKED_CHARS characters: whatever follows is never looked at,
    # so the check's work is bounded by that many characters, not by what was pasted.
    padded = (text + " ") * (MAX_CHECKED_CHARS // (len(text) + 1) + 1)
    assert len(padded) >= MAX_CHECKED_CHARS
    assert smart_check(padded + tail, today=TODAY) == smart_check(padded, today=TODAY)
