"""The practice's pages as each person uses them: the executive writes, the coach reads what is
shared and comments, nobody else sees anything."""

from datetime import date, timedelta
from uuid import uuid4

import pytest
from django.urls import reverse
from django.utils import timezone

from stepwise.conftest import World, client_for
from stepwise.engagements.models import Engagement
from stepwise.outcomes import closing
from stepwise.practice import services
from stepwise.practice.models import (
    Comment,
    JournalEntry,
    MarkKind,
    MindfulnessCheckIn,
    PracticeMinutes,
    Program,
    StepMark,
    Teaching,
)

pytestmark = pytest.mark.django_db


def url(world: World, name: str, **kwargs: object) -> str:
    return reverse(name, kwargs={"public_id": world.engagement.public_id, **kwargs})


def entry_data(**changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "token": str(uuid4()),
        "revision": "0",
        "cadence": "daily",
        "entry_date": timezone.localdate().isoformat(),
        "went_well": "The board meeting ran on time.",
        "where_wrong": "I cut Priya off in the stand-up.",
        "admitted": "promptly",
        "admitted_to": "Priya",
        "differently": "Let people finish.",
    }
    data.update(changes)
    return data


def entry_make(
    world: World, *, shared: bool = False, text: str = "I cut Priya off.", day: date | None = None
) -> JournalEntry:
    entry = services.journal_entry_save(
        owner=world.executive,
        entry=None,
        values=services.EntryValues(cadence="daily", entry_date=day or timezone.localdate(), where_wrong=text),
        today=timezone.localdate(),
    )
    return services.journal_entry_share(entry=entry, shared=True) if shared else entry


def test_where_am_i_shows_the_seed_steps_7_to_12_and_no_invented_steps_1_to_6(world: World) -> None:
    response = client_for(world.executive).get(url(world, "practice_home"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "We humbly asked our higher power to remove our shortcomings." in page
    assert "Carrying the message of the 12 Steps to others in need" in page
    assert "What step are you on?" in page
    assert 'id="step-7"' in page and 'id="step-12"' in page
    assert 'id="step-6"' not in page and 'id="step-1"' not in page
    assert reverse("pulse_detail", args=[world.engagement.public_id]) in page  # step 7 leads to the pulse
    assert reverse("development_list", args=[world.engagement.public_id]) in page  # step 8


def test_the_executive_marks_the_current_step_and_the_history_keeps_the_previous_one(world: World) -> None:
    client = client_for(world.executive)
    for step, why in ((10, "Starting the journal"), (11, "Moved on to mindfulness")):
        response = client.post(
            url(world, "practice_home"), {"token": str(uuid4()), "step": step, "kind": "current", "why": why}
        )
        assert response.status_code == 302
    marks = StepMark.objects.filter(owner=world.executive).order_by("created_at")
    assert [(m.step.number, m.ended_at is None) for m in marks] == [(10, False), (11, True)]
    page = client.get(url(world, "practice_home")).content.decode()
    assert "Moved on to mindfulness" in page and "Starting the journal" in page  # in force, and in the history


def test_a_mark_why_too_long_is_refused_beside_the_field_and_kept(world: World) -> None:
    why = "x" * 201
    response = client_for(world.executive).post(
        url(world, "practice_home"), {"token": str(uuid4()), "step": 8, "kind": "revisit", "why": why}
    )
    assert response.status_code == 400
    assert why in response.content.decode()
    assert not StepMark.objects.exists()


def test_the_coach_reads_the_marks_and_answers_with_a_comment(world: World) -> None:
    mark = services.mark_set(
        owner=world.executive,
        step=Program.objects.get(builtin=True).steps.get(number=8),
        kind=MarkKind.STRUGGLE,
        why="Hard to list wrongs",
    )
    coach = client_for(world.coach)
    assert "Hard to list wrongs" in coach.get(url(world, "practice_home")).content.decode()
    response = coach.post(
        url(world, "practice_mark_comment", mark_id=mark.public_id),
        {"token": str(uuid4()), "text": "Start with the 360."},
    )
    assert response.status_code == 302
    assert "Start with the 360." in client_for(world.executive).get(url(world, "practice_home")).content.decode()


def test_the_executive_writes_an_entry_that_stays_private_until_shared(world: World) -> None:
    executive = client_for(world.executive)
    response = executive.post(url(world, "practice_entry_new"), entry_data())
    assert response.status_code == 302
    entry = JournalEntry.objects.get()
    assert not entry.shared
    coach = client_for(world.coach)
    assert "I cut Priya off" not in coach.get(url(world, "practice_journal")).content.decode()
    assert coach.get(url(world, "practice_entry", entry_id=entry.public_id)).status_code == 404

    executive.post(url(world, "practice_entry_share", entry_id=entry.public_id), {"shared": "1"})
    page = coach.get(url(world, "practice_entry", entry_id=entry.public_id))
    assert page.status_code == 200 and "I cut Priya off" in page.content.decode()
    response = coach.post(
        url(world, "practice_entry_comment", entry_id=entry.public_id), {"token": str(uuid4()), "text": "Well owned."}
    )
    assert response.status_code == 302
    assert "Well owned." in executive.get(url(world, "practice_entry", entry_id=entry.public_id)).content.decode()

    executive.post(url(world, "practice_entry_share", entry_id=entry.public_id), {"shared": "0"})
    assert coach.get(url(world, "practice_entry", entry_id=entry.public_id)).status_code == 404
    assert Comment.objects.count() == 1  # the thread is kept for when it is shared again


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"went_well": "", "where_wrong": "", "admitted_to": "", "differently": ""}, "went_well", "The entry is empty"),
        ({"entry_date": (timezone.localdate() + timedelta(days=2)).isoformat()}, "entry_date", "in the future"),
    ],
)
def test_a_bad_entry_is_refused_with_a_message_and_nothing_typed_is_lost(
    world: World, changes: dict[str, str], field: str, message: str
) -> None:
    response = client_for(world.executive).post(url(world, "practice_entry_new"), entry_data(**changes))
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    if field != "went_well":  # the empty entry had nothing typed to keep
        assert "Let people finish." in page
    assert not JournalEntry.objects.exists()


def test_autosave_creates_the_entry_once_then_changes_it_and_refuses_a_stale_revision(world: World) -> None:
    client = client_for(world.executive)
    data = entry_data()
    first = client.post(url(world, "practice_entry_autosave"), data)
    assert first.status_code == 200
    body = first.json()
    entry_id = body["ids"]["entry"]
    second = client.post(
        url(world, "practice_entry_autosave"),
        {**data, "entry": entry_id, "revision": body["revision"], "differently": "Listen."},
    )
    assert second.status_code == 200
    assert JournalEntry.objects.get().differently == "Listen."
    stale = client.post(
        url(world, "practice_entry_autosave"), {**data, "entry": entry_id, "revision": body["revision"]}
    )
    assert stale.status_code == 409
    assert JournalEntry.objects.get().differently == "Listen."
    # The page's own Save, after autosave made the entry, changes that entry rather than adding one.
    saved = client.post(
        url(world, "practice_entry_new"), {**data, "entry": entry_id, "revision": second.json()["revision"]}
    )
    assert saved.status_code == 302
    assert JournalEntry.objects.count() == 1


def test_an_empty_autosave_says_not_saved_and_makes_nothing(world: World) -> None:
    response = client_for(world.executive).post(
        url(world, "practice_entry_autosave"), entry_data(went_well="", where_wrong="", admitted_to="", differently="")
    )
    assert response.status_code == 400
    assert response.json()["message"].startswith("Not saved")
    assert not JournalEntry.objects.exists()


def checkin_data(**changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "token": str(uuid4()),
        "on_date": timezone.localdate().isoformat(),
        "emotion": "frustrated",
        "own_words": "",
        "intensity": "7",
        "trigger": "meeting",
        "trigger_note": "The budget review",
        "response": "chosen",
        "paused": "on",
    }
    data.update(changes)
    return data


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"intensity": "11"}, "Give the intensity from 1 to 10."),
        ({"intensity": "0"}, "Give the intensity from 1 to 10."),
        ({"on_date": (timezone.localdate() + timedelta(days=1)).isoformat()}, "in the future"),
        ({"emotion": "own", "own_words": ""}, "in your own words"),
    ],
)
def test_a_bad_checkin_is_refused_beside_the_field(world: World, changes: dict[str, str], message: str) -> None:
    response = client_for(world.executive).post(url(world, "practice_mindfulness"), checkin_data(**changes))
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert "The budget review" in page
    assert not MindfulnessCheckIn.objects.exists()


def test_a_checkin_appears_on_the_charts_the_coach_sees_without_its_words(world: World) -> None:
    response = client_for(world.executive).post(url(world, "practice_mindfulness"), checkin_data())
    assert response.status_code == 302
    page = client_for(world.coach).get(url(world, "practice_mindfulness")).content.decode()
    assert "Emotions by trigger" in page
    assert "frustrated" in page  # the chart's legend
    assert "The budget review" not in page


@pytest.mark.parametrize("minutes", ["0", "-5", "1441", "many"])
def test_practice_minutes_out_of_range_are_refused(world: World, minutes: str) -> None:
    response = client_for(world.executive).post(
        url(world, "practice_minutes_add"),
        {"token": str(uuid4()), "on_date": timezone.localdate().isoformat(), "minutes": minutes, "note": "Breathing"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "at most 1440" in page
    assert "Breathing" in page
    assert not PracticeMinutes.objects.exists()


def test_a_day_of_practice_is_accepted_and_charted(world: World) -> None:
    client = client_for(world.executive)
    response = client.post(
        url(world, "practice_minutes_add"),
        {"token": str(uuid4()), "on_date": timezone.localdate().isoformat(), "minutes": "1440", "note": ""},
    )
    assert response.status_code == 302
    assert "Minutes of practice a week" in client.get(url(world, "practice_mindfulness")).content.decode()


def test_teaching_is_logged_and_the_coach_sees_the_count_not_the_names(world: World) -> None:
    client = client_for(world.executive)
    response = client.post(
        url(world, "practice_teaching"),
        {
            "token": str(uuid4()),
            "on_date": timezone.localdate().isoformat(),
            "person": "Jordan Lee",
            "shared": "How I pause",
        },
    )
    assert response.status_code == 302
    assert Teaching.objects.count() == 1
    page = client_for(world.coach).get(url(world, "practice_teaching")).content.decode()
    assert "1 person taught or mentored" in page
    assert "Jordan Lee" not in page


def test_a_repeated_create_makes_one_row(world: World) -> None:
    client = client_for(world.executive)
    data = checkin_data()
    assert client.post(url(world, "practice_mindfulness"), data).status_code == 302
    assert client.post(url(world, "practice_mindfulness"), data).status_code == 302
    assert MindfulnessCheckIn.objects.count() == 1


def test_once_the_engagement_closes_the_coach_no_longer_reads_it_and_the_executive_still_does(world: World) -> None:
    entry_make(world, shared=True)
    Engagement.objects.filter(pk=world.engagement.pk).update(status=Engagement.Status.CLOSED)
    assert client_for(world.coach).get(url(world, "practice_journal")).status_code == 404
    assert client_for(world.executive).get(url(world, "practice_journal")).status_code == 200
    assert client_for(world.executive).get(url(world, "practice_export_json")).status_code == 200


def test_after_the_close_the_executive_still_writes_their_practice_and_the_coach_reaches_none_of_it(
    world: World,
) -> None:

    closing.engagement_close(engagement=world.engagement, by=world.coach)
    response = client_for(world.executive).post(url(world, "practice_entry_new"), entry_data())
    assert response.status_code == 302
    assert JournalEntry.objects.filter(owner=world.executive).count() == 1
    coach = client_for(world.coach).post(url(world, "practice_entry_new"), entry_data())
    assert coach.status_code == 404
    # The engagement itself takes no more writes.
    refused = client_for(world.executive).post(reverse("engagement_edit", args=[world.engagement.public_id]), {})
    assert refused.status_code == 403


@pytest.mark.parametrize("role", ["sponsor", "admin", "other_coach", "outsider"])
def test_nobody_else_reaches_the_practice(world: World, role: str) -> None:
    entry = entry_make(world, shared=True)
    client = client_for(getattr(world, role))
    assert client.get(url(world, "practice_home")).status_code == 404
    assert client.get(url(world, "practice_entry", entry_id=entry.public_id)).status_code == 404


def test_the_engagement_page_leads_the_executive_and_the_coach_to_the_practice_and_nobody_else(world: World) -> None:
    page_url = reverse("engagement_detail", args=[world.engagement.public_id])
    practice_url = url(world, "practice_home")
    assert practice_url in client_for(world.executive).get(page_url).content.decode()
    assert practice_url in client_for(world.coach).get(page_url).content.decode()
    assert practice_url not in client_for(world.sponsor).get(page_url).content.decode()
    assert practice_url not in client_for(world.admin).get(page_url).content.decode()
    Engagement.objects.filter(pk=world.engagement.pk).update(status=Engagement.Status.CLOSED)
    assert practice_url in client_for(world.executive).get(page_url).content.decode()
    assert practice_url not in client_for(world.coach).get(page_url).content.decode()


def test_an_edit_from_a_stale_page_is_refused_with_both_versions_shown(world: World) -> None:
    entry = entry_make(world, text="Saved elsewhere first.")
    client = client_for(world.executive)
    page_url = url(world, "practice_entry", entry_id=entry.public_id)
    fresh = entry_data(revision=str(entry.revision), where_wrong="From the other tab.")
    assert client.post(page_url, fresh).status_code == 302
    stale = client.post(page_url, entry_data(revision=str(entry.revision), where_wrong="Typed in this tab."))
    assert stale.status_code == 409
    page = stale.content.decode()
    assert "Typed in this tab." in page and "From the other tab." in page
    entry.refresh_from_db()
    assert entry.where_wrong == "From the other tab."


def test_another_executive_s_entry_is_not_reached_through_this_engagement(world: World) -> None:
    from stepwise.conftest import engagement_make, participant_join
    from stepwise.engagements.models import Participant

    other = engagement_make(coach=world.coach, organisation=world.organisation, executive_email="omar@acme.test")
    omar = participant_join(other.participants.get(role=Participant.Role.EXECUTIVE))
    entry = services.journal_entry_save(
        owner=omar,
        entry=None,
        values=services.EntryValues(cadence="daily", entry_date=timezone.localdate(), where_wrong="Omar's"),
        today=timezone.localdate(),
    )
    services.journal_entry_share(entry=entry, shared=True)
    for role in ("coach", "executive"):
        client = client_for(getattr(world, role))
        assert client.get(url(world, "practice_entry", entry_id=entry.public_id)).status_code == 404
    # Through Omar's own engagement, his coach reads it.
    response = client_for(world.coach).get(
        reverse("practice_entry", kwargs={"public_id": other.public_id, "entry_id": entry.public_id})
    )
    assert response.status_code == 200


def test_a_comment_too_long_on_a_mark_comes_back_on_its_thread_kept(world: World) -> None:
    step = Program.objects.get(builtin=True).steps.get(number=8)
    mark = services.mark_set(owner=world.executive, step=step, kind=MarkKind.REVISIT, why="Back to the list")
    text = "Long answer. " * 400
    response = client_for(world.coach).post(
        url(world, "practice_mark_comment", mark_id=mark.public_id), {"token": str(uuid4()), "text": text}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Keep this to 4000 characters" in page
    assert text.strip() in page
    assert not Comment.objects.exists()
