"""One submit, one row: the one-time token every create form carries.

A form gets a hidden ``token`` (a fresh UUID each time the page is drawn); the service runs its
work through :func:`submit_once`, which claims the token in a ``FormToken`` row inside the
service's transaction. The primary key decides the race on every database: on PostgreSQL a
second request with the same token waits on the first's uncommitted row and then fails to
insert; on SQLite writers are serialised (``BEGIN IMMEDIATE``). The loser gets what the first
made, so the person lands on the same page, and nothing is made or mailed twice.
"""

from collections.abc import Callable
from typing import Any, TypeVar
from uuid import UUID, uuid4

from django import forms
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import FormToken

T = TypeVar("T")


class OneTimeTokenField(forms.UUIDField):
    """The hidden one-time token of a create form; a fresh one each time the form is drawn.

    Optional unless said otherwise: our pages always send it, and a request without one (a
    script, an older test) is simply not recognised as a repeat."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("initial", uuid4)  # a callable: evaluated per rendering
        kwargs.setdefault("required", False)
        kwargs.setdefault(
            "error_messages",
            {
                "required": gettext_lazy("This form is out of date. Reload the page and send it again."),
                "invalid": gettext_lazy("This form is out of date. Reload the page and send it again."),
            },
        )
        super().__init__(**kwargs)


class OneTimeTokenForm(forms.Form):
    """Base for a create form: adds the hidden ``token`` (to a ModelForm too, as a mixin)."""

    token = OneTimeTokenField()


def already_sent() -> ValidationError:
    return ValidationError(
        _("This form was sent already, from this page or another tab. Reload the page to see what was saved."),
        code="already_sent",
    )


def submit_once(*, token: UUID | None, make: Callable[[], T], find: Callable[[UUID], T | None]) -> T:
    """Run ``make`` the first time ``token`` comes; afterwards return what it made.

    Call it inside the service's ``transaction.atomic`` (a refused submission then releases the
    token with everything else). ``find`` gets the public id of what the first submission made
    and returns it, looked up within the caller's
    reach; when it finds nothing (a token replayed on another form), the person is told to reload.
    A service that makes several rows gets the token itself and finds them by its own token column.
    Without a token (a request not from our pages, the demo, the shell) it just runs ``make``.
    """
    if token is None:
        return make()
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("submit_once runs inside the service's transaction")
    try:
        with transaction.atomic():
            claim = FormToken.objects.create(token=token)
    except IntegrityError:
        earlier = FormToken.objects.get(token=token)
        try:
            found = find(earlier.made or token)
        except ObjectDoesNotExist:
            found = None
        if found is None:
            raise already_sent() from None
        return found
    made = make()
    public_id = getattr(made, "public_id", None)
    if isinstance(public_id, UUID):
        claim.made = public_id
        claim.save(update_fields=["made"])
    return made
