from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "stepwise.plans"
    label = "plans"
