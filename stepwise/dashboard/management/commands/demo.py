"""Load the demo practice: people, engagements at different steps, each step's part loaded by
its own app's ``demo.py`` in the steps' order. ``--size large`` adds the large practice for
trying load (``stepwise.dashboard.large``).

Idempotent: each piece is looked up by its natural key first, so running it twice leaves
the same data. Every change goes through the same services the pages use.
"""

import argparse
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone

from stepwise.agreements.demo import demo_agreement
from stepwise.engagements.demo import demo_engagement, demo_stakeholders
from stepwise.engagements.models import Engagement, Stakeholder
from stepwise.feedback.demo import demo_360_closed, demo_360_open, demo_practice_steps
from stepwise.meetings.demo import demo_calendar, demo_checkins, demo_messages, demo_reviews, demo_sessions
from stepwise.outcomes.demo_close import demo_closed_engagement, demo_past_retention
from stepwise.outcomes.demo_roi import demo_roi
from stepwise.plans.demo import demo_plan
from stepwise.practice.demo import demo_practice
from stepwise.users.demo import PASSWORD, PEOPLE, demo_invitations_accept, demo_people
from stepwise.users.models import User
from stepwise.worksheets.demo import demo_assessment

from ... import large

EVAN_CONTEXT = (
    "Evan was promoted to VP Operations eight months ago and now leads five "
    "directors through a period of fast growth. "
    "The organisation wants him to delegate more and to build a leadership team "
    "that runs without him in every decision."
)


def _count(value: str) -> int:
    try:
        number = int(value.replace(",", "").replace("_", ""))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number") from None
    if not 1 <= number <= large.MAX_ENGAGEMENTS:
        raise argparse.ArgumentTypeError(f"give a number from 1 to {large.MAX_ENGAGEMENTS:,}")
    return number


SOFIA_CONTEXT = (
    "Sofia leads Northwind's logistics, now run from three sites after the last acquisition. "
    "The organisation wants one team with one way of working, and Sofia to be heard beyond her own function."
)


class Command(BaseCommand):
    help = (
        "Load the demo practice (idempotent) and print the demo logins. With --size large, also "
        "the large practice for trying load: 2,000 engagements (or --engagements N) built through "
        "the services, without mail."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--size",
            choices=("small", "large"),
            default="small",
            help="small (the default): the demo engagements. large: those, and the large practice "
            f"under @{large.DOMAIN}: {large.FULL_SIZE:,} engagements across 100 organisations and 50 coaches, "
            f"the busy coach ({large.BUSY_COACH[0]}) with 300, 11 stakeholders each, a year of sessions, "
            "key actions, check-ins, messages and progress reviews, 500 closed 360s of 12 answers each, "
            "in the 300 closed engagements two mini-surveys and the ROI, the 12-step practice of the 200 "
            "executives under way after a 360, engagements at every step. Takes about a quarter of an hour "
            "of CPU (prints its progress); running it again takes a second.",
        )
        parser.add_argument(
            "--engagements",
            type=_count,
            metavar="N",
            help=f"with --size large: build the first N engagements of the large practice instead of "
            f"{large.FULL_SIZE:,}, each with the same shape. The busy coach has min(300, N) of them, the "
            f"other coaches share the rest (at most 49 coaches, as many as needed), 20 a client "
            f"organisation. Running again with the same or a smaller N adds nothing; a larger N adds "
            f"the missing ones; a run cut short resumes.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["engagements"] and options["size"] != "large":
            raise CommandError("--engagements goes with --size large.")
        with transaction.atomic():
            people = demo_people()
            self._signed_engagement(people)
            self._awaiting_signatures(people)
            self._in_the_360(people)
            self._just_started(people)
            demo_closed_engagement(people)
            demo_past_retention(people)
        if options["size"] == "large":
            self._large(options["engagements"] or large.FULL_SIZE)
        self.stdout.write(self.style.SUCCESS(f"Demo practice ready. Sign in at {settings.SITE_URL} with:"))
        for key in ("admin", "coach", "executive", "sponsor"):
            email, name, _ = PEOPLE[key]
            self.stdout.write(f"  {key:<10} {email:<30} password: {PASSWORD}   ({name})")
        if options["size"] == "large":
            first = large.Planned(0)
            coached = min(large.BUSY_COACH_ENGAGEMENTS, options["engagements"] or large.FULL_SIZE)
            self.stdout.write(f"The large practice, same password (every @{large.DOMAIN} person has it):")
            for role, (email, name), note in (
                ("busy coach", large.BUSY_COACH, f"coaches {coached:,} engagements"),
                ("executive", first.executive, "an engagement under way in sessions"),
                ("sponsor", first.sponsor, f"HR partner in up to {large.PER_ORGANISATION} engagements"),
            ):
                self.stdout.write(f"  {role:<10} {email:<30} password: {PASSWORD}   ({name}: {note})")

    def _large(self, engagements: int) -> None:
        step = max(1, engagements // 20)

        def report(done: int, total: int, seconds: float) -> None:
            if done % step == 0 or done == total:
                self.stdout.write(f"  engagement {done:,} of {total:,} ({seconds:.0f} s)")

        self.stdout.write(f"Building the large practice: {engagements:,} engagements, one transaction each.")
        made = large.large_practice_build(engagements=engagements, report=report)
        there = engagements - made
        self.stdout.write(f"Large practice: {made:,} engagements made, {there:,} were there already.")

    def _signed_engagement(self, people: dict[str, User]) -> None:
        """Steps 1 and 2 done, 3 and 4 under way, step 5 filled in, a 360 closed."""
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
        demo_360_closed(engagement, today=today)
        demo_practice_steps(engagement)
        demo_roi(engagement)  # step 7's ROI under way (Grace's closed engagement has its final one)
        demo_practice(people["executive"], today=today)  # his 12-step practice (steps 10–12, marks)

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
        if new:
            demo_invitations_accept(engagement)
            demo_stakeholders(
                engagement, [("Oscar Ortiz", "oscar@northwind.example", Stakeholder.Relationship.MANAGER)]
            )
            demo_agreement(engagement, signers=[people["coach"]])

    def _in_the_360(self, people: dict[str, User]) -> None:
        """Steps 1–4 done, sessions under way (step 5) and a baseline 360 open (step 6): a round
        opens only under an agreement in force."""
        today = timezone.localdate()
        engagement, new = demo_engagement(
            org="Northwind Traders",
            title="Sofia Marin — one team across three sites",
            coach=people["coach"],
            executive=people["executive6"],
            sponsor=people["sponsor2"],
            start=today - timedelta(days=70),
            months=9,
        )
        if new:
            demo_invitations_accept(engagement)
            demo_stakeholders(
                engagement, [("Oscar Ortiz", "oscar@northwind.example", Stakeholder.Relationship.MANAGER)]
            )
            signers = [people["coach"], people["executive6"], people["sponsor2"]]
            demo_agreement(engagement, context=SOFIA_CONTEXT, signers=signers)
            demo_assessment(engagement, coach=people["coach"])
            demo_plan(engagement, executive=people["executive6"], sponsor=people["sponsor2"], changed=False)
            demo_sessions(engagement, now=timezone.now(), recorded=3)
            demo_checkins(engagement, today=today)
        demo_360_open(engagement, today=today)

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
