"""Journal streaks that forgive a missed day: pure arithmetic over the dates of entries.

A period is a day for a daily journal and an ISO week (Monday to Sunday) for a weekly one. A
streak is a run of periods with an entry in which no two periods in a row were missed: one missed
day (or week) is forgiven, two break it. The current streak is still alive while no more than one
period has been missed before the present one (today's entry may still come). Its length is the
number of periods written in it, never the missed one.

Dates are the person's own: an entry's date is the day it is about, and "today" is taken in the
person's time zone by the caller (:func:`today_in`), so a streak neither breaks nor grows when the
clocks change or the person travels.
"""

import zoneinfo
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

FORGIVEN = 1  # missed periods in a row a streak survives


@dataclass(frozen=True)
class Streaks:
    current: int  # periods written in the run still alive (0 if none)
    longest: int  # periods written in the longest run
    forgiven: int  # missed periods forgiven inside the current run


def today_in(now: datetime, zone: zoneinfo.ZoneInfo) -> date:
    """The person's date at the instant ``now`` (aware)."""
    return now.astimezone(zone).date()


def period_of(day: date, *, weekly: bool) -> int:
    """A number per period, consecutive periods consecutive numbers."""
    ordinal = day.toordinal()
    return (ordinal - day.weekday()) // 7 if weekly else ordinal


def streaks(days: Iterable[date], *, today: date, weekly: bool = False) -> Streaks:
    """The current and longest streaks of entries on ``days``; entries after ``today`` are ignored."""
    now = period_of(today, weekly=weekly)
    periods = sorted({period_of(d, weekly=weekly) for d in days if d <= today})
    longest = run = forgiven = 0
    previous: int | None = None
    for period in periods:
        if previous is not None and period - previous - 1 <= FORGIVEN:
            run += 1
            forgiven += period - previous - 1
        else:
            run, forgiven = 1, 0
        longest = max(longest, run)
        previous = period
    alive = previous is not None and now - previous - 1 <= FORGIVEN
    return Streaks(current=run if alive else 0, longest=longest, forgiven=forgiven if alive else 0)


def month_grid(year: int, month: int) -> list[list[date | None]]:
    """The weeks of a month, Monday first, ``None`` outside it: the journal's calendar."""
    first = date(year, month, 1)
    following = date(year + month // 12, month % 12 + 1, 1)
    weeks: list[list[date | None]] = []
    day = first - timedelta(days=first.weekday())
    while day < following:
        weeks.append([d if first <= d < following else None for d in (day + timedelta(days=i) for i in range(7))])
        day += timedelta(days=7)
    return weeks
