from django.apps import AppConfig


class LibConfig(AppConfig):
    name = "stepwise.lib"
    label = "lib"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from . import checks  # noqa: F401  (registers the deployment checks)
        from .middleware import session_refreshed_at_sign_in

        user_logged_in.connect(session_refreshed_at_sign_in, dispatch_uid="session_refreshed_at_sign_in")
