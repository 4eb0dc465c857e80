"""The executive's 12-step practice: where they are in the program, the professional-inventory
journal (step 10), mindfulness check-ins and practice minutes (step 11), and the people they
teach (step 12). The record is the executive's own (``owner``), reached beside each of their
engagements and kept after they close; who else reads what is ``stepwise.practice.access``."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from stepwise.lib.models import PublicModel, TimestampedModel

MINUTES_IN_A_DAY = 24 * 60
INTENSITY_MAX = 10
TEXT_MAX = 4000
LINE_MAX = 200


class Program(PublicModel):
    """A 12-step program: its steps are data. The built-in one carries the seed's steps 7–12
    (migration 0002); a practice admin adds wording for steps 1–6, or another program, in Django's
    admin."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    builtin = models.BooleanField(_("built in"), default=False, editable=False)
    closing_questions = models.TextField(_("closing questions"), blank=True)

    def __str__(self) -> str:
        return self.name


class ProgramStep(TimestampedModel):
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="steps", verbose_name=_("program"))
    number = models.PositiveSmallIntegerField(_("number"))
    traditional = models.TextField(_("traditional wording"))
    coaching = models.TextField(_("executive-coaching wording"))
    explanation = models.TextField(_("explanation"), blank=True)

    class Meta:
        ordering = ["program", "number"]
        constraints = [
            models.UniqueConstraint(fields=["program", "number"], name="practice_step_number_once"),
            models.CheckConstraint(condition=Q(number__gte=1), name="practice_step_number_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.program} · {self.number}"


class MarkKind(models.TextChoices):
    CURRENT = "current", _("the step I am on")
    REVISIT = "revisit", _("a step to go back and revisit")
    STRUGGLE = "struggle", _("a step I struggle to see how to approach")


class StepMark(PublicModel):
    """One mark the executive set on a step, with a line of why. Marks are never changed: a new
    current step, or clearing a mark, ends the one in force (``ended_at``), so the history stays."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    step = models.ForeignKey(ProgramStep, on_delete=models.PROTECT, related_name="marks")
    kind = models.CharField(_("mark"), max_length=10, choices=MarkKind.choices)
    why = models.CharField(_("why"), max_length=LINE_MAX, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["owner"], condition=Q(kind="current", ended_at__isnull=True), name="practice_one_current_step"
            ),
            models.UniqueConstraint(
                fields=["owner", "step", "kind"], condition=Q(ended_at__isnull=True), name="practice_mark_in_force_once"
            ),
        ]


class Cadence(models.TextChoices):
    DAILY = "daily", _("daily")
    WEEKLY = "weekly", _("weekly")


class Admitted(models.TextChoices):
    PROMPTLY = "promptly", _("yes, promptly")
    LATER = "later", _("yes, but later than I should have")
    NOT_YET = "not_yet", _("not yet")
    NOTHING = "nothing", _("there was nothing to admit")


class JournalEntry(PublicModel):
    """Step 10, the professional inventory: one guided entry for a day (or a week). Private until
    the executive shares it with their coach; unsharing it hides it again."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    cadence = models.CharField(_("daily or weekly"), max_length=10, choices=Cadence.choices, default=Cadence.DAILY)
    entry_date = models.DateField(_("date"))
    went_well = models.TextField(_("What went well?"), max_length=TEXT_MAX, blank=True)
    where_wrong = models.TextField(_("Where was I wrong?"), max_length=TEXT_MAX, blank=True)
    admitted = models.CharField(_("Did I admit it promptly?"), max_length=10, choices=Admitted.choices, blank=True)
    admitted_to = models.CharField(_("To whom?"), max_length=LINE_MAX, blank=True)
    differently = models.TextField(_("What will I do differently?"), max_length=TEXT_MAX, blank=True)
    shared_at = models.DateTimeField(null=True, blank=True)
    revision = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["owner", "cadence", "entry_date"], name="practice_one_entry_a_period"),
        ]
        indexes = [models.Index(fields=["owner", "entry_date"])]

    def __str__(self) -> str:
        return f"{self.entry_date} ({self.cadence})"

    @property
    def shared(self) -> bool:
        return self.shared_at is not None


class Comment(PublicModel):
    """The coach's answer (and the executive's reply) on a shared entry or on a step mark."""

    entry = models.ForeignKey(JournalEntry, on_delete=models.CASCADE, null=True, blank=True, related_name="comments")
    mark = models.ForeignKey(StepMark, on_delete=models.CASCADE, null=True, blank=True, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    text = models.TextField(_("comment"), max_length=TEXT_MAX)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(entry__isnull=False, mark__isnull=True) | Q(entry__isnull=True, mark__isnull=False),
                name="practice_comment_on_one_thing",
            ),
        ]


class Reminder(models.TextChoices):
    OFF = "off", _("no reminders")
    DAILY = "daily", _("every day")
    WEEKLY = "weekly", _("once a week")


class Preferences(TimestampedModel):
    """How the executive keeps their journal: daily or weekly, and the reminder they chose; and the
    mail each person (executive or coach) wants when the other one writes (``notices.py``)."""

    owner = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    cadence = models.CharField(_("I keep my journal"), max_length=10, choices=Cadence.choices, default=Cadence.DAILY)
    reminder = models.CharField(_("remind me"), max_length=10, choices=Reminder.choices, default=Reminder.OFF)
    reminder_hour = models.PositiveSmallIntegerField(_("at (hour, my time)"), default=18)
    reminder_weekday = models.PositiveSmallIntegerField(_("on (for weekly reminders)"), default=4)
    mail_comments = models.BooleanField(_("mail me when my coach comments"), default=True)
    mail_shares = models.BooleanField(_("mail me when an executive shares an entry or answers a comment"), default=True)
    revision = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name_plural = "preferences"
        constraints = [
            models.CheckConstraint(condition=Q(reminder_hour__lte=23), name="practice_reminder_hour_in_day"),
            models.CheckConstraint(condition=Q(reminder_weekday__lte=6), name="practice_reminder_weekday"),
        ]


class Emotion(models.TextChoices):
    CALM = "calm", _("calm")
    CONTENT = "content", _("content")
    CONFIDENT = "confident", _("confident")
    ANXIOUS = "anxious", _("anxious")
    FRUSTRATED = "frustrated", _("frustrated")
    ANGRY = "angry", _("angry")
    DISAPPOINTED = "disappointed", _("disappointed")
    OVERWHELMED = "overwhelmed", _("overwhelmed")
    DEFENSIVE = "defensive", _("defensive")
    SAD = "sad", _("sad")
    OWN_WORDS = "own", _("in my own words")


class Trigger(models.TextChoices):
    MEETING = "meeting", _("a meeting")
    BOSS = "boss", _("my manager")
    PEER = "peer", _("a peer")
    REPORT = "report", _("a direct report")
    CUSTOMER = "customer", _("a customer")
    NEWS = "news", _("unexpected or disappointing news")
    DEADLINE = "deadline", _("a deadline or workload")
    OTHER = "other", _("something else")


class Response(models.TextChoices):
    CHOSEN = "chosen", _("a response I chose")
    REACTION = "reaction", _("a reaction")


class MindfulnessCheckIn(PublicModel):
    """Step 11: noticing one's own emotional state and how one responded."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    on_date = models.DateField(_("date"))
    emotion = models.CharField(_("emotion"), max_length=12, choices=Emotion.choices)
    own_words = models.CharField(_("in my own words"), max_length=80, blank=True)
    intensity = models.PositiveSmallIntegerField(_("intensity (1–10)"))
    trigger = models.CharField(_("what triggered it"), max_length=10, choices=Trigger.choices)
    trigger_note = models.CharField(_("what happened (optional)"), max_length=LINE_MAX, blank=True)
    response = models.CharField(_("my response was"), max_length=10, choices=Response.choices)
    paused = models.BooleanField(_("I paused before responding"), default=False)

    class Meta:
        indexes = [models.Index(fields=["owner", "on_date"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(intensity__gte=1, intensity__lte=INTENSITY_MAX), name="practice_intensity_1_to_10"
            ),
        ]


class PracticeMinutes(PublicModel):
    """Step 11: minutes of mindfulness practice on a day."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    on_date = models.DateField(_("date"))
    minutes = models.PositiveSmallIntegerField(_("minutes"))
    note = models.CharField(_("practice (optional)"), max_length=LINE_MAX, blank=True)

    class Meta:
        verbose_name_plural = "practice minutes"
        indexes = [models.Index(fields=["owner", "on_date"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(minutes__gt=0, minutes__lte=MINUTES_IN_A_DAY), name="practice_minutes_within_a_day"
            ),
        ]


class Teaching(PublicModel):
    """Step 12, carrying the message: a person the executive taught or mentored, and what was shared."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    on_date = models.DateField(_("date"))
    person = models.CharField(_("whom I taught or mentored"), max_length=LINE_MAX)
    shared = models.TextField(_("what I shared"), max_length=TEXT_MAX)

    class Meta:
        indexes = [models.Index(fields=["owner", "on_date"])]
