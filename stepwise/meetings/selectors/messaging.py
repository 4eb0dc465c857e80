"""Messages between the executive and the coach inside an engagement, and the coach's reply times.

The agreement commits the coach to reply within a number of business days (one by default).
A message from the executive carries the moment its reply is due, counted in the coach's time
zone on their working days; when the coach replies (or marks it answered after a call) it
records when, and after how many business days. The monthly reply-time figures aggregate those
columns in SQL. Sending and answering are in ``services.messaging``.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.core.paginator import Page, Paginator
from django.db.models import Avg, Count, F, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from stepwise.agreements.models import Agreement
from stepwise.engagements.models import Engagement
from stepwise.lib.charts import line_chart
from stepwise.users.models import User

from ..business_days import business_days_between
from ..models import Message, Preferences

DEFAULT_REPLY_DAYS = 1
# "Close" in the inbox: due within 4 hours of business time (a business day is a whole local day).
CLOSE = Decimal(4) / Decimal(24)
EXCERPT_WORDS = 30
INBOX_PAGE_SIZE = 50


# --- helpers -------------------------------------------------------------------------------


def coach_clock(coach: User) -> tuple[ZoneInfo, frozenset[int]]:
    """The coach's time zone and working days: what their reply commitment is counted in."""
    try:
        tz = ZoneInfo(coach.time_zone)
    except (ValueError, KeyError):
        tz = ZoneInfo("UTC")
    working = Preferences.objects.for_user(coach).working_weekdays
    return tz, working or frozenset({1, 2, 3, 4, 5})


def reply_days(engagement: Engagement) -> int:
    """The business days the agreement in force gives the coach to reply (1 without one)."""
    return reply_days_of(Agreement.objects.in_force_for(engagement))


def reply_days_of(agreement: Agreement | None) -> int:
    """``reply_days`` of an agreement in force already read (``None`` without one)."""
    return agreement.reply_business_days if agreement else DEFAULT_REPLY_DAYS


def _thread_url(engagement: Engagement) -> str:
    return reverse("message_list", kwargs={"public_id": engagement.public_id})


# --- services ------------------------------------------------------------------------------


# --- selectors -----------------------------------------------------------------------------


def thread(engagement: Engagement) -> list[Message]:
    """The engagement's messages, oldest first, with their authors (one query)."""
    return list(Message.objects.filter(engagement=engagement).select_related("author").order_by("created_at", "pk"))


@dataclass(frozen=True)
class InboxRow:
    message: Message
    engagement: Engagement
    executive_name: str
    excerpt: str
    state: str  # "overdue", "close" or "on_time"
    state_label: str
    url: str


def _state_labels() -> dict[str, str]:
    return {
        "overdue": _("overdue"),
        "close": _("due within 4 business hours"),
        "on_time": _("on time"),
    }


def _state(due: datetime | None, *, now: datetime, tz: ZoneInfo, working: frozenset[int]) -> str:
    if due is None:
        return "on_time"
    if due <= now:
        return "overdue"
    if business_days_between(now, due, tz=tz, working_days=working) <= CLOSE:
        return "close"
    return "on_time"


def unanswered_messages(coach: User) -> QuerySet[Message]:
    """The executives' messages the coach has not answered, across all their engagements,
    soonest due first (the longest waiting first among those due at the same time)."""
    return (
        Message.objects.filter(engagement__coach=coach, to_coach=True, answered_at__isnull=True)
        .select_related("engagement", "author")
        .order_by(F("reply_due_at").asc(nulls_last=True), "created_at", "pk")
    )


def inbox_rows(messages: Iterable[Message], *, coach: User, now: datetime) -> list[InboxRow]:
    """Each message marked overdue, close (due within 4 business hours) or on time."""
    tz, working = coach_clock(coach)
    labels = _state_labels()  # translated once, not once a row
    rows = []
    for m in messages:
        state = _state(m.reply_due_at, now=now, tz=tz, working=working)
        rows.append(
            InboxRow(
                message=m,
                engagement=m.engagement,
                executive_name=m.author.full_name if m.author else _("a former participant"),
                excerpt=Truncator(m.body).words(EXCERPT_WORDS),
                state=state,
                state_label=labels[state],
                url=f"{_thread_url(m.engagement)}#message-{m.public_id}",
            )
        )
    return rows


def unanswered_for_coach(coach: User, *, now: datetime) -> list[InboxRow]:
    """Every message waiting for the coach's answer, as the inbox shows them."""
    return inbox_rows(unanswered_messages(coach), coach=coach, now=now)


@dataclass(frozen=True)
class Inbox:
    page: "Page[InboxRow]"
    overdue: int  # waiting past their deadline, on every page


def inbox_page(coach: User, *, now: datetime, number: str | None) -> Inbox:
    """One page of the inbox (``INBOX_PAGE_SIZE`` rows, soonest due first) and how many messages
    in all wait past their deadline: four queries whatever the number of messages. A page number
    that is not a number gives the first page, one past the end the last."""
    messages = unanswered_messages(coach)
    # What a row shows, and no more: loading every field of three models made half a row's time.
    shown = messages.only(
        "public_id",
        "body",
        "reply_due_at",
        "created_at",
        "engagement__public_id",
        "engagement__title",
        "author__full_name",
    )
    page = Paginator(shown, INBOX_PAGE_SIZE).get_page(number)
    rows = inbox_rows(page.object_list, coach=coach, now=now)
    return Inbox(
        page=Page(rows, page.number, page.paginator),  # type: ignore[arg-type]
        overdue=messages.filter(reply_due_at__lte=now).count(),
    )


@dataclass(frozen=True)
class MonthFigure:
    month: date  # the first day of the month, in the coach's time zone
    received: int
    answered: int
    on_time: int  # answered by the time the reply was due
    open_overdue: int  # still waiting, and past the time the reply was due
    average_business_days: Decimal | None

    @property
    def label(self) -> str:
        return date_format(self.month, "F Y")

    @property
    def on_time_percent(self) -> int | None:
        """On-time share of the messages whose reply is decided: answered, or waiting past due."""
        decided = self.answered + self.open_overdue
        return round(100 * self.on_time / decided) if decided else None


def reply_time_by_month(
    engagement: Engagement, *, now: datetime | None = None, tz: ZoneInfo | None = None
) -> list[MonthFigure]:
    """Per month of the executive's messages (in the coach's time zone, ``tz`` when the caller
    has it): received, answered within the commitment, still open past due, and the average
    business days to a reply."""
    now = now or timezone.now()
    tz = tz or coach_clock(engagement.coach)[0]
    rows = (
        Message.objects.filter(engagement=engagement, to_coach=True, created_at__lte=now)
        .annotate(month=TruncMonth("created_at", tzinfo=tz))
        .values("month")
        .annotate(
            received=Count("pk"),
            answered=Count("pk", filter=Q(answered_at__isnull=False)),
            on_time=Count("pk", filter=Q(answered_at__isnull=False, answered_at__lte=F("reply_due_at"))),
            open_overdue=Count("pk", filter=Q(answered_at__isnull=True, reply_due_at__lte=now)),
            average=Avg("reply_business_days"),
        )
        .order_by("month")
    )
    figures = []
    for row in rows:
        month = row["month"]
        month = month.astimezone(tz).date() if isinstance(month, datetime) else month
        average = row["average"]
        figures.append(
            MonthFigure(
                month=month,
                received=row["received"],
                answered=row["answered"],
                on_time=row["on_time"],
                open_overdue=row["open_overdue"],
                average_business_days=None if average is None else Decimal(average).quantize(Decimal("0.01")),
            )
        )
    return figures


def reply_time_summary(engagement: Engagement, *, now: datetime, days: int | None = None) -> str:
    """One line on this month's replies, e.g. "12 of 13 messages answered within 1 business day
    this month", and how many messages (of any month) wait past their deadline. ``days``: the
    business days the agreement in force gives (``reply_days``), when the caller has read it."""
    tz, _working = coach_clock(engagement.coach)
    this_month = now.astimezone(tz).date().replace(day=1)
    figures = reply_time_by_month(engagement, now=now, tz=tz)
    figure = next((f for f in figures if f.month == this_month), None)
    overdue = sum(f.open_overdue for f in figures)
    if figure is None:
        line = _("No messages from the executive this month")
    else:
        days = days if days is not None else reply_days(engagement)
        within = ngettext("within %(days)s business day", "within %(days)s business days", days) % {"days": days}
        line = ngettext(
            "%(on_time)s of %(received)s message answered %(within)s this month",
            "%(on_time)s of %(received)s messages answered %(within)s this month",
            figure.received,
        ) % {"on_time": figure.on_time, "received": figure.received, "within": within}
    if overdue:
        return line + ngettext(
            "; %(n)s is waiting past its deadline: reply now.",
            "; %(n)s are waiting past their deadline: reply now.",
            overdue,
        ) % {"n": overdue}
    return line + "."


def reply_chart(figures: list[MonthFigure]) -> str:
    """The on-time share per month as an SVG line chart; empty with fewer than two months."""
    if len(figures) < 2:
        return ""
    return line_chart(
        title=_("% answered within the commitment"),
        x_labels=[f.label for f in figures],
        series=[(_("% answered within the commitment"), [f.on_time_percent for f in figures])],
        y_range=(0, 100),
    )


def thread_context(engagement: Engagement, *, now: datetime) -> dict[str, Any]:
    """What the messages page shows beside the thread: the monthly figures, their chart and summary."""
    figures = reply_time_by_month(engagement, now=now)
    return {
        "thread": thread(engagement),
        "figures": figures,
        "chart": reply_chart(figures),
        "reply_days": reply_days(engagement),
    }
