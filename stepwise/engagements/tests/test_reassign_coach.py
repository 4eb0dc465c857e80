"""Handing an engagement to another coach: the practice admin's workflow, never a side door.

Only to a coach, recorded in the audit trail, the executive and both coaches told by mail, and
what the previous coach wrote privately stays theirs."""

from collections.abc import Callable
from datetime import datetime, timedelta
from uuid import uuid4
from zoneinfo import ZoneInfo

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from stepwise.conftest import World, client_for
from stepwise.engagements import services
from stepwise.engagements.models import Engagement
from stepwise.meetings.models import PrivateNote
from stepwise.meetings.services.sessions import private_note_save, session_schedule
from stepwise.worksheets.models import Assessment, AssessmentNote


def _url(world: World) -> str:
    return reverse("engagement_reassign_coach", args=[world.engagement.public_id])


def test_the_admin_hands_the_engagement_to_another_coach_and_everyone_is_told(
    world: World, fresh_outbox: list[mail.EmailMessage], run_worker: Callable[[], int]
) -> None:
    admin = client_for(world.admin)
    assert admin.get(_url(world)).status_code == 200

    response = admin.post(_url(world), {"new_coach": world.other_coach.pk})

    assert response.status_code == 302
    world.engagement.refresh_from_db()
    assert world.engagement.coach == world.other_coach
    detail = reverse("engagement_detail", args=[world.engagement.public_id])
    assert client_for(world.other_coach).get(detail).status_code == 200
    assert client_for(world.coach).get(detail).status_code == 404
    run_worker()
    told = {address: message for message in fresh_outbox for address in message.to}
    assert set(told) == {world.executive.email, world.coach.email, world.other_coach.email}
    assert all("Otto Othercoach is now the coach" in message.subject for message in told.values())
    assert "You no longer have access" in told[world.coach.email].body
    assert "You now coach this engagement" in told[world.other_coach.email].body
    assert "is your coach from now on" in told[world.executive.email].body
    entry = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Engagement), object_id=world.engagement.pk
    ).latest("timestamp")
    assert entry.actor == world.admin
    assert entry.changes_dict == {"coach": ["Cora Coach", "Otto Othercoach"]}
    assert entry.remote_addr == "127.0.0.1"  # the request's, kept by auditlog's middleware


def test_reassigning_to_someone_who_is_not_a_coach_is_refused_with_a_message(
    world: World, fresh_outbox: list[mail.EmailMessage], run_worker: Callable[[], int]
) -> None:
    response = client_for(world.admin).post(_url(world), {"new_coach": world.outsider.pk})

    assert response.status_code == 400
    assert "Choose one of the practice&#x27;s coaches listed." in response.content.decode()
    world.engagement.refresh_from_db()
    assert world.engagement.coach == world.coach
    with pytest.raises(ValidationError, match="Olga Outsider is not a coach of the practice"):
        services.engagement_reassign_coach(engagement=world.engagement, new_coach=world.outsider, by=world.admin)
    run_worker()
    assert fresh_outbox == []


def test_the_coach_of_the_engagement_or_one_of_its_people_is_refused(world: World) -> None:
    world.executive.is_coach = True
    world.executive.save()
    with pytest.raises(ValidationError, match="already coaches this engagement"):
        services.engagement_reassign_coach(engagement=world.engagement, new_coach=world.coach, by=world.admin)
    with pytest.raises(ValidationError, match="takes part in this engagement"):
        services.engagement_reassign_coach(engagement=world.engagement, new_coach=world.executive, by=world.admin)
    with pytest.raises(ValidationError, match="Only a practice admin"):
        services.engagement_reassign_coach(engagement=world.engagement, new_coach=world.other_coach, by=world.coach)


def test_private_notes_stay_with_their_author(world: World) -> None:
    start = datetime(2027, 1, 18, 9, 0, tzinfo=ZoneInfo("Europe/London"))
    (session,) = session_schedule(
        engagement=world.engagement,
        starts=[start],
        minutes=60,
        time_zone="Europe/London",
        where="",
        token=uuid4(),
        now=start - timedelta(days=7),
    )
    private_note_save(session=session, author=world.coach, text="Evan relaxes when we talk about strengths.")

    services.engagement_reassign_coach(engagement=world.engagement, new_coach=world.other_coach, by=world.admin)

    page = client_for(world.other_coach).get(
        reverse("session_detail", args=[world.engagement.public_id, session.public_id])
    )
    assert page.status_code == 200
    assert "Evan relaxes" not in page.content.decode()
    assert PrivateNote.objects.get(session=session).author == world.coach


def test_the_coach_is_read_only_in_djangos_admin(world: World) -> None:
    world.admin.is_staff = world.admin.is_superuser = True
    world.admin.save()
    client = client_for(world.admin)
    change = reverse("admin:engagements_engagement_change", args=[world.engagement.pk])
    form = client.get(change).content.decode()
    assert 'name="coach"' not in form

    client.post(
        change,
        {
            "organisation": world.organisation.pk,
            "coach": world.other_coach.pk,
            "title": "Leadership presence",
            "start_date": "2027-01-11",
            "planned_months": "6",
            "status": "setting_up",
            "participants-TOTAL_FORMS": "0",
            "participants-INITIAL_FORMS": "0",
        },
    )

    world.engagement.refresh_from_db()
    assert world.engagement.coach == world.coach


def test_the_admins_engagement_page_offers_the_reassignment_and_the_coachs_does_not(world: World) -> None:
    detail = reverse("engagement_detail", args=[world.engagement.public_id])
    assert _url(world) in client_for(world.admin).get(detail).content.decode()
    assert _url(world) not in client_for(world.coach).get(detail).content.decode()


def test_a_reassignment_outside_a_request_is_audited_under_the_operator(world: World) -> None:
    services.engagement_reassign_coach(engagement=world.engagement, new_coach=world.other_coach, by=world.admin)

    entry = LogEntry.objects.get_for_object(world.engagement).latest("timestamp")
    assert (entry.actor, entry.changes_dict) == (world.admin, {"coach": ["Cora Coach", "Otto Othercoach"]})


def test_the_new_coach_edits_the_assessment_and_keeps_their_own_private_notes(world: World) -> None:
    edit = reverse("assessment_edit", kwargs={"public_id": world.engagement.public_id})
    first = client_for(world.coach).post(
        edit, {"revision": "0", "strengths": "Listens well", "private_notes": "Watch the CFO relationship"}
    )
    assert first.status_code == 302
    services.engagement_reassign_coach(engagement=world.engagement, new_coach=world.other_coach, by=world.admin)

    new_coach = client_for(world.other_coach)
    page = new_coach.get(edit)
    assert page.status_code == 200
    assert "Listens well" in page.content.decode()
    assert "CFO" not in page.content.decode()
    saved = new_coach.post(
        edit,
        {"revision": "1", "strengths": "Listens well; decides fast", "private_notes": "Ask about the board"},
    )
    assert saved.status_code == 302
    assessment = Assessment.objects.get(engagement=world.engagement)
    assert assessment.strengths == "Listens well; decides fast"
    notes = dict(AssessmentNote.objects.filter(assessment=assessment).values_list("author__email", "text"))
    assert notes == {world.coach.email: "Watch the CFO relationship", world.other_coach.email: "Ask about the board"}
