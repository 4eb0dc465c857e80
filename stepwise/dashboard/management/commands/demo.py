"""Load the demo practice: people, engagements at different steps, each step's part loaded by
its own app's ``demo.py`` in the steps' order.

Idempotent: each piece is looked up by its natural key first, so running it twice leaves
the same data. Every change goes through the same services the pages use.
"""

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from stepwise.agreements.demo import demo_agreement
from stepwise.engagements.demo import demo_engagement, demo_stakeholders
from stepwise.engagements.models import Engagement, Stakeholder
from stepwise.meetings.demo import demo_calendar, demo_checkins, demo_messages, demo_reviews, demo_sessions
from stepwise.plans.demo import demo_plan
from stepwise.users.demo import PASSWORD, PEOPLE, demo_invitations_accept, demo_people
from stepwise.users.models import User
from stepwise.worksheets.demo import demo_assessment

EVAN_CONTEXT = (
    "Evan was promoted to VP Operations eight months ago and now leads five "
    "directors through a period of fast growth. "
    "The organisation wants him to delegate more and to build a leadership team "
    "that runs without him in every decision."
)


class Command(BaseCommand):
    help = "Load the demo practice (idempotent) and print the demo logins."

    def handle(self, *args: Any, **options: Any) -> None:
        with transaction.atomic():
            people = demo_people()
            self._signed_engagement(people)
            self._awaiting_signatures(people)
            self._just_started(people)
        self.stdout.write(self.style.SUCCESS(f"Demo practice ready. Sign in at {settings.SITE_URL} with:"))
        for key in ("admin", "coach", "executive", "sponsor"):
            email, name, _ = PEOPLE[key]
            self.stdout.write(f"  {key:<10} {email:<30} password: {PASSWORD}   ({name})")

    def _signed_engagement(self, people: dict[str, User]) -> None:
        """Steps 1 and 2 done, 3 and 4 under way, step 5 filled in."""
        today = timezone.localdate()
        engagement, new = demo_engagement(
            org="Acme Corporation",
            title="Evan Executive — leading through growth",
            coach=people["coach"],
            executive=people["executive"],
            sponsor=people["sponsor"],
            start=today - timedelta(days=45),
            months=6,
        )
        if new:
            demo_invitations_accept(engagement)
            demo_stakeholders(engagement)
            demo_agreement(
                engagement, context=EVAN_CONTEXT, signers=[people["coach"], people["executive"], people["sponsor"]]
            )
            demo_assessment(engagement, coach=people["coach"])
        demo_plan(engagement, executive=people["executive"], sponsor=people["sponsor"])
        self._accountability(engagement, people)

    def _accountability(self, engagement: Engagement, people: dict[str, User]) -> None:
        """Step 5: the sessions so far and those planned, check-ins, the first monthly review,
        messages with the coach, and the coach's calendar feed. Each part skips what exists."""
        now = timezone.now()
        today = timezone.localdate()
        demo_sessions(engagement, now=now)
        demo_checkins(engagement, today=today)
        demo_reviews(engagement, today=today)
        demo_messages(engagement, now=now)
        demo_calendar(people["coach"])

    def _awaiting_signatures(self, people: dict[str, User]) -> None:
        today = timezone.localdate()
        engagement, new = demo_engagement(
            org="Northwind Traders",
            title="Nadia Okafor — from expert to leader",
            coach=people["coach"],
            executive=people["executive2"],
            sponsor=people["sponsor2"],
            start=today - timedelta(days=5),
            months=9,
        )
        if not new:
            return
        demo_invitations_accept(engagement)
        demo_stakeholders(engagement, [("Oscar Ortiz", "oscar@northwind.example", Stakeholder.Relationship.MANAGER)])
        demo_agreement(engagement, signers=[people["coach"]])

    def _just_started(self, people: dict[str, User]) -> None:
        today = timezone.localdate()
        engagement, new = demo_engagement(
            org="Northwind Traders",
            title="Liam Chen — first-time manager",
            coach=people["coach"],
            executive=people["executive3"],
            sponsor=None,
            start=today + timedelta(days=7),
            months=4,
        )
        if new:
            demo_agreement(engagement)
