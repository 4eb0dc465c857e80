from django.apps import AppConfig


class DashboardConfig(AppConfig):
    """The home page, the engagement page, the 7-step tracker and the demo: above the step apps,
    reading each one's own ``progress`` module (see ``steps.py``)."""

    name = "stepwise.dashboard"
    label = "dashboard"
