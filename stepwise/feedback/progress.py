"""Step 6 (the stakeholder 360) as the tracker, the next steps and the engagement page read it,
and a round's response counts: how many of each group answered, never who answered what."""

from collections.abc import Collection
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext

from stepwise.agreements.models import Agreement
from stepwise.engagements.access import Access, Part, Role
from stepwise.engagements.models import Engagement, Step
from stepwise.engagements.steps import NextStep, Party, State, StepContribution, StepProgress

from .models import RATER_GROUPS, Questionnaire, Rater, ReportVersion, Round

if TYPE_CHECKING:
    from stepwise.users.models import User


@dataclass(frozen=True)
class GroupCount:
    """How many raters of one group (or of all groups: ``group`` empty) were asked and answered."""

    group: str
    label: str
    asked: int
    answered: int
    declined: int


def round_counts(round: Round) -> tuple[list[GroupCount], GroupCount]:
    """Each rater group's counts and the total, in one query. Raters whose link was withdrawn are
    not counted. Nothing here says which rater answered."""
    rows = {
        row["group"]: row
        for row in Rater.objects.filter(round=round)
        .exclude(status=Rater.Status.REVOKED)
        .values("group")
        .annotate(
            asked=Count("pk"),
            answered=Count("pk", filter=Q(answer=Rater.Answer.SUBMITTED)),
            declined=Count("pk", filter=Q(answer=Rater.Answer.DECLINED)),
        )
        .order_by()
    }
    groups = []
    for group in RATER_GROUPS:
        row = rows.get(group.value, {})
        groups.append(
            GroupCount(
                group=group.value,
                label=str(group.label),
                asked=row.get("asked", 0),
                answered=row.get("answered", 0),
                declined=row.get("declined", 0),
            )
        )
    total = GroupCount(
        group="",
        label=gettext("all raters"),
        asked=sum(g.asked for g in groups),
        answered=sum(g.answered for g in groups),
        declined=sum(g.declined for g in groups),
    )
    return groups, total


def _rounds() -> Any:
    return Round.objects.filter(engagement=OuterRef("pk"), kind=Questionnaire.Kind.FEEDBACK_360)


class FeedbackStep(StepContribution):
    step = Step.FEEDBACK_360

    def annotations(self, *, user: "User | None" = None) -> dict[str, Any]:
        rounds = _rounds()
        draft = rounds.filter(status=Round.Status.DRAFT)
        listed = Rater.objects.filter(round=OuterRef("pk")).exclude(status=Rater.Status.REVOKED)
        released = ReportVersion.objects.filter(round=OuterRef("pk"), released_at__isnull=False)
        closed = rounds.filter(status=Round.Status.CLOSED)
        return {
            "round_360_any": Exists(rounds),
            "round_360_unlisted": Exists(draft.filter(~Exists(listed))),
            "round_360_unapproved": Exists(draft.filter(Exists(listed), raters_approved_at__isnull=True)),
            "round_360_approved": Exists(draft.filter(raters_approved_at__isnull=False)),
            "round_360_self_owed": Exists(rounds.filter(status=Round.Status.OPEN, self_answered=False)),
            "round_360_closes_on": Subquery(
                rounds.filter(status=Round.Status.OPEN).order_by("closes_on").values("closes_on")[:1]
            ),
            "round_360_unreleased": Exists(closed.filter(~Exists(released))),
            "round_360_released": Exists(closed.filter(Exists(released))),
            # Where the agreement in force gives the approval of the raters to the sponsor.
            "round_360_sponsor_approves": Subquery(
                Agreement.objects.filter(engagement=OuterRef("pk"), status=Agreement.Status.SIGNED)
                .order_by("-version")
                .values("sponsor_approves_raters")[:1]
            ),
            # Practice step 9: someone who took part in a released round has no follow-up meeting yet.
            # (Spelled out from the rater: an OuterRef inside ``closed`` would point at the rater.)
            "round_360_follow_up_owed": Exists(
                Rater.objects.filter(
                    round__engagement=OuterRef("pk"),
                    round__kind=Questionnaire.Kind.FEEDBACK_360,
                    round__status=Round.Status.CLOSED,
                    answer=Rater.Answer.SUBMITTED,
                    follow_up__met_on__isnull=True,
                ).filter(Exists(ReportVersion.objects.filter(round=OuterRef("round"), released_at__isnull=False)))
            ),
        }

    def progress(self, engagement: Engagement) -> StepProgress:
        running = getattr(engagement, "round_360_closes_on", None) is not None
        if getattr(engagement, "round_360_released", False) and not running and not self._coach_owes(engagement):
            return StepProgress(State.DONE)
        if not getattr(engagement, "round_360_any", False):
            return StepProgress(State.NOT_STARTED)
        if getattr(engagement, "round_360_unlisted", False):
            return StepProgress(State.UNDER_WAY, Party.EXECUTIVE)
        if getattr(engagement, "round_360_unapproved", False) and getattr(
            engagement, "round_360_sponsor_approves", False
        ):
            return StepProgress(State.UNDER_WAY, Party.SPONSOR)
        return StepProgress(State.UNDER_WAY, Party.COACH if self._coach_owes(engagement) else Party.NOBODY)

    def _coach_owes(self, engagement: Engagement) -> bool:
        """Whether a round waits on the coach: to approve its raters, open it, close it once its
        closing date has come, or release its report."""
        closes_on = getattr(engagement, "round_360_closes_on", None)
        approves = not getattr(engagement, "round_360_sponsor_approves", False)
        return (
            (closes_on is not None and closes_on <= timezone.localdate())
            or (approves and getattr(engagement, "round_360_unapproved", False))
            or any(getattr(engagement, name, False) for name in ("round_360_approved", "round_360_unreleased"))
        )

    def next_step(self, engagement: Engagement, roles: Collection[Role], current: Step) -> NextStep | None:
        # A 360 runs beside the sessions of step 5, so its next steps do not wait for step 6.
        sponsor_approves = bool(getattr(engagement, "round_360_sponsor_approves", False))
        if Role.SPONSOR in roles and sponsor_approves and getattr(engagement, "round_360_unapproved", False):
            return NextStep(gettext("Approve the list of raters of the 360 round."), "rater_approval")
        if Role.COACH in roles:
            closes_on = getattr(engagement, "round_360_closes_on", None)
            if getattr(engagement, "round_360_unapproved", False) and not sponsor_approves:
                return NextStep(gettext("Approve the raters of the 360 round."), "feedback")
            # A round opens only under an agreement in force; until then step 1 says what is next.
            if getattr(engagement, "round_360_approved", False) and getattr(engagement, "agreement_signed", False):
                return NextStep(gettext("Open the 360 round: the raters get their links."), "feedback")
            if closes_on is not None and closes_on <= timezone.localdate():
                return NextStep(gettext("Close the 360 round: its closing date has come."), "feedback")
            if getattr(engagement, "round_360_unreleased", False):
                return NextStep(gettext("Read the 360 report and release it to the executive."), "feedback")
        if Role.EXECUTIVE in roles:
            if getattr(engagement, "round_360_unlisted", False):
                return NextStep(gettext("Nominate your raters for the 360."), "feedback")
            if getattr(engagement, "round_360_self_owed", False):
                return NextStep(gettext("Answer the 360 questionnaire about yourself."), "feedback")
            if getattr(engagement, "round_360_follow_up_owed", False):
                return NextStep(
                    gettext("Meet each person who took part in your 360 to thank them, and record it."), "feedback"
                )
        return None

    def summary(self, access: Access) -> dict[str, Any]:
        if access.is_sponsor and access.can_read(Part.RATER_APPROVAL):
            waiting = (
                Round.objects.filter(engagement=access.engagement, kind=Questionnaire.Kind.FEEDBACK_360)
                .exclude(status=Round.Status.CLOSED)
                .filter(raters_approved_at__isnull=True, raters__isnull=False)
                .distinct()
                .order_by("-created_at")
                .first()
            )
            if waiting is not None:
                return {"rater_approval": waiting}
        if not access.can_read(Part.ROUNDS):
            return {}
        latest = (
            Round.objects.filter(engagement=access.engagement, kind=Questionnaire.Kind.FEEDBACK_360)
            .order_by("-created_at")
            .first()
        )
        if latest is None:
            return {"step6": {"round": None}}
        _groups, total = round_counts(latest)
        return {"step6": {"round": latest, "total": total}}


STEP = FeedbackStep()
