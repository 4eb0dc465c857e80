"""Step 1 as the tracker, the next steps and the engagement page read it."""

from collections.abc import Collection
from typing import TYPE_CHECKING, Any

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext

from stepwise.engagements.access import Access, Role
from stepwise.engagements.models import Engagement, Step
from stepwise.engagements.steps import NextStep, Party, State, StepContribution, StepProgress

from .models import Agreement, AgreementTemplate, Signature
from .selectors import agreement_summary

if TYPE_CHECKING:
    from stepwise.users.models import User


class AgreementStep(StepContribution):
    step = Step.AGREEMENT

    def annotations(self, *, user: "User | None" = None) -> dict[str, Any]:
        agreements = Agreement.objects.filter(engagement=OuterRef("pk"))
        return {
            "agreement_signed": Exists(agreements.filter(status=Agreement.Status.SIGNED)),
            "agreement_open": Exists(agreements.filter(status=Agreement.Status.OPEN)),
            "agreement_started": Exists(agreements),
        }

    def personal_annotations(self, *, user: "User") -> dict[str, Any]:
        """Whether this person has signed the version open for signature."""
        # From the engagement to its open agreement, then that agreement's signatures (the
        # (agreement, signer, role) unique index): filtering signatures by signer and joining
        # back made SQLite walk all of the person's signatures for every engagement.
        signed = Signature.objects.filter(agreement=OuterRef("pk"), signer=user)
        open_agreements = Agreement.objects.filter(engagement=OuterRef("pk"), status=Agreement.Status.OPEN)
        return {"signed_open": Exists(open_agreements.filter(Exists(signed)))}

    def progress(self, engagement: Engagement) -> StepProgress:
        if getattr(engagement, "agreement_signed", False):
            return StepProgress(State.DONE)
        if getattr(engagement, "agreement_open", False):
            return StepProgress(State.UNDER_WAY, Party.SIGNERS)
        if getattr(engagement, "agreement_started", False):
            return StepProgress(State.UNDER_WAY, Party.COACH)
        return StepProgress(State.NOT_STARTED, Party.COACH)

    def blocking_step(self, engagement: Engagement, roles: Collection[Role]) -> NextStep | None:
        """Nothing else goes ahead of an agreement waiting for signatures, nor, unless the coach
        moved the engagement on by hand, of one not yet sent."""
        progress = self.progress(engagement)
        if progress.waiting_on == Party.SIGNERS and not getattr(engagement, "signed_open", False):
            if Role.SPONSOR in roles and Role.EXECUTIVE not in roles and Role.COACH not in roles:
                return NextStep(gettext("The agreement is waiting for your acknowledgement."), "agreement")
            return NextStep(gettext("The agreement is waiting for your signature."), "agreement")
        if progress.waiting_on == Party.SIGNERS:
            return NextStep(gettext("Waiting for the others to sign the agreement."), "agreement", mine=False)
        if progress.state != State.DONE and not engagement.step_override:
            if Role.COACH in roles:
                if progress.state == State.NOT_STARTED:
                    return NextStep(gettext("Draft the coaching agreement."), "agreement")
                return NextStep(gettext("Finish the agreement's draft and send it for signature."), "agreement")
            return NextStep(
                gettext("Your coach is preparing the agreement; you will get a mail when it is ready to sign."),
                "agreement",
                mine=False,
            )
        return None

    def summary(self, access: Access) -> dict[str, Any]:
        agreement = agreement_summary(access)
        user_pk = access.user.pk
        return {
            "agreement": agreement,
            "agreement_templates": AgreementTemplate.objects.all() if access.is_coach and agreement is None else [],
            "signed_by_me": bool(agreement and any(s.signer_id == user_pk for s in agreement.signatures.all())),
        }


STEP = AgreementStep()
