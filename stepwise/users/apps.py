from django.apps import AppConfig


class UsersConfig(AppConfig):
    name = "stepwise.users"
    label = "users"

    def ready(self) -> None:
        from auditlog.registry import auditlog
        from django.contrib.auth.signals import user_logged_in

        from .context_processors import remember_executive
        from .models import Invitation, User

        # The menu's "My practice" is read from the session, which sign-in writes anyway.
        user_logged_in.connect(remember_executive, dispatch_uid="stepwise.users.remember_executive")

        # The audit log never holds a secret: no password or token hash (see stepwise.lib.admin).
        auditlog.register(User, exclude_fields=["password", "last_login"])
        auditlog.register(Invitation, exclude_fields=["token_hash"])
