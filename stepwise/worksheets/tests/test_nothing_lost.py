"""What is typed in a worksheet is never lost, and the page never says "Saved" when it was not:
answers over their limit, a broken row count, and what the assign form suggests."""

from django.urls import reverse

from stepwise.conftest import World, client_for
from stepwise.worksheets.models import Worksheet, WorksheetTemplate
from stepwise.worksheets.tests.test_worksheets import assign, url

EXPECTATIONS = "What are your expectations from our coaching relationship?"


def test_an_answer_over_the_limit_is_reported_as_not_saved_by_how_much(world: World) -> None:
    worksheet = assign(world)
    response = client_for(world.executive).post(
        url("worksheet_autosave", worksheet),
        {"q-expectations": "x" * 5312, "q-change_one_thing": "Fewer meetings."},
    )
    assert response.status_code == 400
    body = response.json()
    assert "Saved at" not in body["message"]
    assert body["message"].startswith("Not saved:")
    assert EXPECTATIONS in body["message"]
    assert "312 characters over the limit of 5,000: shorten it." in body["message"]
    assert body["errors"] == {"expectations": "312 characters over the limit of 5,000: shorten it."}
    worksheet.refresh_from_db()
    assert "expectations" not in worksheet.answers
    assert worksheet.answers["change_one_thing"] == "Fewer meetings."  # the valid answer is kept


def test_the_worksheet_page_gives_long_answers_their_limit_for_the_counter(world: World) -> None:
    worksheet = assign(world)
    page = client_for(world.executive).get(url("worksheet_detail", worksheet)).content.decode()
    assert 'name="q-expectations" rows="4" maxlength="5000"' in page
    assert "js/fields.js" in page


def test_a_row_count_that_is_not_a_number_is_a_400_on_autosave_and_nothing_is_saved(world: World) -> None:
    worksheet = assign(world, "retirement-party")
    response = client_for(world.executive).post(
        url("worksheet_autosave", worksheet),
        {"q-values-rows": "two", "q-values-0-value": "Trust", "q-legacy": "A team that runs without me."},
    )
    assert response.status_code == 400
    assert "could not be read, so nothing was saved" in response.json()["errors"]["values"]
    assert response.json()["message"].startswith("Not saved:")
    worksheet.refresh_from_db()
    assert worksheet.answers == {}


def test_a_row_count_that_is_not_a_number_is_a_400_on_the_page_and_keeps_what_was_typed(world: World) -> None:
    worksheet = assign(world, "retirement-party")
    response = client_for(world.executive).post(
        url("worksheet_detail", worksheet),
        {
            "q-values-rows": "1e3",
            "q-values-0-value": "Trust",
            "q-values-1-value": "Candour",
            "q-legacy": "A team that runs without me.",
            "action": "save",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "could not be read, so nothing was saved" in page
    assert 'value="Trust"' in page and 'value="Candour"' in page
    assert "A team that runs without me." in page
    worksheet.refresh_from_db()
    assert worksheet.answers == {}


def test_the_assign_form_preselects_the_intake_the_page_asks_for(world: World) -> None:
    coach = client_for(world.coach)
    intake = WorksheetTemplate.objects.get(slug="thought-starters")
    for name in ("worksheet_list", "worksheet_assign"):
        page = coach.get(reverse(name, kwargs={"public_id": world.engagement.public_id})).content.decode()
        assert f'<option value="{intake.pk}" selected>' in page, name
    assert (
        "assign the intake below"
        in coach.get(reverse("worksheet_list", kwargs={"public_id": world.engagement.public_id})).content.decode()
    )


def test_once_the_intake_is_given_the_values_exercise_is_suggested_next(world: World) -> None:
    assign(world)
    values = WorksheetTemplate.objects.get(slug="retirement-party")
    page = (
        client_for(world.coach)
        .get(reverse("worksheet_list", kwargs={"public_id": world.engagement.public_id}))
        .content.decode()
    )
    assert f'<option value="{values.pk}" selected>' in page
    assert Worksheet.objects.filter(engagement=world.engagement).count() == 1
