"""Storing what raters answer: drafts, submissions, and the shuffled batch written at close.

An **answerer** is a rater holding their link, or the executive answering as self. Their answers
are one JSON-able dict: ``{"ratings": {"<position>": 1..5 or None for "can't say"},
"comments": {"<position>": "text"}}``, keyed by the round item's position. A mini-survey's
change and follow-up items keep the value ``Rating.value`` stores (``models.ItemKind``): the
change offset to 1..7 (or None), the follow-up level 1..4 (never None).

Until the round closes nothing readable is stored: a draft is sealed under the answerer's secret,
a submission under the feedback key (``vault.py``). ``round_close`` opens every pending
submission, shuffles them, writes them as ``Response``/``Rating``/``Comment`` rows in one batch
and deletes what waited. The rater's row only learns *that* they answered.
"""

import secrets
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from . import vault
from .models import (
    CHANGE_MAX,
    CHANGE_MIN,
    CHANGE_OFFSET,
    SCALE_MAX,
    SCALE_MIN,
    Comment,
    Draft,
    FollowUpLevel,
    Group,
    ItemKind,
    PendingSubmission,
    Rater,
    Rating,
    Response,
    Round,
    RoundItem,
)

COMMENT_MAX_CHARS = 5000

Answers = dict[str, Any]


@dataclass(frozen=True)
class Answerer:
    """Who is answering ``round``: a rater (``rater`` set) or the executive as self."""

    round: Round
    secret: str
    group: str
    rater: Rater | None = None


def answerer_for_rater(rater: Rater) -> Answerer:
    return Answerer(round=rater.round, secret=vault.rater_token(rater.token_salt), group=rater.group, rater=rater)


def answerer_for_self(round: Round) -> Answerer:
    return Answerer(round=round, secret=vault.self_secret(round.public_id), group=Group.SELF)


def field_name(item: RoundItem) -> str:
    """The form field of ``item``; errors are keyed by it."""
    return f"item-{item.position}"


# The kinds answered by choosing a value (stored in ``Rating``); the rest are open questions.
RATED = (ItemKind.SCALE, ItemKind.CHANGE, ItemKind.FOLLOW_UP)


def _bounds(kind: str) -> tuple[int, int, bool, str]:
    """The stored values a rated item of ``kind`` takes, whether "can't say" is one, and the
    message for anything else."""
    if kind == ItemKind.CHANGE:
        return (
            CHANGE_MIN + CHANGE_OFFSET,
            CHANGE_MAX + CHANGE_OFFSET,
            True,
            _("Choose a change from −3 to +3, or “can't say”."),
        )
    if kind == ItemKind.FOLLOW_UP:
        return min(FollowUpLevel.values), max(FollowUpLevel.values), False, _("Choose how often.")
    return SCALE_MIN, SCALE_MAX, True, _("Choose a rating from 1 to 5, or “can't say”.")


def answers_errors(items: list[RoundItem], answers: Answers, *, complete: bool) -> dict[str, str]:
    """What is wrong with ``answers``, by field name: a rating off the scale, a comment too long,
    and (when ``complete``, at submission) a scale item with neither a rating nor "can't say"."""
    ratings = answers.get("ratings") or {}
    comments = answers.get("comments") or {}
    errors: dict[str, str] = {}
    for item in items:
        key = str(item.position)
        if item.kind in RATED:
            low, high, cant_say, message = _bounds(item.kind)
            if key not in ratings:
                if complete:
                    errors[field_name(item)] = message
                continue
            value = ratings[key]
            if value is None and cant_say:
                continue
            if type(value) is not int or not low <= value <= high:
                errors[field_name(item)] = message
        else:
            text = comments.get(key, "")
            if not isinstance(text, str):
                errors[field_name(item)] = _("Write your answer as text.")
            elif len(text) > COMMENT_MAX_CHARS:
                over = len(text) - COMMENT_MAX_CHARS
                errors[field_name(item)] = ngettext(
                    "Not sent: %(over)d character over the limit of %(limit)d. Shorten it; your text is kept.",
                    "Not sent: %(over)d characters over the limit of %(limit)d. Shorten it; your text is kept.",
                    over,
                ) % {"over": over, "limit": COMMENT_MAX_CHARS}
    return errors


def _items(round: Round) -> list[RoundItem]:
    return list(round.items.all())


def _only_known(items: list[RoundItem], answers: Answers) -> Answers:
    """``answers`` reduced to this round's items (anything else in a request is dropped)."""
    scale = {str(item.position) for item in items if item.kind in RATED}
    open_ = {str(item.position) for item in items if item.kind == ItemKind.OPEN}
    ratings = {k: v for k, v in (answers.get("ratings") or {}).items() if k in scale}
    comments = {k: v.strip() for k, v in (answers.get("comments") or {}).items() if k in open_ and isinstance(v, str)}
    return {"ratings": ratings, "comments": {k: v for k, v in comments.items() if v}}


def _still_open(answerer: Answerer) -> Round:
    """The answerer's round, locked, if it still takes answers from them; else a ValidationError."""
    round = Round.objects.select_for_update().get(pk=answerer.round.pk)
    if round.status != Round.Status.OPEN:
        raise ValidationError(_("This survey has closed, so nothing more can be saved."), code="closed")
    if answerer.rater is not None:
        rater = Rater.objects.select_for_update().get(pk=answerer.rater.pk)
        if rater.status != Rater.Status.INVITED:
            raise ValidationError(_("This survey link has been withdrawn."), code="revoked")
        if rater.answer == Rater.Answer.SUBMITTED:
            raise ValidationError(_("Your answers were sent already: thank you."), code="used")
        if rater.answer == Rater.Answer.DECLINED:
            raise ValidationError(_("You said you would rather not answer this survey."), code="used")
    elif round.self_answered:
        raise ValidationError(_("Your answers were sent already: thank you."), code="used")
    return round


def draft_load(*, answerer: Answerer) -> tuple[Answers, int]:
    """The answerer's saved draft and its revision (empty answers and 0 when there is none)."""
    draft = Draft.objects.filter(locator=vault.draft_locator(answerer.secret)).first()
    if draft is None:
        return {"ratings": {}, "comments": {}}, 0
    return vault.draft_open(answerer.secret, answerer.round.public_id, draft.sealed), draft.revision


@transaction.atomic
def draft_save(*, answerer: Answerer, answers: Answers, revision: int) -> int:
    """Keep ``answers`` to finish later; returns the draft's new revision.

    ``revision`` is the one the page was drawn from: a draft saved meanwhile in another tab
    raises ``ValidationError(code="conflict")`` and nothing is overwritten."""
    round = _still_open(answerer)
    items = _items(round)
    answers = _only_known(items, answers)
    errors = answers_errors(items, answers, complete=False)
    if errors:
        raise ValidationError(errors)
    locator = vault.draft_locator(answerer.secret)
    sealed = vault.draft_seal(answerer.secret, round.public_id, answers)
    if revision == 0:
        try:
            with transaction.atomic():
                Draft.objects.create(round=round, locator=locator, sealed=sealed, revision=1)
            return 1
        except IntegrityError:
            pass  # another tab made it first: the revision check below says so
    moved = Draft.objects.filter(locator=locator, revision=revision).update(sealed=sealed, revision=F("revision") + 1)
    if not moved:
        raise ValidationError(
            _("These answers were saved from another window meanwhile. Reload to see them; your text is kept here."),
            code="conflict",
        )
    return revision + 1


@transaction.atomic
def response_submit(*, answerer: Answerer, answers: Answers) -> None:
    """Send the answers: sealed until the round closes, the draft deleted, the rater marked as
    having answered. A second submission, a closed round or a withdrawn link is refused."""
    round = _still_open(answerer)
    items = _items(round)
    answers = _only_known(items, answers)
    errors = answers_errors(items, answers, complete=True)
    if errors:
        raise ValidationError(errors)
    PendingSubmission.objects.create(
        round=round, sealed=vault.pending_seal(round.public_id, {"group": answerer.group, "answers": answers})
    )
    Draft.objects.filter(locator=vault.draft_locator(answerer.secret)).delete()
    if answerer.rater is not None:
        Rater.objects.filter(pk=answerer.rater.pk).update(answer=Rater.Answer.SUBMITTED)
    else:
        Round.objects.filter(pk=round.pk).update(self_answered=True)


@transaction.atomic
def response_decline(*, answerer: Answerer) -> None:
    """The rater says they would rather not answer: no more reminders, their draft deleted."""
    if answerer.rater is None:
        raise ValidationError(_("You cannot decline your own self-assessment."), code="self")
    _still_open(answerer)
    Draft.objects.filter(locator=vault.draft_locator(answerer.secret)).delete()
    Rater.objects.filter(pk=answerer.rater.pk).update(answer=Rater.Answer.DECLINED)


@transaction.atomic
def round_close(*, round: Round) -> Round:
    """Close ``round``: write every pending submission, shuffled, as one batch, and delete what
    waited (pending submissions and unsent drafts). A submission that comes after this is refused."""
    round = Round.objects.select_for_update().get(pk=round.pk)
    if round.status != Round.Status.OPEN:
        raise ValidationError(_("This round is not open, so it cannot be closed."), code="not_open")
    batch = round.closings + 1
    items = {str(item.position): item for item in round.items.all()}
    pending = PendingSubmission.objects.filter(round=round)
    submissions = [vault.pending_open(round.public_id, row.sealed) for row in pending]
    shuffle = secrets.SystemRandom().shuffle
    shuffle(submissions)
    responses, ratings, comments = [], [], []
    for submission in submissions:
        response = Response(round=round, group=submission["group"], batch=batch)
        responses.append(response)
        answers = submission["answers"]
        for key, value in answers["ratings"].items():
            ratings.append(Rating(response=response, item=items[key], value=value))
        for key, text in answers["comments"].items():
            comments.append(Comment(round=round, item=items[key], group=submission["group"], batch=batch, text=text))
    shuffle(ratings)
    shuffle(comments)
    Response.objects.bulk_create(responses)
    Rating.objects.bulk_create(ratings)
    Comment.objects.bulk_create(comments)
    PendingSubmission.objects.filter(round=round).delete()
    Draft.objects.filter(round=round).delete()
    round.status = Round.Status.CLOSED
    round.closings = batch
    round.save(update_fields=["status", "closings", "updated_at"])
    # robust: a scrub that fails (a lock held too long) is logged; the close has happened regardless.
    transaction.on_commit(waiting_scrub, robust=True)
    return round


def waiting_scrub() -> None:
    """Make what waited unreadable in the database's files too, once its deletion is committed.

    SQLite (``secure_delete`` on) zeroes deleted rows in place; the checkpoint then empties the
    WAL, whose older frames still hold them. PostgreSQL keeps deleted rows in its pages until
    a vacuum: ``VACUUM FULL`` rewrites the two small tables that hold ciphertext into new files.
    It runs after the close commits (VACUUM cannot run inside a transaction). See
    docs/anonymity.md for what remains (WAL archives, backups taken before the close)."""
    tables = ", ".join(connection.ops.quote_name(model._meta.db_table) for model in (PendingSubmission, Draft))
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"VACUUM FULL {tables}")
        elif connection.vendor == "sqlite":
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
