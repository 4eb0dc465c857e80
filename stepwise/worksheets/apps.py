from django.apps import AppConfig


class WorksheetsConfig(AppConfig):
    name = "stepwise.worksheets"
    label = "worksheets"
