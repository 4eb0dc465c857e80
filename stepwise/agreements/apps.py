from django.apps import AppConfig


class AgreementsConfig(AppConfig):
    name = "stepwise.agreements"
    label = "agreements"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from stepwise.engagements.access import terms_in_force_register

        from .models import Agreement, Signature

        terms_in_force_register(Agreement.objects.in_force_for)

        # Of an agreement only its status and dates: its wording is the coach's draft until it is
        # sent, and the sent text is kept, hashed, on the agreement itself (see stepwise.lib.admin).
        auditlog.register(Agreement, exclude_fields=["text", *Agreement.CONTENT_FIELDS])
        auditlog.register(Signature)
