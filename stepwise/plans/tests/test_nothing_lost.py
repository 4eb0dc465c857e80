"""What is typed on the goal page is never lost: autosave, "Save and ask for approval", lists that are
refused rather than cut, and values that stay valid after they are renamed in the values exercise."""

from datetime import timedelta

from django.core import mail

from stepwise.conftest import World, client_for
from stepwise.plans.models import Goal, KeyAction
from stepwise.plans.tests.test_plans import TODAY, add_action, form_data, goal_make, goal_url, signed
from stepwise.worksheets import services as worksheet_services
from stepwise.worksheets.models import WorksheetTemplate

LONG_LINE = ("Ask for a monthly hour with the CFO to review the plan, " * 6).strip()  # 335 characters


def values_named(world: World, *names: str) -> None:
    """The executive's values exercise, naming ``names`` (saved again: a rename replaces them)."""
    worksheet = worksheet_services.worksheet_assign(
        engagement=world.engagement,
        template=WorksheetTemplate.objects.get(slug="retirement-party"),
        assigned_by=world.coach,
        due_date=None,
    )
    worksheet_services.worksheet_save(worksheet=worksheet, raw={"values": [{"value": n} for n in names]})


def rename_value(world: World, name: str) -> None:
    worksheet = world.engagement.worksheets.get(version__template__slug="retirement-party")
    worksheet_services.worksheet_save(worksheet=worksheet, raw={"values": [{"value": name}]})


# 2.4 A goal cannot become unsaveable


def test_a_goal_naming_a_value_renamed_since_still_saves_unchanged(world: World) -> None:
    values_named(world, "Trust")
    goal = goal_make(world)
    executive = client_for(world.executive)
    assert executive.post(goal_url(goal), form_data(goal, values=["Trust"])).status_code == 302
    rename_value(world, "Candour")

    response = executive.post(goal_url(goal), form_data(goal, values=["Trust"], why_me="Still true."))
    assert response.status_code == 302, response.content.decode()[:2000]
    goal.refresh_from_db()
    assert goal.values == ["Trust"] and goal.why_me == "Still true."
    page = executive.get(goal_url(goal)).content.decode()
    assert "Trust (no longer in your values)" in page
    assert 'value="Candour"' in page


def test_a_value_never_named_is_still_refused(world: World) -> None:
    values_named(world, "Trust")
    goal = goal_make(world)
    response = client_for(world.executive).post(goal_url(goal), form_data(goal, values=["Not mine"]))
    assert response.status_code == 400
    assert "Not mine is not one of the available choices" in response.content.decode()


# 2.3 Lists are refused with a message, never cut


def test_a_resource_line_over_300_characters_is_refused_and_kept_whole(world: World) -> None:
    goal = goal_make(world)
    response = client_for(world.executive).post(goal_url(goal), form_data(goal, resources_need=f"A coach\n{LONG_LINE}"))
    assert response.status_code == 400
    page = response.content.decode()
    assert "Line 2 is 35 characters over the limit of 300" in page
    assert LONG_LINE in page  # the whole line is still in the field
    goal.refresh_from_db()
    assert goal.resources_need == []


def test_a_list_of_more_than_30_answers_is_refused_and_kept(world: World) -> None:
    goal = goal_make(world)
    answers = "\n".join(f"Habit {n}" for n in range(1, 35))
    response = client_for(world.executive).post(goal_url(goal), form_data(goal, shift_stop=answers))
    assert response.status_code == 400
    page = response.content.decode()
    assert "This list has 34 lines; keep it to 30" in page
    assert "Habit 34" in page
    goal.refresh_from_db()
    assert goal.shift_answers("stop") == []


def test_a_list_within_its_limits_is_taken_whole(world: World) -> None:
    goal = goal_make(world)
    line = "x" * 300
    answers = "\n".join([line] * 30)
    assert client_for(world.executive).post(goal_url(goal), form_data(goal, shift_more=answers)).status_code == 302
    goal.refresh_from_db()
    assert goal.shift_answers("more") == [line] * 30


def test_a_goal_title_over_its_limit_is_refused_with_what_to_do_and_kept(world: World) -> None:
    goal = goal_make(world)
    title = "Delegate the weekly report " * 17  # 459 characters
    response = client_for(world.executive).post(goal_url(goal), form_data(goal, title=title))
    assert response.status_code == 400
    page = response.content.decode()
    assert "Keep this to 400 characters; it has 458. Shorten it: what you typed is kept." in page
    assert title.strip() in page
    assert 'maxlength="400"' in page and "js/fields.js" in page  # the counter reads the limit


# 2.2 The goal page saves as it is typed, and the action button saves first


def autosave(client, goal: Goal, data: dict):
    return client.post(goal_url(goal, "goal_autosave"), data)


def test_autosave_saves_the_deep_dive_and_gives_the_new_revision(world: World) -> None:
    goal = goal_make(world)
    response = autosave(client_for(world.executive), goal, form_data(goal, different="My deputy runs it."))
    assert response.status_code == 200
    goal.refresh_from_db()
    assert goal.different == "My deputy runs it."
    assert response.json()["revision"] == goal.revision
    assert response.json()["message"].startswith("Saved at")


def test_autosave_from_a_stale_page_is_a_409_and_overwrites_nothing(world: World) -> None:
    goal = goal_make(world)
    stale = form_data(goal, different="Typed in the first tab.")
    client_for(world.coach).post(goal_url(goal), form_data(goal, different="Saved by the coach."))
    response = autosave(client_for(world.executive), goal, stale)
    assert response.status_code == 409
    assert "someone else saved this goal" in response.json()["message"]
    goal.refresh_from_db()
    assert goal.different == "Saved by the coach."


def test_autosave_refuses_a_title_too_long_and_says_not_saved(world: World) -> None:
    goal = goal_make(world)
    response = autosave(client_for(world.executive), goal, form_data(goal, title="x" * 450, why_me="Because."))
    assert response.status_code == 400
    body = response.json()
    assert body["message"].startswith("Not saved: Specific goal: Keep this to 400 characters; it has 450.")
    assert "title" in body["errors"]
    goal.refresh_from_db()
    assert goal.why_me == ""


def test_autosave_keeps_the_deep_dive_when_an_action_row_is_refused(world: World) -> None:
    goal = goal_make(world)
    data = form_data(goal, why_me="Fridays back.")
    add_action(data, "Hand over the report", TODAY + timedelta(days=5), status="done")
    data["actions-0-completed_on"] = (TODAY + timedelta(days=3)).isoformat()
    response = autosave(client_for(world.executive), goal, data)
    assert response.status_code == 400
    assert "Action 1: This date is in the future" in response.json()["message"]
    assert response.json()["errors"]["actions-0-completed_on"].startswith("This date is in the future")
    goal.refresh_from_db()
    assert goal.why_me == "Fridays back." and not goal.actions.exists()


def test_autosave_gives_a_new_action_its_id_so_the_next_save_does_not_add_it_again(world: World) -> None:
    goal = goal_make(world)
    executive = client_for(world.executive)
    data = form_data(goal)
    add_action(data, "Book the offsite", TODAY + timedelta(days=9))
    first = autosave(executive, goal, data)
    assert first.status_code == 200
    action = KeyAction.objects.get(goal=goal)
    assert first.json()["ids"] == {"actions-0-id": str(action.public_id)}
    data.update({"actions-0-id": first.json()["ids"]["actions-0-id"], "revision": first.json()["revision"]})
    data["actions-0-description"] = "Book the offsite for May"
    assert autosave(executive, goal, data).status_code == 200
    assert list(goal.actions.values_list("description", flat=True)) == ["Book the offsite for May"]


def test_save_and_ask_for_approval_saves_what_was_typed_then_asks_the_sponsor(world: World, run_worker) -> None:
    signed(world, sponsor_approves_goals=True)
    goal = goal_make(world)
    run_worker()
    mail.outbox.clear()
    data = form_data(goal, different="My deputy runs the weekly report.", action="ask")
    response = client_for(world.executive).post(goal_url(goal), data, follow=True)
    assert response.status_code == 200
    assert "Sent to the sponsor" in response.content.decode()
    goal.refresh_from_db()
    assert goal.different == "My deputy runs the weekly report."
    assert goal.approval == Goal.Approval.PENDING
    run_worker()
    (asked,) = [m for m in mail.outbox if world.sponsor.email in m.to]
    assert "for your approval" in asked.subject


def test_save_and_ask_with_a_refused_answer_asks_nobody_and_keeps_the_text(world: World, run_worker) -> None:
    signed(world, sponsor_approves_goals=True)
    goal = goal_make(world)
    data = form_data(goal, different="Typed, not yet saved.", resources_have="\n".join(["x"] * 31), action="ask")
    response = client_for(world.executive).post(goal_url(goal), data)
    assert response.status_code == 400
    assert "Typed, not yet saved." in response.content.decode()
    goal.refresh_from_db()
    assert goal.approval == Goal.Approval.NOT_ASKED and goal.different == ""


def test_the_sponsor_cannot_autosave_a_goal(world: World) -> None:
    signed(world, sponsor_approves_goals=True)
    goal = goal_make(world)
    response = autosave(client_for(world.sponsor), goal, form_data(goal, different="Not mine to write."))
    assert response.status_code == 403
    goal.refresh_from_db()
    assert goal.different == ""
