"""Reads for lists and trackers: one query per page whatever the number of engagements."""

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.apps import apps
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Now

from .models import Engagement, Participant, Step

if TYPE_CHECKING:
    from stepwise.users.models import User


def engagements_with_progress(queryset: QuerySet[Engagement]) -> QuerySet[Engagement]:
    """Annotate the facts the step tracker derives the current step from."""
    agreement = apps.get_model("agreements", "Agreement")
    worksheet = apps.get_model("worksheets", "Worksheet")
    assessment = apps.get_model("worksheets", "Assessment")
    goal = apps.get_model("plans", "Goal")
    goals = goal.objects.filter(engagement=OuterRef("pk"))
    action = apps.get_model("plans", "KeyAction")
    measure = apps.get_model("plans", "Measure")
    session = apps.get_model("meetings", "Session")
    sessions = session.objects.filter(engagement=OuterRef("pk"))
    checkin = apps.get_model("meetings", "CheckIn")
    message = apps.get_model("meetings", "Message")
    return queryset.annotate(
        agreement_signed=Exists(agreement.objects.filter(engagement=OuterRef("pk"), status=agreement.Status.SIGNED)),
        # Step 2 is done when the executive has submitted a worksheet and the coach has shared
        # the assessment with them.
        assessment_done=Exists(assessment.objects.filter(engagement=OuterRef("pk"), shared_with_executive=True))
        & Exists(worksheet.objects.filter(engagement=OuterRef("pk"), status=worksheet.Status.SUBMITTED)),
        # Step 3 is done when every goal has its deep dive (what will be different, why, how it is
        # measured, what success looks like) and, where the agreement asks for it, the sponsor's
        # approval; step 4 when every goal has key actions and a measure.
        has_goals=Exists(goals),
        goals_incomplete=Exists(goals.filter(Q(different="") | Q(why_me="") | Q(measured_how="") | Q(success_when=""))),
        goals_unapproved=Exists(goals.exclude(approval=goal.Approval.APPROVED)),
        goals_pending=Exists(goals.filter(approval=goal.Approval.PENDING)),
        goals_unsent=Exists(goals.filter(approval__in=[goal.Approval.NOT_ASKED, goal.Approval.CHANGES])),
        approval_required=Subquery(
            agreement.objects.filter(engagement=OuterRef("pk"), status=agreement.Status.SIGNED)
            .order_by("-version")
            .values("sponsor_approves_goals")[:1]
        ),
        goals_unplanned=Exists(
            goals.filter(
                ~Exists(action.objects.filter(goal=OuterRef("pk")))
                | ~Exists(measure.objects.filter(goal=OuterRef("pk")))
            )
        ),
        # Step 5: what the home page's hints need.
        session_ahead=Exists(sessions.filter(status=session.Status.SCHEDULED, starts_at__gte=Now())),
        last_held_at=Subquery(
            sessions.filter(status=session.Status.HELD).order_by("-starts_at").values("starts_at")[:1]
        ),
        last_checkin_at=Subquery(
            checkin.objects.filter(key_action__goal__engagement=OuterRef("pk"))
            .order_by("-created_at")
            .values("created_at")[:1]
        ),
        has_open_actions=Exists(
            action.objects.filter(goal__engagement=OuterRef("pk"), status__in=("not_started", "in_progress"))
        ),
        message_waiting=Exists(
            message.objects.filter(engagement=OuterRef("pk"), to_coach=True, answered_at__isnull=True)
        ),
    )


def step_of(engagement: Engagement) -> int:
    """The engagement's current step: the coach's override, else what has been done."""
    if engagement.step_override:
        return engagement.step_override
    if not getattr(engagement, "agreement_signed", False):
        return Step.AGREEMENT
    if not getattr(engagement, "assessment_done", False):
        return Step.ASSESSMENT
    if not planning_done(engagement):
        return Step.DEVELOPMENT_PLANNING
    if getattr(engagement, "goals_unplanned", True):
        return Step.ACTION_PLANS
    return Step.ACCOUNTABILITY


def planning_done(engagement: Engagement) -> bool:
    if not getattr(engagement, "has_goals", False) or getattr(engagement, "goals_incomplete", True):
        return False
    return not (getattr(engagement, "approval_required", False) and getattr(engagement, "goals_unapproved", True))


@dataclass(frozen=True)
class TrackerStep:
    number: int
    label: str
    state: str  # "done", "current" or "todo"


def tracker(engagement: Engagement) -> list[TrackerStep]:
    current = step_of(engagement)
    return [
        TrackerStep(
            number=step.value,
            label=str(step.label),
            state="done" if step.value < current else "current" if step.value == current else "todo",
        )
        for step in Step
    ]


def engagements_for_home(user: "User") -> QuerySet[Engagement]:
    people = Participant.objects.joined().select_related("user")
    agreement = apps.get_model("agreements", "Agreement")
    signature = apps.get_model("agreements", "Signature")
    return engagements_with_progress(
        Engagement.objects.visible_to(user)
        .select_related("organisation", "coach")
        .prefetch_related(Prefetch("participants", queryset=people))
        .annotate(
            agreement_open=Exists(agreement.objects.filter(engagement=OuterRef("pk"), status=agreement.Status.OPEN)),
            agreement_started=Exists(agreement.objects.filter(engagement=OuterRef("pk"))),
            signed_open=Exists(
                signature.objects.filter(
                    agreement__engagement=OuterRef("pk"), agreement__status=agreement.Status.OPEN, signer=user
                )
            ),
        )
    )


def next_action(engagement: Engagement, user: "User") -> str:
    """What this person should do next in the engagement, in a few words (empty if nothing)."""
    from django.utils.translation import gettext as _

    is_coach = engagement.coach_id == user.pk
    # An invitation not yet accepted gives no role (the prefetch holds joined participants only).
    is_party = is_coach or any(p.user_id == user.pk for p in engagement.participants.all())
    if not is_party:
        return ""
    if getattr(engagement, "agreement_open", False) and not getattr(engagement, "signed_open", False):
        return _("The agreement is waiting for your signature.")
    if is_coach and not getattr(engagement, "agreement_started", True):
        return _("Draft the coaching agreement.")
    if getattr(engagement, "agreement_open", False):
        return _("Waiting for the others to sign the agreement.")
    is_sponsor = any(p.user_id == user.pk and p.role == Participant.Role.SPONSOR for p in engagement.participants.all())
    if is_sponsor and getattr(engagement, "goals_pending", False):
        return _("A coaching goal is waiting for your approval.")
    is_executive = any(
        p.user_id == user.pk and p.role == Participant.Role.EXECUTIVE for p in engagement.participants.all()
    )
    step = step_of(engagement)
    if is_executive and step == Step.DEVELOPMENT_PLANNING:
        if getattr(engagement, "has_goals", False) and not getattr(engagement, "goals_incomplete", True):
            if getattr(engagement, "goals_unsent", False):
                return _("Ask your sponsor to approve each goal, from the goal's page.")
            return _("Waiting for the sponsor to approve your goals.")
        return _("Write your primary coaching goals and take each through the deep dive.")
    if is_executive and step == Step.ACTION_PLANS:
        return _("Give each goal its key actions and a measure.")
    if is_coach and getattr(engagement, "message_waiting", False):
        return _("A message from the executive is waiting for your reply.")
    if step == Step.ACCOUNTABILITY:
        if is_coach and not getattr(engagement, "session_ahead", True):
            return _("Schedule the next coaching session.")
        if is_executive and checkin_owed(engagement):
            return _("Check in on your key actions before the next session.")
    return ""


def checkin_owed(engagement: Engagement) -> bool:
    """Open key actions, a session ahead, and no check-in since the last session was held."""
    if not (getattr(engagement, "has_open_actions", False) and getattr(engagement, "session_ahead", False)):
        return False
    last_checkin = getattr(engagement, "last_checkin_at", None)
    last_held = getattr(engagement, "last_held_at", None)
    return last_checkin is None or (last_held is not None and last_checkin < last_held)
