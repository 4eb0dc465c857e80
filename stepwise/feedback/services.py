"""Writes for rounds and their raters: making a round, nominating raters, opening, revoking."""

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from stepwise.engagements.models import Engagement, Stakeholder
from stepwise.lib.tokens import token_hash
from stepwise.plans.models import Goal

from . import vault
from .models import ItemKind, Questionnaire, Rater, Round, RoundItem


@transaction.atomic
def round_create(
    *,
    engagement: Engagement,
    title: str,
    opens_on: date,
    closes_on: date,
    questionnaire: Questionnaire | None = None,
    goals: Iterable[Goal] = (),
    kind: str = Questionnaire.Kind.FEEDBACK_360,
) -> Round:
    """A round in preparation, its questions copied from ``questionnaire``, then one scale item per
    goal ("How effective is … at …"), so later edits to either change no round."""
    round = Round(engagement=engagement, title=title, opens_on=opens_on, closes_on=closes_on, kind=kind)
    round.questionnaire = questionnaire
    round.full_clean()
    round.save()
    items: list[RoundItem] = []
    if questionnaire is not None:
        for question in questionnaire.items.all():
            items.append(RoundItem(competency=question.competency, text=question.text, kind=question.kind))
    executives = engagement.executives()
    name = executives[0].full_name.split()[0] if executives and executives[0].full_name else _("this person")
    for goal in goals:
        text = _("How effective is %(name)s at: %(goal)s?") % {"name": name, "goal": goal.title}
        items.append(RoundItem(competency=_("Coaching goals"), text=text[:400], kind=ItemKind.SCALE, goal=goal))
    for position, made in enumerate(items, start=1):
        made.round = round
        made.position = position
    RoundItem.objects.bulk_create(items)
    return round


@transaction.atomic
def rater_nominate(*, round: Round, stakeholder: Stakeholder, group: str) -> Rater:
    """Put ``stakeholder`` on the round's list of raters, in ``group``."""
    if stakeholder.engagement_id != round.engagement_id:
        raise ValidationError(_("This person is not one of this engagement's stakeholders."), code="elsewhere")
    rater = Rater(round=round, stakeholder=stakeholder, group=group)
    rater.full_clean(validate_constraints=False)
    rater.save()
    return rater


@transaction.atomic
def round_open(*, round: Round) -> Round:
    """Open ``round`` for answers: its thresholds are fixed from now, every nominated rater gets a
    link (only its hash stored; the worker makes the token again to mail it)."""
    round = Round.objects.select_for_update().get(pk=round.pk)
    if round.status != Round.Status.DRAFT:
        raise ValidationError(_("This round is open already."), code="open")
    for rater in round.raters.filter(status=Rater.Status.NOMINATED):
        rater_invite(rater=rater)
    round.status = Round.Status.OPEN
    round.save(update_fields=["status", "updated_at"])
    return round


def rater_invite(*, rater: Rater) -> Rater:
    """Give ``rater`` a link: a fresh salt, the hash of the token it makes."""
    rater.token_salt = vault.token_salt_new()
    rater.token_hash = token_hash(vault.rater_token(rater.token_salt))
    rater.status = Rater.Status.INVITED
    rater.save(update_fields=["token_salt", "token_hash", "status"])
    return rater


@transaction.atomic
def rater_revoke(*, rater: Rater) -> Rater:
    """Stop ``rater``'s link from opening anything, even in a session that traded it already."""
    rater.status = Rater.Status.REVOKED
    rater.save(update_fields=["status"])
    return rater
