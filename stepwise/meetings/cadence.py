"""The agreed session cadence: building a series of sessions on it, and telling whether the
sessions an engagement has keep to it. Pure functions on dates; no database.

The agreement asks for a number of sessions per week in the engagement's first month (weekly
by default), then a number per month (2–3 by default). Months are counted from the engagement's
start (11 January → 11 February → 11 March ...), not calendar months, so every window is a
whole month of the engagement; each window is labelled with the month it starts in.

Series rules, kept simple on purpose:

* Every session keeps the first session's local wall-clock time in its time zone, across
  daylight-saving changes (a time the clocks skip on one date moves forward by the gap).
* First month: the series repeats every 7 days from the first session; with n sessions a week,
  the week's sessions fall on days ``floor(i * 7 / n)`` after the first one's weekday
  (2 → days 0 and 3, 3 → days 0, 2 and 4).
* Later months: ``later_per_month`` sessions on the first session's weekday, spread evenly over
  the occurrences of that weekday in the window (2 of 4 Tuesdays → the 1st and 3rd; 3 of 5 →
  1st, 2nd and 4th). If more sessions are asked for than the weekday occurs, they are spread
  evenly over the window's days instead.

Cadence periods, which the status is measured on: one per week of the first month, counted from
the engagement's start, then one per later month. A period cut short (the first month's last
few days, or the engagement's last, partial month) expects sessions in proportion to the whole
weeks it holds, rounded down.
"""

import math
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING, ClassVar
from zoneinfo import ZoneInfo

from dateutil.relativedelta import relativedelta
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

if TYPE_CHECKING:
    from stepwise.agreements.models import AgreementContent


@dataclass(frozen=True)
class Cadence:
    first_month_per_week: int
    later_per_month_min: int
    later_per_month_max: int

    DEFAULT: ClassVar["Cadence"]

    def __post_init__(self) -> None:
        if self.first_month_per_week < 1 or self.first_month_per_week > 7:
            raise ValueError("first_month_per_week must be between 1 and 7")
        if not 1 <= self.later_per_month_min <= self.later_per_month_max:
            raise ValueError("later_per_month_min must be at least 1 and at most later_per_month_max")

    @classmethod
    def from_agreement(cls, agreement: "AgreementContent | None") -> "Cadence":
        """The cadence an agreement records; the default one when there is none in force."""
        if agreement is None:
            return cls.DEFAULT
        return cls(
            first_month_per_week=agreement.first_month_sessions_per_week,
            later_per_month_min=agreement.later_sessions_per_month_min,
            later_per_month_max=agreement.later_sessions_per_month_max,
        )


Cadence.DEFAULT = Cadence(1, 2, 3)


def month_window(engagement_start: date, k: int) -> tuple[date, date]:
    """The k-th month of the engagement (k = 0 is the first), as [start, end)."""
    return engagement_start + relativedelta(months=k), engagement_start + relativedelta(months=k + 1)


def _at_local(day: date, wall: time, tz: ZoneInfo, fold: int) -> datetime:
    """``day`` at the wall-clock time ``wall`` in ``tz``, as a UTC instant. A time the clocks
    skip that day is read with the offset before the change, which moves it forward by the gap."""
    return datetime.combine(day, wall, tzinfo=tz).replace(fold=fold).astimezone(UTC)


def _later_days(window_start: date, window_end: date, weekday: int, count: int) -> list[date]:
    """``count`` days in [window_start, window_end) spread evenly, on ``weekday`` when it occurs often enough."""
    offset = (weekday - window_start.weekday()) % 7
    candidates = []
    day = window_start + timedelta(days=offset)
    while day < window_end:
        candidates.append(day)
        day += timedelta(days=7)
    if count <= len(candidates):
        return [candidates[i * len(candidates) // count] for i in range(count)]
    length = (window_end - window_start).days
    return [window_start + timedelta(days=i * length // count) for i in range(count)]


def series_starts(
    *,
    first: datetime,
    tz: ZoneInfo,
    engagement_start: date,
    engagement_end: date,
    cadence: Cadence,
    later_per_month: int | None = None,
) -> list[datetime]:
    """The start of every session of a series that begins with ``first``, as UTC instants.

    ``first`` is aware and must fall inside the engagement (its local date in ``tz`` on or after
    ``engagement_start`` and before ``engagement_end``), else ValueError. ``later_per_month``
    (default: the cadence's minimum) must lie within the cadence's range, else ValueError.
    See the module docstring for where the sessions fall.
    """
    if first.tzinfo is None or first.utcoffset() is None:
        raise ValueError("first must be an aware datetime")
    per_month = cadence.later_per_month_min if later_per_month is None else later_per_month
    if not cadence.later_per_month_min <= per_month <= cadence.later_per_month_max:
        raise ValueError(
            f"later_per_month must be between {cadence.later_per_month_min} and {cadence.later_per_month_max}"
        )
    local_first = first.astimezone(tz)
    first_day, wall, fold = local_first.date(), local_first.time().replace(tzinfo=None), local_first.fold
    if not engagement_start <= first_day < engagement_end:
        raise ValueError("the first session must fall inside the engagement")

    days: list[date] = []
    first_month_end = month_window(engagement_start, 0)[1]
    per_week = cadence.first_month_per_week
    offsets = [i * 7 // per_week for i in range(per_week)]
    week = first_day
    while week < first_month_end:
        days.extend(d for d in (week + timedelta(days=o) for o in offsets) if d < first_month_end)
        week += timedelta(days=7)
    k = 1
    while True:
        start, end = month_window(engagement_start, k)
        if start >= engagement_end:
            break
        days.extend(_later_days(start, end, first_day.weekday(), per_month))
        k += 1

    first_utc = first.astimezone(UTC)
    starts = [first_utc]
    for day in days:
        if first_day < day < engagement_end:
            starts.append(_at_local(day, wall, tz, fold))
    return starts


@dataclass(frozen=True)
class Period:
    """One cadence period: a week of the first month or a later month, [start, end)."""

    label: str
    start: date
    end: date
    expected_min: int
    expected_max: int
    count: int
    today: date = field(repr=False, compare=False)

    @property
    def started(self) -> bool:
        return self.start <= self.today

    @property
    def finished(self) -> bool:
        return self.end <= self.today

    @property
    def is_current(self) -> bool:
        return self.started and not self.finished

    @property
    def slipping(self) -> bool:
        """Started and short of the sessions the agreement asks for. A finished period counts
        the sessions held in it; the current one also counts those still planned."""
        return self.started and self.count < self.expected_min

    @property
    def expected_text(self) -> str:
        if self.expected_min == self.expected_max:
            return str(self.expected_min)
        return f"{self.expected_min}–{self.expected_max}"


@dataclass(frozen=True)
class CadenceStatus:
    periods: list[Period]
    planned: int  # sessions still scheduled (not yet recorded as held)
    held: int
    expected_by_now: int  # the least the agreement asks for over the periods already finished

    @property
    def slipping(self) -> list[Period]:
        return [period for period in self.periods if period.slipping]

    @property
    def current(self) -> Period | None:
        return next((period for period in self.periods if period.is_current), None)

    @property
    def message(self) -> str:
        """One line for the coach: where the cadence stands and what to do next."""
        current = self.current
        if current is not None and current.slipping:
            missing = current.expected_min - current.count
            return ngettext(
                "%(period)s has %(count)s of the %(expected)s sessions the agreement asks for: schedule another.",
                "%(period)s has %(count)s of the %(expected)s sessions the agreement asks for: "
                "schedule %(missing)s more.",
                missing,
            ) % {
                "period": current.label,
                "count": current.count,
                "expected": current.expected_text,
                "missing": missing,
            }
        slipping = self.slipping
        if slipping:
            last = slipping[-1]
            return ngettext(
                "%(n)s period fell short of the agreed cadence (%(period)s: %(count)s of %(expected)s). "
                "Keep the sessions ahead on the cadence and talk it over with the executive.",
                "%(n)s periods fell short of the agreed cadence (latest: %(period)s, %(count)s of %(expected)s). "
                "Keep the sessions ahead on the cadence and talk it over with the executive.",
                len(slipping),
            ) % {"n": len(slipping), "period": last.label, "count": last.count, "expected": last.expected_text}
        if self.planned == 0 and self.held == 0:
            return _("No sessions yet: schedule a series on the agreed cadence.")
        if self.periods and self.planned == 0 and not self.periods[-1].finished:
            return _("On the agreed cadence so far, but nothing is planned ahead: schedule the next sessions.")
        return _("On the agreed cadence: %(held)s held, %(planned)s planned.") % {
            "held": self.held,
            "planned": self.planned,
        }


def _expected(per_full: int, days: int, full_days: int, *, at_least: bool) -> int:
    """What a period of ``days`` asks for when a whole one of ``full_days`` asks for ``per_full``."""
    if days >= full_days:
        return per_full
    if at_least:
        return per_full * (days // 7) * 7 // full_days
    return math.ceil(per_full * days / full_days)


def cadence_periods(
    *, engagement_start: date, engagement_end: date, cadence: Cadence
) -> list[tuple[str, date, date, int, int]]:
    """(label, start, end, expected_min, expected_max) for every cadence period of the engagement."""
    periods = []
    first_month_end = month_window(engagement_start, 0)[1]
    week = engagement_start
    while week < min(first_month_end, engagement_end):
        end = min(week + timedelta(days=7), first_month_end, engagement_end)
        days = (end - week).days
        per_week = cadence.first_month_per_week
        label = _("Week of %(day)s") % {"day": date_format(week, "j F")}
        periods.append(
            (
                label,
                week,
                end,
                _expected(per_week, days, 7, at_least=True),
                _expected(per_week, days, 7, at_least=False),
            )
        )
        week += timedelta(days=7)
    k = 1
    while True:
        start, full_end = month_window(engagement_start, k)
        if start >= engagement_end:
            break
        end = min(full_end, engagement_end)
        days, full_days = (end - start).days, (full_end - start).days
        periods.append(
            (
                date_format(start, "F Y"),
                start,
                end,
                _expected(cadence.later_per_month_min, days, full_days, at_least=True),
                _expected(cadence.later_per_month_max, days, full_days, at_least=False),
            )
        )
        k += 1
    return periods


def cadence_status(
    *,
    engagement_start: date,
    engagement_end: date,
    cadence: Cadence,
    sessions: list[tuple[date, bool]],
    today: date,
) -> CadenceStatus:
    """How the sessions keep to the cadence, period by period.

    ``sessions`` holds (local date, held?) for every session that counts: held or still
    scheduled (the caller leaves out cancelled, missed and rescheduled ones).
    """
    result = []
    for label, start, end, expected_min, expected_max in cadence_periods(
        engagement_start=engagement_start, engagement_end=engagement_end, cadence=cadence
    ):
        finished = end <= today
        count = sum(1 for day, held in sessions if start <= day < end and (held or not finished))
        result.append(Period(label, start, end, expected_min, expected_max, count, today=today))
    return CadenceStatus(
        periods=result,
        planned=sum(1 for _day, held in sessions if not held),
        held=sum(1 for _day, held in sessions if held),
        expected_by_now=sum(period.expected_min for period in result if period.finished),
    )
