"""Anonymous records (a rater's answers): nothing in a row may put it in the order it was
written or tie it to a moment, an address or a person."""

import uuid

from django.apps import apps
from django.db import models
from django.test.utils import isolate_apps

from stepwise.lib.models import AnonymousModel

# Columns that would date a row or say where it came from.
TELLTALE_FIELDS = (models.DateTimeField, models.TimeField, models.GenericIPAddressField)


def linkable_columns(model: type[models.Model]) -> list[str]:
    """What in ``model`` could tie a row to its writer: an ordered key, a time, an address."""
    problems = []
    if not isinstance(model._meta.pk, models.UUIDField) or model._meta.pk.default is not uuid.uuid4:
        problems.append(f"primary key {model._meta.pk.name} is not a random UUID")
    for field in model._meta.concrete_fields:
        if isinstance(field, models.AutoField | models.BigAutoField | models.SmallAutoField):
            problems.append(f"{field.name} counts up")
        if (
            isinstance(field, TELLTALE_FIELDS)
            or getattr(field, "auto_now", False)
            or getattr(field, "auto_now_add", False)
        ):
            problems.append(f"{field.name} records a time or an address")
    return problems


@isolate_apps("stepwise.lib")
def test_an_anonymous_record_has_a_random_uuid_key_and_no_timestamps():
    class Answer(AnonymousModel):
        score = models.PositiveSmallIntegerField()

    assert [field.name for field in Answer._meta.concrete_fields] == ["id", "score"]
    assert linkable_columns(Answer) == []
    first, second = Answer(score=3), Answer(score=3)
    assert isinstance(first.pk, uuid.UUID) and first.pk.version == 4 and first.pk != second.pk


@isolate_apps("stepwise.lib")
def test_the_check_reports_a_timestamp_or_counting_key_added_to_an_anonymous_record():
    class Dated(AnonymousModel):
        created_at = models.DateTimeField(auto_now_add=True)

    class Counted(AnonymousModel):
        id = models.BigAutoField(primary_key=True)  # type: ignore[assignment]  # the mistake under test

    assert linkable_columns(Dated) == ["created_at records a time or an address"]
    assert "id counts up" in linkable_columns(Counted)


def test_every_anonymous_record_of_the_project_is_unlinkable():
    # A guard for the models to come (the 360's answers): each subclass keeps the base's promise.
    found = {
        model._meta.label: linkable_columns(model) for model in apps.get_models() if issubclass(model, AnonymousModel)
    }
    assert found == {label: [] for label in found}
