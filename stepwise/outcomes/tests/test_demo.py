"""The demo practice's step 7: Grace's closed engagement has two closed mini-surveys with figures the change
page shows, its ROI, and a closing report that shows both."""

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


def _graces() -> Engagement:
    return Engagement.objects.get(title__startswith="Grace Park")


def test_graces_engagement_has_two_closed_mini_surveys_whose_change_shows(loaded):
    engagement = _graces()
    assert engagement.status == Engagement.Status.CLOSED
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
    engagement = _graces()
    assert demo_mini_surveys(engagement, today=timezone.localdate()) == []
    assert Round.objects.filter(engagement=engagement, kind=Questionnaire.Kind.MINI).count() == 2


def test_graces_closing_report_shows_the_change_and_the_roi_to_the_sponsor(loaded):
    engagement = _graces()
    (sponsor,) = engagement.sponsors()
    page = client_for(sponsor).get(reverse("closing_report", args=[engagement.public_id]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "From the mini-survey of" in text and "95% interval" in text
    assert "Benefit–cost ratio" in text
