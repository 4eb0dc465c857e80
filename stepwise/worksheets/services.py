"""Step 2 workflows: templates, assigning, autosaving, submitting, sharing, the coach's assessment."""

from datetime import date
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from stepwise.engagements.models import Engagement, Participant
from stepwise.lib.mail import mail_queue
from stepwise.lib.once import submit_once
from stepwise.lib.revisions import revision_claim
from stepwise.users.models import User

from . import content
from .models import Assessment, AssessmentNote, SelfRating, TemplateVersion, Worksheet, WorksheetTemplate
from .schema import clean_answer, missing_required, questions, validate_schema


def templates_install() -> None:
    """Create the built-in templates that are missing (their wording is the seed's)."""
    for slug, name, description, schema in content.BUILTIN_TEMPLATES:
        template, created = WorksheetTemplate.objects.get_or_create(
            slug=slug, defaults={"name": name, "description": description, "is_builtin": True}
        )
        if created:
            TemplateVersion.objects.create(template=template, number=1, schema=schema)


@transaction.atomic
def template_copy(*, template: WorksheetTemplate, user: User, token: UUID | None = None) -> WorksheetTemplate:
    """Copy a template to adapt it; the same button pressed twice (``token``) copies once."""
    return submit_once(
        token=token,
        make=lambda: _template_copy(template, user),
        find=lambda made: WorksheetTemplate.objects.filter(public_id=made, copied_from=template).first(),
    )


def _template_copy(template: WorksheetTemplate, user: User) -> WorksheetTemplate:
    latest = template.versions.order_by("-number").first()
    if latest is None:
        raise ValidationError(_("This template has no questions yet."))
    base = slugify(f"{template.slug}-copy")[:50]
    slug, n = base, 1
    while WorksheetTemplate.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    copy = WorksheetTemplate.objects.create(
        slug=slug,
        name=_("%(name)s (copy)") % {"name": template.name},
        description=template.description,
        copied_from=template,
        created_by=user,
    )
    TemplateVersion.objects.create(template=copy, number=1, schema=latest.schema)
    return copy


@transaction.atomic
def template_update(
    *, template: WorksheetTemplate, name: str, description: str, schema: dict[str, Any]
) -> TemplateVersion:
    """Change a (copied) template. A version already in use is kept: the change becomes a new one."""
    if template.is_builtin:
        raise ValidationError(
            _("The built-in templates carry the seed's wording and are not edited. Copy one and edit the copy.")
        )
    validate_schema(schema)
    template.name = name.strip() or template.name
    template.description = description.strip()
    template.save(update_fields=["name", "description", "updated_at"])
    latest = template.versions.select_for_update().order_by("-number").first()
    if latest is None:
        latest = TemplateVersion.objects.create(template=template, number=1, schema=schema)
    if latest.schema == schema:
        return latest
    if latest.worksheets.exists():
        return TemplateVersion.objects.create(template=template, number=latest.number + 1, schema=schema)
    latest.schema = schema
    latest.save(update_fields=["schema", "updated_at"])
    return latest


@transaction.atomic
def worksheet_assign(
    *,
    engagement: Engagement,
    template: WorksheetTemplate,
    assigned_by: User,
    due_date: date | None,
    token: UUID | None = None,
) -> Worksheet:
    """Give the executive a worksheet to fill in, in the template's current version, and tell
    them by mail. The same form sent twice (``token``) assigns and mails once."""
    return submit_once(
        token=token,
        make=lambda: _worksheet_assign(engagement, template, assigned_by, due_date),
        find=lambda made: Worksheet.objects.filter(engagement=engagement, public_id=made).first(),
    )


def _worksheet_assign(
    engagement: Engagement, template: WorksheetTemplate, assigned_by: User, due_date: date | None
) -> Worksheet:
    version = template.versions.order_by("-number").first()
    if version is None:
        raise ValidationError(_("This template has no questions yet."))
    if due_date is not None and due_date < timezone.localdate():
        raise ValidationError({"due_date": _("The due date is in the past. Choose today or a later day.")})
    if not engagement.participants.filter(role=Participant.Role.EXECUTIVE).exists():
        raise ValidationError(_("Invite the executive before assigning worksheets."))
    worksheet = Worksheet.objects.create(
        engagement=engagement, version=version, assigned_by=assigned_by, due_date=due_date
    )
    # An executive who has not accepted their invitation yet finds the worksheet on joining.
    for executive in engagement.executives():
        mail_queue(
            template="worksheets/email/assigned",
            to=[executive.email],
            context={"person": executive, "worksheet": worksheet, "engagement": engagement, "template": template},
        )
    return worksheet


def answers_clean(schema: dict[str, Any], raw: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """Check each answer on its own: the good ones are kept, the others come back with a message."""
    cleaned: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for question in questions(schema):
        key = question["key"]
        if key not in raw:
            continue
        try:
            cleaned[key] = clean_answer(question, raw[key])
        except ValidationError as error:
            errors[key] = error.messages[0]
    return cleaned, errors


def _locked(worksheet: Worksheet, revision: int | None) -> Worksheet:
    """The worksheet, locked, if it may still be changed by a form drawn at ``revision``."""
    current = Worksheet.objects.select_for_update().select_related("version").get(pk=worksheet.pk)
    if not current.is_editable():
        raise ValidationError(
            _(
                "This worksheet was submitted in another window, so this page's changes were not "
                "saved. Reload it to see what was submitted."
            )
        )
    claimed = revision_claim(
        current,
        revision=revision,
        message=_(
            "These answers were saved in another tab or window since this page was opened, so this "
            "page's changes were not saved (they are kept here). Reload the page to see the saved "
            "answers, then add your changes again."
        ),
    )
    current.revision = claimed.revision
    return current


@transaction.atomic
def worksheet_save(
    *, worksheet: Worksheet, raw: dict[str, Any], revision: int | None = None
) -> tuple[Worksheet, dict[str, str]]:
    """Autosave: keep every valid answer now, report the invalid ones. Refused once submitted,
    and (``StaleEdit``) when saved elsewhere since the page's ``revision``; a request without
    a revision (not from the page) is not compared."""
    current = _locked(worksheet, revision)
    cleaned, errors = answers_clean(current.schema, raw)
    current.answers = {**current.answers, **cleaned}
    if current.status == Worksheet.Status.ASSIGNED:
        current.status = Worksheet.Status.IN_PROGRESS
    current.save(update_fields=["answers", "revision", "status", "updated_at"])
    return current, errors


@transaction.atomic
def worksheet_submit(
    *, worksheet: Worksheet, raw: dict[str, Any], revision: int | None = None
) -> tuple[Worksheet, dict[str, str]]:
    """Save, then submit if every answer is valid and every required one is given."""
    current = _locked(worksheet, revision)
    cleaned, errors = answers_clean(current.schema, raw)
    current.answers = {**current.answers, **cleaned}
    errors = {**missing_required(current.schema, current.answers), **errors}
    if errors:
        if current.status == Worksheet.Status.ASSIGNED:
            current.status = Worksheet.Status.IN_PROGRESS
        current.save(update_fields=["answers", "revision", "status", "updated_at"])
        return current, errors
    now = timezone.now()
    current.status = Worksheet.Status.SUBMITTED
    current.submitted_at = now
    current.reopen_allowed = False
    current.save()
    SelfRating.objects.bulk_create(
        SelfRating(
            engagement=current.engagement,
            worksheet=current,
            question_key=question["key"],
            label=question["label"],
            value=current.answers[question["key"]],
            recorded_at=now,
        )
        for question in questions(current.schema)
        if question["type"] == "rating" and current.answers.get(question["key"]) is not None
    )
    engagement = current.engagement
    mail_queue(
        template="worksheets/email/submitted",
        to=[engagement.coach.email],
        context={"person": engagement.coach, "worksheet": current, "engagement": engagement},
    )
    return current, {}


@transaction.atomic
def worksheet_allow_reopen(*, worksheet: Worksheet, allowed: bool) -> Worksheet:
    if worksheet.status != Worksheet.Status.SUBMITTED:
        raise ValidationError(_("Only a submitted worksheet can be reopened."))
    worksheet.reopen_allowed = allowed
    worksheet.save(update_fields=["reopen_allowed", "updated_at"])
    return worksheet


@transaction.atomic
def worksheet_reopen(*, worksheet: Worksheet) -> Worksheet:
    worksheet = Worksheet.objects.select_for_update().get(pk=worksheet.pk)
    if worksheet.status != Worksheet.Status.SUBMITTED:
        raise ValidationError(_("This worksheet is open already."))
    if not worksheet.reopen_allowed:
        raise ValidationError(
            _("Your coach has not allowed changes to this worksheet. Ask them if you want to change your answers.")
        )
    worksheet.status = Worksheet.Status.IN_PROGRESS
    worksheet.submitted_at = None
    worksheet.reopen_allowed = False
    worksheet.shared_with_sponsor = False
    worksheet.save()
    worksheet.ratings.all().delete()  # recorded again when it is submitted again
    return worksheet


@transaction.atomic
def worksheet_share(*, worksheet: Worksheet, shared: bool) -> Worksheet:
    if shared and worksheet.status != Worksheet.Status.SUBMITTED:
        raise ValidationError(_("Submit the worksheet before sharing it with the sponsor."))
    worksheet.shared_with_sponsor = shared
    worksheet.save(update_fields=["shared_with_sponsor", "updated_at"])
    return worksheet


ASSESSMENT_FIELDS = (
    "organisation_situation",
    "strengths",
    "gaps",
    "team_pain_points",
    "challenges",
    "shared_with_executive",
)


@transaction.atomic
def assessment_save(
    *,
    engagement: Engagement,
    author: User,
    revision: int,
    values: dict[str, Any],
    notes: str | None = None,
    notes_revision: int | None = None,
) -> Assessment:
    """Save the coach's assessment and, given ``notes``, the author's own private notes on it,
    refusing (``StaleEdit``, nothing saved) when either was saved elsewhere in between."""
    assessment, _created = Assessment.objects.get_or_create(engagement=engagement, defaults={"author": author})
    assessment = revision_claim(
        assessment,
        revision=revision,
        message=_(
            "The assessment was saved elsewhere while you edited it. Your text is kept below: compare, then save again."
        ),
    )
    for name in ASSESSMENT_FIELDS:
        if name in values:
            setattr(assessment, name, values[name])
    assessment.full_clean()
    assessment.save()
    if notes is not None:
        note, _created = AssessmentNote.objects.get_or_create(assessment=assessment, author=author)
        note = revision_claim(
            note,
            revision=notes_revision,
            message=_(
                "Your private notes were saved in another window while you edited them. Your text is kept "
                "below: compare, then save again."
            ),
        )
        note.text = notes
        note.full_clean()
        note.save()
    return assessment
