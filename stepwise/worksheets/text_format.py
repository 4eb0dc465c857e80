"""A worksheet template as plain text, so a coach can edit a copy in one text box.

    # Section title
    long* What are your expectations?
    list:3* What are the three biggest changes you would like to make?
    rating:1-10* How willing are you to do what it takes?
    choice What suits you best? | Mornings | Afternoons
    group:1* VALUE
      short Value
      long How do you want your Colleagues to FEEL?
    guidance Great Goals are: | Outcome focused. | Stated in the positive.

A line is ``type[:option][*] wording``; ``*`` marks a required question; indented lines are
the fields of the group above. Questions keep their keys when their wording is unchanged,
so self-ratings stay comparable across versions.
"""

import re
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.text import slugify
from django.utils.translation import gettext as _

from .schema import validate_schema

LINE = re.compile(r"^(?P<type>[a-z]+)(?::(?P<option>[0-9-]+))?(?P<required>\*)?\s+(?P<label>.+)$")


def schema_to_text(schema: dict[str, Any]) -> str:
    lines: list[str] = []
    for section in schema.get("sections", []):
        if lines:
            lines.append("")
        lines.append(f"# {section.get('title', '')}")
        for q in section.get("questions", []):
            kind, star = q["type"], "*" if q.get("required") else ""
            if kind == "guidance":
                lines.append(" | ".join([f"guidance {q['label']}", *q.get("items", [])]))
            elif kind == "list":
                lines.append(f"list:{q.get('count', 3)}{star} {q['label']}")
            elif kind == "rating":
                lines.append(f"rating:{q.get('min', 1)}-{q.get('max', 10)}{star} {q['label']}")
            elif kind == "choice":
                lines.append(" | ".join([f"choice{star} {q['label']}", *q.get("choices", [])]))
            elif kind == "group":
                lines.append(f"group:{q.get('min_rows', 1)}{star} {q['label']}")
                lines.extend(f"  {f['type']} {f['label']}" for f in q.get("fields", []))
            else:
                lines.append(f"{kind}{star} {q['label']}")
    return "\n".join(lines) + "\n"


def _key(label: str, taken: set[str], known: dict[str, str]) -> str:
    if label in known and known[label] not in taken:
        return known[label]
    base = slugify(label)[:40].replace("-", "_") or "question"
    key, n = base, 1
    while key in taken:
        n += 1
        key = f"{base}_{n}"
    return key


def text_to_schema(text: str, previous: dict[str, Any] | None = None) -> dict[str, Any]:
    """Parse the text; raise ValidationError naming the line to fix."""
    old_sections = (previous or {}).get("sections", [])
    known = {q["label"]: q["key"] for s in old_sections for q in s.get("questions", [])}
    known_fields = {
        f["label"]: f["key"] for s in old_sections for q in s.get("questions", []) for f in q.get("fields", [])
    }
    section_keys = {s.get("title"): s.get("key") for s in old_sections}
    known_help = {q["label"]: q["help"] for s in old_sections for q in s.get("questions", []) if q.get("help")}
    sections: list[dict[str, Any]] = []
    taken: set[str] = set()
    group: dict[str, Any] | None = None
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        if raw.startswith("#"):
            title = raw.lstrip("#").strip()
            sections.append(
                {"key": section_keys.get(title) or f"s{len(sections) + 1}", "title": title, "questions": []}
            )
            group = None
            continue
        if not sections:
            raise ValidationError(_("Line %(n)s: start with a section title, a line beginning with #.") % {"n": number})
        indented = raw.startswith((" ", "\t"))
        match = LINE.match(raw.strip())
        if match is None:
            raise ValidationError(
                _("Line %(n)s: write the type, then the wording, as in “long* What do you expect?”.") % {"n": number}
            )
        kind, option, label = match["type"], match["option"], match["label"].strip()
        if indented:
            if group is None or kind not in ("short", "long"):
                raise ValidationError(
                    _("Line %(n)s: only short or long fields can be indented, under a group.") % {"n": number}
                )
            field_key = known_fields.get(label) or slugify(label)[:40].replace("-", "_") or f"f{len(group['fields'])}"
            group["fields"].append({"key": field_key, "type": kind, "label": label})
            continue
        parts = [p.strip() for p in label.split("|")]
        question: dict[str, Any] = {"type": kind, "label": parts[0]}
        if match["required"]:
            question["required"] = True
        try:
            if kind == "list":
                question["count"] = int(option or 3)
            elif kind == "rating":
                low, _sep, high = (option or "1-10").partition("-")
                question["min"], question["max"] = int(low), int(high or 10)
            elif kind == "group":
                question["min_rows"] = int(option or 1)
                question["fields"] = []
        except ValueError:
            raise ValidationError(_("Line %(n)s: the number after the colon is not right.") % {"n": number}) from None
        if kind == "choice":
            question["choices"] = parts[1:]
        if kind == "guidance":
            question["items"] = parts[1:]
        if question["label"] in known_help:
            question["help"] = known_help[question["label"]]
        question["key"] = _key(question["label"], taken, known)
        taken.add(question["key"])
        sections[-1]["questions"].append(question)
        group = question if kind == "group" else None
    schema = {"sections": sections}
    validate_schema(schema)
    return schema
