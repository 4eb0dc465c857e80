from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "stepwise.api"
    label = "api"
