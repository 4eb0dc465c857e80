"""Item 8: the coach closes the engagement; it becomes read-only (each write refused with a 403
that says so), its forms are hidden, and no reminder goes out about it any more."""

from datetime import date, timedelta

import pytest
from auditlog.models import LogEntry
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from stepwise.conftest import World, client_for
from stepwise.engagements import services as engagement_services
from stepwise.engagements.models import Engagement
from stepwise.feedback.models import Round
from stepwise.feedback.services import rater_reminders_send
from stepwise.meetings.tests.test_reminders import STARTS, action_make, people, sent, session_make  # noqa: F401
from stepwise.outcomes import closing
from stepwise.outcomes.models import Closure

CLOSED = "This engagement is closed, so nothing in it can be changed."


def close_url(world: World) -> str:
    return reverse("engagement_close", kwargs={"public_id": world.engagement.public_id})


def test_the_coach_closes_the_engagement_from_its_confirmation_page(world: World):
    coach = client_for(world.coach)
    page = coach.get(close_url(world))
    assert page.status_code == 200
    assert "Every page becomes read-only for everyone" in page.content.decode()

    response = coach.post(close_url(world), {"confirm": "on"}, follow=True)

    assert response.redirect_chain[-1][0] == reverse(
        "engagement_detail", kwargs={"public_id": world.engagement.public_id}
    )
    body = response.content.decode()
    assert "The engagement is closed. It is read-only now" in body
    assert "This engagement is closed: it is read-only, except its sustain plan and its mini-surveys." in body
    world.engagement.refresh_from_db()
    assert world.engagement.status == Engagement.Status.CLOSED
    assert Closure.objects.get(engagement=world.engagement).closed_by == world.coach
    entry = LogEntry.objects.get_for_object(world.engagement).filter(actor=world.coach).latest("timestamp")
    assert entry.changes_dict["status"] == ["setting_up", "closed"]


def test_closing_without_confirming_is_refused_with_a_message_and_closes_nothing(world: World):
    response = client_for(world.coach).post(close_url(world), {})

    assert response.status_code == 400
    assert "Tick the box to confirm the close." in response.content.decode()
    world.engagement.refresh_from_db()
    assert world.engagement.status != Engagement.Status.CLOSED


def test_the_second_tab_is_told_who_closed_it_and_when(world: World):
    closing.engagement_close(engagement=world.engagement, by=world.coach)

    response = client_for(world.coach).post(close_url(world), {"confirm": "on"})

    assert response.status_code == 400
    assert "This engagement was closed already, by Cora Coach on" in response.content.decode()
    assert Closure.objects.filter(engagement=world.engagement).count() == 1


def test_closing_twice_through_the_service_is_refused_with_a_message(world: World):
    closing.engagement_close(engagement=world.engagement, by=world.coach)
    with pytest.raises(ValidationError, match="closed already"):
        closing.engagement_close(engagement=world.engagement, by=world.coach)


def test_closing_closes_the_open_360_round_so_no_rater_is_reminded(world: World):
    assert world.round.status == Round.Status.OPEN
    closing.engagement_close(engagement=world.engagement, by=world.coach)
    world.round.refresh_from_db()
    assert world.round.status == Round.Status.CLOSED


def test_a_write_after_the_close_is_a_403_that_says_what_is_still_possible(world: World):
    closing.engagement_close(engagement=world.engagement, by=world.coach)

    response = client_for(world.executive).post(
        reverse("stakeholder_add", kwargs={"public_id": world.engagement.public_id}),
        {"name": "Dana Direct", "email": "dana@acme.test", "relationship": "direct_report"},
    )

    assert response.status_code == 403
    body = response.content.decode()
    assert CLOSED in body
    assert "keep your sustain plan up to date" in body
    assert not world.engagement.stakeholders.filter(email="dana@acme.test").exists()


def test_the_pages_of_a_closed_engagement_hide_their_forms(world: World):
    detail = reverse("engagement_detail", kwargs={"public_id": world.engagement.public_id})
    assert "Edit dates and status" in client_for(world.coach).get(detail).content.decode()

    closing.engagement_close(engagement=world.engagement, by=world.coach)

    body = client_for(world.coach).get(detail).content.decode()
    assert "Edit dates and status" not in body
    assert "Add a stakeholder" not in body
    assert "Close the engagement" not in body
    assert reverse("sustain_plan", kwargs={"public_id": world.engagement.public_id}) in body


def test_the_facts_form_no_longer_closes_an_engagement(world: World):
    edit = reverse("engagement_edit", kwargs={"public_id": world.engagement.public_id})
    assert 'value="closed"' not in client_for(world.coach).get(edit).content.decode()
    with pytest.raises(ValidationError, match="Close the engagement"):
        engagement_services.engagement_facts_save(
            engagement=world.engagement,
            revision=None,
            title="x",
            start_date=world.engagement.start_date,
            planned_months=6,
            status=Engagement.Status.CLOSED,
        )


def test_no_session_or_overdue_reminder_goes_out_for_a_closed_engagement(people, run_worker):  # noqa: F811
    session_make(people.engagement)
    action_make(people.engagement, target_date=STARTS.date() - timedelta(days=10))
    closing.engagement_close(engagement=people.engagement, by=people.coach)
    mail.outbox.clear()

    assert sent(run_worker, now=STARTS - timedelta(hours=20)) == []
    assert sent(run_worker, now=STARTS + timedelta(days=3)) == []


def test_the_same_session_is_reminded_while_the_engagement_is_open(people, run_worker):  # noqa: F811
    session_make(people.engagement)
    assert len(sent(run_worker, now=STARTS - timedelta(hours=20))) == 2


def test_the_api_has_no_write_that_a_closed_engagement_would_have_to_refuse(world: World):
    # The API is read-only: a write added later goes through Access.require_write, which refuses
    # a closed engagement; this test says when that day has come.
    schema = client_for(world.coach).get("/api/openapi.json").json()
    methods = {method for operations in schema["paths"].values() for method in operations}
    assert methods == {"get"}


def test_the_coach_is_told_what_they_can_still_do_after_the_close(world: World):
    closing.engagement_close(engagement=world.engagement, by=world.coach)
    response = client_for(world.coach).post(
        reverse("engagement_edit", kwargs={"public_id": world.engagement.public_id}), {"title": "Renamed"}
    )
    assert response.status_code == 403
    body = response.content.decode()
    assert CLOSED in body
    assert "keep the sustain plan up to date with the executive" in body


def test_no_rater_is_reminded_once_the_engagement_is_closed(world: World):
    closing.engagement_close(engagement=world.engagement, by=world.coach)
    for days in (3, 7, 10):
        assert rater_reminders_send(today=world.round.opens_on + timedelta(days=days)) == 0


def test_an_engagement_an_operator_reopened_closes_again_with_its_new_date(world: World):
    closing.engagement_close(engagement=world.engagement, by=world.coach, today=date(2027, 7, 1))
    Engagement.objects.filter(pk=world.engagement.pk).update(status=Engagement.Status.ACTIVE)  # Django's admin
    world.engagement.refresh_from_db()

    closing.engagement_close(engagement=world.engagement, by=world.coach, today=date(2027, 9, 1))

    assert Closure.objects.get(engagement=world.engagement).closed_on == date(2027, 9, 1)
