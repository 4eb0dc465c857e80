"""Every PDF is tagged (PDF/UA-1), titled with the document and the engagement, has a language,
reads in order, and passes ``qpdf --check``."""

import itertools
import shutil
import subprocess
from collections.abc import Callable
from datetime import date
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject

from stepwise.conftest import World, agreement_sign_by_all, client_for
from stepwise.meetings.services.reviews import review_prepare
from stepwise.worksheets import services as worksheet_services
from stepwise.worksheets.models import WorksheetTemplate
from tests.walk import goal_made

QPDF = shutil.which("qpdf") or "/usr/bin/qpdf"


def _agreement(world: World) -> str:
    agreement = agreement_sign_by_all(world)
    return reverse("agreement_pdf", args=[world.engagement.public_id, agreement.public_id])


def _plan(world: World) -> str:
    goal_made(world)
    return reverse("plan_pdf", args=[world.engagement.public_id])


def _review(world: World) -> str:
    goal_made(world)  # a measure with a reading: the review PDF draws its chart
    review = review_prepare(engagement=world.engagement, due_on=date(2027, 2, 11), coach=world.coach)
    return reverse("review_pdf", args=[world.engagement.public_id, review.public_id])


def _worksheet(world: World) -> str:
    worksheet = worksheet_services.worksheet_assign(
        engagement=world.engagement,
        template=WorksheetTemplate.objects.get(slug="thought-starters"),
        assigned_by=world.coach,
        due_date=None,
    )
    return reverse("worksheet_pdf", args=[world.engagement.public_id, worksheet.public_id])


def _report360(world: World) -> str:
    from stepwise.feedback import release
    from stepwise.feedback.tests.rounds_made import round_closed

    round = round_closed(world.engagement, sizes={"manager": 1, "peer": 3, "direct_report": 2, "other": 3})
    release.report_version_make(round=round)
    return reverse("round_report_pdf", args=[world.engagement.public_id, round.public_id])


KINDS: dict[str, tuple[Callable[[World], str], str, str]] = {
    # kind: (the PDF's address, its title, its first heading)
    "agreement": (
        _agreement,
        "Coaching agreement, version 1 — Erin Executive, Acme Industries",
        "Coaching agreement",
    ),
    "report360": (
        _report360,
        "360 report: Spring 360 — Erin Executive, Acme Industries",
        "360 report · Spring 360",
    ),
    "plan": (_plan, "Development plan — Erin Executive, Acme Industries", "Development plan"),
    "review": (_review, "Monthly review — Erin Executive, Acme Industries", "Monthly review · 11 February 2027"),
    "worksheet": (
        _worksheet,
        "Thought Starters to Determine Primary Coaching Goals — Erin Executive, Acme Industries",
        "Thought Starters to Determine Primary Coaching Goals",
    ),
}


def _closing_report(world: World) -> str:
    from decimal import Decimal

    from stepwise.outcomes import roi_services

    goal = goal_made(world)  # a measure with a reading: the report draws its chart
    benefit = roi_services.benefit_save(
        engagement=world.engagement, description="Hours freed", measure=goal.measures.get(), intangible=False
    )
    roi_services.estimate_save(
        benefit=benefit,
        estimator="executive",
        annual_value=Decimal(20000),
        share_percent=Decimal(50),
        confidence_percent=Decimal(80),
        supported=True,
        basis="",
        entered_by=world.executive,
    )
    roi_services.cost_save(
        engagement=world.engagement, kind="fees", description="", amount=Decimal(5000), hours=None, hourly_rate=None
    )
    return reverse("closing_report_pdf", args=[world.engagement.public_id])


KINDS["closing_report"] = (_closing_report, "Closing report — Erin Executive, Acme Industries", "Closing report")


def _structure(node: Any, found: list[str]) -> list[str]:
    """The tag names of the structure tree in reading order ("H1", "P", "Table", ...)."""
    node = node.get_object()
    if isinstance(node, ArrayObject):
        for child in node:
            _structure(child, found)
    elif isinstance(node, DictionaryObject):
        if "/S" in node:
            found.append(str(node["/S"]).lstrip("/"))
        if "/K" in node:
            _structure(node["/K"], found)
    return found


@pytest.fixture
def pdf(world: World, request: pytest.FixtureRequest, tmp_path: Path) -> tuple[PdfReader, Path, str, str]:
    address, title, heading = KINDS[request.param]
    response = client_for(world.coach).get(address(world))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    path = tmp_path / "document.pdf"
    path.write_bytes(response.content)
    return PdfReader(BytesIO(response.content)), path, title, heading


@pytest.mark.parametrize("pdf", sorted(KINDS), indirect=True)
def test_the_pdf_is_tagged_titled_with_its_engagement_and_has_a_language(pdf):
    reader, _path, title, _heading = pdf
    catalog = reader.trailer["/Root"]
    assert "/StructTreeRoot" in catalog, "not tagged: screen readers get no structure"
    assert bool(catalog["/MarkInfo"]["/Marked"])
    assert catalog["/Lang"] == "en"
    assert reader.metadata is not None and reader.metadata.title == title
    # A reader's window shows the title, not the file name.
    assert bool(catalog["/ViewerPreferences"]["/DisplayDocTitle"])


@pytest.mark.parametrize("pdf", sorted(KINDS), indirect=True)
def test_the_pdf_reads_in_order_from_its_one_main_heading(pdf):
    reader, _path, _title, heading = pdf
    tags = _structure(reader.trailer["/Root"]["/StructTreeRoot"], [])
    headings = [tag for tag in tags if tag in ("H1", "H2", "H3", "H4")]
    assert headings[0] == "H1" and headings.count("H1") == 1, headings
    # No heading skips a level on the way down (H1 → H3 would lose the reader).
    for before, after in itertools.pairwise(headings):
        assert int(after[1]) <= int(before[1]) + 1, headings
    text = " ".join(reader.pages[0].extract_text().split())
    assert heading in text


@pytest.mark.parametrize("pdf", sorted(KINDS), indirect=True)
def test_qpdf_finds_nothing_wrong_with_the_pdf(pdf):
    _reader, path, _title, _heading = pdf
    checked = subprocess.run([QPDF, "--check", str(path)], capture_output=True, text=True, check=False)  # noqa: S603
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "No syntax or stream encoding errors found" in checked.stdout
