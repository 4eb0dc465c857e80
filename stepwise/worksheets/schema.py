"""Worksheet schemas: walking their questions, and checking answers against them."""

from collections.abc import Iterator
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

SHORT_MAX = 300
LONG_MAX = 5000
ITEM_MAX = 500
MAX_GROUP_ROWS = 30
ANSWERED_TYPES = {"short", "long", "list", "rating", "choice", "date", "group"}


def questions(schema: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Every answerable question, in order (guidance blocks are skipped)."""
    for section in schema.get("sections", []):
        for question in section.get("questions", []):
            if question.get("type") in ANSWERED_TYPES:
                yield question


def question_count(schema: dict[str, Any]) -> int:
    return sum(1 for _ in questions(schema))


def _text(value: Any, limit: int) -> str:
    text = "" if value is None else str(value).strip()
    if len(text) > limit:
        raise ValidationError(over_limit_message(len(text), limit))
    return text


def over_limit_message(length: int, limit: int) -> str:
    """What to say of a text longer than its field allows: by how much, and what to do."""
    over = length - limit
    return ngettext(
        "%(over)s character over the limit of %(limit)s: shorten it.",
        "%(over)s characters over the limit of %(limit)s: shorten it.",
        over,
    ) % {
        "over": formats.number_format(over, force_grouping=True),
        "limit": formats.number_format(limit, force_grouping=True),
    }


def clean_answer(question: dict[str, Any], value: Any) -> Any:
    """Check one answer and return it in its stored form; raise ValidationError with what to fix."""
    kind = question["type"]
    if kind == "short":
        return _text(value, SHORT_MAX)
    if kind == "long":
        return _text(value, LONG_MAX)
    if kind == "list":
        items = list(value or [])[: question.get("count", 3)]
        return [_text(item, ITEM_MAX) for item in items]
    if kind == "rating":
        if value in (None, ""):
            return None
        low, high = question.get("min", 1), question.get("max", 10)
        try:
            number = int(value)
        except (TypeError, ValueError):
            raise ValidationError(
                _("Choose a whole number from %(low)s to %(high)s.") % {"low": low, "high": high}
            ) from None
        if not low <= number <= high:
            raise ValidationError(_("Choose a number from %(low)s to %(high)s.") % {"low": low, "high": high})
        return number
    if kind == "choice":
        if value in (None, ""):
            return ""
        if value not in question.get("choices", []):
            raise ValidationError(_("Choose one of the options offered."))
        return value
    if kind == "date":
        if value in (None, ""):
            return None
        if isinstance(value, date):
            return value.isoformat()
        try:
            return date.fromisoformat(str(value)).isoformat()
        except ValueError:
            raise ValidationError(_("Enter a date such as 2027-03-31.")) from None
    if kind == "group":
        rows = list(value or [])
        if len(rows) > MAX_GROUP_ROWS:
            raise ValidationError(_("At most %(n)s entries.") % {"n": MAX_GROUP_ROWS})
        cleaned = []
        for row in rows:
            entry = {
                field["key"]: _text(row.get(field["key"]), SHORT_MAX if field["type"] == "short" else LONG_MAX)
                for field in question["fields"]
            }
            if any(entry.values()):
                cleaned.append(entry)
        return cleaned
    raise ValidationError(_("This question has an unknown type."))


def is_answered(question: dict[str, Any], value: Any) -> bool:
    kind = question["type"]
    if kind == "list":
        return (
            bool(value)
            and all(str(item).strip() for item in value[: question.get("count", 3)])
            and len(value) >= question.get("count", 3)
        )
    if kind == "group":
        return len(value or []) >= question.get("min_rows", 1)
    return value not in (None, "", [])


def missing_required(schema: dict[str, Any], answers: dict[str, Any]) -> dict[str, str]:
    """The required questions left empty, each with the message to show beside it."""
    missing: dict[str, str] = {}
    for question in questions(schema):
        if question.get("required") and not is_answered(question, answers.get(question["key"])):
            if question["type"] == "list":
                missing[question["key"]] = _("Give all %(n)s answers.") % {"n": question.get("count", 3)}
            elif question["type"] == "group":
                missing[question["key"]] = _("Add at least %(n)s.") % {"n": question.get("min_rows", 1)}
            else:
                missing[question["key"]] = _("Answer this question before you submit.")
    return missing


def validate_schema(schema: Any) -> None:
    """Check a template's schema before it is saved."""
    if not isinstance(schema, dict) or not isinstance(schema.get("sections"), list) or not schema["sections"]:
        raise ValidationError(_("A worksheet needs at least one section."))
    seen: set[str] = set()
    for section in schema["sections"]:
        if not str(section.get("title", "")).strip():
            raise ValidationError(_("Every section needs a title."))
        for question in section.get("questions", []):
            kind = question.get("type")
            key = str(question.get("key", ""))
            if kind not in ANSWERED_TYPES | {"guidance"}:
                raise ValidationError(_("Unknown question type “%(t)s”.") % {"t": kind})
            if not key or key in seen:
                raise ValidationError(
                    _("Each question needs its own key; “%(k)s” is missing or repeated.") % {"k": key}
                )
            seen.add(key)
            if not str(question.get("label", "")).strip():
                raise ValidationError(_("Every question needs its wording."))
            if kind == "choice" and not question.get("choices"):
                raise ValidationError(_("A choice question needs its options."))
            if kind == "list" and not 1 <= int(question.get("count", 0)) <= 20:
                raise ValidationError(_("A list asks for 1 to 20 answers."))
            if kind == "rating" and not int(question.get("min", 1)) < int(question.get("max", 10)):
                raise ValidationError(_("A rating's lowest value must be below its highest."))
            if kind == "group" and not question.get("fields"):
                raise ValidationError(_("A repeatable group needs its fields."))
