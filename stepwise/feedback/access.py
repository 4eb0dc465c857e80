"""How a rater without an account reaches their survey: the token holder's access path.

The engagement's ``Access`` (``stepwise/engagements/access.py``) answers for people with an
account. A rater has none: they hold a link. Opening it (``rater_trade``) puts the rater's id in
the session and the view redirects to an address without the token, so the token leaves the
address bar, the history and any Referer header after the first request. Every later page
loads the rater through ``rater_access``, with the same shape as ``engagement_access``. A link
that opens nothing raises ``LinkRefused``, which says what happened and what to do: 404 for a
token that was never a link (or a session holding none), 410 for a link closed, used or withdrawn.
Neither starts a session.
"""

from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from stepwise.engagements.models import Engagement, Stakeholder
from stepwise.lib.tokens import token_hash

from .models import Rater, Round

# The session holds the rater's public id, never the token.
SESSION_KEY = "rater"
# Once the rater has sent or declined, the session forgets whose link it was and keeps only that.
DONE_KEY = "rater_done"


class LinkRefused(Exception):
    """A link, or a session, that opens no survey: what happened and what to do, in plain words,
    and the status to answer with (404 for a link that never existed, 410 for one that did)."""

    def __init__(self, message: str, *, status: int) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


@dataclass(frozen=True)
class RaterAccess:
    """What a token holder may reach: their own survey in one round."""

    rater: Rater

    @property
    def round(self) -> Round:
        return self.rater.round

    @property
    def stakeholder(self) -> Stakeholder:
        return self.rater.stakeholder

    @property
    def engagement(self) -> Engagement:
        return self.rater.round.engagement

    def executive_name(self) -> str:
        """Whose feedback this is, as the rater knows them."""
        executives = self.engagement.executives()
        return executives[0].full_name if executives else self.engagement.title


def _links() -> QuerySet[Rater]:
    return Rater.objects.exclude(status=Rater.Status.NOMINATED).select_related(
        "stakeholder", "round__engagement__coach"
    )


def _unknown() -> LinkRefused:
    return LinkRefused(
        _(
            "This survey link is not valid. Open it again from your invitation mail, copying the whole "
            "link; if it still does not work, write to the coach who sent it."
        ),
        status=404,
    )


def link_problem(rater: Rater) -> LinkRefused | None:
    """Why ``rater``'s link opens no survey any more, and what to do; None while it does."""
    round = rater.round
    coach = round.engagement.coach
    write = _("If you think this is a mistake, write to the coach, %(name)s (%(email)s).") % {
        "name": coach.full_name,
        "email": coach.email,
    }
    if round.status == Round.Status.DRAFT:
        return _unknown()
    if rater.status == Rater.Status.REVOKED:
        withdrawn = _("This survey link was withdrawn, so it no longer opens the survey.")
        return LinkRefused(withdrawn + " " + write, status=410)
    if rater.answer == Rater.Answer.SUBMITTED:
        return LinkRefused(
            _(
                "This link was used: your answers were sent. Thank you. Sent answers cannot be opened or "
                "changed, so that nothing ties them to you."
            ),
            status=410,
        )
    if rater.answer == Rater.Answer.DECLINED:
        return LinkRefused(
            _("You said you would rather not answer this survey, so the link no longer opens it.") + " " + write,
            status=410,
        )
    if round.status == Round.Status.CLOSED:
        if round.closes_on <= timezone.localdate():
            closed = _("This survey closed on %(date)s.") % {"date": formats.date_format(round.closes_on, "j F Y")}
        else:
            closed = _("This survey has closed.")
        return LinkRefused(closed + " " + write, status=410)
    return None


def rater_trade(request: HttpRequest, token: str) -> RaterAccess:
    """Trade ``token`` for a session holding its link; ``LinkRefused`` (and no session) when it
    opens nothing: 404 for a token that was never a link, 410 for one closed, used or withdrawn."""
    rater = _links().filter(token_hash=token_hash(token)).first()
    if rater is None:
        raise _unknown()
    problem = link_problem(rater)
    if problem:
        raise problem
    # A new session key, as at sign-in: a session id planted before the trade gains nothing.
    request.session.cycle_key()
    request.session.pop(DONE_KEY, None)
    request.session[SESSION_KEY] = str(rater.public_id)
    return RaterAccess(rater=rater)


def rater_access(request: HttpRequest) -> RaterAccess:
    """The rater whose link this session traded, while it opens their survey; else ``LinkRefused``."""
    rater = rater_in_session(request)
    if rater is None:
        raise _unknown()
    problem = link_problem(rater)
    if problem:
        raise problem
    return RaterAccess(rater=rater)


def rater_in_session(request: HttpRequest) -> Rater | None:
    """The rater whose link this session traded, whatever became of it since (closed, withdrawn)."""
    public_id = request.session.get(SESSION_KEY)
    return _links().filter(public_id=public_id).first() if public_id else None


def rater_done(request: HttpRequest, answer: str) -> None:
    """The rater has sent (or declined): the session forgets their link, keeping only that they
    finished, so that the session table says nothing of who sent what, or when."""
    request.session.pop(SESSION_KEY, None)
    request.session[DONE_KEY] = answer
