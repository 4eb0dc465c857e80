"""Business days between two instants, as the coach's reply commitment counts them. Pure
functions; no database.

A business day is a local calendar day, in the coach's time zone, that falls on one of their
working days. Elapsed business time is, for each such day, the share of that day's real length
lying between the two instants: a message sent on Friday at 17:00 has used 7/24 of a business
day by midnight, and a 23- or 25-hour daylight-saving day counts as one whole day when covered.
"""

from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from zoneinfo import ZoneInfo

_MICROSECOND = timedelta(microseconds=1)
_CENT = Decimal("0.01")


def _day_bounds(day: date, tz: ZoneInfo) -> tuple[datetime, datetime]:
    """The UTC instants at which ``day`` starts and ends in ``tz``."""
    start = datetime.combine(day, time(0), tzinfo=tz).astimezone(UTC)
    end = datetime.combine(day + timedelta(days=1), time(0), tzinfo=tz).astimezone(UTC)
    return start, end


def _working_days_from(
    instant: datetime, tz: ZoneInfo, working_days: frozenset[int]
) -> Iterator[tuple[datetime, datetime]]:
    """The bounds (UTC) of each working day from the one holding ``instant``, endlessly."""
    if not working_days:
        raise ValueError("working_days must hold at least one ISO weekday (1 = Monday)")
    day = instant.astimezone(tz).date()
    while True:
        if day.isoweekday() in working_days:
            yield _day_bounds(day, tz)
        day += timedelta(days=1)


def _exact_between(start: datetime, end: datetime, tz: ZoneInfo, working_days: frozenset[int]) -> Fraction:
    total = Fraction(0)
    for day_start, day_end in _working_days_from(start, tz, working_days):
        if day_start >= end:
            break
        overlap = min(end, day_end) - max(start, day_start)
        if overlap > timedelta(0):
            total += Fraction(overlap // _MICROSECOND, (day_end - day_start) // _MICROSECOND)
    return total


def _round(value: Fraction) -> Decimal:
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(_CENT, rounding=ROUND_HALF_UP)


def business_days_between(start: datetime, end: datetime, *, tz: ZoneInfo, working_days: frozenset[int]) -> Decimal:
    """Business days elapsed from ``start`` to ``end`` (aware datetimes), counted in ``tz`` on
    ``working_days`` (ISO weekdays, 1 = Monday), rounded half up to 2 places; 0 when end <= start."""
    if not working_days:
        raise ValueError("working_days must hold at least one ISO weekday (1 = Monday)")
    start, end = start.astimezone(UTC), end.astimezone(UTC)
    if end <= start:
        return Decimal("0.00")
    return _round(_exact_between(start, end, tz, working_days))


def reply_deadline(sent_at: datetime, *, days: int, tz: ZoneInfo, working_days: frozenset[int]) -> datetime:
    """The earliest instant (UTC) by which ``days`` business days have elapsed since ``sent_at``.

    Sent Friday 17:00 with Monday–Friday working days and 1 day → Monday 17:00; sent on
    Saturday → the end of Monday (Tuesday 00:00 local).
    """
    if days < 0:
        raise ValueError("days must not be negative")
    sent_at = sent_at.astimezone(UTC)
    remaining = Fraction(days)
    if remaining == 0:
        return sent_at
    for day_start, day_end in _working_days_from(sent_at, tz, working_days):
        if day_end <= sent_at:
            continue
        begin = max(sent_at, day_start)
        length = (day_end - day_start) // _MICROSECOND
        available = Fraction((day_end - begin) // _MICROSECOND, length)
        if available >= remaining:
            # Round up to the microsecond so that the full amount has surely elapsed.
            needed = remaining * length
            return begin + timedelta(microseconds=-(-needed.numerator // needed.denominator))
        remaining -= available
    raise AssertionError("unreachable: the working days repeat forever")
