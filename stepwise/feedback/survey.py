"""The survey form a rater (or the executive, as self) fills in: built from the round's own items
and the answers dict of ``answering.py``, and read back from what a browser posts.

The form is plain HTML fields named after ``answering.field_name``: ``item-<position>``. A scale
item is a set of radio buttons, 1 to 5 or ``na`` ("can't say"); an open question is a textarea.
Reading a post never drops what was typed: a value off the scale or an over-long comment goes
into the answers as it came, so that ``answers_errors`` names it and the page shows it again.
"""

from dataclasses import dataclass, field

from django.http import QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .answering import COMMENT_MAX_CHARS, Answers, field_name
from .models import ItemKind, Round, RoundItem

CANT_SAY = "na"

# The agreement scale, as raters read it: the value posted and its label.
SCALE = (
    ("1", gettext_lazy("Strongly disagree")),
    ("2", gettext_lazy("Disagree")),
    ("3", gettext_lazy("Neither agree nor disagree")),
    ("4", gettext_lazy("Agree")),
    ("5", gettext_lazy("Strongly agree")),
    (CANT_SAY, gettext_lazy("Can't say")),
)


@dataclass
class Question:
    item: RoundItem
    name: str
    value: str  # the checked radio's value ("1".."5", "na") or the comment's text; "" for none
    error: str = ""

    @property
    def is_scale(self) -> bool:
        return self.item.kind == ItemKind.SCALE

    @property
    def limit(self) -> int:
        return COMMENT_MAX_CHARS


@dataclass
class Section:
    title: str
    questions: list[Question] = field(default_factory=list)


def survey_items(round: Round) -> list[RoundItem]:
    return list(round.items.all())


def _shown(item: RoundItem, answers: Answers) -> str:
    key = str(item.position)
    if item.kind == ItemKind.SCALE:
        ratings = answers.get("ratings") or {}
        if key not in ratings:
            return ""
        value = ratings[key]
        return CANT_SAY if value is None else str(value)
    text = (answers.get("comments") or {}).get(key, "")
    return text if isinstance(text, str) else ""


def survey_sections(items: list[RoundItem], answers: Answers, errors: dict[str, str] | None = None) -> list[Section]:
    """The survey as the page shows it: scale items under their competency (in the order each
    competency first appears), then the open questions, each with its answer and any error."""
    errors = errors or {}
    sections: dict[str, Section] = {}
    open_questions = Section(title=_("In your own words"))
    for item in items:
        question = Question(item=item, name=field_name(item), value=_shown(item, answers))
        question.error = errors.get(question.name, "")
        if item.kind == ItemKind.OPEN:
            open_questions.questions.append(question)
            continue
        title = item.competency or _("Behaviours")
        sections.setdefault(title, Section(title=title)).questions.append(question)
    return [*sections.values(), *([open_questions] if open_questions.questions else [])]


def answers_from_post(items: list[RoundItem], post: QueryDict) -> Answers:
    """The answers a posted survey form holds. A rating that is not 1–5 or "can't say" is kept as
    it came (and refused by ``answers_errors`` with a message beside it), never silently dropped."""
    ratings: dict[str, object] = {}
    comments: dict[str, str] = {}
    for item in items:
        name = field_name(item)
        key = str(item.position)
        raw = post.get(name)
        if raw is None:
            continue
        if item.kind == ItemKind.OPEN:
            comments[key] = raw  # line ends as sent (CRLF): counted as fields.js counts them
        elif raw == CANT_SAY:
            ratings[key] = None
        elif raw != "":
            ratings[key] = int(raw) if raw.isdigit() and len(raw) < 4 else raw
    return {"ratings": ratings, "comments": comments}


def answers_without(answers: Answers, errors: dict[str, str]) -> Answers:
    """``answers`` less the fields ``errors`` names: what can be saved while the rest is fixed."""
    refused = {name.removeprefix("item-") for name in errors}
    return {
        part: {key: value for key, value in (answers.get(part) or {}).items() if key not in refused}
        for part in ("ratings", "comments")
    }


def revision_from_post(post: QueryDict) -> int:
    """The draft revision the page was drawn from (0: no draft yet, or none sent)."""
    try:
        return max(int(post.get("revision", "0")), 0)
    except ValueError:
        return 0
