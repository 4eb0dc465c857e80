"""Writes for rounds and their raters: making a round, nominating and approving raters, opening
(with the invitations), extending, revoking, and the reminders to raters who have not answered.

The raters' list changes only through these functions. Any change to it (a nomination, a
withdrawal) moves the round's ``revision`` on and takes back the coach's approval, so the coach
always approves the list as it stands, and never a list they did not see (``raters_approve``
checks the revision the page was drawn at).

Mail to raters is queued with the rater it is for and nothing else: no token, no link. The worker
makes the link when it sends the mail (``rater_mail_render``), from the rater's salt and the
server's feedback key, so the task queue never holds a credential.
"""

from collections.abc import Iterable, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any
from uuid import UUID

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from stepwise.agreements.models import Agreement
from stepwise.engagements import services as engagement_services
from stepwise.engagements.models import Engagement, Stakeholder
from stepwise.lib.mail import MailNotNeeded, RenderedMail, mail_queue, mail_render
from stepwise.lib.once import submit_once
from stepwise.lib.revisions import revision_check, revision_claim
from stepwise.lib.tokens import token_hash
from stepwise.plans.models import Goal

from . import answering, vault
from .models import GROUP_OF_RELATIONSHIP, RATER_GROUPS, Group, ItemKind, Questionnaire, Rater, Round, RoundItem

if TYPE_CHECKING:
    from stepwise.users.models import User

INVITATION_MAIL = "feedback/email/rater_invitation"
REMINDER_MAIL = "feedback/email/rater_reminder"


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
    token: UUID | None = None,
) -> Round:
    """A round in preparation, its questions copied from ``questionnaire``, then one scale item per
    goal ("How effective is … at …"), so later edits to either change no round. Once per form
    (``token``): a second submit of the same form gets the round the first one made."""
    goals = list(goals)
    return submit_once(
        token=token,
        make=lambda: _round_make(engagement, title, opens_on, closes_on, questionnaire, goals, kind),
        find=lambda made: engagement.feedback_rounds.filter(public_id=made).first(),
    )


def _round_make(
    engagement: Engagement,
    title: str,
    opens_on: date,
    closes_on: date,
    questionnaire: Questionnaire | None,
    goals: list[Goal],
    kind: str,
) -> Round:
    if closes_on < opens_on:
        raise ValidationError({"closes_on": _("The round must close on or after the day it opens.")})
    if any(goal.engagement_id != engagement.pk for goal in goals):
        raise ValidationError({"goals": _("Choose goals of this engagement only.")})
    round = Round(engagement=engagement, title=title.strip(), opens_on=opens_on, closes_on=closes_on, kind=kind)
    round.questionnaire = questionnaire
    round.full_clean()
    round.save()
    items: list[RoundItem] = []
    if questionnaire is not None:
        for question in questionnaire.items.all():
            items.append(RoundItem(competency=question.competency, text=question.text, kind=question.kind))
    name = executive_first_name(engagement)
    for goal in goals:
        text = _("How effective is %(name)s at: %(goal)s?") % {"name": name, "goal": goal.title}
        items.append(RoundItem(competency=_("Coaching goals"), text=text[:400], kind=ItemKind.SCALE, goal=goal))
    for position, made in enumerate(items, start=1):
        made.round = round
        made.position = position
    RoundItem.objects.bulk_create(items)
    return round


def executive_first_name(engagement: Engagement) -> str:
    """How the questions name the executive: their first name (or "this person" before they joined)."""
    executives = engagement.executives()
    return executives[0].full_name.split()[0] if executives and executives[0].full_name else _("this person")


@transaction.atomic
def mini_round_create(
    *, engagement: Engagement, title: str, opens_on: date, closes_on: date, goals: Sequence[Goal], since: date
) -> Round:
    """A mini-survey's round (step 7, planned and opened by ``stepwise.outcomes.mini``): for each
    goal, the perceived change since ``since`` (−3…+3 or "can't say") and how often the
    executive followed up about it, then one suggestion for the months ahead. Each goal's two
    items carry its title as their competency, so the survey shows one section per goal, and the
    follow-up item comes right after its change item (the change page pairs them by position).
    There is no self: the executive does not answer a mini-survey."""
    if not goals:
        raise ValidationError(_("A mini-survey asks about approved goals, and this engagement has none yet."))
    if any(goal.engagement_id != engagement.pk for goal in goals):
        raise ValidationError({"goals": _("Choose goals of this engagement only.")})
    round = Round(
        engagement=engagement,
        title=title.strip(),
        opens_on=opens_on,
        closes_on=closes_on,
        kind=Questionnaire.Kind.MINI,
    )
    round.full_clean()
    round.save()
    name = executive_first_name(engagement)
    when = formats.date_format(since, "j F Y")
    items: list[RoundItem] = []
    for goal in goals:
        section = goal.title[:120]
        change = _("Since %(date)s, has %(name)s become more or less effective at: %(goal)s?") % {
            "date": when,
            "name": name,
            "goal": goal.title,
        }
        follow = _("How often did %(name)s follow up with you about it?") % {"name": name}
        items.append(RoundItem(competency=section, text=change[:400], kind=ItemKind.CHANGE, goal=goal))
        items.append(RoundItem(competency=section, text=follow, kind=ItemKind.FOLLOW_UP, goal=goal))
    suggestion = _("One suggestion for %(name)s for the months ahead") % {"name": name}
    items.append(RoundItem(text=suggestion, kind=ItemKind.OPEN))
    for position, made in enumerate(items, start=1):
        made.round = round
        made.position = position
    RoundItem.objects.bulk_create(items)
    return round


def _list_changed(round: Round) -> None:
    """The raters' list changed: the coach's approval no longer holds, and forms drawn before
    (an approval on the list as it was) become stale."""
    current = revision_claim(round, revision=None)
    Round.objects.filter(pk=current.pk).update(raters_approved_at=None, raters_approved_by=None)
    round.revision = current.revision
    round.raters_approved_at = None
    round.raters_approved_by = None


def _still_changeable(round: Round) -> None:
    if round.status == Round.Status.CLOSED:
        raise ValidationError(_("This round is closed: its raters can no longer change."), code="closed")


@transaction.atomic
def rater_nominate(*, round: Round, stakeholder: Stakeholder, group: str = "") -> Rater:
    """Put ``stakeholder`` on the round's list of raters, in ``group`` (empty: the group their
    relationship gives). Nominating someone already on the list changes nothing; someone
    taken off before they were invited comes back. The coach approves the list again."""
    if stakeholder.engagement_id != round.engagement_id:
        raise ValidationError(
            {"stakeholders": _("This person is not one of this engagement's key stakeholders.")}, code="elsewhere"
        )
    group = group or GROUP_OF_RELATIONSHIP.get(Stakeholder.Relationship(stakeholder.relationship), Group.OTHER)
    if group not in RATER_GROUPS:
        raise ValidationError({"group": _("Choose manager, peers, direct reports or others.")}, code="group")
    _still_changeable(round)
    rater = Rater.objects.filter(round=round, stakeholder=stakeholder).first()
    if rater is not None and rater.status != Rater.Status.REVOKED:
        return rater
    if rater is None:
        rater = Rater(round=round, stakeholder=stakeholder, group=group)
        rater.full_clean(validate_constraints=False)
    elif rater.token_hash is None:
        rater.status = Rater.Status.NOMINATED
        rater.group = group
    else:
        raise ValidationError(
            {
                "stakeholders": _("%(name)s's link was withdrawn in this round; they cannot be asked again.")
                % {"name": stakeholder.name}
            },
            code="withdrawn",
        )
    rater.save()
    _list_changed(round)
    return rater


@transaction.atomic
def raters_nominate(*, round: Round, stakeholders: Sequence[Stakeholder], group: str = "") -> list[Rater]:
    """Nominate several stakeholders at once (each in ``group``, or their relationship's group)."""
    if not stakeholders:
        raise ValidationError({"stakeholders": _("Tick at least one person to ask.")}, code="empty")
    return [rater_nominate(round=round, stakeholder=stakeholder, group=group) for stakeholder in stakeholders]


@transaction.atomic
def rater_add_new(
    *, round: Round, name: str, email: str, relationship: str, group: str = "", token: UUID | None = None
) -> Rater:
    """Add a new key stakeholder to the engagement (once per form) and nominate them."""
    _still_changeable(round)
    stakeholder = engagement_services.stakeholder_save(
        engagement=round.engagement, name=name, email=email, relationship=relationship, token=token
    )
    return rater_nominate(round=round, stakeholder=stakeholder, group=group)


def sponsor_approves_raters(engagement: Engagement) -> bool:
    """Whether the agreement in force gives the approval of a round's raters to the sponsor
    (otherwise it is the coach's)."""
    agreement = Agreement.objects.in_force_for(engagement)
    return bool(agreement and agreement.sponsor_approves_raters)


@transaction.atomic
def raters_approve(*, round: Round, by: "User", revision: int | None) -> Round:
    """The coach (or the sponsor, where the agreement in force says so) approves the raters'
    list as it was drawn on their page (``revision``). In a round already open, raters
    nominated since it opened are invited now."""
    engagement = round.engagement
    if sponsor_approves_raters(engagement):
        if by not in engagement.sponsors():
            raise PermissionDenied(_("The agreement gives the approval of the raters to the sponsor."))
    elif by.pk != engagement.coach_id:
        raise PermissionDenied(_("Only the coach approves the list of raters."))
    round = revision_check(
        round,
        revision=revision,
        message=_("The list of raters changed while you were reading it. Look at it again, then approve it."),
    )
    _still_changeable(round)
    if not round.raters.exclude(status=Rater.Status.REVOKED).exists():
        raise ValidationError(_("There is nobody on the list to approve yet."), code="empty")
    round.raters_approved_at = timezone.now()
    round.raters_approved_by = by
    round.save(update_fields=["raters_approved_at", "raters_approved_by", "updated_at"])
    if round.status == Round.Status.OPEN:
        for rater in round.raters.filter(status=Rater.Status.NOMINATED).select_related("stakeholder"):
            rater_invite(rater=rater)
            _invitation_queue(rater)
    return round


@transaction.atomic
def round_launch(*, round: Round, revision: int | None, today: date | None = None) -> Round:
    """The coach opens an approved round, once the agreement is in force: ``round_open`` gives
    every rater a link, and each is mailed an invitation. The round opens today (its
    ``opens_on`` says so from now on), so the reminders count their days from the day raters
    got their links."""
    today = today or timezone.localdate()
    round = revision_check(
        round,
        revision=revision,
        message=_("The round changed while you were reading it. Look at it again, then open it."),
    )
    if round.status != Round.Status.DRAFT:
        raise ValidationError(_("This round is open already."), code="open")
    if round.raters_approved_at is None:
        raise ValidationError(_("Approve the list of raters before you open the round."), code="unapproved")
    if Agreement.objects.in_force_for(round.engagement) is None:
        raise ValidationError(
            _(
                "The coaching agreement is not signed by everyone yet. The raters are told who will see "
                "what, and the agreement says whether the sponsor reads the report: open the round once "
                "it is in force."
            ),
            code="no_agreement",
        )
    if round.closes_on < today:
        raise ValidationError(_("The closing date has passed: move it later before you open the round."))
    Round.objects.filter(pk=round.pk).update(opens_on=today)
    round = round_open(round=round)
    for rater in round.raters.filter(status=Rater.Status.INVITED).select_related("stakeholder"):
        _invitation_queue(rater)
    return round


@transaction.atomic
def round_open(*, round: Round) -> Round:
    """Open ``round`` for answers: its thresholds are fixed from now, every nominated rater gets a
    link (only its hash stored; the worker makes the token again to mail it). Mails nobody:
    ``round_launch`` is what the coach's button calls."""
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
def round_extend(*, round: Round, closes_on: date, revision: int | None, today: date | None = None) -> Round:
    """Move the closing date of a round not yet closed later (refused on a stale form)."""
    today = today or timezone.localdate()
    current = revision_claim(round, revision=revision)
    _still_changeable(current)
    if closes_on < today:
        raise ValidationError({"closes_on": _("Choose today or a later day.")})
    if closes_on < current.opens_on:
        raise ValidationError({"closes_on": _("The round must close on or after the day it opens.")})
    current.closes_on = closes_on
    current.save(update_fields=["closes_on", "updated_at"])
    return current


@transaction.atomic
def rater_revoke(*, rater: Rater) -> Rater:
    """Stop ``rater``'s link from opening anything, even in a session that traded it already."""
    rater.status = Rater.Status.REVOKED
    rater.save(update_fields=["status"])
    return rater


@transaction.atomic
def rater_withdraw(*, rater: Rater, by_coach: bool) -> Rater:
    """Take ``rater`` off the list: before they have a link, the coach or the executive (the
    coach approves the list again); once invited, only the coach, whose revoking voids the link."""
    rater = Rater.objects.select_for_update().select_related("round").get(pk=rater.pk)
    _still_changeable(rater.round)
    if rater.status == Rater.Status.NOMINATED:
        rater_revoke(rater=rater)
        _list_changed(rater.round)
        return rater
    if not by_coach:
        raise PermissionDenied(_("Only the coach can withdraw a link already sent."))
    return rater_revoke(rater=rater)


# --- mail to raters ------------------------------------------------------------------------------


def rater_invitations_queue(*, round: Round) -> int:
    """Mail every invited rater of ``round`` who has not answered their own link (made by the
    worker); return how many. The pulse's sendings use it; a 360 mails as the coach opens it."""
    raters = list(
        round.raters.filter(status=Rater.Status.INVITED, answer=Rater.Answer.NONE).select_related("stakeholder")
    )
    for rater in raters:
        _invitation_queue(rater)
    return len(raters)


def _invitation_queue(rater: Rater) -> None:
    mail_queue(
        template=INVITATION_MAIL, to=[rater.stakeholder.email], context={"rater": rater}, render=rater_mail_render
    )


def rater_mail_render(*, template: str, context: dict[str, Any], to: Sequence[str]) -> RenderedMail:
    """A rater's mail, rendered by the worker: the link is made now, from the rater's salt."""
    rater: Rater = context["rater"]
    if rater.status != Rater.Status.INVITED or rater.answer != Rater.Answer.NONE:
        raise MailNotNeeded  # withdrawn, or answered or declined, since the mail was queued
    round = rater.round
    if round.status != Round.Status.OPEN:
        raise MailNotNeeded
    engagement = round.engagement
    executives = engagement.executives()
    path = reverse("rater_open", kwargs={"token": vault.rater_token(rater.token_salt)})
    return mail_render(
        template=template,
        context={
            **context,
            "round": round,
            "executive_name": executives[0].full_name if executives else engagement.title,
            "coach_name": engagement.coach.full_name,
            "link": f"{settings.SITE_URL}{path}",
            "is_manager": rater.group == Group.MANAGER,
        },
    )


def reminder_steps_due(*, opened_on: date, today: date, days: Sequence[int]) -> int:
    """How many of the reminder ``days`` (after opening) have come by ``today``."""
    return sum(1 for day in days if (today - opened_on).days >= day)


def rounds_close_due(*, today: date) -> int:
    """Close every open 360 round whose closing date has passed (each in its own transaction, so
    a round a second worker closed first is simply skipped) and tell its coach the report waits
    for them; return how many this run closed."""
    closed = 0
    due = Round.objects.filter(status=Round.Status.OPEN, kind=Questionnaire.Kind.FEEDBACK_360, closes_on__lt=today)
    for round in due.select_related("engagement__coach").order_by("closes_on", "pk"):
        try:
            answering.round_close(round=round)
        except ValidationError:
            continue  # closed meanwhile, by the coach or another worker
        coach = round.engagement.coach
        mail_queue(
            template="feedback/email/round_closed",
            to=[coach.email],
            context={"person": coach, "round": round, "engagement": round.engagement},
        )
        closed += 1
    return closed


def rater_reminders_send(*, today: date | None = None, days: Sequence[int] | None = None) -> int:
    """Remind each invited rater of an open round who has neither answered nor declined, once for
    each of the ``days`` after opening (``FEEDBACK_REMINDER_DAYS``) that has come; return how many
    mails were queued. A rater who missed several steps (the worker was down) gets one mail.

    Each reminder moves ``reminders_sent`` on with a conditional update in its own transaction, so
    two workers running at once remind a rater once: the second finds the count moved and skips."""
    today = today or timezone.localdate()
    days = tuple(sorted(days if days is not None else settings.FEEDBACK_REMINDER_DAYS))
    waiting = (
        Rater.objects.filter(
            status=Rater.Status.INVITED,
            answer=Rater.Answer.NONE,
            round__status=Round.Status.OPEN,
            round__closes_on__gte=today,
            reminders_sent__lt=len(days),
        )
        .select_related("stakeholder", "round")
        .order_by("pk")
    )
    sent = 0
    for rater in waiting:
        due = reminder_steps_due(opened_on=rater.round.opens_on, today=today, days=days)
        if rater.reminders_sent >= due:
            continue
        with transaction.atomic():
            # Only the rater's own columns: PostgreSQL checks them again on the row a racing
            # worker has just committed (a join's would be read from before it), so one of two wins.
            moved = Rater.objects.filter(
                pk=rater.pk, reminders_sent=rater.reminders_sent, status=Rater.Status.INVITED, answer=Rater.Answer.NONE
            ).update(reminders_sent=due)
            if moved:
                mail_queue(
                    template=REMINDER_MAIL,
                    to=[rater.stakeholder.email],
                    context={"rater": rater},
                    render=rater_mail_render,
                )
                sent += 1
    return sent
