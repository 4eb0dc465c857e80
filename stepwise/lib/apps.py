from django.apps import AppConfig


class LibConfig(AppConfig):
    name = "stepwise.lib"
    label = "lib"
