from django.apps import AppConfig


class UsersConfig(AppConfig):
    name = "stepwise.users"
    label = "users"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from .models import Invitation, User

        # The audit log never holds a secret: no password or token hash (see stepwise.lib.admin).
        auditlog.register(User, exclude_fields=["password", "last_login"])
        auditlog.register(Invitation, exclude_fields=["token_hash"])
