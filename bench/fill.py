"""Fill a database for the benchmarks: one coach with many engagements, as the services make them.

Half the engagements have a signed agreement (so the step tracker has something to derive), each
has a sponsor and three stakeholders. Run through ``bench/pages.py``; the functions here expect
Django to be set up and the database migrated.
"""

from datetime import date

from django.db import transaction

from stepwise.agreements import services as agreements
from stepwise.engagements import services as engagements
from stepwise.engagements.models import Engagement, Participant
from stepwise.users.models import User

PASSWORD = "bench-password-not-secret"


@transaction.atomic
def fill(*, engagement_count: int = 50) -> User:
    """The coach whose pages are timed, with ``engagement_count`` engagements."""
    coach = User.objects.create_user(
        email="coach@bench.example", password=PASSWORD, full_name="Bench Coach", is_coach=True
    )
    organisations = [engagements.organisation_create(name=f"Client {n}") for n in range(5)]
    for n in range(engagement_count):
        engagement = engagements.engagement_create(
            coach=coach,
            organisation=organisations[n % len(organisations)],
            title=f"Engagement {n}",
            start_date=date(2026, 1 + n % 12, 1),
            planned_months=6,
            executive_name=f"Executive {n}",
            executive_email=f"executive{n}@bench.example",
            sponsor_name=f"Sponsor {n}",
            sponsor_email=f"sponsor{n}@bench.example",
        )
        for k, relationship in enumerate(("manager", "peer", "direct_report")):
            engagements.stakeholder_save(
                engagement=engagement,
                name=f"Stakeholder {n}.{k}",
                email=f"stakeholder{n}.{k}@bench.example",
                relationship=relationship,
            )
        if n % 2 == 0:
            _sign(engagement, coach)
    return coach


def _sign(engagement: Engagement, coach: User) -> None:
    agreement = agreements.agreement_open(agreement=agreements.agreement_start(engagement=engagement))
    people = [coach] + [p.user for p in Participant.objects.filter(engagement=engagement).select_related("user")]
    for person in people:
        agreements.agreement_sign(
            agreement=agreement, signer=person, typed_name=person.full_name, seen_hash=agreement.text_hash
        )
