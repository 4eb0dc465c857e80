"""Step 7, post-coaching follow-up: mini-surveys scheduled with the same stakeholders, the change
they measure, ROI by the Phillips method, the sustain plan, the closing report, and retention."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from stepwise.engagements.models import Engagement, Stakeholder
from stepwise.feedback.models import Round
from stepwise.lib.models import PublicModel


class MiniSurvey(PublicModel):
    """A mini-survey the coach planned (``mini.py``): the day it opens and whom it asks. On that
    day the worker makes it a feedback ``Round`` of kind ``mini`` (``round``), with the 360's links,
    thresholds and sealed storage; the answers live there, never here."""

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="mini_surveys")
    opens_on = models.DateField(_("opens on"))
    # Whom it asks, chosen among the engagement's stakeholders (by default the last 360's raters).
    stakeholders = models.ManyToManyField(Stakeholder, related_name="+", verbose_name=_("asked"))
    round = models.OneToOneField(Round, null=True, blank=True, on_delete=models.SET_NULL, related_name="mini_survey")
    # Why the worker could not open it on its day (no approved goal, nobody left to ask): shown to the coach.
    not_sent = models.CharField(max_length=200, blank=True)
    # The decline alert (a goal's interval wholly below zero) is mailed once.
    decline_alerted = models.BooleanField(default=False)

    class Meta:
        ordering = ["engagement", "opens_on"]
        constraints = [
            models.UniqueConstraint(fields=["engagement", "opens_on"], name="mini_survey_once_a_day"),
        ]

    def __str__(self) -> str:
        return f"Mini-survey of {self.opens_on} for {self.engagement}"
