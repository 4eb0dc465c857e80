"""Step 6 and practice steps 7–9: 360 rounds, pulses, what raters answer, and what follows.

Three kinds of record, kept apart on purpose:

- **Who is asked** (``Rater``): one of the executive's stakeholders in one round, with the hash of
  their link's token and whether (never when) they have answered. This is the raters' list.
- **What was answered** (``Response``, ``Rating``, ``Comment``): ``AnonymousModel``s with random
  keys, no time and no reference to a rater, written in one shuffled batch when the round closes
  (``stepwise.feedback.answering.round_close``). Nothing ties a row to the list above.
- **What waits** (``Draft``, ``PendingSubmission``): ciphertext only (``vault.py``), found by a
  locator the database alone cannot compute, deleted when the round closes.

A rater has no ``User``: they reach their survey through their link (``access.py``), never
through the engagement's access policy.
"""

import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from stepwise.engagements.models import Engagement, Stakeholder
from stepwise.lib.models import AnonymousModel, PublicModel
from stepwise.plans.models import Goal, KeyAction


class Group(models.TextChoices):
    """Whose view a rating gives. ``SELF`` is the executive; the others are stakeholders."""

    SELF = "self", _("self")
    MANAGER = "manager", _("manager")
    PEER = "peer", _("peers")
    DIRECT_REPORT = "direct_report", _("direct reports")
    OTHER = "other", _("others")


# A stakeholder's relationship is the group they are nominated into unless the executive says otherwise.
GROUP_OF_RELATIONSHIP = {
    Stakeholder.Relationship.MANAGER: Group.MANAGER,
    Stakeholder.Relationship.PEER: Group.PEER,
    Stakeholder.Relationship.DIRECT_REPORT: Group.DIRECT_REPORT,
    Stakeholder.Relationship.OTHER: Group.OTHER,
}
RATER_GROUPS = (Group.MANAGER, Group.PEER, Group.DIRECT_REPORT, Group.OTHER)


class ItemKind(models.TextChoices):
    SCALE = "scale", _("rating from 1 to 5")
    OPEN = "open", _("open question")
    # The mini-survey's (step 7, stepwise.outcomes): perceived change, and follow-up frequency.
    CHANGE = "change", _("change from −3 to +3")
    FOLLOW_UP = "followup", _("how often they followed up")


SCALE_MIN, SCALE_MAX = 1, 5
# A ``Rating.value`` is a small positive number whatever the item's kind: a CHANGE item's −3…+3
# is stored offset by ``CHANGE_OFFSET`` (−3 → 1, 0 → 4, +3 → 7; None is still "can't say"), a
# FOLLOW_UP item's level as 1 (never) to 4 (regularly), and a SCALE item's 1–5 as it is.
CHANGE_MIN, CHANGE_MAX = -3, 3
CHANGE_OFFSET = 4
STORED_MAX = CHANGE_MAX + CHANGE_OFFSET


class FollowUpLevel(models.IntegerChoices):
    """How often the executive followed up with a rater about a goal (a mini-survey's question)."""

    NEVER = 1, _("never")
    ONCE = 2, _("once")
    A_FEW_TIMES = 3, _("a few times")
    REGULARLY = 4, _("regularly")


def change_stored(change: int) -> int:
    """The ``Rating.value`` of a perceived change of ``change`` (−3…+3)."""
    return change + CHANGE_OFFSET


def change_of(stored: int) -> int:
    """The perceived change (−3…+3) a CHANGE item's ``Rating.value`` holds."""
    return stored - CHANGE_OFFSET


class Questionnaire(PublicModel):
    """Questions a practice asks in its rounds: the built-in ones, or a practice's own copy."""

    class Kind(models.TextChoices):
        FEEDBACK_360 = "360", _("360 feedback")
        PULSE = "pulse", _("pulse")
        MINI = "mini", _("mini-survey")  # step 7: its items come from the approved goals, not a questionnaire

    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices, default=Kind.FEEDBACK_360)
    built_in = models.BooleanField(default=False)
    copied_from = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    revision = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-built_in", "title"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=["360", "pulse", "mini"]), name="questionnaire_kind_known"),
        ]

    def __str__(self) -> str:
        return self.title


class QuestionnaireItem(models.Model):
    """One question: a behaviour rated on the scale (under its competency) or an open question."""

    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField()
    competency = models.CharField(_("competency"), max_length=120, blank=True)
    text = models.CharField(_("question"), max_length=400)
    kind = models.CharField(_("kind"), max_length=8, choices=ItemKind.choices, default=ItemKind.SCALE)

    class Meta:
        ordering = ["questionnaire", "position"]
        constraints = [
            models.UniqueConstraint(fields=["questionnaire", "position"], name="questionnaire_item_position_once"),
            models.CheckConstraint(condition=Q(kind__in=["scale", "open"]), name="questionnaire_item_kind_known"),
        ]

    def __str__(self) -> str:
        return self.text


class PulseSeries(PublicModel):
    """Practice step 7: the recurring question the executive sends on a cadence."""

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="pulse_series")
    # The peers and direct reports the executive asks, chosen from their stakeholders.
    stakeholders = models.ManyToManyField(Stakeholder, related_name="+", blank=True, verbose_name=_("asked"))
    every_days = models.PositiveSmallIntegerField(_("send every (days)"), default=30)
    active = models.BooleanField(default=True)
    next_send_on = models.DateField(_("next sent on"), null=True, blank=True)
    revision = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["engagement", "-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(every_days__gte=7), name="pulse_series_at_most_weekly"),
            # The pulse page edits the engagement's one series.
            models.UniqueConstraint(fields=["engagement"], name="pulse_series_once_per_engagement"),
        ]

    def __str__(self) -> str:
        return f"Pulse for {self.engagement}"


class Round(PublicModel):
    """One 360 round (or one sending of a pulse) for an engagement.

    Its questions are copied from the questionnaire (and the executive's goals) when it is made,
    so editing a questionnaire later changes no round. The thresholds are fixed when it opens and
    shown to every rater. ``closings`` counts the times it closed: each closing writes one batch.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("being prepared")
        OPEN = "open", _("open for answers")
        CLOSED = "closed", _("closed")

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="feedback_rounds")
    kind = models.CharField(
        _("kind"), max_length=8, choices=Questionnaire.Kind.choices, default=Questionnaire.Kind.FEEDBACK_360
    )
    series = models.ForeignKey(PulseSeries, null=True, blank=True, on_delete=models.CASCADE, related_name="rounds")
    questionnaire = models.ForeignKey(
        Questionnaire, null=True, blank=True, on_delete=models.SET_NULL, related_name="rounds"
    )
    title = models.CharField(_("title"), max_length=200)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.DRAFT)
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    threshold_manager = models.PositiveSmallIntegerField(default=1)
    threshold_group = models.PositiveSmallIntegerField(default=3)
    threshold_others = models.PositiveSmallIntegerField(default=4)
    raters_approved_at = models.DateTimeField(null=True, blank=True)
    raters_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    self_answered = models.BooleanField(default=False)
    closings = models.PositiveSmallIntegerField(default=0)
    revision = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["engagement", "-opens_on", "-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=["draft", "open", "closed"]), name="round_status_known"),
            models.CheckConstraint(condition=Q(kind__in=["360", "pulse", "mini"]), name="round_kind_known"),
            models.CheckConstraint(condition=Q(closes_on__gte=models.F("opens_on")), name="round_closes_after_open"),
            models.CheckConstraint(
                condition=Q(threshold_manager__gte=1, threshold_group__gte=1, threshold_others__gte=1),
                name="round_thresholds_positive",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def threshold(self, group: str) -> int:
        """How many responses ``group`` needs before any figure of it is shown (self: one)."""
        if group == Group.SELF:
            return 1
        if group == Group.MANAGER:
            return self.threshold_manager
        return self.threshold_group


class RoundItem(models.Model):
    """One question of one round, as it was when the round was made."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField()
    competency = models.CharField(max_length=120, blank=True)
    text = models.CharField(max_length=400)
    kind = models.CharField(max_length=8, choices=ItemKind.choices, default=ItemKind.SCALE)
    goal = models.ForeignKey(Goal, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["round", "position"]
        constraints = [
            models.UniqueConstraint(fields=["round", "position"], name="round_item_position_once"),
            models.CheckConstraint(
                condition=Q(kind__in=["scale", "open", "change", "followup"]), name="round_item_kind_known"
            ),
        ]

    def __str__(self) -> str:
        return self.text


class Rater(models.Model):
    """One stakeholder asked to answer one round: the raters' list.

    It says whether the rater has answered (for reminders and the step-9 follow-ups), never when:
    there is no ``updated_at``. Only the SHA-256 of the link's token is stored; the token itself is
    derived from ``token_salt`` with the server's feedback key (``vault.rater_token``), so reminders
    carry the same link and a draft saved under it survives, while a copy of the database alone
    cannot make the link.
    """

    class Status(models.TextChoices):
        NOMINATED = "nominated", _("nominated")
        INVITED = "invited", _("invited")
        REVOKED = "revoked", _("link revoked")

    class Answer(models.TextChoices):
        NONE = "", _("not answered")
        SUBMITTED = "submitted", _("answered")
        DECLINED = "declined", _("declined")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="raters")
    stakeholder = models.ForeignKey(Stakeholder, on_delete=models.CASCADE, related_name="raters")
    group = models.CharField(_("group"), max_length=16, choices=Group.choices)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.NOMINATED)
    answer = models.CharField(_("answer"), max_length=10, choices=Answer.choices, blank=True, default=Answer.NONE)
    token_salt = models.CharField(max_length=32, blank=True)
    token_hash = models.CharField(max_length=64, null=True, blank=True, unique=True)
    reminders_sent = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["round", "group", "stakeholder__name"]
        constraints = [
            models.UniqueConstraint(fields=["round", "stakeholder"], name="rater_once_per_round"),
            models.CheckConstraint(
                condition=Q(group__in=["manager", "peer", "direct_report", "other"]), name="rater_group_not_self"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["nominated", "invited", "revoked"]), name="rater_status_known"
            ),
            models.CheckConstraint(condition=Q(answer__in=["", "submitted", "declined"]), name="rater_answer_known"),
        ]

    def __str__(self) -> str:
        return f"{self.stakeholder.name} ({self.get_group_display()})"


class Draft(AnonymousModel):
    """A rater's (or the executive's self) answers saved to finish later: ciphertext only.

    ``locator`` is an HMAC of the answerer under the server's feedback key, so the database alone
    cannot say whose draft a row is; the text is sealed under a key derived from the same secret.
    """

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="+")
    locator = models.CharField(max_length=64, unique=True)
    sealed = models.BinaryField()
    revision = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return "draft"


class PendingSubmission(AnonymousModel):
    """A submitted answer waiting for the round to close, sealed under the server's feedback key."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="+")
    sealed = models.BinaryField()

    def __str__(self) -> str:
        return "pending submission"


class Response(AnonymousModel):
    """One rater's ratings, as written at the round's close: a group and a batch, nothing more."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="responses")
    group = models.CharField(max_length=16, choices=Group.choices)
    batch = models.PositiveSmallIntegerField()  # which closing wrote it: the only time it has

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(group__in=["self", "manager", "peer", "direct_report", "other"]),
                name="response_group_known",
            ),
        ]

    def __str__(self) -> str:
        return f"response ({self.group})"


class Rating(AnonymousModel):
    """One rating of one scale, change or follow-up item (stored as ``ItemKind`` says); no value
    means "can't say"."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="ratings")
    item = models.ForeignKey(RoundItem, on_delete=models.CASCADE, related_name="ratings")
    value = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["response", "item"], name="rating_once_per_item"),
            models.CheckConstraint(
                condition=Q(value__isnull=True) | Q(value__gte=SCALE_MIN, value__lte=STORED_MAX),
                name="rating_on_the_scale",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.value}"


class Comment(AnonymousModel):
    """An answer to an open question. Not tied to its response: a rater's comments on different
    questions cannot be put together. A redacted comment keeps only the coach's redacted text."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="comments")
    item = models.ForeignKey(RoundItem, on_delete=models.CASCADE, related_name="comments")
    group = models.CharField(max_length=16, choices=Group.choices)
    batch = models.PositiveSmallIntegerField()
    text = models.TextField()
    redacted = models.BooleanField(default=False)

    def __str__(self) -> str:
        return "comment"


class ReportVersion(PublicModel):
    """One version of a round's report: the batches it covers, and when the coach released it."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="report_versions")
    number = models.PositiveSmallIntegerField()
    batch = models.PositiveSmallIntegerField()  # covers every batch up to this one
    released_at = models.DateTimeField(null=True, blank=True)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Its stored PDFs once released, deleted with it (stepwise.lib.pdf.stored_pdf_response).
    renderings = GenericRelation("lib.StoredRendering")

    class Meta:
        ordering = ["round", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["round", "number"], name="report_version_number_once"),
        ]

    def __str__(self) -> str:
        return f"{self.round} v{self.number}"


class DevelopmentItem(PublicModel):
    """Practice step 8: a behaviour as others receive it that the executive wants to make right."""

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="development_items")
    round = models.ForeignKey(Round, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    item = models.ForeignKey(RoundItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    text = models.CharField(_("what others experience, and what you want to make right"), max_length=400)
    goal = models.ForeignKey(Goal, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    key_action = models.ForeignKey(KeyAction, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    revision = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["engagement", "created_at"]

    def __str__(self) -> str:
        return self.text


class FollowUp(PublicModel):
    """Practice step 9: the executive's follow-up meeting with one person who took part."""

    rater = models.OneToOneField(Rater, on_delete=models.CASCADE, related_name="follow_up")
    met_on = models.DateField(_("date of the meeting"), null=True, blank=True)
    thanked = models.BooleanField(_("I thanked them for taking part"), default=False)
    shared = models.TextField(_("the key things I heard in the results, as I shared them"), blank=True)
    actions = models.TextField(_("the actions we discussed"), blank=True)
    revision = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"Follow-up with {self.rater}"
