from django.apps import AppConfig


class UsersConfig(AppConfig):
    name = "stepwise.users"
    label = "users"
