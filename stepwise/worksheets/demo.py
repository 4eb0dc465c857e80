"""Step 2 in the demo practice (``manage.py demo``, in ``stepwise.dashboard``)."""

from datetime import datetime, timedelta

from django.core.management.base import CommandError
from django.utils import timezone

from stepwise.engagements.models import Engagement
from stepwise.users.models import User

from . import services as worksheet_services
from .models import SelfRating, Worksheet, WorksheetTemplate

INTAKE_ANSWERS = {
    "expectations": "A sparring partner who tells me the truth, and a plan I keep.",
    "career_changes": [
        "Lead through others, not through heroics",
        "Make room for strategy",
        "Grow two directors into successors",
    ],
    "three_month_goals": [
        "Weekly one-to-ones with each director",
        "Hand over the budget review",
        "A quarterly plan the team wrote",
    ],
    "change_one_thing": "Stop being the bottleneck for every decision.",
    "willing_to_change": 8,
    "success_distance": 4,
    "senior_leader_effectiveness": 5,
    "team_leadership_effectiveness": 4,
    "job_satisfaction": 6,
    "strengths_accomplishments": "Turned around the Leeds site; trusted by customers; I learn fast.",
    "previous_year": "A year of growth that ran on my energy more than on my team's.",
}


def demo_assessment(engagement: Engagement, *, coach: User, coach_summary: bool = True) -> None:
    """Step 2: the intake and two later rating checks submitted, values in progress, and (unless
    ``coach_summary`` is False: step 2 waits on the coach) the coach's assessment shared."""
    worksheet_services.templates_install()
    template = WorksheetTemplate.objects.get(slug="thought-starters")
    intake = worksheet_services.worksheet_assign(
        engagement=engagement, template=template, assigned_by=coach, due_date=None
    )
    intake, errors = worksheet_services.worksheet_submit(worksheet=intake, raw=INTAKE_ANSWERS)
    if errors:
        raise CommandError(f"The demo intake does not pass the worksheet's checks: {errors}")
    worksheet_services.worksheet_share(worksheet=intake, shared=True)
    checks = WorksheetTemplate.objects.get(slug="self-ratings")
    now = timezone.now()
    _backdate(intake, now - timedelta(days=40))
    for days_ago, ratings in ((20, (8, 5, 5, 4, 6)), (2, (9, 6, 6, 6, 7))):
        check = worksheet_services.worksheet_assign(
            engagement=engagement, template=checks, assigned_by=coach, due_date=None
        )
        keys = (
            "willing_to_change",
            "success_distance",
            "senior_leader_effectiveness",
            "team_leadership_effectiveness",
            "job_satisfaction",
        )
        worksheet_services.worksheet_submit(worksheet=check, raw=dict(zip(keys, ratings, strict=True)))
        _backdate(check, now - timedelta(days=days_ago))
    values = worksheet_services.worksheet_assign(
        engagement=engagement,
        template=WorksheetTemplate.objects.get(slug="retirement-party"),
        assigned_by=coach,
        due_date=timezone.localdate() + timedelta(days=5),
    )
    worksheet_services.worksheet_save(
        worksheet=values,
        raw={
            "toast": "He built a team that no longer needed him in every meeting, and made it fun to get there.",
            "values": [
                {
                    "value": "Trust",
                    "colleagues_feel": "Safe to disagree with me.",
                    "colleagues_do": "Ask before I answer; thank people for bad news.",
                    "reports_feel": "Trusted with real decisions.",
                    "reports_do": "Delegate whole outcomes, not tasks.",
                }
            ],
        },
    )
    worksheet_services.worksheet_assign(
        engagement=engagement,
        template=WorksheetTemplate.objects.get(slug="deep-dive-preparation"),
        assigned_by=coach,
        due_date=timezone.localdate() + timedelta(days=12),
    )
    if not coach_summary:
        return
    worksheet_services.assessment_save(
        engagement=engagement,
        author=coach,
        revision=0,
        values={
            "organisation_situation": (
                "Acme is growing 40% a year; operations doubled in headcount since Evan's promotion."
            ),
            "strengths": "Deep operational knowledge; trusted by the CEO; energetic and fast.",
            "gaps": "Decides for his directors instead of with them; little time for strategy.",
            "team_pain_points": "Directors wait for Evan's approval; meetings run long.",
            "challenges": "Scaling the team while keeping delivery on time.",
            "shared_with_executive": True,
        },
        notes="Check how the CEO's expectations were communicated to Evan.",
    )


def _backdate(worksheet: Worksheet, when: datetime) -> None:
    Worksheet.objects.filter(pk=worksheet.pk).update(submitted_at=when)
    SelfRating.objects.filter(worksheet=worksheet).update(recorded_at=when)
