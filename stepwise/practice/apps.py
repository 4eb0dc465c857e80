from django.apps import AppConfig


class PracticeConfig(AppConfig):
    name = "stepwise.practice"
    label = "practice"
