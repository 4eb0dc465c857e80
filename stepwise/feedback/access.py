"""How a rater without an account reaches their survey: the token holder's access path.

The engagement's ``Access`` (``stepwise/engagements/access.py``) answers for people with an
account. A rater has none: they hold a link. Opening it (``rater_trade``) puts the rater's id in
the session and the view redirects to an address without the token, so the token leaves the
address bar, the history and any Referer header after the first request. Every later page
loads the rater through ``rater_access``, with the same shape as ``engagement_access``: a
session with no link, a revoked one or an expired one is a 404, whoever asks.
"""

from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _

from stepwise.engagements.models import Engagement, Stakeholder
from stepwise.lib.tokens import token_hash

from .models import Rater, Round

# The session holds the rater's public id, never the token.
SESSION_KEY = "rater"


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


def _usable_links() -> QuerySet[Rater]:
    """Links that open their survey: invited, not revoked, their round open."""
    return Rater.objects.filter(status=Rater.Status.INVITED, round__status=Round.Status.OPEN).select_related(
        "stakeholder", "round__engagement"
    )


def rater_trade(request: HttpRequest, token: str) -> RaterAccess:
    """Trade ``token`` for a session holding its link; 404 (and no session) when it opens nothing."""
    rater = _usable_links().filter(token_hash=token_hash(token)).first()
    if rater is None:
        raise Http404(_("This survey link is not valid or no longer open."))
    # A new session key, as at sign-in: a session id planted before the trade gains nothing.
    request.session.cycle_key()
    request.session[SESSION_KEY] = str(rater.public_id)
    return RaterAccess(rater=rater)


def rater_access(request: HttpRequest) -> RaterAccess:
    """The rater whose link this session traded, or 404."""
    public_id = request.session.get(SESSION_KEY)
    rater = _usable_links().filter(public_id=public_id).first() if public_id else None
    if rater is None:
        raise Http404(_("This survey link is not valid or no longer open."))
    return RaterAccess(rater=rater)
