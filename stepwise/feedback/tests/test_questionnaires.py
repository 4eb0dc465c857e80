"""The questionnaire library: coaches and practice admins read the built-in questionnaires,
copy one, and reword, reorder, remove and add the copy's questions, never overwriting each other."""

from datetime import date
from typing import Any
from uuid import uuid4

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from stepwise.conftest import World, client_for
from stepwise.feedback import content, questionnaires, services
from stepwise.feedback.models import ItemKind, Questionnaire, QuestionnaireItem

pytestmark = pytest.mark.django_db


def builtin(kind: str = Questionnaire.Kind.FEEDBACK_360) -> Questionnaire:
    return Questionnaire.objects.get(built_in=True, kind=kind)


def detail(questionnaire: Questionnaire) -> str:
    return reverse("questionnaire_detail", args=[questionnaire.public_id])


def form_data(questionnaire: Questionnaire, **changes: Any) -> dict[str, Any]:
    """What the edit page posts for ``questionnaire`` unchanged (no blank rows), with ``changes``."""
    items = list(questionnaire.items.all())
    data: dict[str, Any] = {
        "revision": questionnaire.revision,
        "title": questionnaire.title,
        "description": questionnaire.description,
        "items-TOTAL_FORMS": len(items),
        "items-INITIAL_FORMS": len(items),
    }
    for index, item in enumerate(items):
        data |= {
            f"items-{index}-kept": "on",
            f"items-{index}-text": item.text,
            f"items-{index}-competency": item.competency,
            f"items-{index}-kind": item.kind,
            f"items-{index}-position": item.position,
        }
    return data | changes


def texts(questionnaire: Questionnaire) -> list[str]:
    return list(questionnaire.items.order_by("position").values_list("text", flat=True))


def test_coaches_and_the_practice_admin_list_the_questionnaires_others_are_not_shown_them(world: World):
    page = client_for(world.coach).get(reverse("questionnaire_list"))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Leadership 360" in html and content.PULSE_TITLE in html
    assert f'href="{detail(builtin())}"' in html
    assert client_for(world.admin).get(reverse("questionnaire_list")).status_code == 200
    for person in (world.executive, world.sponsor, world.outsider):
        assert client_for(person).get(reverse("questionnaire_list")).status_code == 404
        assert client_for(person).get(detail(builtin())).status_code == 404
    anonymous = client_for(None).get(reverse("questionnaire_list"))
    assert anonymous.status_code == 302 and anonymous["Location"].startswith(reverse("account_login"))


def test_the_menu_links_the_questionnaires_for_coaches_only(world: World):
    link = f'href="{reverse("questionnaire_list")}"'
    assert link in client_for(world.coach).get(reverse("home")).content.decode()
    assert link not in client_for(world.executive).get(reverse("home")).content.decode()


def test_a_builtin_questionnaire_is_shown_read_only_and_a_post_is_refused(world: World):
    coach = client_for(world.coach)
    html = coach.get(detail(builtin())).content.decode()
    assert "Listens to other points of view before deciding." in html
    assert "What could they STOP doing?" in html
    assert "<textarea" not in html and "Copy to change" in html
    before = texts(builtin())
    response = coach.post(detail(builtin()), form_data(builtin(), title="Ours now"))
    assert response.status_code == 403
    assert texts(builtin()) == before and builtin().title == "Leadership 360"


def test_copying_twice_with_one_token_makes_one_copy_and_opens_it_for_editing(world: World):
    coach = client_for(world.coach)
    token = str(uuid4())
    url = reverse("questionnaire_copy", args=[builtin().public_id])
    first = coach.post(url, {"token": token})
    again = coach.post(url, {"token": token})
    (copy,) = Questionnaire.objects.filter(copied_from=builtin())
    assert first["Location"] == again["Location"] == detail(copy)
    assert copy.title == "Leadership 360 (copy)" and not copy.built_in
    assert texts(copy) == texts(builtin())
    page = coach.get(detail(copy)).content.decode()
    assert "<textarea" in page and "Listens to other points of view before deciding." in page


def test_a_copy_is_reworded_reordered_trimmed_and_extended_in_one_save(world: World):
    copy = questionnaires.questionnaire_copy(questionnaire=builtin(Questionnaire.Kind.PULSE))
    data = form_data(copy, title="Our monthly pulse")
    data |= {
        "items-0-position": "2",  # "Are we moving…" goes below "Am I moving us…"
        "items-1-position": "1",
        "items-1-text": "Am I moving us in the direction we agreed?",
        "items-2-remove": "on",  # the comment question goes
        "items-TOTAL_FORMS": 4,
        "items-3-text": "What would help us most next month?",
        "items-3-competency": "Looking ahead",
        "items-3-kind": ItemKind.OPEN,
    }
    response = client_for(world.coach).post(detail(copy), data)
    assert response.status_code == 302
    copy.refresh_from_db()
    assert copy.title == "Our monthly pulse" and copy.revision == 1
    assert list(copy.items.values_list("position", "competency", "text", "kind")) == [
        (1, "", "Am I moving us in the direction we agreed?", "scale"),
        (2, "", "Are we moving in the direction we said we wanted to go?", "scale"),
        (3, "Looking ahead", "What would help us most next month?", "open"),
    ]
    assert texts(builtin(Questionnaire.Kind.PULSE))[0] == content.PULSE_QUESTIONS[0], "the original is unchanged"


def test_an_empty_or_too_long_question_is_marked_beside_its_field_and_nothing_is_saved(world: World):
    copy = questionnaires.questionnaire_copy(questionnaire=builtin())
    long = "x" * 401
    data = form_data(copy, **{"items-0-text": "", "items-1-text": long, "title": "Renamed"})
    response = client_for(world.coach).post(detail(copy), data)
    html = response.content.decode()
    assert response.status_code == 400
    assert "Write the question, or tick “Remove this question”." in html
    assert "Keep this to 400 characters; it has 401." in html
    assert long in html and 'value="Renamed"' in html, "what was typed is kept"
    copy.refresh_from_db()
    assert copy.title == "Leadership 360 (copy)" and texts(copy) == texts(builtin())


def test_removing_every_question_is_refused_with_a_message(world: World):
    copy = questionnaires.questionnaire_copy(questionnaire=builtin(Questionnaire.Kind.PULSE))
    data = form_data(copy, **{f"items-{n}-remove": "on" for n in range(3)})
    response = client_for(world.coach).post(detail(copy), data)
    assert response.status_code == 400
    assert "Keep at least one question" in response.content.decode()
    assert copy.items.count() == 3


def test_an_edit_drawn_before_anothers_save_is_refused_with_the_saved_version_then_goes_through(world: World):
    copy = questionnaires.questionnaire_copy(questionnaire=builtin(Questionnaire.Kind.PULSE))
    stale = form_data(copy, **{"items-0-text": "Mine"})
    other = client_for(world.other_coach)
    assert other.post(detail(copy), form_data(copy, **{"items-0-text": "Theirs"})).status_code == 302
    coach = client_for(world.coach)
    response = coach.post(detail(copy), stale)
    html = response.content.decode()
    assert response.status_code == 409
    assert "The version saved meanwhile" in html and "Theirs" in html and "Mine" in html
    assert texts(copy)[0] == "Theirs"
    again = dict(stale, revision=Questionnaire.objects.get(pk=copy.pk).revision)
    assert coach.post(detail(copy), again).status_code == 302
    assert texts(copy)[0] == "Mine"


def test_a_round_made_before_an_edit_keeps_its_questions(world: World):
    copy = questionnaires.questionnaire_copy(questionnaire=builtin())
    round = services.round_create(
        engagement=world.engagement,
        title="Autumn 360",
        opens_on=date(2027, 9, 1),
        closes_on=date(2027, 9, 21),
        questionnaire=copy,
    )
    response = client_for(world.coach).post(detail(copy), form_data(copy, **{"items-0-text": "Reworded"}))
    assert response.status_code == 302
    assert round.items.get(position=1).text == content.COMPETENCIES[0][1][0]


def test_the_list_makes_as_many_queries_for_twenty_questionnaires_as_for_two(world: World):
    coach = client_for(world.coach)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert coach.get(reverse("questionnaire_list")).status_code == 200
        return len(queries)

    coach.get(reverse("questionnaire_list"))
    two = count()
    for _ in range(18):
        questionnaires.questionnaire_copy(questionnaire=builtin())
    assert Questionnaire.objects.count() == 20
    assert count() == two
    copy = Questionnaire.objects.filter(built_in=False).first()
    assert copy is not None
    coach.get(detail(copy))
    with CaptureQueriesContext(connection) as few:
        coach.get(detail(copy))
    QuestionnaireItem.objects.bulk_create(
        QuestionnaireItem(questionnaire=copy, position=100 + n, text=f"Extra {n}") for n in range(20)
    )
    with CaptureQueriesContext(connection) as many:
        coach.get(detail(copy))
    assert len(many) == len(few)


def test_a_question_given_a_taken_position_goes_before_the_one_that_had_it(world: World):
    copy = questionnaires.questionnaire_copy(questionnaire=builtin(Questionnaire.Kind.PULSE))
    data = form_data(copy, **{"items-2-position": "1", "items-TOTAL_FORMS": 4})
    data |= {"items-3-text": "Where are we stuck?", "items-3-kind": ItemKind.OPEN, "items-3-position": "2"}
    assert client_for(world.coach).post(detail(copy), data).status_code == 302
    assert texts(copy) == [
        content.PULSE_COMMENT,
        content.PULSE_QUESTIONS[0],
        "Where are we stuck?",
        content.PULSE_QUESTIONS[1],
    ]
