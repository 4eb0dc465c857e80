"""The built-in questionnaires: our leadership 360, with the seed's five questions asked about the
executive, and the pulse carrying the 12-step seed's step-7 questions word for word."""

import re
from pathlib import Path

import pytest

from stepwise.feedback import content
from stepwise.feedback.models import ItemKind, Questionnaire, QuestionnaireItem
from stepwise.plans.models import SHIFTS

# The seeds are product content: verbatim copies live in the repository, so this runs everywhere.
SEEDS = Path(__file__).resolve().parents[3] / "docs" / "seeds"
SEVEN_STEP = SEEDS / "7-step-executive-coaching-model.md"
TWELVE_STEP = SEEDS / "12-steps-of-executive-coaching-part-2.txt"

pytestmark = pytest.mark.django_db


def seed_five_questions() -> list[str]:
    """The seed's numbered "What could you …" questions, with their emphasis tags taken off."""
    found = []
    for line in SEVEN_STEP.read_text(encoding="utf-8").splitlines():
        text = re.sub(r"<[^>]+>", "", line).strip()
        match = re.match(r"^\d\.\s+(What could you .+\?)$", text)
        if match:
            found.append(match[1])
    return found


def stored(kind: str) -> list[tuple[str, str, str]]:
    questionnaire = Questionnaire.objects.get(built_in=True, kind=kind)
    return list(questionnaire.items.order_by("position").values_list("competency", "text", "kind"))


def test_the_seed_reader_finds_the_five_questions():
    # Guards the reader: a changed seed layout would otherwise compare nothing.
    assert seed_five_questions() == [str(label) for _key, label in SHIFTS]
    assert len(seed_five_questions()) == 5


def test_the_open_questions_are_the_seeds_five_asked_about_the_executive():
    opens = [text for _competency, text, kind in content.leadership_items() if kind == ItemKind.OPEN]
    assert [text.replace("could they", "could you") for text in opens] == seed_five_questions()
    assert opens[0] == "What could they STOP doing?"


def test_the_pulse_asks_the_twelve_step_seeds_two_questions_word_for_word():
    seed = " ".join(TWELVE_STEP.read_text(encoding="utf-8").split())
    assert "Executive Coaching Step 7: Asking others for accountability" in seed
    scale = [text for _competency, text, kind in content.pulse_items() if kind == ItemKind.SCALE]
    assert scale == list(content.PULSE_QUESTIONS)
    for question in scale:
        assert question in seed
    assert [kind for *_rest, kind in content.pulse_items()] == ["scale", "scale", "open"]


def test_the_leadership_questionnaire_has_a_handful_of_competencies_of_observable_behaviours():
    competencies = dict(content.COMPETENCIES)
    assert 5 <= len(competencies) <= 7
    for name, behaviours in competencies.items():
        assert 4 <= len(behaviours) <= 6, name
        for text in behaviours:
            # Written for raters about the executive, the subject left out: "Listens to …".
            assert text[0].isupper() and text.endswith(".") and len(text) <= 400, text
            assert not re.search(r"\b(you|your|I|my|he|she|his|her)\b", text), text
    texts = [text for behaviours in competencies.values() for text in behaviours]
    assert len(set(texts)) == len(texts)
    assert "Listens to other points of view before deciding." in texts


def test_the_migration_installed_one_builtin_of_each_kind_as_written_in_content():
    assert Questionnaire.objects.filter(built_in=True).count() == 2
    assert stored(Questionnaire.Kind.FEEDBACK_360) == content.leadership_items()
    assert stored(Questionnaire.Kind.PULSE) == content.pulse_items()
    leadership = Questionnaire.objects.get(built_in=True, kind=Questionnaire.Kind.FEEDBACK_360)
    assert leadership.title == "Leadership 360"
    assert leadership.items.filter(kind=ItemKind.SCALE).count() == 30


def test_installing_again_changes_nothing_and_an_empty_database_gets_them_back():
    before = list(QuestionnaireItem.objects.order_by("pk").values())
    assert content.builtin_questionnaires_install() == 0
    assert list(QuestionnaireItem.objects.order_by("pk").values()) == before
    Questionnaire.objects.all().delete()
    assert content.builtin_questionnaires_install() == 2
    assert stored(Questionnaire.Kind.FEEDBACK_360) == content.leadership_items()
