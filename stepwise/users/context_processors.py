"""What the menu needs to know about the signed-in person beyond their account's flags."""

from typing import TYPE_CHECKING, Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

if TYPE_CHECKING:
    from .models import User

# Whether the person has joined an engagement as its executive: the menu shows "My practice" only
# then. Kept in the session, written when it is written anyway: at sign-in (``user_logged_in``)
# and when an invitation is accepted; pages only read it.
EXECUTIVE_KEY = "menu_executive"


def remember_executive(*, request: HttpRequest | None, user: "User", **kwargs: object) -> None:
    """Note in the session whether ``user`` has joined an engagement as its executive (one query).
    Connected to ``user_logged_in`` in ``UsersConfig.ready``; the invitation view calls it too."""
    if request is None or not hasattr(request, "session"):
        return
    from stepwise.practice.selectors import latest_engagement_as_executive  # where the link leads

    request.session[EXECUTIVE_KEY] = latest_engagement_as_executive(user) is not None


def menu(request: HttpRequest) -> dict[str, Any]:
    def executive() -> bool:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return False
        if not isinstance(request.session.get(EXECUTIVE_KEY), bool):
            remember_executive(request=request, user=user)  # a session begun before this was kept
        return bool(request.session[EXECUTIVE_KEY])

    return {"executive_somewhere": SimpleLazyObject(executive)}
