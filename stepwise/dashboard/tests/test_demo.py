"""The demo practice `make run` loads: filled in at every step built so far, and the same
after loading it twice."""

import io

import pytest
from django.apps import apps
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from stepwise.engagements.models import Engagement
from stepwise.meetings.models import PrivateNote, Session
from stepwise.users.models import Invitation, User
from stepwise.worksheets.services import templates_install


def _counts() -> dict[str, int]:
    return {
        model._meta.label: model._default_manager.count()
        for config in apps.get_app_configs()
        if config.name.startswith("stepwise.")
        for model in config.get_models()
    }


@pytest.mark.django_db
def test_the_demo_loads_twice_to_the_same_data_with_step_5_filled_in(tmp_path, settings):
    settings.EMAIL_FILE_PATH = str(tmp_path)
    templates_install()
    call_command("demo", stdout=io.StringIO())
    first = _counts()
    call_command("demo", stdout=io.StringIO())
    assert _counts() == first
    evan = Engagement.objects.get(title__startswith="Evan Executive")
    statuses = set(Session.objects.filter(engagement=evan).values_list("status", flat=True))
    assert {"held", "scheduled", "cancelled", "rescheduled"} <= statuses
    assert evan.reviews.filter(completed_at__isnull=False).exists()
    assert first["meetings.Message"] > 0 and first["meetings.CheckIn"] > 0
    assert PrivateNote.objects.filter(session__engagement=evan).count() == 1
    coach = Client()
    coach.force_login(User.objects.get(email="coach@stepwise.example"))
    held = Session.objects.filter(engagement=evan, status="held").last()
    assert held is not None
    for name, kwargs in (
        ("session_list", {"public_id": evan.public_id}),
        ("session_detail", {"public_id": evan.public_id, "session_id": held.public_id}),
        ("review_list", {"public_id": evan.public_id}),
        ("message_list", {"public_id": evan.public_id}),
        ("checkin", {"public_id": evan.public_id}),
        ("engagement_detail", {"public_id": evan.public_id}),
    ):
        assert coach.get(reverse(name, kwargs=kwargs)).status_code == 200, name


@pytest.mark.django_db
def test_the_demo_people_joined_their_engagements_and_open_them(tmp_path, settings):
    settings.EMAIL_FILE_PATH = str(tmp_path)
    templates_install()
    call_command("demo", stdout=io.StringIO())
    evan = Engagement.objects.get(title__startswith="Evan Executive")
    assert evan.participants.filter(joined_at__isnull=True).count() == 0
    statuses = Invitation.objects.filter(participant__engagement=evan).values_list("status", flat=True)
    assert set(statuses) == {Invitation.Status.ACCEPTED}
    for email in ("executive@stepwise.example", "sponsor@stepwise.example"):
        person = Client()
        person.force_login(User.objects.get(email=email))
        assert person.get(reverse("engagement_detail", args=[evan.public_id])).status_code == 200, email
