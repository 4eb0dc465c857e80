"""The agreed cadence: series built on it, and the status that says when sessions slip."""

from datetime import UTC, date, datetime, time, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from stepwise.meetings.cadence import Cadence, cadence_periods, cadence_status, month_window, series_starts

LONDON = ZoneInfo("Europe/London")
ZONES = [ZoneInfo(name) for name in ("Europe/London", "America/New_York", "Australia/Sydney", "Asia/Kolkata")]
START, END = date(2027, 1, 11), date(2027, 7, 11)

cadences = st.builds(
    lambda per_week, low, extra: Cadence(per_week, low, low + extra),
    st.integers(1, 5),
    st.integers(1, 6),
    st.integers(0, 2),
)


@st.composite
def engagements(draw: st.DrawFn) -> tuple[date, date]:
    start = date(2026, 1, 1) + timedelta(days=draw(st.integers(0, 730)))
    return start, start + timedelta(days=draw(st.integers(20, 400)))


def local_day(instant: datetime, tz: ZoneInfo) -> date:
    return instant.astimezone(tz).date()


def exists(day: date, wall: time, tz: ZoneInfo) -> bool:
    """False for a wall-clock time the clocks skip on that day."""
    moment = datetime.combine(day, wall, tzinfo=tz)
    return moment.astimezone(UTC).astimezone(tz).replace(tzinfo=None) == moment.replace(tzinfo=None)


def test_the_default_first_month_is_weekly_then_twice_a_month_keeping_ten_in_london() -> None:
    first = datetime(2027, 1, 12, 10, 0, tzinfo=LONDON)  # a Tuesday
    starts = series_starts(first=first, tz=LONDON, engagement_start=START, engagement_end=END, cadence=Cadence.DEFAULT)
    days = [local_day(s, LONDON) for s in starts]
    assert days[:5] == [date(2027, 1, 12), date(2027, 1, 19), date(2027, 1, 26), date(2027, 2, 2), date(2027, 2, 9)]
    # 11 February – 10 March: Tuesdays 16 and 23 Feb, 2 and 9 March → the 1st and 3rd.
    assert days[5:7] == [date(2027, 2, 16), date(2027, 3, 2)]
    # London moves to summer time on 28 March: still 10:00 on the wall, 09:00 UTC.
    assert {s.astimezone(LONDON).time() for s in starts} == {time(10, 0)}
    assert starts[-1].utcoffset() == timedelta(0)
    assert any(s.hour == 9 for s in starts) and any(s.hour == 10 for s in starts)


def test_twice_a_week_falls_on_days_zero_and_three() -> None:
    first = datetime(2027, 1, 11, 8, 30, tzinfo=LONDON)
    starts = series_starts(first=first, tz=LONDON, engagement_start=START, engagement_end=END, cadence=Cadence(2, 2, 3))
    assert [local_day(s, LONDON).strftime("%a %d") for s in starts[:4]] == ["Mon 11", "Thu 14", "Mon 18", "Thu 21"]


def test_a_monthly_count_outside_the_agreement_is_refused() -> None:
    first = datetime(2027, 1, 12, 10, 0, tzinfo=LONDON)
    for count in (1, 4):
        with pytest.raises(ValueError):
            series_starts(
                first=first,
                tz=LONDON,
                engagement_start=START,
                engagement_end=END,
                cadence=Cadence.DEFAULT,
                later_per_month=count,
            )


def test_a_first_session_outside_the_engagement_is_refused() -> None:
    with pytest.raises(ValueError):
        series_starts(
            first=datetime(2027, 1, 4, 10, tzinfo=LONDON),
            tz=LONDON,
            engagement_start=START,
            engagement_end=END,
            cadence=Cadence.DEFAULT,
        )


def test_periods_are_the_first_month_weeks_then_months() -> None:
    labels = [p[0] for p in cadence_periods(engagement_start=START, engagement_end=END, cadence=Cadence.DEFAULT)]
    assert labels[0] == "Week of 11 January"
    assert labels[4] == "Week of 8 February"  # 8–10 February: too short to ask for a session
    assert labels[5:] == ["February 2027", "March 2027", "April 2027", "May 2027", "June 2027"]


def test_a_short_month_tells_the_coach_to_schedule_another() -> None:
    sessions = [(date(2027, 1, 12) + timedelta(days=7 * i), True) for i in range(4)] + [(date(2027, 2, 16), False)]
    status = cadence_status(
        engagement_start=START, engagement_end=END, cadence=Cadence.DEFAULT, sessions=sessions, today=date(2027, 2, 20)
    )
    assert [p.label for p in status.slipping] == ["February 2027"]
    assert status.message == "February 2027 has 1 of the 2–3 sessions the agreement asks for: schedule another."
    assert (status.held, status.planned) == (4, 1)
    assert status.expected_by_now == 4


def test_an_unrecorded_session_in_a_finished_week_does_not_count() -> None:
    sessions = [(date(2027, 1, 12), False)]
    status = cadence_status(
        engagement_start=START, engagement_end=END, cadence=Cadence.DEFAULT, sessions=sessions, today=date(2027, 1, 19)
    )
    assert [p.label for p in status.slipping] == ["Week of 11 January", "Week of 18 January"]
    assert "fell short" not in status.message  # the current week comes first: it can still be fixed
    assert status.message.startswith("Week of 18 January has 0 of the 1 sessions")


@settings(max_examples=150, deadline=None)
@given(
    span=engagements(),
    cadence=cadences,
    tz=st.sampled_from(ZONES),
    offset=st.integers(0, 60),
    minutes=st.integers(0, 24 * 60 - 1),
    data=st.data(),
)
def test_a_series_keeps_to_the_cadence_and_its_wall_clock_time(
    span: tuple[date, date], cadence: Cadence, tz: ZoneInfo, offset: int, minutes: int, data: st.DataObject
) -> None:
    start, end = span
    first_day = start + timedelta(days=offset)
    assume(first_day < end)
    wall = time(minutes // 60, minutes % 60)
    assume(exists(first_day, wall, tz))
    per_month = data.draw(st.integers(cadence.later_per_month_min, cadence.later_per_month_max))
    first = datetime.combine(first_day, wall, tzinfo=tz)
    starts = series_starts(
        first=first, tz=tz, engagement_start=start, engagement_end=end, cadence=cadence, later_per_month=per_month
    )

    # As instants: Python never finds an ambiguous local time (a 02:00 that happens twice when the
    # clocks go back) equal to a time in another zone, even the same instant.
    assert starts[0] == first.astimezone(UTC)
    assert all(a < b for a, b in pairwise(starts))
    assert all(s.utcoffset() == timedelta(0) for s in starts)
    days = [local_day(s, tz) for s in starts]
    assert first_day <= min(days) and max(days) < end
    for day, instant in zip(days, starts, strict=True):
        if exists(day, wall, tz):
            assert instant.astimezone(tz).time() == wall

    first_month_end = month_window(start, 0)[1]
    # First month: each whole 7-day week of the series from the first session holds exactly n.
    week = first_day
    while week + timedelta(days=7) <= min(first_month_end, end):
        assert sum(week <= d < week + timedelta(days=7) for d in days) == cadence.first_month_per_week
        week += timedelta(days=7)
    # Later months: exactly the chosen count in every whole month the series covers.
    k = 1
    while (window := month_window(start, k))[1] <= end:
        if window[0] > first_day:
            assert sum(window[0] <= d < window[1] for d in days) == per_month
            if per_month <= 4:
                assert {d.weekday() for d in days if window[0] <= d < window[1]} == {first_day.weekday()}
        k += 1


@settings(max_examples=150, deadline=None)
@given(
    span=engagements(),
    cadence=cadences,
    tz=st.sampled_from(ZONES),
    minutes=st.integers(0, 24 * 60 - 1),
    today_offset=st.integers(-10, 420),
    data=st.data(),
)
def test_a_series_never_slips_and_dropping_a_past_session_does(
    span: tuple[date, date], cadence: Cadence, tz: ZoneInfo, minutes: int, today_offset: int, data: st.DataObject
) -> None:
    start, end = span
    # A series that starts early enough in the first week for the whole week's sessions to fit.
    last_offset = 6 - (cadence.first_month_per_week - 1) * 7 // cadence.first_month_per_week
    first_day = start + timedelta(days=data.draw(st.integers(0, last_offset)))
    wall = time(minutes // 60, minutes % 60)
    per_month = data.draw(st.integers(cadence.later_per_month_min, cadence.later_per_month_max))
    starts = series_starts(
        first=datetime.combine(first_day, wall, tzinfo=tz),
        tz=tz,
        engagement_start=start,
        engagement_end=end,
        cadence=cadence,
        later_per_month=per_month,
    )
    today = start + timedelta(days=today_offset)
    # Sessions before today were held; the rest are still planned.
    sessions = [(d, d < today) for d in (local_day(s, tz) for s in starts)]
    status = cadence_status(engagement_start=start, engagement_end=end, cadence=cadence, sessions=sessions, today=today)
    assert status.slipping == []
    assert status.held + status.planned == len(starts)

    finished = [p for p in status.periods if p.finished and p.expected_min > 0]
    assume(finished)
    period = data.draw(st.sampled_from(finished))
    victim = next(s for s in sessions if period.start <= s[0] < period.end)
    fewer = [s for s in sessions if s is not victim]
    # Cut the period to its minimum first, so that one less is short.
    extra = [s for s in fewer if period.start <= s[0] < period.end][: period.count - period.expected_min]
    fewer = [s for s in fewer if s not in extra]
    slipped = cadence_status(engagement_start=start, engagement_end=end, cadence=cadence, sessions=fewer, today=today)
    assert period.label in [p.label for p in slipped.slipping]
    current = slipped.current
    if current is not None and current.slipping:
        # The period under way comes first: the coach can still schedule what it lacks.
        assert slipped.message.startswith(
            f"{current.label} has {current.count} of the {current.expected_text} sessions"
        )
    else:
        assert "fell short of the agreed cadence" in slipped.message


def test_a_series_starting_at_a_wall_time_that_happens_twice_starts_at_the_first():
    """Sydney's clocks go back at 03:00 on 5 April 2026: 02:00 happens twice (the case hypothesis found)."""
    sydney = ZoneInfo("Australia/Sydney")
    first = datetime(2026, 4, 5, 2, 0, tzinfo=sydney)
    starts = series_starts(
        first=first,
        tz=sydney,
        engagement_start=date(2026, 3, 4),
        engagement_end=date(2026, 4, 6),
        cadence=Cadence(1, 1, 1),
        later_per_month=1,
    )
    assert starts[0] == datetime(2026, 4, 4, 15, 0, tzinfo=UTC)  # 02:00 daylight time, the first one
