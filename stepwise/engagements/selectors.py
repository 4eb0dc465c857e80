"""Reads for lists and trackers: one query per page whatever the number of engagements."""

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.apps import apps
from django.db.models import Exists, OuterRef, Prefetch, QuerySet

from .models import Engagement, Participant, Step

if TYPE_CHECKING:
    from stepwise.users.models import User


def engagements_with_progress(queryset: QuerySet[Engagement]) -> QuerySet[Engagement]:
    """Annotate the facts the step tracker derives the current step from."""
    agreement = apps.get_model("agreements", "Agreement")
    worksheet = apps.get_model("worksheets", "Worksheet")
    assessment = apps.get_model("worksheets", "Assessment")
    return queryset.annotate(
        agreement_signed=Exists(agreement.objects.filter(engagement=OuterRef("pk"), status=agreement.Status.SIGNED)),
        # Step 2 is done when the executive has submitted a worksheet and the coach has shared
        # the assessment with them.
        assessment_done=Exists(assessment.objects.filter(engagement=OuterRef("pk"), shared_with_executive=True))
        & Exists(worksheet.objects.filter(engagement=OuterRef("pk"), status=worksheet.Status.SUBMITTED)),
    )


def step_of(engagement: Engagement) -> int:
    """The engagement's current step: the coach's override, else what has been done."""
    if engagement.step_override:
        return engagement.step_override
    if not getattr(engagement, "agreement_signed", False):
        return Step.AGREEMENT
    if getattr(engagement, "assessment_done", False):
        return Step.DEVELOPMENT_PLANNING
    return Step.ASSESSMENT


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
    people = Participant.objects.select_related("user")
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
    is_party = is_coach or any(p.user_id == user.pk for p in engagement.participants.all())
    if not is_party:
        return ""
    if getattr(engagement, "agreement_open", False) and not getattr(engagement, "signed_open", False):
        return _("The agreement is waiting for your signature.")
    if is_coach and not getattr(engagement, "agreement_started", True):
        return _("Draft the coaching agreement.")
    if getattr(engagement, "agreement_open", False):
        return _("Waiting for the others to sign the agreement.")
    return ""
