"""The survey form a rater (or the executive, as self) fills in: built from the round's own items
and the answers dict of ``answering.py``, and read back from what a browser posts.

The form is plain HTML fields named after ``answering.field_name``: ``item-<position>``. A scale
item is a set of radio buttons, 1 to 5 or ``na`` ("can't say"); a mini-survey's change item −3 to
+3 or ``na`` (posted as the change itself, stored offset: ``models.change_stored``), its follow-up
item the four levels 1 to 4; an open question is a textarea.
Reading a post never drops what was typed: a value off the scale or an over-long comment goes
into the answers as it came, so that ``answers_errors`` names it and the page shows it again.
"""

from dataclasses import dataclass, field

from django.http import QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .answering import COMMENT_MAX_CHARS, RATED, Answers, field_name
from .models import CHANGE_MAX, CHANGE_MIN, FollowUpLevel, ItemKind, Round, RoundItem, change_of, change_stored

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
# The mini-survey's change scale: the value posted (the change itself) and its label.
CHANGE_SCALE = (
    ("-3", gettext_lazy("Much less effective")),
    ("-2", gettext_lazy("Less effective")),
    ("-1", gettext_lazy("Slightly less effective")),
    ("0", gettext_lazy("No change")),
    ("1", gettext_lazy("Slightly more effective")),
    ("2", gettext_lazy("More effective")),
    ("3", gettext_lazy("Much more effective")),
    (CANT_SAY, gettext_lazy("Can't say")),
)
FOLLOW_UP_SCALE = tuple((str(level.value), level.label) for level in FollowUpLevel)


def _point(kind: str, value: str) -> str:
    """The number shown before a choice's label: 1–5, −3…+3 (signed), none for follow-up levels."""
    if value == CANT_SAY or kind == ItemKind.FOLLOW_UP:
        return ""
    if kind == ItemKind.CHANGE:
        number = int(value)
        return f"+{number}" if number > 0 else ("0" if number == 0 else f"−{-number}")
    return value


def options_of(kind: str) -> list[tuple[str, str, str]]:
    """The radio buttons of a rated item of ``kind``: (value posted, number shown, label)."""
    scale = {ItemKind.CHANGE: CHANGE_SCALE, ItemKind.FOLLOW_UP: FOLLOW_UP_SCALE}.get(ItemKind(kind), SCALE)
    return [(value, _point(kind, value), str(label)) for value, label in scale]


@dataclass
class Question:
    item: RoundItem
    name: str
    value: str  # the checked radio's value ("1".."5", "na") or the comment's text; "" for none
    error: str = ""

    @property
    def is_scale(self) -> bool:
        """Answered by choosing (radio buttons) rather than in words."""
        return self.item.kind in RATED

    @property
    def options(self) -> list[tuple[str, str, str]]:
        return options_of(self.item.kind)

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
    if item.kind in RATED:
        ratings = answers.get("ratings") or {}
        if key not in ratings:
            return ""
        value = ratings[key]
        if value is None:
            return CANT_SAY
        if item.kind == ItemKind.CHANGE and type(value) is int:
            return str(change_of(value))
        return str(value)
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
        elif item.kind == ItemKind.CHANGE:
            number = raw.lstrip("+-")
            change = int(raw) if number.isdigit() and len(number) < 2 else None
            ratings[key] = change_stored(change) if change is not None and CHANGE_MIN <= change <= CHANGE_MAX else raw
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
