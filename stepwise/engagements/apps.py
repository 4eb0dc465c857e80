from django.apps import AppConfig


class EngagementsConfig(AppConfig):
    name = "stepwise.engagements"
    label = "engagements"
