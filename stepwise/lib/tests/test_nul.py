"""4.2: a NUL character (PostgreSQL cannot store one) is refused with a 400 and a message,
wherever it comes in; nothing already saved changes."""

import uuid

import pytest
from django.urls import reverse

from stepwise.conftest import World, client_for
from stepwise.meetings.models import Message
from stepwise.plans import services as plan_services
from stepwise.worksheets import services as worksheet_services
from stepwise.worksheets.forms import field_name
from stepwise.worksheets.models import WorksheetTemplate

pytestmark = pytest.mark.django_db

NUL_MESSAGE = "invisible NUL character"


def test_a_nul_in_a_worksheet_answer_is_refused_and_the_saved_answer_stays(world: World) -> None:
    worksheet = worksheet_services.worksheet_assign(
        engagement=world.engagement,
        template=WorksheetTemplate.objects.get(slug="thought-starters"),
        assigned_by=world.coach,
        due_date=None,
    )
    key = next(q["key"] for q in worksheet_services.questions(worksheet.schema) if q["type"] == "long")
    field = field_name(key)
    kwargs = {"public_id": world.engagement.public_id, "worksheet_id": worksheet.public_id}
    executive = client_for(world.executive)
    assert executive.post(reverse("worksheet_autosave", kwargs=kwargs), {field: "Saved first"}).status_code == 200
    autosave = executive.post(
        reverse("worksheet_autosave", kwargs=kwargs), {field: "Pasted\x00text"}, headers={"X-Requested-With": "fetch"}
    )
    assert autosave.status_code == 400
    assert NUL_MESSAGE in autosave.json()["message"]
    page = executive.post(reverse("worksheet_detail", kwargs=kwargs), {field: "Pasted\x00text", "action": "save"})
    assert page.status_code == 400
    assert NUL_MESSAGE in page.content.decode()
    worksheet.refresh_from_db()
    assert worksheet.answers[key] == "Saved first"


def test_a_nul_in_a_goal_field_is_refused(world: World) -> None:
    goal = plan_services.goal_create(engagement=world.engagement, title="Delegate more", token=uuid.uuid4())
    path = reverse("goal_detail", kwargs={"public_id": world.engagement.public_id, "goal_id": goal.public_id})
    response = client_for(world.executive).post(path, {"revision": goal.revision, "title": "Dele\x00gate"})
    assert response.status_code == 400
    assert NUL_MESSAGE in response.content.decode()
    goal.refresh_from_db()
    assert goal.title == "Delegate more"


def test_a_nul_in_a_message_is_refused(world: World) -> None:
    path = reverse("message_list", kwargs={"public_id": world.engagement.public_id})
    response = client_for(world.executive).post(path, {"token": str(uuid.uuid4()), "body": "Hello\x00there"})
    assert response.status_code == 400
    assert NUL_MESSAGE in response.content.decode()
    assert not Message.objects.filter(engagement=world.engagement).exists()


def test_a_nul_in_a_query_string_is_refused(world: World) -> None:
    response = client_for(world.coach).get(reverse("home"), {"q": "a\x00b"})
    assert response.status_code == 400
