"""Fill a database for the benchmarks: one coach with many engagements, as the services make them.

Half the engagements have a signed agreement (so the step tracker has something to derive), each
has a sponsor and three stakeholders; the first one has a long history (``fill_all``). Run through
``bench/pages.py``; the functions here expect Django to be set up and the database migrated.
Stands in until ``manage.py demo --size large`` lands (``BENCH_SOURCE`` in bench/pages.py).
"""

from datetime import date, timedelta
from decimal import Decimal
from uuid import uuid4

from django.db import transaction

from stepwise.agreements import services as agreements
from stepwise.engagements import services as engagements
from stepwise.engagements.models import Engagement, Participant
from stepwise.plans import services as plans
from stepwise.users import services as users
from stepwise.users.models import Invitation, User

PASSWORD = "bench-password-not-secret"


@transaction.atomic
def fill_all(*, engagement_count: int, goal_count: int = 3, session_count: int = 100) -> User:
    """``fill`` and, for the coach's first engagement, a plan, sessions, check-ins and messages
    (``fill_plan``, ``fill_meetings``), worksheets and a completed progress review (the demo's)."""
    from django.utils import timezone

    from stepwise.meetings.demo import demo_reviews
    from stepwise.worksheets.demo import demo_assessment

    coach = fill(engagement_count=engagement_count)
    engagement = Engagement.objects.filter(coach=coach).order_by("created_at").first()
    assert engagement is not None
    fill_plan(engagement, goal_count=goal_count)
    fill_meetings(engagement, session_count=session_count)
    demo_assessment(engagement, coach=coach)
    demo_reviews(engagement, today=timezone.localdate())
    return coach


@transaction.atomic
def fill(*, engagement_count: int = 50) -> User:
    """The coach whose pages are timed, with ``engagement_count`` engagements."""
    coach = User.objects.create_user(
        email="coach@bench.example", password=PASSWORD, full_name="Bench Coach", is_coach=True
    )
    organisations = [engagements.organisation_create(name=f"Client {n}") for n in range(5)]
    for n in range(engagement_count):
        engagement = engagements.engagement_create(
            coach=coach,
            organisation=organisations[n % len(organisations)],
            title=f"Engagement {n}",
            start_date=date(2026, 1 + n % 12, 1),
            planned_months=6,
            executive_name=f"Executive {n}",
            executive_email=f"executive{n}@bench.example",
            sponsor_name=f"Sponsor {n}",
            sponsor_email=f"sponsor{n}@bench.example",
        )
        _join(engagement)
        for k, relationship in enumerate(("manager", "peer", "direct_report")):
            engagements.stakeholder_save(
                engagement=engagement,
                name=f"Stakeholder {n}.{k}",
                email=f"stakeholder{n}.{k}@bench.example",
                relationship=relationship,
            )
        if n % 2 == 0:
            _sign(engagement, coach)
    return coach


@transaction.atomic
def fill_plan(engagement: Engagement, *, goal_count: int) -> None:
    """A development plan: each goal with five key actions and a measure read weekly for ten weeks."""
    executive = Participant.objects.get(engagement=engagement, role="executive").user
    start = engagement.start_date
    for n in range(goal_count):
        goal = plans.goal_create(engagement=engagement, title=f"Goal {n}: delegate report {n} by June", token=uuid4())
        plans.goal_save(
            goal=goal,
            revision=goal.revision,
            values={"different": "Others run it.", "why_me": "Time for strategy.", "measured_how": "Hours a week."},
            actions=[
                {
                    "id": None,
                    "description": f"Action {k} of goal {n}",
                    "target_date": start + timedelta(days=14 * (k + 1)),
                    "owner": "",
                    "status": "done" if k < 2 else "not_started",
                    "completed_on": start + timedelta(days=14 * (k + 1)) if k < 2 else None,
                }
                for k in range(5)
            ],
            measures=[{"id": None, "name": "Hours on it", "unit": "h", "baseline": Decimal(6), "target": Decimal(1)}],
            user=executive,
        )
        measure = goal.measures.get()
        for week in range(10):
            plans.reading_add(
                measure=measure, taken_on=start + timedelta(weeks=week), value=Decimal(6 - week / 2), user=executive
            )


def _join(engagement: Engagement) -> None:
    """The executive and the sponsor accept their invitations (an invitation alone grants nothing)."""
    for invitation in Invitation.objects.filter(participant__engagement=engagement).select_related("user"):
        users.invitation_accept(
            invitation=invitation,
            accepted_by=None,
            full_name=invitation.user.full_name,
            time_zone="UTC",
            password=PASSWORD,
        )


def _sign(engagement: Engagement, coach: User) -> None:
    agreement = agreements.agreement_open(agreement=agreements.agreement_start(engagement=engagement))
    people = [coach] + [p.user for p in Participant.objects.filter(engagement=engagement).select_related("user")]
    for person in people:
        agreements.agreement_sign(
            agreement=agreement, signer=person, typed_name=person.full_name, seen_hash=agreement.text_hash
        )


@transaction.atomic
def fill_meetings(engagement: Engagement, *, session_count: int) -> None:
    """Step 5: ``session_count`` sessions (three in four held, the rest cancelled or planned), each
    held one with two agenda items, a check-in per key action per session, and as many messages."""
    from datetime import UTC, datetime

    from stepwise.meetings.models import AgendaItem, CheckIn, Message, Session
    from stepwise.plans.models import KeyAction

    executive = Participant.objects.get(engagement=engagement, role="executive").user
    first = datetime.combine(engagement.start_date, datetime.min.time(), tzinfo=UTC) + timedelta(hours=9)
    sessions = Session.objects.bulk_create(
        Session(
            engagement=engagement,
            starts_at=first + timedelta(days=2 * n),
            minutes=60,
            time_zone="Europe/London",
            status=("held", "held", "held", "cancelled")[n % 4] if n < session_count - 5 else "scheduled",
            cancelled_by_role="executive" if n % 4 == 3 else "",
            shared_notes=f"Notes of session {n}",
        )
        for n in range(session_count)
    )
    AgendaItem.objects.bulk_create(
        AgendaItem(session=session, text=f"Item {k} of session {n}", covered=k == 0)
        for n, session in enumerate(sessions)
        for k in range(2)
    )
    actions = list(KeyAction.objects.filter(goal__engagement=engagement))
    CheckIn.objects.bulk_create(
        CheckIn(key_action=action, author=executive, status="in_progress", progress=n % 100, comment=f"Check-in {n}")
        for n in range(session_count)
        for action in actions[:1]
    )
    Message.objects.bulk_create(
        Message(
            engagement=engagement,
            author=executive if n % 2 == 0 else engagement.coach,
            body=f"Message {n}",
            to_coach=n % 2 == 0,
            reply_due_at=first + timedelta(days=n + 1) if n % 2 == 0 else None,
            answered_at=first + timedelta(days=n, hours=5) if n % 2 == 0 and n < session_count - 4 else None,
        )
        for n in range(session_count)
    )
