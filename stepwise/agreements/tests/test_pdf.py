"""The agreement PDF: the text people signed, its fingerprint, and the sponsor's sharing choices."""

from io import BytesIO

import pytest
from django.urls import reverse
from pypdf import PdfReader

from stepwise.agreements import services
from stepwise.conftest import agreement_sign_by_all


def pdf_text(response) -> str:
    """The PDF's text with whitespace collapsed: line breaks fall wherever the layout puts them."""
    reader = PdfReader(BytesIO(response.content))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def download(world, client, agreement):
    response = client.get(reverse("agreement_pdf", args=[world.engagement.public_id, agreement.public_id]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return response


@pytest.fixture
def signed(world):
    services.agreement_update(
        agreement=world.agreement,
        revision=world.agreement.revision,
        values={"sponsor_sees_360_report": True, "sponsor_sees_progress": False},
    )
    return agreement_sign_by_all(world)


def test_the_signed_pdf_holds_the_commitments_the_signatures_and_the_sha256_of_the_text(world, client_as, signed):
    response = download(world, client_as(world.sponsor), signed)
    assert response["Content-Disposition"] == 'attachment; filename="agreement-leadership-presence-v1.pdf"'
    text = pdf_text(response)
    assert "Maintain an open mind and be willing to change your mind when appropriate." in text
    assert "I will hold you accountable for what you say you are going to do." in text
    # The hash may be broken across lines in its narrow column; it is there once spaces are removed.
    assert signed.text_hash in text.replace(" ", "")
    assert "SHA-256 of the agreement text" in text
    for name in ("Cora Coach", "Erin Executive", "Sam Sponsor"):
        assert name in text
    assert "sponsor, acknowledged" in text


def test_the_pdf_states_what_the_sponsor_may_and_may_not_see(world, client_as, signed):
    text = pdf_text(download(world, client_as(world.executive), signed))
    assert "The sponsor sees the released 360 report." in text
    assert "The sponsor does not see progress summaries." in text
    assert "The sponsor sees the goals and the development plan." in text
    assert "The sponsor never sees session notes" in text


def test_a_draft_pdf_says_it_is_not_yet_open_for_signature(world, client_as):
    text = pdf_text(download(world, client_as(world.coach), world.agreement))
    assert "Draft: not yet opened for signature." in text
    assert "Agree to ZERO CANCELLATION POLICY." in text
