"""Reads of the practice record: a fixed number of queries whatever its size, sums in SQL.

What a reader sees is decided by ``PracticeAccess`` (``access.py``): these functions take the
owner and whether the reader sees private content (``private``); the coach gets shared entries,
marks, counts and charts only."""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from django.db import models
from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.utils import formats
from django.utils.translation import gettext as _

from stepwise.lib.charts import bar_chart, line_chart

from .models import (
    Comment,
    Emotion,
    JournalEntry,
    MarkKind,
    MindfulnessCheckIn,
    PracticeMinutes,
    Program,
    ProgramStep,
    Response,
    StepMark,
    Teaching,
    Trigger,
)
from .streaks import Streaks, period_of, streaks

if TYPE_CHECKING:
    from stepwise.engagements.models import Engagement
    from stepwise.users.models import User

HISTORY_SHOWN = 30
WEEKS_CHARTED = 12
MONTHS_CHARTED = 12


def builtin_program() -> Program:
    return Program.objects.get(builtin=True)


def program_chosen(public_id: str | None) -> tuple[Program, list[Program]]:
    """The program shown (the built-in one unless another is asked for) and every program."""
    programs = list(Program.objects.order_by("-builtin", "name"))
    chosen = next((p for p in programs if str(p.public_id) == public_id), None)
    return chosen or next(p for p in programs if p.builtin), programs


def _comments() -> Prefetch:
    return Prefetch("comments", queryset=Comment.objects.select_related("author"))


@dataclass
class StepRow:
    step: ProgramStep
    marks: list[StepMark]  # in force: current, revisit, struggle

    def mark(self, kind: str) -> StepMark | None:
        return next((m for m in self.marks if m.kind == kind), None)

    @property
    def current(self) -> StepMark | None:
        return self.mark(MarkKind.CURRENT)

    @property
    def revisit(self) -> StepMark | None:
        return self.mark(MarkKind.REVISIT)

    @property
    def struggle(self) -> StepMark | None:
        return self.mark(MarkKind.STRUGGLE)


def marks_in_force(owner: "User") -> list[StepMark]:
    """The owner's marks in force in every program, with their steps and comments: two queries."""
    return list(
        StepMark.objects.filter(owner=owner, ended_at__isnull=True)
        .select_related("step__program")
        .order_by("created_at")
        .prefetch_related(_comments())
    )


def step_rows(owner: "User", program: Program, in_force: list[StepMark] | None = None) -> list[StepRow]:
    """The program's steps with the owner's marks in force and their comments: three queries, or
    one given the marks (``marks_in_force``)."""
    steps = list(program.steps.order_by("number"))
    by_step: dict[int, list[StepMark]] = defaultdict(list)
    for mark in marks_in_force(owner) if in_force is None else in_force:
        if mark.step.program_id == program.pk:
            by_step[mark.step_id].append(mark)
    return [StepRow(step=s, marks=by_step[s.pk]) for s in steps]


@dataclass
class Standing:
    """The seed's three closing questions, answered from the marks in force."""

    current: StepMark | None
    revisit: list[StepMark]
    struggle: list[StepMark]

    @property
    def any(self) -> bool:
        return bool(self.current or self.revisit or self.struggle)


def standing_of(in_force: Iterable[StepMark]) -> Standing:
    marks = sorted(in_force, key=lambda m: (m.step.program_id, m.step.number))
    return Standing(
        current=next((m for m in marks if m.kind == MarkKind.CURRENT), None),
        revisit=[m for m in marks if m.kind == MarkKind.REVISIT],
        struggle=[m for m in marks if m.kind == MarkKind.STRUGGLE],
    )


def standing(owner: "User") -> Standing:
    """Where the owner stands, for a line on the engagement page: one query."""
    return standing_of(StepMark.objects.filter(owner=owner, ended_at__isnull=True).select_related("step"))


def standings_coached(coach: "User", engagements: "QuerySet[Engagement] | list[Engagement]") -> dict[int, Standing]:
    """Where each joined executive of the engagements ``coach`` coaches among these stands, by
    the executive's user id, for the rows of the coach's home page (which rows show it is the
    page's to say: ``dashboard.selectors.home_row``). One query (always one, so that the page's
    count does not depend on who is on it)."""
    from stepwise.engagements.models import Participant

    executives = (
        Participant.objects.joined()
        .filter(engagement__in=engagements, engagement__coach=coach, role=Participant.Role.EXECUTIVE)
        .values("user")
    )
    marks: dict[int, list[StepMark]] = defaultdict(list)
    for mark in StepMark.objects.filter(owner__in=executives, ended_at__isnull=True).select_related("step"):
        marks[mark.owner_id].append(mark)
    return {owner: standing_of(in_force) for owner, in_force in marks.items()}


def latest_engagement_as_executive(user: "User") -> "Engagement | None":
    """The engagement beside which the menu's "My practice" opens: the latest the person joined
    as its executive, closed or not (the record stays theirs). One query."""
    from stepwise.engagements.models import Participant

    participant = (
        Participant.objects.joined()
        .filter(user=user, role=Participant.Role.EXECUTIVE)
        .select_related("engagement")
        .order_by("-engagement__start_date", "-engagement__created_at")
        .first()
    )
    return participant.engagement if participant else None


def mark_history(owner: "User", *, limit: int = HISTORY_SHOWN) -> list[StepMark]:
    return list(
        StepMark.objects.filter(owner=owner).select_related("step", "step__program").order_by("-created_at")[:limit]
    )


# --- the journal ------------------------------------------------------------------------------


def entries_readable(owner: "User", *, private: bool) -> QuerySet[JournalEntry]:
    """The owner's entries a reader may open: all for the owner, the shared ones for the coach."""
    entries = JournalEntry.objects.filter(owner=owner)
    return entries if private else entries.filter(shared_at__isnull=False)


def entries_listed(owner: "User", *, private: bool, first: date, last: date) -> list[JournalEntry]:
    """Entries between two dates, newest first, with their comment counts: one query."""
    return list(
        entries_readable(owner, private=private)
        .filter(entry_date__range=(first, last))
        .annotate(comment_count=Count("comments"))
        .order_by("-entry_date", "-created_at")
    )


def entry_with_comments(entry: JournalEntry) -> list[Comment]:
    return list(entry.comments.select_related("author"))


def journal_streaks(owner: "User", *, today: date, weekly: bool) -> Streaks:
    """Streaks of all the owner's entries (the coach sees the count, never the unshared text)."""
    days = JournalEntry.objects.filter(owner=owner).values_list("entry_date", flat=True)
    return streaks(days, today=today, weekly=weekly)


@dataclass
class CalendarDay:
    day: date | None
    entries: list[JournalEntry]
    count: int  # entries that day, shared or not


def calendar(owner: "User", *, private: bool, weeks: list[list[date | None]]) -> list[list[CalendarDay]]:
    """A month's weeks with each day's entries the reader may open and how many there are: two queries."""
    days = [d for week in weeks for d in week if d]
    if not days:
        return []
    first, last = days[0], days[-1]
    readable: dict[date, list[JournalEntry]] = defaultdict(list)
    for entry in entries_readable(owner, private=private).filter(entry_date__range=(first, last)):
        readable[entry.entry_date].append(entry)
    counts = dict(
        JournalEntry.objects.filter(owner=owner, entry_date__range=(first, last))
        .values_list("entry_date")
        .annotate(n=Count("pk"))
        .values_list("entry_date", "n")
    )
    return [
        [CalendarDay(day=d, entries=readable.get(d, []) if d else [], count=counts.get(d, 0) if d else 0) for d in week]
        for week in weeks
    ]


# --- counts -----------------------------------------------------------------------------------


def counts(owner: "User") -> dict[str, int]:
    """What the coach and the executive both see: five figures, five queries."""
    entries = JournalEntry.objects.filter(owner=owner).aggregate(
        total=Count("pk"), shared=Count("pk", filter=Q(shared_at__isnull=False))
    )
    checkins = MindfulnessCheckIn.objects.filter(owner=owner).aggregate(
        total=Count("pk"),
        chosen=Count("pk", filter=Q(response=Response.CHOSEN)),
        paused=Count("pk", filter=Q(paused=True)),
    )
    return {
        "entries": entries["total"],
        "shared": entries["shared"],
        "checkins": checkins["total"],
        "chosen": checkins["chosen"],
        "paused": checkins["paused"],
        "minutes": PracticeMinutes.objects.filter(owner=owner).aggregate(m=Sum("minutes"))["m"] or 0,
        "taught": Teaching.objects.filter(owner=owner).count(),
    }


# --- chart arithmetic (pure, property-tested) -------------------------------------------------


def weeks_ending(today: date, n: int) -> list[date]:
    """The Mondays of the ``n`` weeks up to and including ``today``'s."""
    monday = today - timedelta(days=today.weekday())
    return [monday - timedelta(weeks=i) for i in range(n - 1, -1, -1)]


def months_ending(today: date, n: int) -> list[date]:
    """The first days of the ``n`` months up to and including ``today``'s."""
    months = []
    year, month = today.year, today.month
    for _i in range(n):
        months.append(date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return months[::-1]


def weekly_totals(rows: Iterable[tuple[date, int]], weeks: Sequence[date]) -> list[int]:
    """Sum ``(day, amount)`` rows into the weeks starting on ``weeks`` (Mondays); rows outside are left out."""
    index = {period_of(w, weekly=True): i for i, w in enumerate(weeks)}
    totals = [0] * len(weeks)
    for day, amount in rows:
        i = index.get(period_of(day, weekly=True))
        if i is not None:
            totals[i] += amount
    return totals


def cumulative(counts_by_month: dict[date, int], months: Sequence[date], before: int) -> list[int]:
    """Running totals at the end of each month, starting from ``before`` (everything earlier)."""
    running, out = before, []
    for month in months:
        running += counts_by_month.get(month, 0)
        out.append(running)
    return out


# --- charts (SQL aggregates, then the arithmetic above) ---------------------------------------


def _short(day: date) -> str:
    return day.strftime("%d/%m")


def _month(day: date) -> str:
    return formats.date_format(day, "M y")  # "Mar 27", in the reader's language


EMOTIONS_CHARTED = 4  # the commonest; the rest are one series, so the chart reads on a phone


def emotion_series(
    rows: Iterable[tuple[str, str, int]], *, top: int = EMOTIONS_CHARTED
) -> tuple[list[str], list[tuple[str, list[int]]]]:
    """``(trigger, emotion, count)`` rows as the chart's triggers (in their list's order) and a series
    per common emotion, then one for all the others: every check-in counted once."""
    rows = list(rows)
    triggers = [t.value for t in Trigger if any(r[0] == t.value for r in rows)]
    totals: dict[str, int] = defaultdict(int)
    for _t, emotion, n in rows:
        totals[emotion] += n
    order = [e.value for e in Emotion]
    common = sorted(totals, key=lambda e: (-totals[e], order.index(e) if e in order else len(order)))[:top]
    cells: dict[tuple[str, str], int] = defaultdict(int)
    for trigger, emotion, n in rows:
        cells[(trigger, emotion if emotion in common else "")] += n
    series = [(e, [cells[(t, e)] for t in triggers]) for e in common]
    if len(totals) > len(common):
        series.append(("", [cells[(t, "")] for t in triggers]))
    return triggers, series


def emotions_by_trigger_chart(owner: "User") -> str | None:
    """How many check-ins named each emotion, for each trigger: one grouped query."""
    rows = list(
        MindfulnessCheckIn.objects.filter(owner=owner)
        .values("trigger", "emotion")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("trigger", "emotion", "n")
    )
    if not rows:
        return None
    triggers, series = emotion_series(rows)
    return bar_chart(
        title=_("Emotions by trigger"),
        x_labels=[str(Trigger(t).label) for t in triggers],
        series=[
            (str(Emotion(e).label) if e else _("other emotions"), [n or None for n in counts]) for e, counts in series
        ],
    )


def chosen_vs_reacted_chart(owner: "User", *, today: date) -> str | None:
    months = months_ending(today, MONTHS_CHARTED)
    rows = list(
        MindfulnessCheckIn.objects.filter(owner=owner, on_date__gte=months[0])
        .annotate(month=TruncMonth("on_date"))
        .values("month")
        .annotate(
            chosen=Count("pk", filter=Q(response=Response.CHOSEN)),
            reacted=Count("pk", filter=Q(response=Response.REACTION)),
        )
        .order_by()
        .values_list("month", "chosen", "reacted")
    )
    if not rows:
        return None
    by_month = {_as_date(m): (c, r) for m, c, r in rows}
    return bar_chart(
        title=_("Responses I chose and reactions, by month"),
        x_labels=[_month(m) for m in months],
        series=[
            (_("chosen"), [by_month.get(m, (0, 0))[0] for m in months]),
            (_("reacted"), [by_month.get(m, (0, 0))[1] for m in months]),
        ],
    )


def _as_date(value: Any) -> date:
    return value.date() if hasattr(value, "date") and callable(value.date) else value


def minutes_chart(owner: "User", *, today: date) -> str | None:
    """Minutes of practice a week, the last twelve weeks: per-day sums in SQL, weeks added up here."""
    weeks = weeks_ending(today, WEEKS_CHARTED)
    rows = list(
        PracticeMinutes.objects.filter(owner=owner, on_date__gte=weeks[0], on_date__lte=today)
        .values("on_date")
        .annotate(m=Sum("minutes"))
        .order_by()
        .values_list("on_date", "m")
    )
    if not rows:
        return None
    return bar_chart(
        title=_("Minutes of practice a week"),
        x_labels=[_short(w) for w in weeks],
        series=[(_("minutes"), weekly_totals(rows, weeks))],
    )


def teaching_chart(owner: "User", *, today: date) -> str | None:
    """People taught or mentored, counted over time (running total by month)."""
    months = months_ending(today, MONTHS_CHARTED)
    log = Teaching.objects.filter(owner=owner)
    before = log.filter(on_date__lt=months[0]).count()
    rows = list(
        log.filter(on_date__gte=months[0])
        .annotate(month=TruncMonth("on_date"))
        .values("month")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("month", "n")
    )
    if not rows and not before:
        return None
    return line_chart(
        title=_("People taught or mentored, in all"),
        x_labels=[_month(m) for m in months],
        series=[(_("people"), cumulative({_as_date(m): n for m, n in rows}, months, before))],
    )


def recent(model: type[models.Model], owner: "User", *, limit: int = 20) -> list[Any]:
    return list(model._default_manager.filter(owner=owner).order_by("-on_date", "-created_at")[:limit])
