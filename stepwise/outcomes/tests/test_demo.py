"""The demo practice's mini-surveys: two closed on Evan's engagement, with figures the change page shows."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from stepwise.conftest import client_for
from stepwise.engagements.models import Engagement
from stepwise.feedback.models import Questionnaire, Round
from stepwise.outcomes.demo import demo_mini_surveys
from stepwise.outcomes.selectors import mini_results
from stepwise.worksheets.services import templates_install


@pytest.fixture
def loaded(db, tmp_path, settings) -> None:
    settings.EMAIL_FILE_PATH = str(tmp_path)
    templates_install()
    call_command("demo", stdout=io.StringIO())


def _evans() -> Engagement:
    return Engagement.objects.get(title__startswith="Evan Executive")


def test_evans_engagement_has_two_closed_mini_surveys_whose_change_shows(loaded):
    engagement = _evans()
    minis = Round.objects.filter(engagement=engagement, kind=Questionnaire.Kind.MINI)
    assert [r.status for r in minis] == [Round.Status.CLOSED, Round.Status.CLOSED]
    results = mini_results(engagement)
    assert len(results) == 2
    for result in results:
        assert result.goals and all(goal.everyone is not None for goal in result.goals)
        assert all(goal.everyone.interval is not None for goal in result.goals)  # type: ignore[union-attr]
    page = client_for(engagement.coach).get(reverse("change", args=[engagement.public_id])).content.decode()
    assert "95% interval" in page and "<svg" in page and "Follow-up and change" in page


def test_loading_the_mini_surveys_again_adds_nothing(loaded):
    engagement = _evans()
    assert demo_mini_surveys(engagement, today=timezone.localdate()) == []
    assert Round.objects.filter(engagement=engagement, kind=Questionnaire.Kind.MINI).count() == 2
