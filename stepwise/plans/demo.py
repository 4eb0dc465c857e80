"""Steps 3 and 4 in the demo practice (``manage.py demo``, in ``stepwise.dashboard``)."""

import uuid
from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.formats import date_format

from stepwise.engagements.models import Engagement
from stepwise.users.models import User

from . import services as plan_services
from .models import Goal

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
            ("Tell the directors the plan and why", -30, "{executive}", "done"),
            ("Agree the review template and decision log", -16, "{executive}", "done"),
            ("Coach Dana to chair the review", -4, "{executive}", "in_progress"),
            ("Skip two reviews and read the log instead", 21, "{executive}", "not_started"),
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
            ("Book the first half-day", 7, "{executive}", "not_started"),
            ("Ask each director for one strategic question", 14, "{executive}", "not_started"),
        ],
        "measures": [("Directors who call the plan theirs", "", "1", "5", [(10, "2")])],
        "comment": "Good. Add a date for the plan.",
    },
]


def demo_plan(engagement: Engagement, *, executive: User, sponsor: User, changed: bool = True) -> None:
    """Steps 3–4: two goals with actions, a measure and readings, approved by the sponsor; unless
    ``changed`` is False, the second goal was changed after the approval, so it waits for them again."""
    if Goal.objects.filter(engagement=engagement).exists():
        return
    today = timezone.localdate()
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
                "owner": owner.format(executive=executive.full_name),
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
        if changed and spec.get("changed_title"):
            goal.refresh_from_db()
            plan_services.goal_save(
                goal=goal,
                revision=goal.revision,
                values={"title": spec["changed_title"].format(deadline=deadline)},
                actions=[],
                measures=[],
                user=executive,
            )
