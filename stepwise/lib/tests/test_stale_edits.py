"""3.2: two tabs or two people editing the same thing: the second save is refused with 409,
keeps what its author typed and shows the saved version; nothing is overwritten. One helper
(stepwise.lib.revisions) does the check everywhere."""

import uuid
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from stepwise.conftest import World, client_for
from stepwise.meetings.models import PrivateNote
from stepwise.meetings.services import sessions as session_services
from stepwise.worksheets import services as worksheet_services
from stepwise.worksheets.forms import field_name
from stepwise.worksheets.models import Worksheet, WorksheetTemplate

from .races import race

pytestmark = pytest.mark.django_db


def _facts(world: World, **changes: object) -> dict[str, object]:
    e = world.engagement
    data: dict[str, object] = {
        "revision": e.revision,
        "title": e.title,
        "start_date": e.start_date.isoformat(),
        "planned_months": e.planned_months,
        "status": e.status,
    }
    return {**data, **changes}


def test_the_coach_and_the_admin_editing_the_facts_at_once_do_not_overwrite_each_other(world: World) -> None:
    path = reverse("engagement_edit", kwargs={"public_id": world.engagement.public_id})
    coach_form = _facts(world, title="Leadership presence, 2027")
    admin_form = _facts(world, planned_months=9)  # a different field, drawn from the same revision
    assert client_for(world.coach).post(path, coach_form).status_code == 302
    response = client_for(world.admin).post(path, admin_form)
    assert response.status_code == 409
    assert "Someone else saved this while you were editing it" in response.content.decode()
    assert response.context["form"]["planned_months"].value() == "9"  # the admin's change is kept in the page
    assert response.context["saved"].title == "Leadership presence, 2027"
    world.engagement.refresh_from_db()
    assert (world.engagement.title, world.engagement.planned_months) == ("Leadership presence, 2027", 6)
    # Saving again, after reading the saved version, goes through.
    again = client_for(world.admin).post(path, {**admin_form, "revision": response.context["form"]["revision"].value()})
    assert again.status_code == 302


def test_a_stakeholder_edited_twice_keeps_the_first_change(world: World) -> None:
    s = world.stakeholder
    path = reverse("stakeholder_edit", kwargs={"public_id": world.engagement.public_id, "stakeholder_id": s.public_id})
    first = {"revision": s.revision, "name": "Pat Peerson", "email": s.email, "relationship": s.relationship}
    second = {"revision": s.revision, "name": s.name, "email": s.email, "relationship": "manager"}
    assert client_for(world.executive).post(path, first).status_code == 302
    response = client_for(world.coach).post(path, second)
    assert response.status_code == 409
    assert response.context["form"]["relationship"].value() == "manager"
    assert response.context["saved"].name == "Pat Peerson"
    s.refresh_from_db()
    assert (s.name, s.relationship) == ("Pat Peerson", "peer")


def test_a_private_note_saved_in_two_tabs_refuses_the_second(world: World) -> None:
    session = session_services.session_schedule(
        engagement=world.engagement,
        starts=[timezone.now() + timedelta(days=2)],
        minutes=60,
        time_zone="Europe/London",
        where="",
        token=uuid.uuid4(),
        now=timezone.now(),
    )[0]
    path = reverse(
        "session_private_note", kwargs={"public_id": world.engagement.public_id, "session_id": session.public_id}
    )
    coach = client_for(world.coach)
    assert coach.post(path, {"revision": 0, "text": "Tab one: ask about the board"}).status_code == 302
    response = coach.post(path, {"revision": 0, "text": "Tab two: the budget"})
    assert response.status_code == 409
    page = response.content.decode()
    assert "Tab two: the budget" in page and "Tab one: ask about the board" in page
    assert PrivateNote.objects.get(session=session, author=world.coach).text == "Tab one: ask about the board"


def _worksheet(world: World) -> Worksheet:
    return worksheet_services.worksheet_assign(
        engagement=world.engagement,
        template=WorksheetTemplate.objects.get(slug="thought-starters"),
        assigned_by=world.coach,
        due_date=None,
    )


def test_a_worksheet_autosaved_from_two_tabs_refuses_the_stale_tab(world: World) -> None:
    worksheet = _worksheet(world)
    key = next(q["key"] for q in worksheet_services.questions(worksheet.schema) if q["type"] == "long")
    field = field_name(key)
    path = reverse(
        "worksheet_autosave", kwargs={"public_id": world.engagement.public_id, "worksheet_id": worksheet.public_id}
    )
    executive = client_for(world.executive)
    one = executive.post(path, {"revision": 0, field: "From tab one"}, headers={"X-Requested-With": "fetch"})
    assert one.status_code == 200
    assert executive.post(path, {"revision": one.json()["revision"], field: "Tab one again"}).status_code == 200
    two = executive.post(path, {"revision": 0, field: "From tab two"}, headers={"X-Requested-With": "fetch"})
    assert two.status_code == 409
    assert "saved in another tab or window" in two.json()["message"]
    worksheet.refresh_from_db()
    assert worksheet.answers[key] == "Tab one again"


@pytest.mark.django_db(transaction=True)
def test_racing_autosaves_from_two_tabs_keep_exactly_one(live_server, transactional_db) -> None:
    from stepwise.conftest import world_build
    from stepwise.worksheets.services import templates_install

    templates_install()
    world = world_build()
    worksheet = _worksheet(world)
    key = next(q["key"] for q in worksheet_services.questions(worksheet.schema) if q["type"] == "long")
    field = field_name(key)
    path = reverse(
        "worksheet_autosave", kwargs={"public_id": world.engagement.public_id, "worksheet_id": worksheet.public_id}
    )
    answers = race(live_server.url, world.executive, path, {"revision": "0", field: "Raced answer"}, n=20)
    assert sorted(a.status for a in answers) == [200] + [409] * 19
    worksheet.refresh_from_db()
    assert (worksheet.revision, worksheet.answers[key]) == (1, "Raced answer")
