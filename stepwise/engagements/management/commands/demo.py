"""Load the demo practice: people, engagements at different steps, their agreements.

Idempotent: each piece is looked up by its natural key first, so running it twice leaves
the same data. Every change goes through the same services the pages use.
"""

import uuid
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format

from stepwise.agreements import services as agreement_services
from stepwise.agreements.models import Agreement
from stepwise.engagements import services
from stepwise.engagements.models import Engagement, Organisation, Stakeholder
from stepwise.meetings.demo import demo_calendar, demo_checkins, demo_messages, demo_reviews, demo_sessions
from stepwise.plans import services as plan_services
from stepwise.plans.models import Goal
from stepwise.users import services as user_services
from stepwise.users.models import Invitation, User
from stepwise.worksheets import services as worksheet_services
from stepwise.worksheets.models import SelfRating, Worksheet, WorksheetTemplate

PASSWORD = "stepwise-demo"  # noqa: S105 - the public demo password, printed and in the README

PEOPLE = {
    "admin": (
        "admin@stepwise.example",
        "Ada Admin",
        {"is_practice_admin": True, "is_staff": True, "is_superuser": True},
    ),
    "coach": ("coach@stepwise.example", "Clara Coach", {"is_coach": True}),
    "coach2": ("coach2@stepwise.example", "Colin Coach", {"is_coach": True}),
    "executive": ("executive@stepwise.example", "Evan Executive", {}),
    "sponsor": ("sponsor@stepwise.example", "Sam Sponsor", {}),
    "executive2": ("nadia@northwind.example", "Nadia Okafor", {}),
    "sponsor2": ("hr@northwind.example", "Harriet Reyes", {}),
    "executive3": ("liam@northwind.example", "Liam Chen", {}),
}

STAKEHOLDERS = [
    ("Maria Manager", "maria.manager@acme.example", Stakeholder.Relationship.MANAGER),
    ("Peter Peer", "peter.peer@acme.example", Stakeholder.Relationship.PEER),
    ("Paula Peer", "paula.peer@acme.example", Stakeholder.Relationship.PEER),
    ("Pat Peer", "pat.peer@acme.example", Stakeholder.Relationship.PEER),
    ("Dana Report", "dana.report@acme.example", Stakeholder.Relationship.DIRECT_REPORT),
    ("Dev Report", "dev.report@acme.example", Stakeholder.Relationship.DIRECT_REPORT),
    ("Dora Report", "dora.report@acme.example", Stakeholder.Relationship.DIRECT_REPORT),
    ("Omar Other", "omar.other@acme.example", Stakeholder.Relationship.OTHER),
]


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


DEMO_GOALS: list[dict[str, Any]] = [
    {
        "title": (
            "Delegate the weekly operations review to my five directors by {deadline}, "
            "cutting my time in it from 6 hours to 1 hour a week"
        ),
        "deep_dive": {
            "different": "The directors run the review and bring me decisions, not questions.",
            "why_me": "I want my Fridays back for strategy and my evenings back for my family.",
            "benefits": "Faster decisions; directors who grow; a review that no longer waits for me.",
            "why_others": "The directors get real ownership, and their teams get answers a day sooner.",
            "big_benefit": "A leadership team that runs without me in every decision.",
            "pain": "I stay the bottleneck, the best director leaves, and growth stalls on my calendar.",
            "measured_how": "Hours a week I spend in the review; decisions taken without me.",
            "career_fit": "Yes: the COO role needs someone who leads through others.",
            "values": ["Trust"],
            "values_fit": "Trusting the directors with whole outcomes is what I want them to feel.",
            "company_fit": "Supports this year's objective to scale operations without adding management layers.",
            "success_when": "The review runs on time without me and the directors say they own it.",
            "resources_have": ["Five capable directors", "A clear review template"],
            "resources_need": ["A deputy chair for the review", "A decision log the team trusts"],
            "shifts": {
                "stop": ["Answering questions a director can answer", "Rewriting slides", "Joining every escalation"],
                "less": ["Status updates in the review", "Late-evening mail", "Solving problems alone"],
                "more": ["Asking “what do you recommend?”", "Coaching one-to-ones", "Thinking time on Fridays"],
                "continue": ["Weekly one-to-ones", "Celebrating wins", "Walking the sites"],
                "start": ["Rotating the review chair", "A monthly skip-level lunch", "Writing decisions down"],
            },
        },
        "actions": [
            ("Tell the directors the plan and why", -30, "Evan Executive", "done"),
            ("Agree the review template and decision log", -16, "Evan Executive", "done"),
            ("Coach Dana to chair the review", -4, "Evan Executive", "in_progress"),
            ("Skip two reviews and read the log instead", 21, "Evan Executive", "not_started"),
            ("Hand the review over for good", 95, "Dana Report", "not_started"),
        ],
        "measures": [
            ("Hours a week in the operations review", "h", "6", "1", [(40, "6"), (26, "5"), (12, "4"), (3, "3.5")]),
        ],
        "comment": "Exactly what we need. Keep the decision log visible to me.",
    },
    {
        "title": "Hold a monthly strategy half-day with my leadership team so that they write next year's plan",
        "changed_title": (
            "Hold a monthly strategy half-day with my leadership team from next month so that they write "
            "next year's plan by {deadline}"
        ),
        "deep_dive": {
            "different": "Strategy is a team sport: the directors shape the plan instead of receiving it.",
            "why_me": "I make better calls when I hear the people closest to the work.",
            "measured_how": "Directors who say the plan is theirs, out of five.",
            "success_when": "Five directors present next year's plan to the board as theirs.",
            "company_fit": "The CEO asked for a plan owned by the operations leadership.",
        },
        "actions": [
            ("Book the first half-day", 7, "Evan Executive", "not_started"),
            ("Ask each director for one strategic question", 14, "Evan Executive", "not_started"),
        ],
        "measures": [("Directors who call the plan theirs", "", "1", "5", [(10, "2")])],
        "comment": "Good. Add a date for the plan.",
    },
]


class Command(BaseCommand):
    help = "Load the demo practice (idempotent) and print the demo logins."

    def handle(self, *args: Any, **options: Any) -> None:
        with transaction.atomic():
            people = {key: self._person(*value) for key, value in PEOPLE.items()}
            self._signed_engagement(people)
            self._awaiting_signatures(people)
            self._just_started(people)
        self.stdout.write(self.style.SUCCESS(f"Demo practice ready. Sign in at {settings.SITE_URL} with:"))
        for key in ("admin", "coach", "executive", "sponsor"):
            email, name, _ = PEOPLE[key]
            self.stdout.write(f"  {key:<10} {email:<30} password: {PASSWORD}   ({name})")

    def _person(self, email: str, full_name: str, flags: dict[str, bool]) -> User:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(email=email, password=PASSWORD, full_name=full_name, **flags)
        return user

    def _engagement(
        self,
        people: dict[str, User],
        *,
        org: str,
        title: str,
        coach: str,
        executive: str,
        sponsor: str | None,
        start: date,
        months: int,
    ) -> tuple[Engagement, bool]:
        existing = Engagement.objects.filter(title=title).first()
        if existing:
            return existing, False
        organisation = Organisation.objects.filter(name=org).first() or services.organisation_create(name=org)
        engagement = services.engagement_create(
            coach=people[coach],
            organisation=organisation,
            title=title,
            start_date=start,
            planned_months=months,
            executive_name=people[executive].full_name,
            executive_email=people[executive].email,
            sponsor_name=people[sponsor].full_name if sponsor else "",
            sponsor_email=people[sponsor].email if sponsor else "",
        )
        return engagement, True

    def _join_all(self, engagement: Engagement) -> None:
        """The demo people have passwords already: each accepts their invitation, as they would
        by following the link (an invitation grants nothing until it is accepted)."""
        waiting = Invitation.objects.filter(participant__engagement=engagement, status=Invitation.Status.PENDING)
        for invitation in waiting.select_related("user"):
            user_services.invitation_accept(
                invitation=invitation,
                accepted_by=invitation.user,
                full_name=invitation.user.full_name,
                time_zone=invitation.user.time_zone,
                password=None,
            )

    def _sign_all(self, agreement: Agreement, people: list[User]) -> None:
        for person in people:
            agreement_services.agreement_sign(
                agreement=agreement, signer=person, typed_name=person.full_name, seen_hash=agreement.text_hash
            )

    def _signed_engagement(self, people: dict[str, User]) -> None:
        today = timezone.localdate()
        engagement, new = self._engagement(
            people,
            org="Acme Corporation",
            title="Evan Executive — leading through growth",
            coach="coach",
            executive="executive",
            sponsor="sponsor",
            start=today - timedelta(days=45),
            months=6,
        )
        if new:
            self._agreement_and_assessment(engagement, people)
        self._plan(engagement, people)
        self._accountability(engagement, people)

    def _agreement_and_assessment(self, engagement: Engagement, people: dict[str, User]) -> None:
        self._join_all(engagement)
        for name, email, relationship in STAKEHOLDERS:
            services.stakeholder_save(engagement=engagement, name=name, email=email, relationship=relationship)
        agreement = agreement_services.agreement_start(engagement=engagement)
        agreement = agreement_services.agreement_update(
            agreement=agreement,
            revision=agreement.revision,
            values={
                "context": (
                    "Evan was promoted to VP Operations eight months ago and now leads five "
                    "directors through a period of fast growth. "
                    "The organisation wants him to delegate more and to build a leadership team "
                    "that runs without him in every decision."
                )
            },
        )
        agreement = agreement_services.agreement_open(agreement=agreement)
        self._sign_all(agreement, [people["coach"], people["executive"], people["sponsor"]])
        self._assessment(engagement, people)

    def _assessment(self, engagement: Engagement, people: dict[str, User]) -> None:
        """Step 2 under way: the intake and two later rating checks submitted, values in progress."""
        worksheet_services.templates_install()
        coach = people["coach"]
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
        self._backdate(intake, now - timedelta(days=40))
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
            self._backdate(check, now - timedelta(days=days_ago))
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
                "private_notes": "Check how the CEO's expectations were communicated to Evan.",
            },
        )

    def _plan(self, engagement: Engagement, people: dict[str, User]) -> None:
        """Steps 3–4 under way: one goal approved with actions, a measure and readings; a second goal
        changed after the sponsor approved it, so it waits for them again."""
        if Goal.objects.filter(engagement=engagement).exists():
            return
        today = timezone.localdate()
        executive, sponsor = people["executive"], people["sponsor"]
        # Deadlines inside the engagement, whenever the demo is loaded.
        deadline = date_format(engagement.end_date - timedelta(days=21), "j F Y")
        for spec in DEMO_GOALS:
            title = spec["title"].format(deadline=deadline)
            goal = plan_services.goal_create(engagement=engagement, title=title, token=uuid.uuid4())
            actions = [
                {
                    "id": None,
                    "description": description,
                    "target_date": today + timedelta(days=days),
                    "owner": owner,
                    "status": status,
                    "completed_on": today + timedelta(days=days) if status == "done" else None,
                }
                for description, days, owner, status in spec["actions"]
            ]
            measures = [
                {"id": None, "name": name, "unit": unit, "baseline": Decimal(b), "target": Decimal(t)}
                for name, unit, b, t, _readings in spec["measures"]
            ]
            goal = plan_services.goal_save(
                goal=goal,
                revision=goal.revision,
                values=spec["deep_dive"],
                actions=actions,
                measures=measures,
                user=executive,
            )
            for measure, (*_, readings) in zip(goal.measures.order_by("pk"), spec["measures"], strict=True):
                for days_ago, value in readings:
                    plan_services.reading_add(
                        measure=measure, taken_on=today - timedelta(days=days_ago), value=Decimal(value), user=executive
                    )
            goal = plan_services.goal_ask_approval(goal=goal)
            plan_services.goal_decide(
                goal=goal, sponsor=sponsor, decision="approved", comment=spec["comment"], revision=goal.revision
            )
            if spec.get("changed_title"):
                goal.refresh_from_db()
                plan_services.goal_save(
                    goal=goal,
                    revision=goal.revision,
                    values={"title": spec["changed_title"].format(deadline=deadline)},
                    actions=[],
                    measures=[],
                    user=executive,
                )

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

    def _backdate(self, worksheet: Worksheet, when: Any) -> None:
        Worksheet.objects.filter(pk=worksheet.pk).update(submitted_at=when)
        SelfRating.objects.filter(worksheet=worksheet).update(recorded_at=when)

    def _awaiting_signatures(self, people: dict[str, User]) -> None:
        today = timezone.localdate()
        engagement, new = self._engagement(
            people,
            org="Northwind Traders",
            title="Nadia Okafor — from expert to leader",
            coach="coach",
            executive="executive2",
            sponsor="sponsor2",
            start=today - timedelta(days=5),
            months=9,
        )
        if not new:
            return
        self._join_all(engagement)
        services.stakeholder_save(
            engagement=engagement,
            name="Oscar Ortiz",
            email="oscar@northwind.example",
            relationship=Stakeholder.Relationship.MANAGER,
        )
        agreement = agreement_services.agreement_start(engagement=engagement)
        agreement = agreement_services.agreement_open(agreement=agreement)
        self._sign_all(agreement, [people["coach"]])

    def _just_started(self, people: dict[str, User]) -> None:
        today = timezone.localdate()
        engagement, new = self._engagement(
            people,
            org="Northwind Traders",
            title="Liam Chen — first-time manager",
            coach="coach",
            executive="executive3",
            sponsor=None,
            start=today + timedelta(days=7),
            months=4,
        )
        if not new:
            return
        agreement_services.agreement_start(engagement=engagement)
