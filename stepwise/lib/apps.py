from django.apps import AppConfig


class LibConfig(AppConfig):
    name = "stepwise.lib"
    label = "lib"

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers the deployment checks)
