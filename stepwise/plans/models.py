"""Steps 3–4: the primary coaching goals with their deep dive, key actions, measures and readings,
and the sponsor's approval of each goal."""

from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from stepwise.engagements.models import Engagement
from stepwise.lib.models import PublicModel, TimestampedModel

# The seed's five questions, "at least three answers for each".
SHIFTS: tuple[tuple[str, Any], ...] = (
    ("stop", _("What could you STOP doing?")),
    ("less", _("What could you do LESS of?")),
    ("more", _("What could you do MORE of?")),
    ("continue", _("What could you CONTINUE doing?")),
    ("start", _("What could you START doing?")),
)
SHIFT_ANSWERS_ASKED = 3

# What the goal page edits, besides key actions and measures.
GOAL_FIELDS = (
    "title",
    "different",
    "why_me",
    "benefits",
    "why_others",
    "big_benefit",
    "pain",
    "measured_how",
    "career_fit",
    "values",
    "values_fit",
    "company_fit",
    "success_when",
    "resources_have",
    "resources_need",
    "shifts",
)

# What the sponsor approves: the goal as stated, the change it aims at, how it is measured and
# what success looks like — not the executive's private reasons (why, pain, values).
APPROVED_FIELDS = ("title", "different", "measured_how", "success_when")


class Goal(PublicModel):
    """One primary coaching goal and its deep dive, in the seed's words."""

    class Approval(models.TextChoices):
        NOT_ASKED = "not_asked", _("not sent to the sponsor")
        PENDING = "pending", _("waiting for the sponsor's approval")
        APPROVED = "approved", _("approved by the sponsor")
        CHANGES = "changes", _("the sponsor asked for changes")

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="goals")
    position = models.PositiveSmallIntegerField(default=1)
    title = models.CharField(_("specific goal"), max_length=400)
    different = models.TextField(_("What and how would you like things to be different?"), blank=True)
    why_me = models.TextField(_("Why is this goal important to you?"), blank=True)
    benefits = models.TextField(_("List all the benefits of achieving your goal."), blank=True)
    why_others = models.TextField(_("Why is this goal important for others?"), blank=True)
    big_benefit = models.TextField(
        _("What is the big benefit of achieving the goal, for you and for others?"), blank=True
    )
    pain = models.TextField(_("What is the pain of not achieving it?"), blank=True)
    measured_how = models.TextField(_("How will it be measured?"), blank=True)
    career_fit = models.TextField(
        _("Is this goal in line with your career vision and overall career plan?"), blank=True
    )
    values = models.JSONField(_("the values it serves"), default=list, blank=True)
    values_fit = models.TextField(_("How is it in line with your values?"), blank=True)
    company_fit = models.TextField(
        _("Is it in line with the company's culture, values and objectives? Which objective?"), blank=True
    )
    success_when = models.TextField(
        _("I'll know I have succeeded when… (the impact on you and on the company)"), blank=True
    )
    resources_have = models.JSONField(_("resources you have"), default=list, blank=True)
    resources_need = models.JSONField(_("resources you need"), default=list, blank=True)
    shifts = models.JSONField(_("stop, less, more, continue, start"), default=dict, blank=True)
    revision = models.PositiveIntegerField(default=0)
    # The create form's one-time token: a second submit of the same form finds this goal.
    create_token = models.UUIDField(null=True, blank=True, editable=False)

    approval = models.CharField(max_length=12, choices=Approval.choices, default=Approval.NOT_ASKED)
    # The goal as the sponsor last approved it (to tell whether it still stands), and as they last
    # decided on it, approving or asking for changes (to show them what changed since).
    approved_snapshot = models.JSONField(null=True, blank=True)
    decided_snapshot = models.JSONField(null=True, blank=True)
    last_decision = models.CharField(max_length=10, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["engagement", "position", "created_at"]
        constraints = [
            models.UniqueConstraint(fields=["engagement", "create_token"], name="goal_created_once"),
        ]

    def __str__(self) -> str:
        return self.title

    def shift_answers(self, key: str) -> list[str]:
        answers = self.shifts.get(key, []) if isinstance(self.shifts, dict) else []
        return [str(a) for a in answers]

    def snapshot(self, measures: list["Measure"] | None = None) -> dict[str, Any]:
        """The approvable content, in a form that compares and stores as JSON."""
        rows = measures if measures is not None else list(self.measures.all())
        return {
            **{name: getattr(self, name) for name in APPROVED_FIELDS},
            "measures": [
                [m.name, m.unit, _number(m.baseline), _number(m.target)] for m in sorted(rows, key=lambda m: m.pk or 0)
            ],
        }


def _number(value: Decimal | None) -> str:
    return "" if value is None else format(value.normalize(), "f")


class GoalDecision(TimestampedModel):
    """A sponsor's decision on a goal, kept as the record of what was approved, when, by whom."""

    class Decision(models.TextChoices):
        APPROVED = "approved", _("approved")
        CHANGES = "changes", _("asked for changes")

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="decisions")
    sponsor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decision = models.CharField(max_length=10, choices=Decision.choices)
    comment = models.TextField(_("comment"), blank=True)
    snapshot = models.JSONField()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.goal}: {self.decision}"


class KeyActionQuerySet(models.QuerySet["KeyAction"]):
    def open(self) -> "KeyActionQuerySet":
        """Key actions still to be done: not started or in progress (done and dropped ones are
        closed). The one definition of an open key action; aggregates use ``KeyAction.open_q``."""
        return self.filter(KeyAction.open_q())


class KeyAction(PublicModel):
    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("not started")
        IN_PROGRESS = "in_progress", _("in progress")
        DONE = "done", _("done")
        DROPPED = "dropped", _("dropped")

    OPEN_STATUSES = (Status.NOT_STARTED, Status.IN_PROGRESS)

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="actions")
    position = models.PositiveSmallIntegerField(default=1)
    description = models.CharField(_("key action"), max_length=400)
    target_date = models.DateField(_("target completion date"), null=True, blank=True)
    owner = models.CharField(_("owner"), max_length=120, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.NOT_STARTED)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    # Set when the action item came out of a coaching session (step 5).
    session = models.ForeignKey(
        "meetings.Session", on_delete=models.SET_NULL, null=True, blank=True, related_name="new_actions"
    )

    objects = KeyActionQuerySet.as_manager()

    class Meta:
        ordering = ["goal", "position", "created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="done") | Q(completed_on__isnull=True), name="action_completed_only_when_done"
            ),
        ]

    def __str__(self) -> str:
        return self.description

    @staticmethod
    def open_q(prefix: str = "") -> Q:
        """An open key action as a filter, for ``Count(..., filter=...)`` and related lookups
        (``prefix="actions__"``); querysets say ``KeyAction.objects.open()``."""
        return Q(**{f"{prefix}status__in": KeyAction.OPEN_STATUSES})

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    def is_overdue(self, today: date) -> bool:
        return self.is_open and self.target_date is not None and self.target_date < today

    def status_set(self, status: str, *, today: date, completed_on: date | None = None) -> None:
        """Set the status with the one completion-date rule (not saved): a done action is dated
        ``completed_on`` when one is given, else keeps the date it was done, else ``today`` (the
        date where the person making the change is); an action that is not done has no date."""
        self.status = status
        if status == self.Status.DONE:
            self.completed_on = completed_on or self.completed_on or today
        else:
            self.completed_on = None


class Measure(PublicModel):
    """How a goal is measured: a baseline, a target and a unit; readings over time."""

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="measures")
    name = models.CharField(_("measure"), max_length=200)
    unit = models.CharField(
        _("unit"), max_length=30, blank=True, help_text=_("For example %, hours per week, or leave empty for a count.")
    )
    baseline = models.DecimalField(_("baseline"), max_digits=12, decimal_places=2)
    target = models.DecimalField(_("target"), max_digits=12, decimal_places=2)

    class Meta:
        ordering = ["goal", "created_at", "pk"]
        constraints = [models.CheckConstraint(condition=~Q(target=models.F("baseline")), name="measure_target_moves")]

    def __str__(self) -> str:
        return self.name


class Reading(PublicModel):
    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="readings")
    taken_on = models.DateField(_("date"))
    value = models.DecimalField(_("value"), max_digits=12, decimal_places=2)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["measure", "taken_on"]
        constraints = [models.UniqueConstraint(fields=["measure", "taken_on"], name="one_reading_per_day")]

    def __str__(self) -> str:
        return f"{self.measure}: {self.value} on {self.taken_on}"
