"""Writes for the practice's questionnaire library: copying one, editing a copy.

The built-in questionnaires (``content.py``) are never edited: a practice copies one and edits
the copy. A round copies its questions when it is made (``services.round_create``), so editing a
questionnaire changes no round, and a copy's items can simply be written again in their new order.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from stepwise.lib.once import submit_once
from stepwise.lib.revisions import StaleEdit, revision_claim

from .models import ItemKind, Questionnaire, QuestionnaireItem

TITLE_MAX = Questionnaire._meta.get_field("title").max_length or 200
TEXT_MAX = QuestionnaireItem._meta.get_field("text").max_length or 400
COMPETENCY_MAX = QuestionnaireItem._meta.get_field("competency").max_length or 120
ITEMS_MAX = 120


@dataclass(frozen=True)
class ItemRow:
    """One question as the edit page sends it, in its new place."""

    text: str
    competency: str = ""
    kind: str = ItemKind.SCALE


def builtin_refused() -> ValidationError:
    return ValidationError(
        _("Built-in questionnaires are not edited. Copy this one and change the copy."), code="built_in"
    )


@transaction.atomic
def questionnaire_copy(*, questionnaire: Questionnaire, token: UUID | None = None) -> Questionnaire:
    """A copy of ``questionnaire`` to edit, its questions in the same order; the same button
    pressed twice (``token``) copies once."""
    return submit_once(
        token=token,
        make=lambda: _copy(questionnaire),
        find=lambda made: Questionnaire.objects.filter(public_id=made, copied_from=questionnaire).first(),
    )


def _copy(questionnaire: Questionnaire) -> Questionnaire:
    title = _("%(title)s (copy)") % {"title": questionnaire.title}
    copy = Questionnaire(
        title=title[:TITLE_MAX],
        description=questionnaire.description,
        kind=questionnaire.kind,
        copied_from=questionnaire,
    )
    copy.full_clean()
    copy.save()
    QuestionnaireItem.objects.bulk_create(
        QuestionnaireItem(
            questionnaire=copy, position=item.position, competency=item.competency, text=item.text, kind=item.kind
        )
        for item in questionnaire.items.order_by("position")
    )
    return copy


def items_errors(items: Sequence[ItemRow]) -> list[str]:
    """What is wrong with the list of questions as a whole (each row's own fields are checked by
    the form, and again below)."""
    if not items:
        return [_("Keep at least one question: a questionnaire without questions cannot be sent.")]
    if len(items) > ITEMS_MAX:
        return [_("Keep to %(max)d questions; this list has %(n)d.") % {"max": ITEMS_MAX, "n": len(items)}]
    return []


@transaction.atomic
def questionnaire_update(
    *, questionnaire: Questionnaire, revision: int, title: str, description: str, items: Sequence[ItemRow]
) -> Questionnaire:
    """Save a copied questionnaire's title, description and questions, in the order given.

    Refused for a built-in one, and with ``StaleEdit`` when it was saved since the form's
    ``revision`` (another tab, another coach) unless it says exactly what is saved (a double submit)."""
    if questionnaire.built_in:
        raise builtin_refused()
    problems = items_errors(items)
    for row in items:
        text = row.text.strip()
        if not text or len(text) > TEXT_MAX or len(row.competency.strip()) > COMPETENCY_MAX:
            problems.append(_("Each question needs its wording, at most %(max)d characters.") % {"max": TEXT_MAX})
            break
        if row.kind not in ItemKind.values:
            problems.append(_("Each question is either rated from 1 to 5 or an open question."))
            break
    if not title.strip():
        raise ValidationError({"title": _("Give the questionnaire a title.")})
    if problems:
        raise ValidationError(problems)
    try:
        current = revision_claim(questionnaire, revision=revision)
    except StaleEdit as stale:
        if _as_saved(stale.current, title=title, description=description, items=items):
            return stale.current  # the same form sent twice (a double click): nothing to refuse
        raise
    current.title = title.strip()
    current.description = description.strip()
    current.full_clean()
    current.save(update_fields=["title", "description", "revision", "updated_at"])
    current.items.all().delete()
    QuestionnaireItem.objects.bulk_create(
        QuestionnaireItem(
            questionnaire=current,
            position=position,
            competency=row.competency.strip(),
            text=row.text.strip(),
            kind=row.kind,
        )
        for position, row in enumerate(items, start=1)
    )
    return current


def _as_saved(saved: Questionnaire, *, title: str, description: str, items: Sequence[ItemRow]) -> bool:
    rows = [(row.competency.strip(), row.text.strip(), row.kind) for row in items]
    return (
        saved.title == title.strip()
        and saved.description == description.strip()
        and list(saved.items.order_by("position").values_list("competency", "text", "kind")) == rows
    )
