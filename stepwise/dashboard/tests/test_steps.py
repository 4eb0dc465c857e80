"""The list of steps the dashboard composes: in the engagement's order, each step once, and no
two steps annotating the same fact (the home page's one query holds them all)."""

from collections.abc import Iterator
from datetime import date

from django.db.models import Exists, OuterRef
from django.db.models.lookups import Lookup
from django.db.models.sql import Query
from django.db.models.sql.where import WhereNode
from django.utils import timezone

from stepwise.dashboard.steps import STEPS
from stepwise.engagements.models import Step
from stepwise.meetings.models import Session
from stepwise.users.models import User


def test_the_steps_are_listed_in_the_engagements_order_each_once() -> None:
    numbers = [contribution.step.value for contribution in STEPS]
    assert numbers == sorted(set(numbers))
    assert numbers == [1, 2, 3, 4, 5, 6, 7]


def test_no_two_steps_annotate_the_same_fact() -> None:
    seen: dict[str, int] = {}
    for contribution in STEPS:
        for name in [*contribution.annotations(), *contribution.personal_annotations(user=User(pk=1))]:
            assert name not in seen, f"{name} is annotated by steps {seen[name]} and {contribution.step.value}"
            seen[name] = contribution.step.value
    assert {"agreement_signed", "assessment_done", "has_goals", "goals_unplanned", "has_sessions"} <= set(seen)
    assert "signed_open" in seen


def test_the_facts_built_once_per_process_do_not_depend_on_the_person() -> None:
    """``annotations`` are built once and shared by every request (``selectors.with_progress``):
    a fact about the person reading belongs in ``personal_annotations``, or it would be lost."""
    someone = User(pk=1)
    for contribution in STEPS:
        assert set(contribution.annotations(user=someone)) == set(contribution.annotations()), contribution.step


def test_each_of_the_seven_steps_has_its_app() -> None:
    assert [contribution.step for contribution in STEPS] == list(Step)


def moments(node: object) -> Iterator[object]:
    """Every date or time written into an expression, its subqueries' filters included."""
    if isinstance(node, date):  # a datetime is a date too
        yield node
    elif isinstance(node, WhereNode):
        for child in node.children:
            yield from moments(child)
    elif isinstance(node, Lookup):
        yield from moments(node.lhs)
        yield from moments(node.rhs)
    if isinstance(getattr(node, "query", None), Query):
        yield from moments(node.query.where)  # type: ignore[attr-defined]
        for annotation in node.query.annotations.values():  # type: ignore[attr-defined]
            yield from moments(annotation)
    if hasattr(node, "get_source_expressions"):
        for expression in node.get_source_expressions():
            yield from moments(expression)


def test_the_shared_facts_read_the_time_only_in_the_database() -> None:
    """Built once per process, a fact comparing with ``timezone.now()`` taken in Python would
    keep the moment the process started: the time must come from the database (``Now()``)."""
    for contribution in STEPS:
        for name, fact in contribution.annotations().items():
            assert not list(moments(fact)), f"{name} (step {contribution.step}) holds a moment taken in Python"


def test_a_moment_taken_in_python_is_found() -> None:
    """The check above can fail: a fact as a step app might wrongly write it."""
    wrong = Exists(Session.objects.filter(engagement=OuterRef("pk"), starts_at__gte=timezone.now()))
    assert list(moments(wrong))
