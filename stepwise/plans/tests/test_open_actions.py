"""One definition of an open key action: ``KeyAction.objects.open()`` and ``KeyAction.open_q``."""

from django.db.models import Count

from stepwise.conftest import World
from stepwise.meetings.tests.test_checkins import plan_make
from stepwise.plans.models import Goal, KeyAction


def test_an_open_key_action_is_one_not_started_or_in_progress(world: World) -> None:
    plan_make(world, "Not started", "Under way", "Finished", "Given up")
    KeyAction.objects.filter(description="Under way").update(status="in_progress")
    KeyAction.objects.filter(description="Finished").update(status="done", completed_on="2027-01-12")
    KeyAction.objects.filter(description="Given up").update(status="dropped")
    assert sorted(KeyAction.objects.open().values_list("description", flat=True)) == ["Not started", "Under way"]
    counted = Goal.objects.filter(engagement=world.engagement).aggregate(
        open=Count("actions", filter=KeyAction.open_q("actions__"))
    )
    assert counted == {"open": 2}
    assert [a.is_open for a in KeyAction.objects.order_by("description")] == [False, False, True, True]
