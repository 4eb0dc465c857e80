"""The list of steps the dashboard composes: in the engagement's order, each step once, and no
two steps annotating the same fact (the home page's one query holds them all)."""

from stepwise.dashboard.selectors import step_progress
from stepwise.dashboard.steps import STEPS
from stepwise.engagements.models import Engagement, Step
from stepwise.engagements.steps import State, StepProgress
from stepwise.users.models import User


def test_the_steps_are_listed_in_the_engagements_order_each_once() -> None:
    numbers = [contribution.step.value for contribution in STEPS]
    assert numbers == sorted(set(numbers))
    assert numbers == [1, 2, 3, 4, 5]


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


def test_a_step_without_an_app_shows_as_not_started() -> None:
    engagement = Engagement(status=Engagement.Status.CLOSED)
    assert step_progress(engagement, Step.FEEDBACK_360) == StepProgress(State.NOT_STARTED)
    assert step_progress(engagement, Step.FOLLOW_UP) == StepProgress(State.NOT_STARTED)
