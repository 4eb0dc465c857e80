"""Streaks that forgive a missed day, and the charts' arithmetic: for all inputs, in every zone."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from stepwise.practice.models import Emotion, Trigger
from stepwise.practice.selectors import (
    EMOTIONS_CHARTED,
    cumulative,
    emotion_series,
    months_ending,
    weekly_totals,
    weeks_ending,
)
from stepwise.practice.streaks import month_grid, period_of, streaks, today_in

ZONES = [
    ZoneInfo(n) for n in ("Europe/London", "America/New_York", "Australia/Sydney", "Asia/Kolkata", "Pacific/Chatham")
]
zones = st.sampled_from(ZONES)
days = st.dates(min_value=date(2024, 1, 1), max_value=date(2030, 12, 31))


def test_one_missed_day_is_forgiven_and_two_end_the_streak() -> None:
    today = date(2027, 3, 10)
    written = [date(2027, 3, d) for d in (1, 2, 3, 5, 6, 7, 9, 10)]  # the 4th and the 8th missed
    assert streaks(written, today=today).current == 8
    broken = [date(2027, 3, d) for d in (1, 2, 3, 6, 7)]  # the 4th and the 5th missed
    result = streaks(broken, today=date(2027, 3, 7))
    assert (result.current, result.longest) == (2, 3)


def test_the_streak_waits_for_today_and_forgives_yesterday_but_not_two_days() -> None:
    written = [date(2027, 3, 1), date(2027, 3, 2)]
    assert streaks(written, today=date(2027, 3, 3)).current == 2  # today's entry may still come
    assert streaks(written, today=date(2027, 3, 4)).current == 2  # yesterday forgiven
    assert streaks(written, today=date(2027, 3, 5)).current == 0


def test_weekly_streaks_count_weeks() -> None:
    mondays = [date(2027, 3, 1), date(2027, 3, 10), date(2027, 3, 24)]  # weeks 1, 2, (3 missed), 4
    assert streaks(mondays, today=date(2027, 3, 25), weekly=True).current == 3


@given(start=days, length=st.integers(1, 60), zone=zones, hours=st.lists(st.integers(0, 23), min_size=60, max_size=60))
def test_an_entry_every_local_day_is_an_unbroken_streak_in_any_zone_across_dst(
    start: date, length: int, zone: ZoneInfo, hours: list[int]
) -> None:
    """Entries written at any hour of each local day, the clocks changing or not, make one streak
    as long as the days written; read from any moment of the next local day it is still alive."""
    instants = [datetime.combine(start + timedelta(days=i), time(hours[i]), tzinfo=zone) for i in range(length)]
    written = [today_in(moment.astimezone(UTC), zone) for moment in instants]
    assert written == [start + timedelta(days=i) for i in range(length)]
    tomorrow = datetime.combine(start + timedelta(days=length), time(hours[0]), tzinfo=zone).astimezone(UTC)
    result = streaks(written, today=today_in(tomorrow, zone))
    assert result.current == result.longest == length


@given(written=st.sets(days, max_size=80), today=days, weekly=st.booleans())
def test_streaks_are_bounded_by_what_was_written(written: set[date], today: date, weekly: bool) -> None:
    result = streaks(written, today=today, weekly=weekly)
    periods = {period_of(d, weekly=weekly) for d in written if d <= today}
    assert 0 <= result.current <= result.longest <= len(periods)
    assert (result.longest == 0) == (not periods)


@given(written=st.sets(days, min_size=1, max_size=80), today=days)
def test_adding_the_missing_day_never_shortens_a_streak(written: set[date], today: date) -> None:
    before = streaks(written, today=today)
    after = streaks(written | {today}, today=today)
    assert after.current >= before.current
    assert after.current >= 1


@given(rows=st.lists(st.tuples(days, st.integers(1, 1440)), max_size=100), today=days, n=st.integers(1, 30))
def test_weekly_totals_add_up_to_the_minutes_inside_the_weeks(
    rows: list[tuple[date, int]], today: date, n: int
) -> None:
    weeks = weeks_ending(today, n)
    totals = weekly_totals(rows, weeks)
    inside = sum(m for d, m in rows if weeks[0] <= d < weeks[-1] + timedelta(days=7))
    assert sum(totals) == inside
    assert all(w.weekday() == 0 for w in weeks) and weeks[-1] <= today < weeks[-1] + timedelta(days=7)


@given(
    today=days,
    n=st.integers(1, 24),
    counts=st.lists(st.integers(0, 9), min_size=24, max_size=24),
    before=st.integers(0, 50),
)
def test_the_running_count_only_grows_and_ends_at_the_total(
    today: date, n: int, counts: list[int], before: int
) -> None:
    months = months_ending(today, n)
    by_month = dict(zip(months, counts, strict=False))
    running = cumulative(by_month, months, before)
    assert running == sorted(running)
    assert running[-1] == before + sum(by_month.values())
    assert months[-1] == today.replace(day=1) and all(m.day == 1 for m in months)


@given(year=st.integers(2024, 2030), month=st.integers(1, 12))
def test_the_calendar_holds_each_day_of_the_month_once_in_its_weekday_column(year: int, month: int) -> None:
    weeks = month_grid(year, month)
    cells = [(i, d) for week in weeks for i, d in enumerate(week) if d]
    assert next(d for _i, d in cells) == date(year, month, 1)
    assert len(cells) == len({d for _i, d in cells}) and all(d.month == month for _i, d in cells)
    assert all(d.weekday() == i for i, d in cells)


triggers_st = st.sampled_from([t.value for t in Trigger])
emotions_st = st.sampled_from([e.value for e in Emotion])


@given(rows=st.dictionaries(st.tuples(triggers_st, emotions_st), st.integers(1, 50), max_size=60))
def test_the_emotion_chart_counts_every_check_in_once_in_a_few_series(rows: dict[tuple[str, str], int]) -> None:
    triggers, series = emotion_series([(t, e, n) for (t, e), n in rows.items()])
    assert sum(sum(counts) for _e, counts in series) == sum(rows.values())
    assert len(series) <= EMOTIONS_CHARTED + 1
    assert sorted(triggers) == sorted({t for t, _e in rows})
    for trigger in triggers:  # each trigger's bars add up to its check-ins
        i = triggers.index(trigger)
        assert sum(counts[i] for _e, counts in series) == sum(n for (t, _e), n in rows.items() if t == trigger)
