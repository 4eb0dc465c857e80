from django.apps import AppConfig


class EngagementsConfig(AppConfig):
    name = "stepwise.engagements"
    label = "engagements"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from .models import Engagement, Participant

        # The executive's stakeholders (names, addresses, relationships) are not registered at
        # all: the practice admin, who reads the log, may not see them (see stepwise.lib.admin).
        auditlog.register(Engagement)
        auditlog.register(Participant)
