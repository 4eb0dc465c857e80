"""The stale-edit check, written once: two tabs or two people never overwrite each other.

A form that edits an object carries the ``revision`` it was drawn from. The service calls
:func:`revision_claim` before it writes: the row is locked, the submitted revision compared, and
the revision bumped with ``UPDATE … SET revision = revision + 1 WHERE pk = … AND revision = n``,
so the check holds on SQLite (no row locks) as on PostgreSQL. A stale form raises
:class:`StaleEdit`, which carries the saved version; the view answers 409, keeps what the person
typed and shows the saved version beside it (:func:`stepwise.lib.forms.form_after_stale_edit`).
"""

from typing import Any, TypeVar

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import models, transaction
from django.db.models import F
from django.utils.translation import gettext as _

M = TypeVar("M", bound=models.Model)


class StaleEdit(ValidationError):
    """Someone saved the object since this form was drawn. ``current`` is the saved version.

    Its code is ``"conflict"``, which views that predate this class test for."""

    def __init__(self, message: str, *, current: Any) -> None:
        super().__init__(message, code="conflict")
        self.current = current


def stale_message() -> str:
    return _(
        "Someone else saved this while you were editing it. Your version is kept below and the "
        "saved one is shown beside it: compare, then save again."
    )


def revision_check(instance: M, *, revision: int | None, message: str | None = None) -> M:
    """Lock ``instance``'s row and check the form's ``revision``, without moving it on: for an
    act on what the person read (a sponsor's decision) that does not change it for others.
    Returns the locked, freshly read object; raises :class:`StaleEdit` with it."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("the stale-edit check runs inside the service's transaction")
    try:
        current = type(instance)._default_manager.select_for_update().get(pk=instance.pk)
    except ObjectDoesNotExist:
        raise ValidationError(
            _("This was removed in another window or by someone else meanwhile, so nothing was saved."), code="gone"
        ) from None
    if revision is not None and current.revision != revision:  # type: ignore[attr-defined]
        raise StaleEdit(message or stale_message(), current=current)
    return current


def revision_claim(instance: M, *, revision: int | None, message: str | None = None) -> M:
    """Lock ``instance``'s row, check the form's ``revision`` and move the revision on.

    Returns the locked, freshly read object with its new revision; the caller changes it and
    saves (the revision is written already). ``revision=None`` skips the comparison (a change
    that cannot conflict, such as a status change made by the system) but still moves it on, so
    forms drawn before it become stale. Raises :class:`StaleEdit` with the saved version.
    """
    current = revision_check(instance, revision=revision, message=message)
    expected = current.revision  # type: ignore[attr-defined]
    # Conditional, so that it holds where select_for_update locks nothing (SQLite).
    moved = type(instance)._default_manager.filter(pk=instance.pk, revision=expected).update(revision=F("revision") + 1)
    if not moved:
        raise StaleEdit(message or stale_message(), current=current)
    current.revision = expected + 1  # type: ignore[attr-defined]
    return current
