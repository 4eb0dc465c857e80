from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "stepwise.meetings"
    label = "meetings"
