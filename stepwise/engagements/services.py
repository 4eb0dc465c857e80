"""Workflows that set up an engagement and the people in it."""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from uuid import UUID

from auditlog.context import disable_auditlog
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from stepwise.lib.mail import mail_queue
from stepwise.lib.once import submit_once
from stepwise.lib.revisions import revision_claim
from stepwise.users.models import Invitation, User
from stepwise.users.services import invitation_send, user_get_or_create

from .models import Engagement, Organisation, Participant, Stakeholder


@transaction.atomic
def organisation_create(*, name: str, token: UUID | None = None) -> Organisation:
    """Add a client organisation. The same form sent twice adds it once (``token``)."""

    def make() -> Organisation:
        organisation = Organisation(name=name.strip())
        exists = ValidationError({"name": _("%(name)s exists already.") % {"name": organisation.name}})
        # The database's unique name is case-sensitive; "acme" beside "Acme" would be two clients.
        if Organisation.objects.filter(name__iexact=organisation.name).exists():
            raise exists
        organisation.full_clean()
        try:
            with transaction.atomic():
                organisation.save()
        except IntegrityError:  # someone else added it a moment ago
            raise exists from None
        return organisation

    return submit_once(token=token, make=make, find=lambda made: Organisation.objects.filter(public_id=made).first())


@transaction.atomic
def engagement_create(
    *,
    coach: User,
    organisation: Organisation | None = None,
    new_organisation: str = "",
    title: str,
    start_date: date,
    planned_months: int,
    executive_name: str,
    executive_email: str,
    sponsor_name: str = "",
    sponsor_email: str = "",
    token: UUID | None = None,
) -> Engagement:
    """Create the engagement (and its organisation, when ``new_organisation`` names one) and
    invite its executive and a first sponsor by mail. All or nothing: a refused invitation
    leaves no organisation or engagement behind. The same form sent twice creates (and
    invites) once: the repeat returns the first's engagement."""
    return submit_once(
        token=token,
        make=lambda: _engagement_make(
            coach=coach,
            organisation=organisation,
            new_organisation=new_organisation,
            title=title,
            start_date=start_date,
            planned_months=planned_months,
            executive_name=executive_name,
            executive_email=executive_email,
            sponsor_name=sponsor_name,
            sponsor_email=sponsor_email,
        ),
        find=lambda made: Engagement.objects.filter(coach=coach, public_id=made).first(),
    )


def _engagement_make(
    *,
    coach: User,
    organisation: Organisation | None,
    new_organisation: str,
    title: str,
    start_date: date,
    planned_months: int,
    executive_name: str,
    executive_email: str,
    sponsor_name: str,
    sponsor_email: str,
) -> Engagement:
    if organisation is None:
        # Checked here, after the one-time token, not in the form: a repeat of the request
        # that added it is answered as the first was.
        if Organisation.objects.filter(name__iexact=new_organisation.strip()).exists():
            raise ValidationError(
                {"new_organisation": _("This organisation exists already: choose it in the list above.")}
            )
        with _errors_on("new_organisation", source="name"):
            organisation = organisation_create(name=new_organisation)
    engagement = Engagement(
        coach=coach,
        organisation=organisation,
        title=title.strip(),
        start_date=start_date,
        planned_months=planned_months,
    )
    engagement.full_clean()
    engagement.save()
    with _errors_on("executive_email"):
        participant_invite(
            engagement=engagement,
            invited_by=coach,
            full_name=executive_name,
            email=executive_email,
            role=Participant.Role.EXECUTIVE,
        )
    if sponsor_email:
        with _errors_on("sponsor_email"):
            participant_invite(
                engagement=engagement,
                invited_by=coach,
                full_name=sponsor_name,
                email=sponsor_email,
                role=Participant.Role.SPONSOR,
            )
    return engagement


@contextmanager
def _errors_on(field: str, *, source: str = "email") -> Iterator[None]:
    """Report a problem with ``source`` (a person's address, a name) beside the form field ``field``."""
    try:
        yield
    except ValidationError as error:
        if hasattr(error, "error_dict") and source in error.error_dict:
            raise ValidationError({field: error.error_dict[source]}) from None
        raise


@transaction.atomic
def participant_invite(
    *, engagement: Engagement, invited_by: User, full_name: str, email: str, role: str, token: UUID | None = None
) -> Participant:
    """Add a person to the engagement in ``role`` and mail them an invitation (once per form: ``token``)."""
    return submit_once(
        token=token,
        make=lambda: _participant_make(
            engagement=engagement, invited_by=invited_by, full_name=full_name, email=email, role=role
        ),
        find=lambda made: engagement.participants.filter(public_id=made).first(),
    )


def _participant_make(
    *, engagement: Engagement, invited_by: User, full_name: str, email: str, role: str
) -> Participant:
    if engagement.coach.email.lower() == email.strip().lower():
        raise ValidationError({"email": _("This is the coach's own address. Invite the executive or a sponsor.")})
    if role == Participant.Role.EXECUTIVE and engagement.participants.filter(role=role).exists():
        raise ValidationError({"role": _("This engagement already has its executive. Invite a sponsor instead.")})
    user = user_get_or_create(email=email, full_name=full_name)
    if engagement.participants.filter(user=user).exists():
        raise ValidationError({"email": _("This person is already part of the engagement.")})
    try:
        with transaction.atomic():
            participant = Participant.objects.create(engagement=engagement, user=user, role=role)
    except IntegrityError:
        raise ValidationError(
            {"email": _("This person was added a moment ago. Reload the page to see them.")}
        ) from None
    invitation_send(
        user=user,
        invited_by=invited_by,
        participant=participant,
    )
    return participant


@transaction.atomic
def participant_reinvite(*, participant: Participant, invited_by: User) -> Invitation:
    if participant.joined_at is not None:
        raise ValidationError(
            _("%(name)s has already joined; there is nothing to resend.") % {"name": participant.user}
        )
    return invitation_send(
        user=participant.user,
        invited_by=invited_by,
        participant=participant,
    )


@transaction.atomic
def stakeholder_save(
    *,
    engagement: Engagement,
    name: str,
    email: str,
    relationship: str,
    stakeholder: Stakeholder | None = None,
    token: UUID | None = None,
    revision: int | None = None,
) -> Stakeholder:
    """Add a key stakeholder (once per form: ``token``), or change one when ``stakeholder`` is
    given: refused with ``StaleEdit`` when it was saved since the form's ``revision``."""
    if stakeholder is not None:
        current = revision_claim(stakeholder, revision=revision)
        return _stakeholder_write(engagement, current, name=name, email=email, relationship=relationship)
    return submit_once(
        token=token,
        make=lambda: _stakeholder_write(
            engagement, Stakeholder(engagement=engagement), name=name, email=email, relationship=relationship
        ),
        find=lambda made: engagement.stakeholders.filter(public_id=made).first(),
    )


def _stakeholder_write(
    engagement: Engagement, stakeholder: Stakeholder, *, name: str, email: str, relationship: str
) -> Stakeholder:
    stakeholder.name = name.strip()
    stakeholder.email = email.strip().lower()
    stakeholder.relationship = relationship
    duplicate = ValidationError({"email": _("A stakeholder with this email is already on the list.")})
    # Checked before full_clean(), whose generic unique-constraint message names no field.
    if engagement.stakeholders.filter(email=stakeholder.email).exclude(pk=stakeholder.pk).exists():
        raise duplicate
    stakeholder.full_clean()
    try:
        with transaction.atomic():
            stakeholder.save()
    except IntegrityError:
        raise duplicate from None
    return stakeholder


@transaction.atomic
def stakeholder_remove(*, stakeholder: Stakeholder) -> None:
    stakeholder.delete()


@transaction.atomic
def engagement_facts_save(
    *, engagement: Engagement, revision: int | None, title: str, start_date: date, planned_months: int, status: str
) -> Engagement:
    """Change the engagement's facts; refused with ``StaleEdit`` when someone saved them since
    the form's ``revision`` (the coach and the practice admin may both edit them)."""
    if status == Engagement.Status.CLOSED:
        raise ValidationError({"status": _("Close the engagement with “Close the engagement” on its page.")})
    current = revision_claim(engagement, revision=revision)
    current.title = title.strip()
    current.start_date = start_date
    current.planned_months = planned_months
    current.status = status
    current.full_clean()
    current.save()
    return current


@transaction.atomic
def engagement_set_step(*, engagement: Engagement, step: int | None) -> Engagement:
    """The coach's override of the derived step; ``None`` goes back to the derived one."""
    engagement.step_override = step
    engagement.full_clean()
    engagement.save(update_fields=["step_override", "updated_at"])
    return engagement


@transaction.atomic
def engagement_reassign_coach(*, engagement: Engagement, new_coach: User, by: User) -> Engagement:
    """Hand the engagement to another coach of the practice (a practice admin's task).

    The change is in the audit trail under ``by``; the executive and both coaches are told by
    mail. What the previous coach wrote for themselves stays theirs: private notes are read back
    by their author only, so the new coach does not see them (and starts their own)."""
    engagement = Engagement.objects.select_for_update().select_related("coach").get(pk=engagement.pk)
    if not by.is_practice_admin:
        raise ValidationError(_("Only a practice admin hands an engagement to another coach."))
    refused = _coach_refused(engagement, new_coach)
    if refused:
        raise ValidationError({"new_coach": refused})
    previous = engagement.coach
    engagement.coach = new_coach
    engagement.full_clean()
    # Written here rather than by auditlog's save signal, so the entry names the people and the
    # operator who acted whether or not a request is behind the call (a command, a test).
    with disable_auditlog():
        engagement.save(update_fields=["coach", "updated_at"])
    LogEntry.objects.log_create(
        engagement,
        force_log=True,
        action=LogEntry.Action.UPDATE,
        changes={"coach": [str(previous), str(new_coach)]},
        actor=by,
    )
    for person in [*engagement.executives(), previous, new_coach]:
        mail_queue(
            template="engagements/email/coach_reassigned",
            to=[person.email],
            context={"person": person, "engagement": engagement, "previous": previous, "new_coach": new_coach},
        )
    return engagement


def _coach_refused(engagement: Engagement, user: User) -> str:
    """Why ``user`` cannot coach ``engagement``, in words that say what to do; empty if they can."""
    if not (user.is_coach and user.is_active):
        return _("%(name)s is not a coach of the practice. Choose one of the coaches listed.") % {"name": user}
    if user.pk == engagement.coach_id:
        return _("%(name)s already coaches this engagement. Choose another coach.") % {"name": user}
    if engagement.participants.filter(user=user).exists():
        return _("%(name)s takes part in this engagement as its executive or a sponsor, so cannot coach it.") % {
            "name": user
        }
    return ""
