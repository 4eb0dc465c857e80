"""Evan's 12-step practice in the demo: several months of journal, check-ins, practice minutes and
teaching, his marks on the steps with their history, some entries shared with his coach and
answered. Through the practice's own services; a second run adds nothing."""

import random
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from stepwise.engagements.models import Participant
from stepwise.lib.mail import mail_withheld

from . import services
from .models import Emotion, JournalEntry, MarkKind, Response, StepMark, Trigger

if TYPE_CHECKING:
    from stepwise.users.models import User

DAYS = 120

WELL = [
    "The quarterly review ran on time and the team spoke more than I did.",
    "I asked Priya what she needed instead of telling her what to do.",
    "I paused before answering the board's question on margins.",
    "I handed the weekly report to Marcus and did not touch it.",
    "The hiring panel reached a decision without me breaking the tie.",
]
WRONG = [
    "I cut Dana off in the stand-up when she raised the delivery risk.",
    "I went over Tom's head to his director about the launch date.",
    "I said I had the numbers when I did not.",
    "I let the meeting run long and blamed the agenda.",
    "I rewrote the proposal myself instead of giving feedback.",
]
ADMITTED_TO = ["Dana", "Tom", "the leadership team", "Marcus", "the product team"]
DIFFERENTLY = [
    "Let people finish, then ask one question.",
    "Talk to the person first, always.",
    "Say \u201cI don\u2019t know\u201d and follow up by the end of the day.",
    "Keep to the time box and own it when I do not.",
    "Coach, do not rewrite.",
]
COMMENTS = [
    "That is exactly the vulnerability step 10 asks for. How did Dana respond?",
    "Good catch. What would have made it easier to admit it on the spot?",
    "Notice the pattern with deadlines; let's look at it on Thursday.",
]
TAUGHT = [
    ("Marcus Reed", "How I use the pause before responding in tense meetings."),
    ("Priya Shah", "Asking the team \u201care we moving in the direction we said we wanted to go?\u201d"),
    ("Jordan Lee", "Keeping a short daily inventory, and admitting mistakes early."),
    ("The new managers' cohort", "What I learned from following up with my 360 raters."),
]


def _coach_of(executive: "User") -> "User | None":
    participation = (
        Participant.objects.joined()
        .filter(user=executive, role=Participant.Role.EXECUTIVE)
        .select_related("engagement__coach")
        .order_by("-engagement__start_date")
        .first()
    )
    return participation.engagement.coach if participation else None


def _aware(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


@transaction.atomic
def demo_practice(executive: "User", *, today: date) -> bool:
    """Give ``executive`` several months of practice up to ``today``; False if they have some already.
    Its shares and comments are history, news to nobody: they queue no mail."""
    if JournalEntry.objects.filter(owner=executive).exists():
        return False
    with mail_withheld():
        _demo_practice(executive, today=today)
    return True


def _demo_practice(executive: "User", *, today: date) -> None:
    rng = random.Random(12)  # noqa: S311 - demo data, the same on every machine
    coach = _coach_of(executive)
    start = today - timedelta(days=DAYS)
    _marks(executive, coach, start=start)
    services.preferences_save(owner=executive, cadence="daily", reminder="daily", hour=18, weekday=4)
    for offset in range(DAYS + 1):
        day = start + timedelta(days=offset)
        if rng.random() < 0.72:
            i = rng.randrange(len(WELL))
            entry = services.journal_entry_save(
                owner=executive,
                entry=None,
                values=services.EntryValues(
                    cadence="daily",
                    entry_date=day,
                    went_well=WELL[i],
                    where_wrong=WRONG[(i + offset) % len(WRONG)],
                    admitted=rng.choice(["promptly", "promptly", "later", "not_yet", "nothing"]),
                    admitted_to=ADMITTED_TO[(i + offset) % len(ADMITTED_TO)],
                    differently=DIFFERENTLY[(i + offset) % len(DIFFERENTLY)],
                ),
                today=today,
            )
            if offset % 5 == 0:
                services.journal_entry_share(entry=entry, shared=True)
                if coach and offset % 10 == 0:
                    services.comment_add(author=coach, text=COMMENTS[offset // 10 % len(COMMENTS)], entry=entry)
        if rng.random() < 0.45:
            # Over the months, more responses are chosen and more pauses taken.
            progress = offset / DAYS
            chosen = rng.random() < 0.35 + 0.5 * progress
            services.checkin_add(
                owner=executive,
                values=services.CheckInValues(
                    on_date=day,
                    emotion=rng.choice([e for e in Emotion if e != Emotion.OWN_WORDS]),
                    intensity=rng.randint(2, 9),
                    trigger=rng.choice(list(Trigger)),
                    response=Response.CHOSEN if chosen else Response.REACTION,
                    paused=chosen and rng.random() < 0.8,
                ),
                today=today,
            )
        if rng.random() < 0.55:
            services.minutes_add(
                owner=executive, on_date=day, minutes=rng.choice([5, 10, 10, 15, 20]), note="Breathing", today=today
            )
        if offset % 30 == 15:
            person, shared = TAUGHT[offset // 30 % len(TAUGHT)]
            services.teaching_add(owner=executive, on_date=day, person=person, shared=shared, today=today)


def _marks(executive: "User", coach: "User | None", *, start: date) -> None:
    """Step 7, then 8, then 10 as the current step; 9 to revisit; 11 a struggle, answered by the coach."""
    steps = {s.number: s for s in services.program_builtin_install().steps.all()}
    history = [
        (7, MarkKind.CURRENT, "Started asking my team the recurring question.", 0),
        (8, MarkKind.CURRENT, "The 360 gave me the list.", 30),
        (10, MarkKind.CURRENT, "Keeping the daily inventory.", 60),
        (9, MarkKind.REVISIT, "Two follow-ups still to do.", 75),
        (11, MarkKind.STRUGGLE, "I react before I notice.", 90),
    ]
    for number, kind, why, offset in history:
        when = _aware(start + timedelta(days=offset), 9)
        ended = list(
            StepMark.objects.filter(owner=executive, kind=kind, ended_at__isnull=True).values_list("pk", flat=True)
        )
        mark = services.mark_set(owner=executive, step=steps[number], kind=kind, why=why)
        StepMark.objects.filter(pk=mark.pk).update(created_at=when)
        StepMark.objects.filter(pk__in=ended).update(ended_at=when)  # the marks it ended, on its day
        if kind == MarkKind.STRUGGLE and coach:
            services.comment_add(
                author=coach, text="Try the two-breath pause before you answer; we'll practise it.", mark=mark
            )
