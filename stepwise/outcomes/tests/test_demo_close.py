"""The demo's step-7 engagements of lane "close": Grace Park's, closed with its 360 and sustain
plan; Felix Moreau's, past retention, its record on the admin's Retention page."""

import io

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from stepwise.engagements.models import Engagement
from stepwise.feedback.models import Round
from stepwise.meetings.models import PrivateNote, Session
from stepwise.outcomes.demo_close import FELIX_TITLE, GRACE_TITLE
from stepwise.outcomes.models import Closure, RetentionRecord, SustainPlan
from stepwise.plans.models import Goal
from stepwise.users.models import User
from stepwise.worksheets.services import templates_install


def signed_in(email: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(email=email))
    return client


@pytest.mark.django_db
def test_the_demo_has_a_closed_engagement_and_one_past_retention(tmp_path, settings):
    settings.EMAIL_FILE_PATH = str(tmp_path)
    templates_install()
    call_command("demo", stdout=io.StringIO())

    grace = Engagement.objects.get(title=GRACE_TITLE)
    assert grace.status == Engagement.Status.CLOSED
    assert Closure.objects.get(engagement=grace).closed_on > grace.end_date
    assert SustainPlan.objects.get(engagement=grace).checkins.count() == 3
    # The 360 and the two mini-surveys, all closed.
    assert [r.status for r in Round.objects.filter(engagement=grace)] == [Round.Status.CLOSED] * 3
    assert set(Goal.objects.filter(engagement=grace).values_list("approval", flat=True)) == {"approved"}
    assert Session.objects.filter(engagement=grace, status="held").exists()
    coach = signed_in("coach@stepwise.example")
    refused = coach.post(reverse("engagement_edit", args=[grace.public_id]), {"title": "Renamed"})
    assert refused.status_code == 403
    assert "This engagement is closed" in refused.content.decode()

    felix = Engagement.objects.get(title=FELIX_TITLE)
    record = RetentionRecord.objects.get(engagement=felix)
    assert record.deleted["meetings.PrivateNote"] == 1
    assert not PrivateNote.objects.filter(session__engagement=felix).exists()
    assert Goal.objects.filter(engagement=felix).count() == 2
    page = signed_in("admin@stepwise.example").get(reverse("retention_overview")).content.decode()
    assert FELIX_TITLE in page and "Processed on" in page
