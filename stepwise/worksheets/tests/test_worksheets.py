"""Step 2: worksheets from assignment to submission, sharing, the assessment and PDFs."""

import io
import json
from pathlib import Path

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st
from pypdf import PdfReader

from stepwise.conftest import World, client_for
from stepwise.worksheets import content, services
from stepwise.worksheets.models import (
    Assessment,
    AssessmentNote,
    SelfRating,
    TemplateVersion,
    Worksheet,
    WorksheetTemplate,
)
from stepwise.worksheets.schema import clean_answer
from stepwise.worksheets.text_format import schema_to_text, text_to_schema

SEED = Path(__file__).resolve().parents[3].parent / "shared" / "seeds" / "7-step-executive-coaching-model.md"
RATINGS = (
    "willing_to_change",
    "success_distance",
    "senior_leader_effectiveness",
    "team_leadership_effectiveness",
    "job_satisfaction",
)


def intake_complete(rating: int = 7) -> dict[str, str]:
    data = {
        "q-expectations": "Honest feedback and a plan.",
        "q-change_one_thing": "Fewer meetings.",
        "q-strengths_accomplishments": "Calm under pressure.",
        "q-previous_year": "Busy but good.",
    }
    for key in ("career_changes", "three_month_goals"):
        for i in range(3):
            data[f"q-{key}-{i}"] = f"{key} {i + 1}"
    for key in RATINGS:
        data[f"q-{key}"] = str(rating)
    return data


def assign(world: World, slug: str = "thought-starters") -> Worksheet:
    template = WorksheetTemplate.objects.get(slug=slug)
    return services.worksheet_assign(
        engagement=world.engagement, template=template, assigned_by=world.coach, due_date=None
    )


def url(name: str, worksheet: Worksheet, **extra: str) -> str:
    return reverse(
        name, kwargs={"public_id": worksheet.engagement.public_id, "worksheet_id": worksheet.public_id, **extra}
    )


def pdf_text(response) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)


@pytest.mark.django_db
def test_builtin_templates_carry_the_seed_wording_word_for_word() -> None:
    seed = SEED.read_text() if SEED.exists() else ""
    labels = [
        q["label"]
        for schema in (content.THOUGHT_STARTERS, content.DEEP_DIVE_PREPARATION)
        for s in schema["sections"]
        for q in s["questions"]
    ]
    assert "How willing are you to do what it takes to change your situation?" in labels
    assert "3. What is the PAIN for you of NOT achieving your Goal?" in labels
    assert len([q for q in labels if q[:2].rstrip(".").isdigit()]) == 11  # the eleven deep-dive questions
    if seed:
        for label in (
            "How would you rate your overall job satisfaction?",
            "What is the Legacy you are leaving behind?",
        ):
            assert label in seed
    assert set(WorksheetTemplate.objects.filter(is_builtin=True).values_list("slug", flat=True)) >= {
        "thought-starters",
        "retirement-party",
        "deep-dive-preparation",
        "self-ratings",
    }


def test_assigning_mails_the_executive_a_link(world: World, run_worker) -> None:
    response = client_for(world.coach).post(
        reverse("worksheet_assign", kwargs={"public_id": world.engagement.public_id}),
        {"template": WorksheetTemplate.objects.get(slug="retirement-party").pk, "due_date": "2099-01-31"},
    )
    assert response.status_code == 302
    run_worker()
    (message,) = [m for m in mail.outbox if world.executive.email in m.to and "worksheet" in m.subject]
    worksheet = Worksheet.objects.get(engagement=world.engagement)
    assert url("worksheet_detail", worksheet) in message.body
    assert "31 January 2099" in message.body


def test_a_due_date_in_the_past_is_refused_beside_the_field(world: World) -> None:
    response = client_for(world.coach).post(
        reverse("worksheet_assign", kwargs={"public_id": world.engagement.public_id}),
        {"template": WorksheetTemplate.objects.get(slug="thought-starters").pk, "due_date": "2001-01-01"},
    )
    assert response.status_code == 400
    assert "The due date is in the past" in response.content.decode()
    assert not Worksheet.objects.exists()


def test_autosave_keeps_valid_answers_and_reports_a_rating_out_of_range(world: World) -> None:
    worksheet = assign(world)
    response = client_for(world.executive).post(
        url("worksheet_autosave", worksheet), {"q-expectations": "Clarity", "q-job_satisfaction": "11"}
    )
    assert response.status_code == 400  # one answer was refused: the page must not say "Saved"
    assert response.json()["errors"] == {"job_satisfaction": "Choose a number from 1 to 10."}
    assert response.json()["message"].startswith("Not saved:")
    worksheet.refresh_from_db()
    assert worksheet.answers == {"expectations": "Clarity"}
    assert worksheet.status == Worksheet.Status.IN_PROGRESS


def test_coming_back_shows_the_answers_saved_before(world: World) -> None:
    worksheet = assign(world)
    executive = client_for(world.executive)
    executive.post(
        url("worksheet_autosave", worksheet),
        {"q-career_changes-0": "Delegate more", "q-career_changes-1": "", "q-career_changes-2": ""},
    )
    page = client_for(world.executive).get(url("worksheet_detail", worksheet)).content.decode()
    assert 'value="Delegate more"' in page


def test_submitting_with_a_required_answer_missing_keeps_everything_typed(world: World) -> None:
    worksheet = assign(world)
    data = intake_complete()
    data["q-expectations"] = ""
    data["q-previous_year"] = "x" * 301
    data["action"] = "submit"
    response = client_for(world.executive).post(url("worksheet_detail", worksheet), data)
    page = response.content.decode()
    assert response.status_code == 400
    assert "Answer this question before you submit." in page
    assert "1 character over the limit of 300: shorten it." in page
    assert 'value="career_changes 2"' in page
    worksheet.refresh_from_db()
    assert worksheet.status == Worksheet.Status.IN_PROGRESS
    assert worksheet.answers["career_changes"] == ["career_changes 1", "career_changes 2", "career_changes 3"]


def test_submitting_records_the_ratings_and_tells_the_coach(world: World, run_worker) -> None:
    worksheet = assign(world)
    response = client_for(world.executive).post(
        url("worksheet_detail", worksheet), {**intake_complete(6), "action": "submit"}
    )
    assert response.status_code == 302
    worksheet.refresh_from_db()
    assert worksheet.status == Worksheet.Status.SUBMITTED
    assert sorted(SelfRating.objects.values_list("question_key", "value")) == sorted((k, 6) for k in RATINGS)
    run_worker()
    assert any(world.coach.email in m.to and "Submitted" in m.subject for m in mail.outbox)
    chart = client_for(world.coach).get(reverse("worksheet_list", kwargs={"public_id": world.engagement.public_id}))
    assert "<svg" in chart.content.decode()


def test_autosave_from_a_stale_page_is_refused_once_submitted(world: World) -> None:
    worksheet = assign(world)
    executive = client_for(world.executive)
    executive.post(url("worksheet_detail", worksheet), {**intake_complete(), "action": "submit"})
    response = executive.post(url("worksheet_autosave", worksheet), {"q-expectations": "changed later"})
    assert response.status_code == 409
    assert "submitted in another window" in response.json()["message"]
    worksheet.refresh_from_db()
    assert worksheet.answers["expectations"] == "Honest feedback and a plan."


def test_the_executive_reopens_only_when_the_coach_allows(world: World) -> None:
    worksheet = assign(world)
    executive = client_for(world.executive)
    executive.post(url("worksheet_detail", worksheet), {**intake_complete(), "action": "submit"})
    executive.post(url("worksheet_reopen", worksheet))
    worksheet.refresh_from_db()
    assert worksheet.status == Worksheet.Status.SUBMITTED
    client_for(world.coach).post(url("worksheet_allow_reopen", worksheet), {"allowed": "1"})
    executive.post(url("worksheet_reopen", worksheet))
    worksheet.refresh_from_db()
    assert worksheet.status == Worksheet.Status.IN_PROGRESS
    assert not SelfRating.objects.filter(worksheet=worksheet).exists()


def test_the_sponsor_sees_a_worksheet_only_while_it_is_shared(world: World) -> None:
    worksheet = assign(world)
    executive, sponsor = client_for(world.executive), client_for(world.sponsor)
    executive.post(url("worksheet_detail", worksheet), {**intake_complete(), "action": "submit"})
    assert sponsor.get(url("worksheet_detail", worksheet)).status_code == 404
    executive.post(url("worksheet_share", worksheet), {"shared": "1"})
    assert sponsor.get(url("worksheet_detail", worksheet)).status_code == 200
    assert sponsor.post(url("worksheet_share", worksheet), {"shared": "0"}).status_code == 403
    executive.post(url("worksheet_share", worksheet), {"shared": "0"})
    assert sponsor.get(url("worksheet_detail", worksheet)).status_code == 404


@pytest.mark.parametrize("role", ["coach", "sponsor", "other_coach", "outsider", "admin"])
def test_only_the_executive_answers(world: World, role: str) -> None:
    worksheet = assign(world)
    response = client_for(world.user(role)).post(url("worksheet_autosave", worksheet), {"q-expectations": "not mine"})
    # The coach may read the worksheet, so a write is refused (403); nobody else may even see it (404).
    assert response.status_code == (403 if role == "coach" else 404)
    worksheet.refresh_from_db()
    assert worksheet.answers == {}


def test_private_notes_are_read_by_their_author_alone(world: World) -> None:
    coach = client_for(world.coach)
    response = coach.post(
        reverse("assessment_edit", kwargs={"public_id": world.engagement.public_id}),
        {
            "revision": "0",
            "strengths": "Listens well",
            "shared_with_executive": "on",
            "private_notes": "Watch the CFO relationship",
        },
    )
    assert response.status_code == 302
    listing = reverse("worksheet_list", kwargs={"public_id": world.engagement.public_id})
    executive_page = client_for(world.executive).get(listing).content.decode()
    assert "Listens well" in executive_page
    assert "CFO" not in executive_page
    assert "Listens well" not in client_for(world.sponsor).get(listing).content.decode()
    assert (
        "CFO"
        in coach.get(reverse("assessment_edit", kwargs={"public_id": world.engagement.public_id})).content.decode()
    )
    assert (
        client_for(world.executive)
        .get(reverse("assessment_edit", kwargs={"public_id": world.engagement.public_id}))
        .status_code
        == 403
    )


def test_two_coaches_saving_the_assessment_at_once_do_not_overwrite(world: World) -> None:
    path = reverse("assessment_edit", kwargs={"public_id": world.engagement.public_id})
    coach = client_for(world.coach)
    coach.post(path, {"revision": "0", "strengths": "First"})
    response = coach.post(path, {"revision": "0", "strengths": "Second, from an old tab"})
    assert response.status_code == 409
    assert "Second, from an old tab" in response.content.decode()
    assert Assessment.objects.get(engagement=world.engagement).strengths == "First"


def test_private_notes_saved_in_another_window_are_not_overwritten(world: World) -> None:
    edit = reverse("assessment_edit", kwargs={"public_id": world.engagement.public_id})
    coach = client_for(world.coach)
    coach.post(edit, {"revision": "0", "notes_revision": "0", "private_notes": "First window"})
    stale = coach.post(
        edit, {"revision": "1", "notes_revision": "0", "strengths": "Kept", "private_notes": "Second window"}
    )
    assert stale.status_code == 409
    body = stale.content.decode()
    assert "Second window" in body and "First window" in body
    assert AssessmentNote.objects.get().text == "First window"
    assert Assessment.objects.get().strengths == ""


def test_a_started_worksheet_keeps_its_version_when_the_template_changes(world: World) -> None:
    copy = services.template_copy(template=WorksheetTemplate.objects.get(slug="self-ratings"), user=world.coach)
    worksheet = services.worksheet_assign(
        engagement=world.engagement, template=copy, assigned_by=world.coach, due_date=None
    )
    version = services.template_update(
        template=copy, name=copy.name, description="", schema=text_to_schema("# New\nlong* Something new?\n")
    )
    assert version.number == 2
    worksheet.refresh_from_db()
    assert worksheet.version.number == 1
    assert "How willing are you" in client_for(world.executive).get(url("worksheet_detail", worksheet)).content.decode()


def test_the_builtin_templates_cannot_be_edited_only_copied(world: World) -> None:
    builtin = WorksheetTemplate.objects.get(slug="thought-starters")
    coach = client_for(world.coach)
    assert coach.get(reverse("template_edit", kwargs={"template_id": builtin.public_id})).status_code == 302
    coach.post(reverse("template_copy", kwargs={"template_id": builtin.public_id}))
    copy = WorksheetTemplate.objects.get(copied_from=builtin)
    response = coach.post(
        reverse("template_edit", kwargs={"template_id": copy.public_id}), {"name": "Mine", "text": "long* no section"}
    )
    assert response.status_code == 400
    assert "start with a section title" in response.content.decode()
    assert client_for(world.executive).get(reverse("template_list")).status_code == 404


def test_paper_and_filled_pdfs_hold_the_questions_and_answers(world: World) -> None:
    template = WorksheetTemplate.objects.get(slug="retirement-party")
    blank = client_for(world.coach).get(reverse("template_pdf", kwargs={"template_id": template.public_id}))
    assert blank["Content-Type"] == "application/pdf"
    assert "What is the Legacy you are leaving behind?" in pdf_text(blank)
    worksheet = assign(world, "retirement-party")
    services.worksheet_save(worksheet=worksheet, raw={"legacy": "A team that thrives without me"})
    filled = client_for(world.executive).get(url("worksheet_pdf", worksheet))
    assert "A team that thrives without me" in pdf_text(filled)


def _schema_of(n: int) -> dict:
    return {
        "sections": [
            {
                "key": "s",
                "title": "Many",
                "questions": [
                    {
                        "key": f"q{i}",
                        "type": ("short", "long", "rating", "list")[i % 4],
                        "label": f"Question {i}",
                        "count": 3,
                        "min": 1,
                        "max": 10,
                    }
                    for i in range(n)
                ],
            }
        ]
    }


def test_the_worksheet_page_makes_as_many_queries_for_60_questions_as_for_5(world: World) -> None:
    counts = []
    for n in (5, 60):
        template = WorksheetTemplate.objects.create(slug=f"size-{n}", name=f"Size {n}")
        TemplateVersion.objects.create(template=template, schema=_schema_of(n))
        worksheet = services.worksheet_assign(
            engagement=world.engagement, template=template, assigned_by=world.coach, due_date=None
        )
        client = client_for(world.executive)
        client.get(url("worksheet_detail", worksheet))  # warm the session
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url("worksheet_detail", worksheet)).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


@pytest.mark.parametrize(
    "schema", [content.THOUGHT_STARTERS, content.RETIREMENT_PARTY, content.DEEP_DIVE_PREPARATION, content.SELF_RATINGS]
)
def test_the_text_form_of_a_template_reads_back_to_the_same_schema(schema: dict) -> None:
    back = text_to_schema(schema_to_text(schema), schema)
    assert json.loads(json.dumps(back, sort_keys=True)) == json.loads(json.dumps(schema, sort_keys=True))


RATING = {"key": "r", "type": "rating", "min": 1, "max": 10}


@given(st.integers())
def test_a_whole_number_rating_is_kept_from_1_to_10_and_refused_outside(value: int) -> None:
    if 1 <= value <= 10:
        assert clean_answer(RATING, value) == value
    else:
        with pytest.raises(ValidationError) as refused:
            clean_answer(RATING, value)
        assert refused.value.messages == ["Choose a number from 1 to 10."]


@given(st.one_of(st.text(max_size=5), st.none()))
def test_a_typed_rating_is_kept_as_its_number_or_refused_with_a_message(value: str | None) -> None:
    # Any other exception than the refusal fails the test: nothing typed may raise a 500.
    if value is None or value == "":
        assert clean_answer(RATING, value) is None
        return
    number: int | None
    try:
        number = int(value)  # what "a whole number" means to the form: Python's reading of the text
    except ValueError:
        number = None
    if number is not None and 1 <= number <= 10:
        assert clean_answer(RATING, value) == number
    else:
        with pytest.raises(ValidationError) as refused:
            clean_answer(RATING, value)
        what = "a whole number" if number is None else "a number"
        assert refused.value.messages == [f"Choose {what} from 1 to 10."]


def test_the_tracker_moves_to_step_3_once_a_worksheet_is_in_and_the_assessment_shared(world: World) -> None:
    from stepwise.conftest import agreement_sign_by_all

    agreement_sign_by_all(world)
    page = reverse("engagement_detail", kwargs={"public_id": world.engagement.public_id})
    assert "Step 2 of 7" in client_for(world.coach).get(page).content.decode()
    worksheet = assign(world)
    client_for(world.executive).post(url("worksheet_detail", worksheet), {**intake_complete(), "action": "submit"})
    services.assessment_save(
        engagement=world.engagement,
        author=world.coach,
        revision=0,
        values={"strengths": "x", "shared_with_executive": True},
    )
    assert "Step 3 of 7" in client_for(world.executive).get(page).content.decode()
    # The self-ratings chart is on the engagement page for coach and executive, not the sponsor.
    assert "<svg" in client_for(world.coach).get(page).content.decode()
    assert "<svg" not in client_for(world.sponsor).get(page).content.decode()


@pytest.mark.parametrize("who", ["coach", "executive"])
def test_the_worksheet_list_and_the_templates_make_as_many_queries_for_20_worksheets_as_for_1(
    world: World, who: str
) -> None:
    client = client_for(world.user(who))
    lists = [reverse("worksheet_list", kwargs={"public_id": world.engagement.public_id})]
    if who == "coach":
        lists.append(reverse("template_list"))

    def counts() -> list[int]:
        found = []
        for path in lists:
            client.get(path)
            with CaptureQueriesContext(connection) as queries:
                assert client.get(path).status_code == 200
            found.append(len(queries))
        return found

    assign(world)
    one = counts()
    for n in range(19):
        template = WorksheetTemplate.objects.create(slug=f"extra-{n}", name=f"Extra {n}")
        TemplateVersion.objects.create(template=template, schema=_schema_of(5))
        services.worksheet_assign(
            engagement=world.engagement, template=template, assigned_by=world.coach, due_date=None
        )
    assert counts() == one
    assert "Extra 18" in client.get(lists[0]).content.decode()
