"""Step 1 workflows: draft, open for signature, sign, acknowledge, new version."""

import unicodedata
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from stepwise.engagements.access import roles_in
from stepwise.engagements.models import Engagement, Participant
from stepwise.lib.mail import mail_queue
from stepwise.lib.once import submit_once
from stepwise.lib.revisions import revision_claim
from stepwise.users.models import User

from .document import agreement_text
from .models import Agreement, AgreementTemplate, Signature, signer_role, text_hash


def _template_builtin() -> AgreementTemplate:
    template = AgreementTemplate.objects.filter(is_builtin=True).first()
    return template or AgreementTemplate(name="Built-in", is_builtin=True)


@transaction.atomic
def agreement_start(
    *, engagement: Engagement, template: AgreementTemplate | None = None, token: UUID | None = None
) -> Agreement:
    """Start the engagement's agreement, or its next version from the latest one. The same
    button pressed twice (``token``) starts one version and leads both presses to it."""
    return submit_once(
        token=token,
        make=lambda: _agreement_start(engagement, template),
        find=lambda made: Agreement.objects.filter(engagement=engagement, public_id=made).first(),
    )


def _agreement_start(engagement: Engagement, template: AgreementTemplate | None) -> Agreement:
    engagement = Engagement.objects.select_for_update().get(pk=engagement.pk)
    latest = engagement.agreements.order_by("-version").first()
    if latest is not None and latest.status in (Agreement.Status.DRAFT, Agreement.Status.OPEN):
        raise ValidationError(
            _("Version %(v)s is still being prepared or signed: finish it, or change it, before starting another.")
            % {"v": latest.version}
        )
    source = latest if latest is not None else (template or _template_builtin())
    agreement = Agreement(
        engagement=engagement, version=(latest.version + 1) if latest else 1, **source.content_values()
    )
    agreement.full_clean()
    try:
        with transaction.atomic():
            agreement.save()
    except IntegrityError:
        raise ValidationError(_("Someone started a new version a moment ago. Reload the page to see it.")) from None
    return agreement


@transaction.atomic
def agreement_update(*, agreement: Agreement, revision: int, values: dict[str, Any]) -> Agreement:
    """Save the coach's edits to a draft, refusing if someone else saved in between."""
    current = Agreement.objects.select_for_update().get(pk=agreement.pk)
    if not current.is_editable():
        raise ValidationError(
            _("This version is no longer a draft, so it cannot be edited. Start a new version to change it.")
        )
    current = revision_claim(
        current,
        revision=revision,
        message=_(
            "Someone saved this draft while you were editing it. Your text is kept below: "
            "compare it with the current draft, then save again."
        ),
    )
    for name, value in values.items():
        if name in Agreement.CONTENT_FIELDS:
            setattr(current, name, value)
    current.full_clean()
    current.save()
    return current


@transaction.atomic
def agreement_open(*, agreement: Agreement) -> Agreement:
    """Freeze the draft's text, hash it, and ask everyone to sign or acknowledge."""
    agreement = (
        Agreement.objects.select_for_update()
        .select_related("engagement__coach", "engagement__organisation")
        .get(pk=agreement.pk)
    )
    if agreement.status != Agreement.Status.DRAFT:
        raise ValidationError(_("Only a draft can be sent for signature."))
    if not agreement.engagement.participants.filter(role=Participant.Role.EXECUTIVE).exists():
        raise ValidationError(_("Invite the executive before sending the agreement for signature."))
    agreement.text = agreement_text(agreement)
    agreement.text_hash = text_hash(agreement.text)
    agreement.status = Agreement.Status.OPEN
    agreement.opened_at = timezone.now()
    agreement.save()
    # Those who have not accepted their invitation yet find the agreement waiting when they join.
    engagement = agreement.engagement
    recipients = engagement.executives() + engagement.sponsors()
    for person in recipients:
        mail_queue(
            template="agreements/email/ready",
            to=[person.email],
            context={"person": person, "agreement": agreement, "engagement": agreement.engagement},
        )
    return agreement


@transaction.atomic
def agreement_reopen(*, agreement: Agreement) -> Agreement:
    """Take an agreement nobody has signed yet back to draft for more editing."""
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    if agreement.status != Agreement.Status.OPEN:
        raise ValidationError(_("Only an agreement awaiting signatures can go back to draft."))
    if agreement.signatures.exists():
        raise ValidationError(_("Someone has already signed this version. Start a new version to change it."))
    agreement.status = Agreement.Status.DRAFT
    agreement.text = ""
    agreement.text_hash = ""
    agreement.opened_at = None
    agreement.revision += 1
    agreement.save()
    return agreement


@transaction.atomic
def agreement_sign(*, agreement: Agreement, signer: User, typed_name: str, seen_hash: str) -> Signature:
    """Record a signature (or a sponsor's acknowledgement) over the exact text the signer saw."""
    agreement = (
        Agreement.objects.select_for_update()
        .select_related("engagement__coach", "engagement__organisation")
        .get(pk=agreement.pk)
    )
    if agreement.status == Agreement.Status.SUPERSEDED:
        raise ValidationError(_("This version has been replaced by a newer one. Open the current version to sign it."))
    if agreement.status == Agreement.Status.DRAFT:
        raise ValidationError(_("This agreement is still a draft. The coach sends it for signature when it is ready."))
    if seen_hash != agreement.text_hash:
        raise ValidationError(_("The text changed after you opened it. Read the current text, then sign again."))
    role = signer_role(roles_in(agreement.engagement, signer))
    if role is None:
        raise ValidationError(_("Only the executive, the coach and the sponsors sign this agreement."))
    if agreement.signatures.filter(signer=signer, role=role).exists():
        raise ValidationError(_("You have already signed this version; there is nothing more to do."))
    if not typed_name.strip():
        raise ValidationError({"typed_name": _("Type your full name to sign.")})
    if not signing_name_matches(typed_name=typed_name, signer=signer):
        raise ValidationError(
            {
                "typed_name": _(
                    "The name you typed is not the name on your account. Type it as it appears there: %(name)s "
                    "(capitals and spacing do not matter)."
                )
                % {"name": signing_name(signer)}
            }
        )
    if agreement.status == Agreement.Status.SIGNED and role != Signature.Role.SPONSOR:
        raise ValidationError(_("This version is already signed by all."))
    signature = Signature.objects.create(
        agreement=agreement,
        signer=signer,
        role=role,
        typed_name=typed_name.strip(),
        text_hash=agreement.text_hash,
        signed_at=timezone.now(),
    )
    if agreement.status == Agreement.Status.OPEN and _everyone_signed(agreement):
        _agreement_complete(agreement)
    return signature


def signing_name(signer: User) -> str:
    """The name a signer types to sign: the one on their account."""
    return signer.full_name or signer.email


def _name_key(name: str) -> str:
    # NFKC folds look-alike forms (full-width letters, ligatures); casefold and collapsing runs of
    # whitespace let "erin  EXECUTIVE" match "Erin Executive" but never another person's name.
    return " ".join(unicodedata.normalize("NFKC", name).casefold().split())


def signing_name_matches(*, typed_name: str, signer: User) -> bool:
    """Whether the typed name is the signer's name on the account, ignoring case and spacing."""
    return _name_key(typed_name) == _name_key(signing_name(signer))


def _everyone_signed(agreement: Agreement) -> bool:
    """The coach, the executive and every sponsor named in the text (those on the engagement
    when it was sent) have signed or acknowledged. A sponsor added later may acknowledge, but
    is not waited for: the text they would acknowledge does not name them."""
    signed = set(agreement.signatures.values_list("signer_id", "role"))
    needed: set[tuple[int, str]] = {(agreement.engagement.coach_id, Signature.Role.COACH)}
    named = agreement.engagement.participants.filter(created_at__lte=agreement.opened_at)
    needed |= {(p.user_id, p.role) for p in named}
    return needed <= signed


def _agreement_complete(agreement: Agreement) -> None:
    agreement.engagement.agreements.filter(status=Agreement.Status.SIGNED).update(status=Agreement.Status.SUPERSEDED)
    agreement.status = Agreement.Status.SIGNED
    agreement.signed_at = timezone.now()
    agreement.save(update_fields=["status", "signed_at", "updated_at"])
    engagement = agreement.engagement
    if engagement.status == Engagement.Status.SETTING_UP:
        engagement.status = Engagement.Status.ACTIVE
        engagement.save(update_fields=["status", "updated_at"])
    everyone = [engagement.coach, *engagement.executives(), *engagement.sponsors()]
    for person in everyone:
        mail_queue(
            template="agreements/email/signed",
            to=[person.email],
            context={"person": person, "agreement": agreement, "engagement": engagement},
        )
