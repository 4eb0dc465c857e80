"""Business days as the coach's reply commitment counts them."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stepwise.meetings.business_days import business_days_between, reply_deadline

LONDON = ZoneInfo("Europe/London")
NEW_YORK = ZoneInfo("America/New_York")
ZONES = [ZoneInfo(name) for name in ("Europe/London", "America/New_York", "Australia/Sydney", "Asia/Kolkata", "UTC")]
MON_FRI = frozenset({1, 2, 3, 4, 5})
MON_THU = frozenset({1, 2, 3, 4})

zones = st.sampled_from(ZONES)
working_days = st.frozensets(st.integers(1, 7), min_size=1)
# Around the 2027 daylight-saving changes of both hemispheres, to the minute.
instants = st.integers(0, 2 * 365 * 24 * 60).map(lambda m: datetime(2026, 6, 1, tzinfo=UTC) + timedelta(minutes=m))


def local(tz: ZoneInfo, *args: int) -> datetime:
    return datetime(*args, tzinfo=tz)  # type: ignore[misc,arg-type]


def test_friday_evening_message_is_due_monday_at_the_same_time() -> None:
    sent = local(LONDON, 2027, 3, 5, 17, 0)  # a Friday
    due = reply_deadline(sent, days=1, tz=LONDON, working_days=MON_FRI)
    assert due == local(LONDON, 2027, 3, 8, 17, 0)
    assert business_days_between(sent, due, tz=LONDON, working_days=MON_FRI) == Decimal("1.00")


def test_saturday_message_is_due_at_the_end_of_monday() -> None:
    sent = local(LONDON, 2027, 3, 6, 11, 30)
    assert reply_deadline(sent, days=1, tz=LONDON, working_days=MON_FRI) == local(LONDON, 2027, 3, 9, 0, 0)


def test_a_short_daylight_saving_day_counts_whole() -> None:
    # 28 March 2027 is a Sunday of 23 hours in London; make Sunday a working day.
    everyday = frozenset(range(1, 8))
    start, end = local(LONDON, 2027, 3, 28), local(LONDON, 2027, 3, 29)
    assert end.astimezone(UTC) - start.astimezone(UTC) == timedelta(hours=23)
    assert business_days_between(start, end, tz=LONDON, working_days=everyday) == Decimal("1.00")
    half = start.astimezone(UTC) + timedelta(hours=11, minutes=30)
    assert business_days_between(start, half, tz=LONDON, working_days=everyday) == Decimal("0.50")


def test_the_coach_time_zone_decides_which_days_count() -> None:
    # Thursday 20:00 in New York is already Friday in London: a Mon–Thu coach in New York still
    # has four hours of Thursday, a London one has none.
    sent = local(NEW_YORK, 2027, 2, 4, 20, 0)
    end = local(NEW_YORK, 2027, 2, 5, 12, 0)
    assert business_days_between(sent, end, tz=NEW_YORK, working_days=MON_THU) == Decimal("0.17")
    assert business_days_between(sent, end, tz=LONDON, working_days=MON_THU) == Decimal("0.00")


def test_no_working_days_is_refused() -> None:
    sent = local(LONDON, 2027, 3, 5, 17, 0)
    with pytest.raises(ValueError):
        business_days_between(sent, sent + timedelta(days=1), tz=LONDON, working_days=frozenset())
    with pytest.raises(ValueError):
        reply_deadline(sent, days=1, tz=LONDON, working_days=frozenset())


def test_end_before_start_is_zero() -> None:
    sent = local(LONDON, 2027, 3, 3, 9)
    assert business_days_between(sent, sent - timedelta(days=3), tz=LONDON, working_days=MON_FRI) == 0


@settings(max_examples=150, deadline=None)
@given(sent=instants, days=st.integers(0, 6), tz=zones, work=working_days)
def test_the_deadline_is_exactly_the_commitment_away(
    sent: datetime, days: int, tz: ZoneInfo, work: frozenset[int]
) -> None:
    due = reply_deadline(sent, days=days, tz=tz, working_days=work)
    assert due >= sent
    assert business_days_between(sent, due, tz=tz, working_days=work) == days
    if days == 0:
        assert due == sent
        return
    # The last moment before the deadline is working time: the deadline is not pushed past a
    # day off. And it is the earliest such instant: a quarter of an hour of that working day
    # sooner (more than the 0.005 that rounding to 2 places hides) is not yet enough.
    just_before = (due - timedelta(microseconds=1)).astimezone(tz)
    assert just_before.isoweekday() in work
    sooner = due - timedelta(minutes=15)
    if sooner >= sent and sooner.astimezone(tz).date() == just_before.date():
        assert business_days_between(sent, sooner, tz=tz, working_days=work) < days


@settings(max_examples=150, deadline=None)
@given(a=instants, gaps=st.tuples(st.integers(0, 20000), st.integers(0, 20000)), tz=zones, work=working_days)
def test_spans_add_up(a: datetime, gaps: tuple[int, int], tz: ZoneInfo, work: frozenset[int]) -> None:
    b = a + timedelta(minutes=gaps[0])
    c = b + timedelta(minutes=gaps[1])
    parts = business_days_between(a, b, tz=tz, working_days=work) + business_days_between(
        b, c, tz=tz, working_days=work
    )
    assert abs(parts - business_days_between(a, c, tz=tz, working_days=work)) <= Decimal("0.01")


@settings(max_examples=100, deadline=None)
@given(a=instants, tz=zones, hours=st.integers(0, 48))
def test_a_weekend_counts_nothing(a: datetime, tz: ZoneInfo, hours: int) -> None:
    day = a.astimezone(tz).date()
    saturday = day + timedelta(days=(5 - day.weekday()) % 7)
    start = datetime.combine(saturday, datetime.min.time(), tzinfo=tz)
    end = min(
        start + timedelta(hours=hours), datetime.combine(saturday + timedelta(days=2), datetime.min.time(), tzinfo=tz)
    )
    assert business_days_between(start, end, tz=tz, working_days=MON_FRI) == 0


@settings(max_examples=100, deadline=None)
@given(a=instants, tz=zones, work=working_days)
def test_a_whole_week_counts_each_working_day_once(a: datetime, tz: ZoneInfo, work: frozenset[int]) -> None:
    day = a.astimezone(tz).date()
    monday = day - timedelta(days=day.weekday())
    start = datetime.combine(monday, datetime.min.time(), tzinfo=tz)
    end = datetime.combine(monday + timedelta(days=7), datetime.min.time(), tzinfo=tz)
    assert business_days_between(start, end, tz=tz, working_days=work) == len(work)


@settings(max_examples=150, deadline=None)
@given(a=instants, gaps=st.tuples(st.integers(0, 20000), st.integers(0, 20000)), tz=zones, work=working_days)
def test_later_ends_never_count_less(a: datetime, gaps: tuple[int, int], tz: ZoneInfo, work: frozenset[int]) -> None:
    sooner, later = a + timedelta(minutes=min(gaps)), a + timedelta(minutes=max(gaps))
    assert business_days_between(a, sooner, tz=tz, working_days=work) <= business_days_between(
        a, later, tz=tz, working_days=work
    )


@settings(max_examples=100, deadline=None)
@given(a=instants, minutes=st.integers(0, 20000), tz=zones, shown_in=zones, work=working_days)
def test_only_the_coach_time_zone_matters(
    a: datetime, minutes: int, tz: ZoneInfo, shown_in: ZoneInfo, work: frozenset[int]
) -> None:
    b = a + timedelta(minutes=minutes)
    assert business_days_between(a, b, tz=tz, working_days=work) == business_days_between(
        a.astimezone(shown_in), b.astimezone(shown_in), tz=tz, working_days=work
    )
