"""Step 5 in the demo practice: sessions, check-ins, a progress review, a message thread and the
coach's calendar feed, made through the same services the pages use. Each function skips an
engagement that has its part already: the demo is loaded again on every `make run`."""

import uuid
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from uuid import uuid4
from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.translation import gettext as _

from stepwise.engagements.models import Engagement
from stepwise.plans.models import Goal, KeyAction
from stepwise.users.models import User
from stepwise.worksheets import services as worksheet_services
from stepwise.worksheets.models import Worksheet

from .cadence import series_starts
from .calendar import feed_enable, feed_url
from .models import CheckIn, Message, ProgressReview, Session, text_hash
from .selectors.checkins import open_actions
from .selectors.messaging import coach_clock
from .selectors.reviews import review_points
from .selectors.sessions import agenda_for, cadence_of
from .services.checkins import CheckInRow, checkin_send
from .services.messaging import message_send
from .services.reviews import review_complete, review_feedback_save, review_prepare
from .services.sessions import (
    agenda_add,
    local_start,
    private_note_save,
    session_cancel,
    session_record,
    session_reschedule,
    session_schedule,
)

DEMO_NOTES = [
    "First session: we went through the agreement's commitments and the results of the intake. "
    "Evan wants the operations directors to own next year's plan.",
    "We looked at where Evan's week goes: 6 hours on the weekly report. Agreed to try handing it over.",
    "Rehearsed the hand-over conversation with Dana. Evan noticed he jumps in with answers; practise asking first.",
    "Reviewed the first month against the goals. The report hand-over started; the directors' off-site is next.",
    "Evan ran his first strategy half-day. Two directors brought their own questions.",
]


def demo_sessions(engagement: Engagement, *, now: datetime, recorded: int | None = None) -> list[Session]:
    """The demo's sessions: the first weeks held with notes and agendas (one cancelled by the
    executive, one with a new action item), the rest of the series planned, one of them moved,
    an item the executive added to the next agenda, and a private note of the coach's.

    With ``recorded``, only the first ``recorded`` past sessions are recorded one by one; the
    later ones are entered as held in one go (the form's "it has already taken place") and the
    last of them gets its notes: a year of sessions at a fraction of the cost."""
    existing = list(Session.objects.filter(engagement=engagement))
    if existing:
        return existing

    coach = engagement.coach
    zone = coach.time_zone
    first = local_start(engagement.start_date, datetime.min.time().replace(hour=10), zone)
    starts = series_starts(
        first=first,
        tz=ZoneInfo(zone),
        engagement_start=engagement.start_date,
        engagement_end=engagement.end_date,
        cadence=cadence_of(engagement),
    )
    past = [start for start in starts if start < now - timedelta(hours=2)]
    future = [start for start in starts if start > now + timedelta(hours=2)]
    where = "https://meet.example/evan-coaching"
    notes = iter(DEMO_NOTES)
    goal = Goal.objects.filter(engagement=engagement).order_by("position", "created_at").first()
    later = past[recorded:] if recorded is not None else []
    for number, start in enumerate(past[: len(past) - len(later)]):
        if number == 2:  # the executive cancelled the third session
            (session,) = session_schedule(
                engagement=engagement,
                starts=[start],
                minutes=60,
                time_zone=zone,
                where=where,
                token=uuid.uuid4(),
                now=start - timedelta(days=3),
            )
            session_cancel(
                session=session,
                by_role="executive",
                reason="Board off-site ran over.",
                user=coach,
                now=start - timedelta(hours=5),
            )
            continue
        (session,) = session_schedule(
            engagement=engagement,
            starts=[start],
            minutes=60,
            time_zone=zone,
            where=where,
            token=uuid.uuid4(),
            now=now,
            held=True,
        )
        new_actions: list[dict[str, object]] = []
        if number == 1 and goal is not None:
            new_actions = [{"goal": goal.public_id, "description": "List the decisions only I can take", "owner": ""}]
        agenda = agenda_for(session, today=now.date())
        session_record(
            session=session,
            revision=session.revision,
            shared_notes=next(notes, "We followed up on the actions since last time."),
            covered={entry.key for entry in agenda[:2]},
            new_actions=new_actions,
            user=coach,
            now=now,
            today=now.date(),
        )
    if later:
        *_, last = session_schedule(
            engagement=engagement,
            starts=later,
            minutes=60,
            time_zone=zone,
            where=where,
            token=uuid.uuid4(),
            now=now,
            held=True,
        )
        session_record(
            session=last,
            revision=last.revision,
            shared_notes="We followed up on the actions since last time.",
            covered={entry.key for entry in agenda_for(last, today=now.date())[:2]},
            new_actions=[],
            user=coach,
            now=now,
            today=now.date(),
        )
    last_held = Session.objects.filter(engagement=engagement, status=Session.Status.HELD).order_by("-starts_at")
    if last_held.exists():
        private_note_save(
            session=last_held[0],
            author=coach,
            text="Evan relaxes when we talk about the directors' strengths. Start there next time.",
        )
    planned = (
        session_schedule(
            engagement=engagement, starts=future, minutes=60, time_zone=zone, where=where, token=uuid.uuid4(), now=now
        )
        if future
        else []  # an engagement that has ended
    )
    if planned:
        for executive in engagement.executives():
            agenda_add(session=planned[0], text="How to say no to the CEO's side projects", user=executive)
    if len(planned) > 2:
        session_reschedule(
            session=planned[2],
            starts_at=planned[2].starts_at + timedelta(days=1, hours=4),
            by_role="coach",
            reason="The coach is travelling that morning.",
            user=coach,
            now=now,
        )
    return list(Session.objects.filter(engagement=engagement))


def demo_checkins(engagement: Engagement, *, today: date, days_ago: Sequence[int] = (16, 5)) -> list[CheckIn]:
    """Check-ins over the past weeks (by default 16 and 5 days ago) on the engagement's open key
    actions: the first starts two of them, the next moves one on with a blocker, the one after
    marks it done, and so on while open actions last. Needs an executive and at least one open
    key action; returns the check-ins made (none without them, or when the engagement has
    check-ins already: the demo is loaded again on every `make run`)."""
    if CheckIn.objects.filter(key_action__goal__engagement=engagement).exists():
        return []
    executives = engagement.executives()
    actions = open_actions(engagement)
    if not executives or not actions:
        return []
    made: list[CheckIn] = []
    for number, ago in enumerate(sorted(days_ago, reverse=True)):
        day = today - timedelta(days=ago)
        if number == 0:
            rows = [
                CheckInRow(
                    action=a,
                    seen=a.status,
                    status=KeyAction.Status.IN_PROGRESS,
                    progress=20,
                    comment=_("Started this week.") if i == 0 else "",
                )
                for i, a in enumerate(actions[:2])
            ]
        else:
            actions = open_actions(engagement)
            if not actions:
                break
            action = actions[0]
            done = number % 2 == 0
            rows = [
                CheckInRow(
                    action=action,
                    seen=action.status,
                    status=KeyAction.Status.DONE if done else KeyAction.Status.IN_PROGRESS,
                    progress=100 if done else 60,
                    comment=_("Done: the team took it over.") if done else _("Two of the three hand-overs are done."),
                    blocker="" if done else _("Waiting for my deputy to come back from leave."),
                )
            ]
        batch = checkin_send(engagement=engagement, author=executives[0], rows=rows, token=uuid4(), today=day)
        _backdate(batch, day)
        made += batch
    return made


def _backdate(checkins: list[CheckIn], day: date) -> None:
    when = timezone.make_aware(datetime.combine(day, time(18)))
    CheckIn.objects.filter(pk__in=[c.pk for c in checkins]).update(created_at=when, updated_at=when)


DEMO_RATINGS = {
    "willing_to_change": 9,
    "success_distance": 6,
    "senior_leader_effectiveness": 6,
    "team_leadership_effectiveness": 7,
    "job_satisfaction": 7,
}


def demo_reviews(engagement: Engagement, *, today: date, every_due: bool = False) -> list[ProgressReview]:
    """The first monthly review (with ``every_due``, every review due by ``today``) prepared, its
    self-ratings answered, feedback from coach and executive, completed (dated on its due date
    when that has passed); the next review prepared. Needs the executive to have joined; returns
    the reviews. Skips an engagement that has reviews already (the demo is loaded again on every
    `make run`)."""
    existing = list(ProgressReview.objects.filter(engagement=engagement))
    if existing:
        return existing
    points = review_points(engagement, today=today)
    due = sum(1 for point in points if point.due_on <= today) if every_due else 1
    made = [_review_completed(engagement, due_on=point.due_on, today=today) for point in points[: max(1, due)]]
    if len(points) > len(made):
        made.append(review_prepare(engagement=engagement, due_on=points[len(made)].due_on, coach=engagement.coach))
    return made


def _review_completed(engagement: Engagement, *, due_on: date, today: date) -> ProgressReview:
    coach = engagement.coach
    review = review_prepare(engagement=engagement, due_on=due_on, coach=coach)
    if review.self_ratings is not None and review.self_ratings.status != Worksheet.Status.SUBMITTED:
        worksheet_services.worksheet_submit(worksheet=review.self_ratings, raw=DEMO_RATINGS)
    review.refresh_from_db()
    review = review_feedback_save(
        review=review,
        role="coach",
        text=_(
            "A strong first month: the weekly report is handed over and the hours it takes are falling. "
            "Next: keep the deputy's first reports on track without stepping back in."
        ),
        revision=review.revision,
        seen=text_hash(review.coach_feedback),
    )
    review = review_feedback_save(
        review=review,
        role="executive",
        text=_("Letting go was harder than I thought, but the team noticed. I want to protect Friday mornings next."),
        revision=review.revision,
        seen=text_hash(review.executive_feedback),
    )
    review = review_complete(review=review, user=coach, today=min(today, review.due_on))
    if review.due_on <= today:
        when = timezone.make_aware(datetime.combine(review.due_on, time(16)))
        ProgressReview.objects.filter(pk=review.pk).update(completed_at=when)
    return review


def demo_messages(engagement: Engagement, *, now: datetime, months: int = 1) -> list[Message]:
    """A short, believable thread over the past weeks: most replies in time, one late (sent on a
    Friday, answered the next Tuesday afternoon) and the last one still waiting. With ``months``,
    the same exchange in each of the months before as well (answered in the end). Skips an
    engagement that has messages already (the demo is loaded again on every `make run`)."""
    if Message.objects.filter(engagement=engagement).exists():
        return []
    coach = engagement.coach
    executives = engagement.executives()
    if not executives:
        return []
    executive = executives[0]
    tz, _working = coach_clock(coach)
    local_now = now.astimezone(tz)
    latest = (local_now - timedelta(days=local_now.weekday() + 21)).replace(hour=9, minute=0, second=0, microsecond=0)
    sent = []
    for month in reversed(range(months)):
        monday = latest - timedelta(weeks=4 * month)
        for author, body, when in _message_script(coach, executive, monday=monday, now=now, answered=month > 0):
            sent.append(message_send(engagement=engagement, author=author, body=body, token=uuid4(), now=when))
    return sent


def _message_script(
    coach: User, executive: User, *, monday: datetime, now: datetime, answered: bool
) -> list[tuple[User, str, datetime]]:
    def at(days: int, hour: int, minute: int = 0) -> datetime:
        moment = (monday + timedelta(days=days)).replace(hour=hour, minute=minute)
        return min(moment, now - timedelta(minutes=5))

    script: list[tuple[User, str, datetime]] = [
        (
            executive,
            "Before Thursday's session: I tried delegating the weekly report and took it back after a day. "
            "Can we look at what made me grab it again?",
            at(1, 8, 40),
        ),
        (
            coach,
            "Thanks for writing it down while it was fresh. Yes, let's start there on Thursday. "
            "Until then, note each time you feel the urge to step in, and what triggered it.",
            at(1, 15, 10),
        ),
        (
            executive,
            "Three notes so far, all when a customer was copied. Is that the pattern you expected?",
            at(4, 18, 5),
        ),
        (
            coach,
            "Sorry for the slow answer. It is a common pattern: visibility raises the stakes. "
            "Bring the three notes and we will plan what your deputy can own when a customer is watching.",
            at(8, 14, 30),
        ),
        (
            executive,
            "My manager asked for an update on the delegation goal. What should I share beyond the numbers?",
            at(18, 11, 20),
        ),
    ]
    if answered:
        script.append((coach, "Share the hours and the decisions the directors took without you.", at(18, 16, 0)))
    return script


def demo_calendar(user: "User") -> str:
    """For the demo: turn on ``user``'s calendar feed (the demo coach's) and return its address."""
    feed_id = feed_enable(user=user).feed_id
    return feed_url(feed_id) if feed_id else ""
