"""The executive's export: the whole record, theirs alone, as a readable PDF and as JSON."""

import io
import json
import subprocess
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from stepwise.conftest import World, client_for, engagement_make, participant_join
from stepwise.engagements.models import Engagement, Participant
from stepwise.practice import services
from stepwise.practice.models import MarkKind, Program

pytestmark = pytest.mark.django_db


def record_make(world: World) -> None:
    today = timezone.localdate()
    step = Program.objects.get(builtin=True).steps.get(number=11)
    mark = services.mark_set(owner=world.executive, step=step, kind=MarkKind.CURRENT, why="Pausing before I answer")
    services.comment_add(author=world.coach, text="Notice the lizard brain.", mark=mark)
    private = services.journal_entry_save(
        owner=world.executive,
        entry=None,
        values=services.EntryValues(cadence="daily", entry_date=today, where_wrong="PRIVATE-went-behind-Sam"),
        today=today,
    )
    shared = services.journal_entry_save(
        owner=world.executive,
        entry=None,
        values=services.EntryValues(
            cadence="daily", entry_date=today - timedelta(days=1), went_well="SHARED-owned-the-miss"
        ),
        today=today,
    )
    services.journal_entry_share(entry=shared, shared=True)
    services.comment_add(author=world.coach, text="COACH-comment-well-done", entry=shared)
    services.checkin_add(
        owner=world.executive,
        values=services.CheckInValues(
            on_date=today,
            emotion="own",
            own_words="blindsided",
            intensity=8,
            trigger="news",
            response="reaction",
            paused=False,
        ),
        today=today,
    )
    services.minutes_add(owner=world.executive, on_date=today, minutes=25, note="Body scan", today=today)
    services.teaching_add(owner=world.executive, on_date=today, person="Jordan Lee", shared="How to pause", today=today)
    assert private.pk


def someone_else_s_record(world: World) -> None:
    """Another executive of the same coach, with a record of their own."""
    other = engagement_make(coach=world.coach, organisation=world.organisation, executive_email="omar@acme.test")
    omar = participant_join(other.participants.get(role=Participant.Role.EXECUTIVE))
    services.journal_entry_save(
        owner=omar,
        entry=None,
        values=services.EntryValues(cadence="daily", entry_date=timezone.localdate(), where_wrong="OMAR-secret"),
        today=timezone.localdate(),
    )


def test_the_pdf_holds_the_whole_record_and_nothing_of_anyone_else(world: World) -> None:
    record_make(world)
    someone_else_s_record(world)
    response = client_for(world.executive).get(reverse("practice_export_pdf", args=[world.engagement.public_id]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)
    for expected in (
        "Erin Executive",
        "Pausing before I answer",
        "Notice the lizard brain.",
        "PRIVATE-went-behind-Sam",
        "SHARED-owned-the-miss",
        "COACH-comment-well-done",
        "blindsided",
        "Body scan",
        "Jordan Lee",
        "Emotions by trigger",  # the charts, drawn as on the pages
        "Minutes of practice a week",
    ):
        assert expected in text, expected
    assert "OMAR-secret" not in text
    assert "Pat Peer" not in text  # the engagement's stakeholders are not part of the practice
    assert reader.metadata is not None and "12-step practice record" in (reader.metadata.title or "")


def test_the_json_holds_the_whole_record_and_nothing_of_anyone_else(world: World) -> None:
    record_make(world)
    someone_else_s_record(world)
    response = client_for(world.executive).get(reverse("practice_export_json", args=[world.engagement.public_id]))
    assert response.status_code == 200
    data = json.loads(response.content)
    assert [e["shared"] for e in data["journal"]] == [True, False]
    assert data["journal"][0]["comments"][0]["text"] == "COACH-comment-well-done"
    assert data["checkins"][0]["own_words"] == "blindsided"
    assert data["practice_minutes"] == [{"date": timezone.localdate().isoformat(), "minutes": 25, "note": "Body scan"}]
    assert data["teaching"][0]["person"] == "Jordan Lee"
    assert data["marks"][0]["comments"][0]["text"] == "Notice the lizard brain."
    assert "OMAR-secret" not in response.content.decode()
    assert "Pat Peer" not in response.content.decode()


def test_the_export_stays_the_executive_s_after_the_engagement_closes_and_is_never_the_coach_s(world: World) -> None:
    record_make(world)
    url = reverse("practice_export_json", args=[world.engagement.public_id])
    assert client_for(world.coach).get(url).status_code == 404
    Engagement.objects.filter(pk=world.engagement.pk).update(status=Engagement.Status.CLOSED)
    response = client_for(world.executive).get(url)
    assert response.status_code == 200
    assert "PRIVATE-went-behind-Sam" in response.content.decode()


def test_the_pdf_is_tagged_in_the_page_language_and_qpdf_finds_nothing_wrong(world: World, tmp_path: Path) -> None:
    record_make(world)
    response = client_for(world.executive).get(reverse("practice_export_pdf", args=[world.engagement.public_id]))
    reader = PdfReader(io.BytesIO(response.content))
    catalog: Any = reader.trailer["/Root"]
    assert "/StructTreeRoot" in catalog
    assert catalog["/Lang"] == "en"
    assert reader.metadata is not None and reader.metadata.title == "12-step practice record — Erin Executive"
    path = tmp_path / "record.pdf"
    path.write_bytes(response.content)
    checked = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True, check=False)  # noqa: S603, S607
    assert checked.returncode == 0, checked.stdout + checked.stderr
