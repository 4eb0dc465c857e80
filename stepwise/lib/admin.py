"""What operators see of third-party apps' models in Django's admin.

The admin is for operators, and DESIGN.md's access table withholds the coaching content from
them. Three libraries register admin pages that would show more than that, so their pages are
replaced here (this app comes after them in ``INSTALLED_APPS``, so its admin module runs last):

- **the audit log** (django-auditlog) lists only the models it records now and, of each change,
  only the fields it records now: entries written before a model or a field left the audit stay
  in the table but out of the admin. Each app registers its own models in its ``apps.py``, with
  no secret (password or token hash) and nothing the access table withholds from the practice
  admin, who reads the log: no stakeholders, no agreement wording;
- **task results** (django-tasks-db) show what ran, when and how it ended, never the task's
  arguments, return value or traceback (a mail's subject names a goal; an error echoes its
  recipients);
- **authenticators** (allauth's two-factor sign-in) show who has which kind, never the secret
  itself; an operator may delete one for a person who lost their device.
"""

import copy
from typing import Any

from allauth.mfa.admin import AuthenticatorAdmin as AllauthAuthenticatorAdmin
from allauth.mfa.models import Authenticator
from auditlog.admin import LogEntryAdmin
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django_tasks_db.admin import DBTaskResultAdmin
from django_tasks_db.models import DBTaskResult


def audited_changes(entry: LogEntry) -> dict[str, Any]:
    """The entry's changes to the fields the audit records now (each app's ``apps.py``)."""
    model = entry.content_type.model_class()
    if model is None or not auditlog.contains(model):
        return {}
    fields = auditlog.get_model_fields(model)
    include, exclude = set(fields["include_fields"]), set(fields["exclude_fields"])
    return {
        name: change
        for name, change in entry.changes_dict.items()
        if name not in exclude and (not include or name in include)
    }


admin.site.unregister(LogEntry)


@admin.register(LogEntry)
class AuditLogEntryAdmin(LogEntryAdmin):
    # Searching the changes would tell an operator whether a withheld text was ever written.
    search_fields = ["object_repr", "actor__email", "actor__full_name"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[LogEntry]:
        audited = ContentType.objects.get_for_models(*auditlog.get_models()).values()
        return super().get_queryset(request).filter(content_type__in=[c.pk for c in audited])

    def _shown(self, obj: LogEntry) -> LogEntry:
        shown = copy.copy(obj)
        shown.changes = audited_changes(obj)
        shown.changes_text = ""
        return shown

    @admin.display(description=_("Changes"))
    def msg_short(self, obj: LogEntry) -> str:
        return str(super().msg_short(self._shown(obj)))

    @admin.display(description=_("Changes"))
    def msg(self, obj: LogEntry) -> str:
        return str(super().msg(self._shown(obj)))


admin.site.unregister(DBTaskResult)


@admin.register(DBTaskResult)
class TaskResultAdmin(DBTaskResultAdmin):
    """What ran, when, and how it ended; never its arguments, return value or traceback."""

    SHOWN = (
        "id",
        "task_path",
        "status",
        "queue_name",
        "priority",
        "enqueued_at",
        "started_at",
        "finished_at",
        "exception_class_path",
    )

    def get_readonly_fields(self, request: HttpRequest, obj: DBTaskResult | None = None) -> list[str]:
        return list(self.SHOWN)

    def get_fields(self, request: HttpRequest, obj: DBTaskResult | None = None) -> list[Any]:
        return list(self.SHOWN)


admin.site.unregister(Authenticator)


@admin.register(Authenticator)
class AuthenticatorAdmin(AllauthAuthenticatorAdmin):
    """Who has which second factor; the secret (``data``) is never shown or edited here."""

    fields = ("user", "type", "created_at", "last_used_at")
    readonly_fields = fields
    raw_id_fields = ()

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Authenticator | None = None) -> bool:
        return False
