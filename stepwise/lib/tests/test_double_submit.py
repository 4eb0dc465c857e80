"""3.1: one submit, one row. Thirty identical POSTs at once (a double click, a retry, a
impatient person) make one row and one mail, and every request ends as the first did: the
same redirect, never a 500 or an IntegrityError. Against the live server, on SQLite and
PostgreSQL alike."""

import uuid
from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from stepwise.agreements.models import Agreement
from stepwise.conftest import World, agreement_sign_by_all, world_build
from stepwise.engagements.models import Engagement, Organisation, Stakeholder
from stepwise.meetings.models import AgendaItem, Message, Session
from stepwise.meetings.services import sessions as session_services
from stepwise.plans import services as plan_services
from stepwise.plans.models import Goal, Reading
from stepwise.worksheets.models import Worksheet, WorksheetTemplate
from stepwise.worksheets.services import templates_install

from .races import race

pytestmark = pytest.mark.django_db(transaction=True)

N = 30


@pytest.fixture
def live_world(transactional_db: None, run_worker: Callable[[], int]) -> World:
    templates_install()  # an earlier transactional test may have emptied the built-in rows
    world = world_build()
    run_worker()
    mail.outbox.clear()
    return world


def _one_redirect(answers: list) -> str:
    statuses = sorted({a.status for a in answers})
    assert statuses == [302], [(a.status, a.body[:300]) for a in answers if a.status != 302]
    locations = {a.location for a in answers}
    assert len(locations) == 1, locations
    return locations.pop()


def test_fifty_clicks_on_create_engagement_make_one_engagement_and_one_invitation(live_server, live_world, run_worker):
    data = {
        "token": str(uuid.uuid4()),
        "organisation": str(live_world.organisation.pk),
        "new_organisation": "",
        "title": "Raced engagement",
        "start_date": "2027-03-01",
        "planned_months": "6",
        "executive_name": "Rita Racer",
        "executive_email": "rita@acme.test",
    }
    location = _one_redirect(race(live_server.url, live_world.coach, reverse("engagement_create"), data, n=N))
    (engagement,) = Engagement.objects.filter(title="Raced engagement")
    assert location.endswith(reverse("engagement_detail", kwargs={"public_id": engagement.public_id}))
    run_worker()
    assert [m.to for m in mail.outbox] == [["rita@acme.test"]]


def test_racing_requests_for_a_new_organisation_make_one(live_server, live_world):
    data = {"token": str(uuid.uuid4()), "name": "Globex"}
    _one_redirect(race(live_server.url, live_world.coach, reverse("organisation_list"), data, n=N))
    assert Organisation.objects.filter(name="Globex").count() == 1


def test_an_engagement_with_a_new_organisation_raced_makes_one_of_each(live_server, live_world):
    data = {
        "token": str(uuid.uuid4()),
        "new_organisation": "Initech",
        "title": "Initech engagement",
        "start_date": "2027-03-01",
        "planned_months": "6",
        "executive_name": "Ian Initech",
        "executive_email": "ian@initech.test",
    }
    _one_redirect(race(live_server.url, live_world.coach, reverse("engagement_create"), data, n=N))
    assert Organisation.objects.filter(name="Initech").count() == 1
    assert Engagement.objects.filter(title="Initech engagement").count() == 1


def test_racing_worksheet_assignments_assign_once_and_mail_once(live_server, live_world, run_worker):
    template = WorksheetTemplate.objects.get(slug="thought-starters")
    path = reverse("worksheet_assign", kwargs={"public_id": live_world.engagement.public_id})
    data = {"token": str(uuid.uuid4()), "template": str(template.pk), "due_date": ""}
    _one_redirect(race(live_server.url, live_world.coach, path, data, n=N))
    assert Worksheet.objects.filter(engagement=live_world.engagement).count() == 1
    run_worker()
    assert [m.to for m in mail.outbox] == [[live_world.executive.email]]


def test_racing_stakeholder_adds_make_one(live_server, live_world):
    path = reverse("stakeholder_add", kwargs={"public_id": live_world.engagement.public_id})
    data = {"token": str(uuid.uuid4()), "name": "Max Manager", "email": "max@acme.test", "relationship": "manager"}
    _one_redirect(race(live_server.url, live_world.executive, path, data, n=N))
    assert Stakeholder.objects.filter(engagement=live_world.engagement, email="max@acme.test").count() == 1


def test_racing_invitations_invite_once(live_server, live_world, run_worker):
    path = reverse("participant_invite", kwargs={"public_id": live_world.engagement.public_id})
    data = {"token": str(uuid.uuid4()), "full_name": "Hana HR", "email": "hana@acme.test", "role": "sponsor"}
    _one_redirect(race(live_server.url, live_world.coach, path, data, n=N))
    assert live_world.engagement.participants.filter(user__email="hana@acme.test").count() == 1
    run_worker()
    assert [m.to for m in mail.outbox] == [["hana@acme.test"]]


def test_racing_session_scheduling_schedules_once(live_server, live_world):
    day = (timezone.localdate() + timedelta(days=10)).isoformat()
    path = reverse("session_schedule", kwargs={"public_id": live_world.engagement.public_id})
    data = {
        "token": str(uuid.uuid4()),
        "date": day,
        "time": "10:00",
        "minutes": "60",
        "time_zone": "Europe/London",
        "where": "",
        "repeat": "single",
        "later_per_month": "2",
    }
    answers = race(live_server.url, live_world.coach, path, data, n=N)
    _one_redirect(answers)
    assert Session.objects.filter(engagement=live_world.engagement).count() == 1


def test_racing_agenda_items_are_added_once(live_server, live_world):
    session = session_services.session_schedule(
        engagement=live_world.engagement,
        starts=[timezone.now() + timedelta(days=3)],
        minutes=60,
        time_zone="Europe/London",
        where="",
        token=uuid.uuid4(),
        now=timezone.now(),
    )[0]
    path = reverse(
        "session_agenda_add", kwargs={"public_id": live_world.engagement.public_id, "session_id": session.public_id}
    )
    _one_redirect(race(live_server.url, live_world.executive, path, {"token": str(uuid.uuid4()), "text": "Delegation"}))
    assert AgendaItem.objects.filter(session=session, text="Delegation").count() == 1


def test_racing_readings_are_recorded_once(live_server, live_world):
    goal = plan_services.goal_create(engagement=live_world.engagement, title="Delegate more", token=uuid.uuid4())
    measure = goal.measures.create(name="Hours a week on delegated work", unit="h", baseline=2, target=10)
    path = reverse(
        "reading_add", kwargs={"public_id": live_world.engagement.public_id, "measure_id": measure.public_id}
    )
    data = {"token": str(uuid.uuid4()), "taken_on": timezone.localdate().isoformat(), "value": "4"}
    _one_redirect(race(live_server.url, live_world.executive, path, data, n=N))
    assert list(Reading.objects.filter(measure=measure).values_list("value", flat=True)) == [Decimal("4")]


def test_racing_goals_and_messages_are_stored_once(live_server, live_world):
    engagement = live_world.engagement
    goal_path = reverse("goal_create", kwargs={"public_id": engagement.public_id})
    _one_redirect(
        race(
            live_server.url, live_world.executive, goal_path, {"token": str(uuid.uuid4()), "title": "Lead the offsite"}
        )
    )
    assert Goal.objects.filter(engagement=engagement, title="Lead the offsite").count() == 1
    path = reverse("message_list", kwargs={"public_id": engagement.public_id})
    _one_redirect(
        race(live_server.url, live_world.executive, path, {"token": str(uuid.uuid4()), "body": "Can we move Friday?"})
    )
    assert Message.objects.filter(engagement=engagement, body="Can we move Friday?").count() == 1


def test_a_template_copied_by_racing_presses_is_copied_once(live_server, live_world):
    template = WorksheetTemplate.objects.get(slug="self-ratings")
    path = reverse("template_copy", kwargs={"template_id": template.public_id})
    _one_redirect(race(live_server.url, live_world.coach, path, {"token": str(uuid.uuid4())}, n=N))
    assert WorksheetTemplate.objects.filter(copied_from=template).count() == 1


def test_a_new_agreement_version_started_by_racing_presses_is_started_once(live_server, live_world):
    agreement = agreement_sign_by_all(live_world)
    path = reverse("agreement_start", kwargs={"public_id": live_world.engagement.public_id})
    location = _one_redirect(race(live_server.url, live_world.coach, path, {"token": str(uuid.uuid4())}, n=N))
    (new,) = Agreement.objects.filter(engagement=live_world.engagement, version=agreement.version + 1)
    assert str(new.public_id) in location
