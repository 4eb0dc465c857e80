from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    name = "stepwise.feedback"
    label = "feedback"
