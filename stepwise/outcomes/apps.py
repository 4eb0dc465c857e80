from django.apps import AppConfig


class OutcomesConfig(AppConfig):
    name = "stepwise.outcomes"
    label = "outcomes"
