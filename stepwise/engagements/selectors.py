"""Reads for lists and trackers: one query per page whatever the number of engagements."""

from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from django.apps import apps
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Now
from django.utils import timezone
from django.utils.translation import gettext

from stepwise.meetings.progress import checkin_facts, checkin_owed

from .models import Engagement, Participant, Step

if TYPE_CHECKING:
    from stepwise.users.models import User


def engagements_with_progress(queryset: QuerySet[Engagement], *, user: "User | None" = None) -> QuerySet[Engagement]:
    """Annotate the facts the step tracker and the next step derive from (one query for the list).

    With ``user``, also whether that person has signed the version open for signature."""
    agreement = apps.get_model("agreements", "Agreement")
    agreements = agreement.objects.filter(engagement=OuterRef("pk"))
    signature = apps.get_model("agreements", "Signature")
    worksheet = apps.get_model("worksheets", "Worksheet")
    worksheets = worksheet.objects.filter(engagement=OuterRef("pk"))
    assessment = apps.get_model("worksheets", "Assessment")
    goal = apps.get_model("plans", "Goal")
    goals = goal.objects.filter(engagement=OuterRef("pk"))
    action = apps.get_model("plans", "KeyAction")
    measure = apps.get_model("plans", "Measure")
    session = apps.get_model("meetings", "Session")
    sessions = session.objects.filter(engagement=OuterRef("pk"))
    message = apps.get_model("meetings", "Message")
    if user is not None:
        queryset = queryset.annotate(
            signed_open=Exists(
                signature.objects.filter(
                    agreement__engagement=OuterRef("pk"), agreement__status=agreement.Status.OPEN, signer=user
                )
            )
        )
    return queryset.annotate(
        agreement_signed=Exists(agreements.filter(status=agreement.Status.SIGNED)),
        agreement_open=Exists(agreements.filter(status=agreement.Status.OPEN)),
        agreement_started=Exists(agreements),
        # Step 2 is done when the executive has submitted a worksheet and the coach has shared
        # the assessment with them.
        worksheet_assigned=Exists(worksheets),
        worksheet_submitted=Exists(worksheets.filter(status=worksheet.Status.SUBMITTED)),
        assessment_shared=Exists(assessment.objects.filter(engagement=OuterRef("pk"), shared_with_executive=True)),
        assessment_done=Exists(assessment.objects.filter(engagement=OuterRef("pk"), shared_with_executive=True))
        & Exists(worksheets.filter(status=worksheet.Status.SUBMITTED)),
        # Step 3 is done when every goal has its deep dive (what will be different, why, how it is
        # measured, what success looks like) and, where the agreement asks for it, the sponsor's
        # approval; step 4 when every goal has key actions and a measure.
        has_goals=Exists(goals),
        goals_incomplete=Exists(goals.filter(Q(different="") | Q(why_me="") | Q(measured_how="") | Q(success_when=""))),
        goals_unapproved=Exists(goals.exclude(approval=goal.Approval.APPROVED)),
        goals_pending=Exists(goals.filter(approval=goal.Approval.PENDING)),
        goals_unsent=Exists(goals.filter(approval__in=[goal.Approval.NOT_ASKED, goal.Approval.CHANGES])),
        approval_required=Subquery(
            agreements.filter(status=agreement.Status.SIGNED).order_by("-version").values("sponsor_approves_goals")[:1]
        ),
        goals_unplanned=Exists(
            goals.filter(
                ~Exists(action.objects.filter(goal=OuterRef("pk")))
                | ~Exists(measure.objects.filter(goal=OuterRef("pk")))
            )
        ),
        has_plan_parts=Exists(action.objects.filter(goal__engagement=OuterRef("pk")))
        | Exists(measure.objects.filter(goal__engagement=OuterRef("pk"))),
        # Step 5: what the home page's hints need.
        has_sessions=Exists(sessions.filter(status__in=[session.Status.SCHEDULED, session.Status.HELD])),
        session_ahead=Exists(sessions.filter(status=session.Status.SCHEDULED, starts_at__gte=Now())),
        **checkin_facts(),
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


class Party(StrEnum):
    """Whom a step waits on."""

    NOBODY = ""
    COACH = "coach"
    EXECUTIVE = "executive"
    SPONSOR = "sponsor"
    SIGNERS = "signers"  # whoever has not yet signed the version open for signature


class State(StrEnum):
    DONE = "done"
    UNDER_WAY = "under_way"
    NOT_STARTED = "not_started"


@dataclass(frozen=True)
class StepProgress:
    """Where one step stands, from the engagement's annotated facts."""

    state: State
    waiting_on: Party = Party.NOBODY


def step_progress(engagement: Engagement, step: Step) -> StepProgress:
    """One step's state (done, under way, not started) and whom it waits on, from the facts
    ``engagements_with_progress`` annotates. Each step is read on its own, so step 3 shows under
    way while step 2 still waits for the assessment."""

    def fact(name: str, default: bool = False) -> bool:
        return bool(getattr(engagement, name, default))

    if step == Step.AGREEMENT:
        if fact("agreement_signed"):
            return StepProgress(State.DONE)
        if fact("agreement_open"):
            return StepProgress(State.UNDER_WAY, Party.SIGNERS)
        if fact("agreement_started"):
            return StepProgress(State.UNDER_WAY, Party.COACH)
        return StepProgress(State.NOT_STARTED, Party.COACH)
    if step == Step.ASSESSMENT:
        if fact("assessment_done"):
            return StepProgress(State.DONE)
        if fact("worksheet_submitted"):
            return StepProgress(State.UNDER_WAY, Party.COACH)  # the coach shares the assessment
        if fact("worksheet_assigned"):
            return StepProgress(State.UNDER_WAY, Party.EXECUTIVE)
        return StepProgress(State.NOT_STARTED)
    if step == Step.DEVELOPMENT_PLANNING:
        if planning_done(engagement):
            return StepProgress(State.DONE)
        if fact("goals_pending"):
            return StepProgress(State.UNDER_WAY, Party.SPONSOR)
        if fact("has_goals"):
            return StepProgress(State.UNDER_WAY, Party.EXECUTIVE)
        return StepProgress(State.NOT_STARTED)
    if step == Step.ACTION_PLANS:
        if fact("has_goals") and not fact("goals_unplanned", True):
            return StepProgress(State.DONE)
        if fact("has_plan_parts"):
            return StepProgress(State.UNDER_WAY, Party.EXECUTIVE)
        return StepProgress(State.NOT_STARTED)
    if step == Step.ACCOUNTABILITY:
        if engagement.status == Engagement.Status.CLOSED and fact("has_sessions"):
            return StepProgress(State.DONE)
        if fact("has_sessions"):
            return StepProgress(State.UNDER_WAY)
        return StepProgress(State.NOT_STARTED)
    return StepProgress(State.NOT_STARTED)  # steps 6 and 7 have no app yet


@dataclass(frozen=True)
class TrackerStep:
    number: int
    label: str
    state: State
    waiting_on: Party
    current: bool

    @property
    def status_text(self) -> str:
        """The state in words: the tracker never says it by colour alone."""
        if self.state == State.DONE:
            return gettext("done")
        if self.state == State.NOT_STARTED:
            return gettext("not started")
        return {
            Party.COACH: gettext("under way, waiting on the coach"),
            Party.EXECUTIVE: gettext("under way, waiting on the executive"),
            Party.SPONSOR: gettext("under way, waiting on the sponsor"),
            Party.SIGNERS: gettext("under way, waiting for signatures"),
        }.get(self.waiting_on, gettext("under way"))


def tracker(engagement: Engagement) -> list[TrackerStep]:
    """Each step's own state; ``current`` marks the step the engagement is at (see ``step_of``).

    A step the coach has moved past by hand counts as done whatever its facts say."""
    current = step_of(engagement)
    steps = []
    for step in Step:
        progress = step_progress(engagement, step)
        if engagement.step_override and step.value < current:
            progress = StepProgress(State.DONE)
        elif step.value == current and progress.state == State.NOT_STARTED:
            progress = StepProgress(State.UNDER_WAY, progress.waiting_on)
        steps.append(
            TrackerStep(
                number=step.value,
                label=str(step.label),
                state=progress.state,
                waiting_on=progress.waiting_on,
                current=step.value == current,
            )
        )
    return steps


def engagements_for_home(user: "User") -> QuerySet[Engagement]:
    people = Participant.objects.joined().select_related("user")
    return engagements_with_progress(
        Engagement.objects.visible_to(user)
        .select_related("organisation", "coach")
        .prefetch_related(Prefetch("participants", queryset=people)),
        user=user,
    )


@dataclass(frozen=True)
class NextStep:
    """What a person should do next, in a few words (empty if nothing), and the part of the
    engagement page where it is done ("agreement", "worksheets", "plan", "sessions", "checkin",
    "messages"; empty when it is done nowhere in particular)."""

    text: str
    part: str = ""
    mine: bool = True  # False when the words say whom the engagement waits on instead


def next_step(engagement: Engagement, user: "User") -> NextStep:
    """What this person should do next in the engagement, in a few words; when nothing waits on
    them, whom the engagement waits on. Empty only for someone who takes no part in it."""
    is_coach = engagement.coach_id == user.pk
    # An invitation not yet accepted gives no role (the prefetch holds joined participants only).
    roles = {p.role for p in engagement.participants.all() if p.user_id == user.pk}
    is_executive = Participant.Role.EXECUTIVE in roles
    is_sponsor = Participant.Role.SPONSOR in roles
    if not (is_coach or roles):
        return NextStep("")
    agreement = step_progress(engagement, Step.AGREEMENT)
    if agreement.waiting_on == Party.SIGNERS and not getattr(engagement, "signed_open", False):
        if is_sponsor and not is_executive and not is_coach:
            return NextStep(gettext("The agreement is waiting for your acknowledgement."), "agreement")
        return NextStep(gettext("The agreement is waiting for your signature."), "agreement")
    if agreement.waiting_on == Party.SIGNERS:
        return NextStep(gettext("Waiting for the others to sign the agreement."), "agreement", mine=False)
    if agreement.state != State.DONE and not engagement.step_override:
        if is_coach:
            if agreement.state == State.NOT_STARTED:
                return NextStep(gettext("Draft the coaching agreement."), "agreement")
            return NextStep(gettext("Finish the agreement's draft and send it for signature."), "agreement")
        return NextStep(
            gettext("Your coach is preparing the agreement; you will get a mail when it is ready to sign."),
            "agreement",
            mine=False,
        )
    if is_sponsor and getattr(engagement, "goals_pending", False):
        return NextStep(gettext("A coaching goal is waiting for your approval."), "plan")
    step = step_of(engagement)
    if (
        is_executive
        and step == Step.ASSESSMENT
        and step_progress(engagement, Step.ASSESSMENT).waiting_on == Party.EXECUTIVE
    ):
        return NextStep(gettext("Fill in the worksheets your coach assigned, then submit them."), "worksheets")
    if is_executive and step == Step.ASSESSMENT:
        return NextStep(gettext("Your coach assigns your worksheets and writes the assessment."), mine=False)
    if is_coach and step == Step.ASSESSMENT:
        waiting_on = step_progress(engagement, Step.ASSESSMENT).waiting_on
        if waiting_on == Party.COACH:
            return NextStep(gettext("Write the assessment and share it with the executive."), "worksheets")
        if waiting_on == Party.NOBODY:
            return NextStep(gettext("Assign the intake worksheet to the executive."), "worksheets")
    if is_executive and step == Step.DEVELOPMENT_PLANNING:
        if getattr(engagement, "has_goals", False) and not getattr(engagement, "goals_incomplete", True):
            if getattr(engagement, "goals_unsent", False):
                return NextStep(gettext("Ask your sponsor to approve each goal, from the goal's page."), "plan")
            return NextStep(gettext("Waiting for the sponsor to approve your goals."), "plan", mine=False)
        return NextStep(gettext("Write your primary coaching goals and take each through the deep dive."), "plan")
    if is_executive and step == Step.ACTION_PLANS:
        return NextStep(gettext("Give each goal its key actions and a measure."), "plan")
    if is_coach and getattr(engagement, "message_waiting", False):
        return NextStep(gettext("A message from the executive is waiting for your reply."), "messages")
    if step == Step.ACCOUNTABILITY:
        if is_coach and not getattr(engagement, "session_ahead", True):
            return NextStep(gettext("Schedule the next coaching session."), "sessions")
        if is_executive and checkin_owed(engagement, today=timezone.localdate()):
            return NextStep(gettext("Check in on your key actions before the next session."), "checkin")
    if is_sponsor:
        return NextStep(
            gettext("Nothing waits for you now. Follow the executive's progress on the engagement's page."),
            mine=False,
        )
    return NextStep("")


def next_action(engagement: Engagement, user: "User") -> str:
    """The next step's words alone (see ``next_step``)."""
    return next_step(engagement, user).text
