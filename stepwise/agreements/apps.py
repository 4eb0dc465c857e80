from django.apps import AppConfig


class AgreementsConfig(AppConfig):
    name = "stepwise.agreements"
    label = "agreements"
