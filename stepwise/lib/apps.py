from django.apps import AppConfig


class LibConfig(AppConfig):
    name = "stepwise.lib"
    label = "lib"

    def ready(self) -> None:
        from .audit import register

        register()
