"""PDFs of frozen documents (a signed agreement, a completed review) are rendered on their first
download, stored, and served from the store afterwards; each reader still gets the variant meant
for them, access is checked before anything is served, and a renamed person or a superseded
agreement makes a new rendering rather than a stale one."""

from collections.abc import Callable
from datetime import date, timedelta
from io import BytesIO, StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from stepwise.agreements import services as agreement_services
from stepwise.agreements.document import agreement_blocks
from stepwise.agreements.models import Agreement
from stepwise.conftest import World, agreement_sign_by_all, client_for, world_build
from stepwise.lib.models import StoredRendering
from stepwise.lib.pdf import pdf_bytes
from stepwise.meetings.models import ProgressReview
from stepwise.meetings.services.reviews import review_complete, review_prepare
from stepwise.users.models import User
from stepwise.worksheets.services import templates_install
from tests.walk import goal_made

from .races import downloads_at_once


def text_of(content: bytes) -> str:
    reader = PdfReader(BytesIO(content))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def title_of(content: bytes) -> str:
    metadata = PdfReader(BytesIO(content)).metadata
    assert metadata is not None and metadata.title is not None
    return str(metadata.title)


def agreement_url(world: World, agreement: Agreement) -> str:
    return reverse("agreement_pdf", args=[world.engagement.public_id, agreement.public_id])


def review_url(world: World, review: ProgressReview) -> str:
    return reverse("review_pdf", args=[world.engagement.public_id, review.public_id])


def download(user: User, url: str, **headers: str) -> bytes:
    response = client_for(user).get(url, headers=headers)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "no-store" in response["Cache-Control"]  # private: no browser or proxy keeps it
    return response.content


def renderings(document: Agreement | ProgressReview) -> int:
    return document.renderings.count()


def everyone_in_utc(world: World) -> None:
    """The world's executive reads in London's time zone: here everyone reads in UTC."""
    User.objects.update(time_zone="UTC")
    world.executive.refresh_from_db()


def completed_review(world: World) -> ProgressReview:
    goal_made(world)
    review = review_prepare(engagement=world.engagement, due_on=date(2027, 2, 11), coach=world.coach)
    review.coach_feedback, review.executive_feedback = "Coach feedback words.", "Executive feedback words."
    review.save()
    return review_complete(review=review, user=world.coach, today=date(2027, 2, 11))


# A signed agreement ---------------------------------------------------------------------------------


def test_a_signed_agreement_is_rendered_once_and_its_stored_pdf_reads_as_a_fresh_one(world: World) -> None:
    everyone_in_utc(world)
    agreement = agreement_sign_by_all(world)
    url = agreement_url(world, agreement)
    first = download(world.coach, url)
    assert renderings(agreement) == 1
    again = download(world.executive, url)
    assert again == first and renderings(agreement) == 1
    fresh = pdf_bytes(
        "agreements/agreement_pdf.html",
        {
            "engagement": world.engagement,
            "agreement": agreement,
            "blocks": agreement_blocks(agreement.text),
            "signatures": list(agreement.signatures.select_related("signer")),
        },
    )
    assert text_of(again) == text_of(fresh)
    assert "Cora Coach" in text_of(again) and "sponsor, acknowledged" in text_of(again)


def test_the_second_download_is_served_from_the_store(world: World) -> None:
    everyone_in_utc(world)
    agreement = agreement_sign_by_all(world)
    url = agreement_url(world, agreement)
    download(world.coach, url)
    stored = StoredRendering.objects.get()
    # What the store holds is what the next reader gets: nothing is rendered again.
    marked = bytes(stored.pdf).replace(b"%%EOF", b"%%EOF\n% served from the store", 1)
    StoredRendering.objects.filter(pk=stored.pk).update(pdf=marked)
    assert download(world.sponsor, url) == marked


def test_an_agreement_awaiting_signatures_is_rendered_afresh_and_never_stored(world: World) -> None:
    agreement = agreement_services.agreement_open(agreement=world.agreement)
    url = agreement_url(world, agreement)
    assert "No signatures yet." in text_of(download(world.coach, url))
    agreement_services.agreement_sign(
        agreement=agreement, signer=world.executive, typed_name="Erin Executive", seen_hash=agreement.text_hash
    )
    assert "Erin Executive" in text_of(download(world.coach, url))
    assert StoredRendering.objects.count() == 0


def test_a_renamed_executive_gets_a_new_rendering_with_the_new_name(world: World) -> None:
    agreement = agreement_sign_by_all(world)
    url = agreement_url(world, agreement)
    assert title_of(download(world.coach, url)) == "Coaching agreement, version 1 — Erin Executive, Acme Industries"
    User.objects.filter(pk=world.executive.pk).update(full_name="Erin Newname")
    renamed = download(world.coach, url)
    assert title_of(renamed) == "Coaching agreement, version 1 — Erin Newname, Acme Industries"
    assert renderings(agreement) == 2


def test_a_superseded_agreement_says_so_in_a_new_rendering(world: World) -> None:
    first = agreement_sign_by_all(world)
    url = agreement_url(world, first)
    assert "Version 1 — signed" in text_of(download(world.coach, url))
    agreement_sign_by_all(world, agreement_services.agreement_start(engagement=world.engagement))
    assert "Version 1 — superseded" in text_of(download(world.coach, url))
    assert renderings(first) == 2


def test_each_reader_s_time_zone_gets_its_own_rendering(world: World) -> None:
    agreement = agreement_sign_by_all(world)
    url = agreement_url(world, agreement)
    everyone_in_utc(world)
    assert " UTC " in text_of(download(world.coach, url))
    User.objects.filter(pk=world.executive.pk).update(time_zone="Asia/Tokyo")
    world.executive.refresh_from_db()
    assert " JST " in text_of(download(world.executive, url))
    assert " UTC " in text_of(download(world.sponsor, url))
    assert renderings(agreement) == 2


def test_the_same_rendering_unchanged_is_a_304_for_a_reader_and_a_404_for_an_outsider(world: World) -> None:
    everyone_in_utc(world)
    agreement = agreement_sign_by_all(world)
    url = agreement_url(world, agreement)
    etag = client_for(world.coach).get(url)["ETag"]
    unchanged = client_for(world.executive).get(url, headers={"If-None-Match": etag})
    assert unchanged.status_code == 304
    assert unchanged["ETag"] == etag
    assert client_for(world.outsider).get(url, headers={"If-None-Match": etag}).status_code == 404
    assert client_for(world.other_coach).get(url, headers={"If-None-Match": etag}).status_code == 404


def stored_download_queries(client: Client, url: str) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return [query["sql"] for query in queries.captured_queries]


def test_a_stored_download_reads_the_store_and_its_queries_do_not_grow_with_renderings(world: World) -> None:
    agreement = agreement_sign_by_all(world)
    url = agreement_url(world, agreement)
    client = client_for(world.coach)
    client.get(url)
    client.get(url)  # the session settles
    few = stored_download_queries(client, url)
    reads = [sql for sql in few if "lib_storedrendering" in sql]
    assert len(reads) == 1 and reads[0].startswith("SELECT")
    for zone in ("Asia/Tokyo", "Europe/Paris", "America/Lima"):
        User.objects.filter(pk=world.executive.pk).update(time_zone=zone)
        download(world.executive, url)
    assert renderings(agreement) == 4
    assert len(stored_download_queries(client, url)) == len(few)


def test_deleting_the_engagement_deletes_its_stored_renderings(world: World) -> None:
    agreement = agreement_sign_by_all(world)
    download(world.coach, agreement_url(world, agreement))
    assert StoredRendering.objects.count() == 1
    world.engagement.delete()
    assert StoredRendering.objects.count() == 0


# A completed review ---------------------------------------------------------------------------------


def test_a_completed_review_is_stored_once_for_coach_and_executive_and_once_for_the_sponsor(world: World) -> None:
    everyone_in_utc(world)
    review = completed_review(world)
    url = review_url(world, review)
    coach = download(world.coach, url)
    assert download(world.executive, url) == coach
    sponsor = download(world.sponsor, url)
    assert "Coach feedback words." in text_of(coach) and "Executive feedback words." in text_of(coach)
    assert "Hours on the report" in text_of(sponsor)
    assert "Coach feedback words." not in text_of(sponsor) and "Executive feedback words." not in text_of(sponsor)
    assert renderings(review) == 2
    assert download(world.sponsor, url) == sponsor
    assert renderings(review) == 2


def test_a_review_in_progress_is_rendered_afresh_and_never_stored(world: World) -> None:
    goal_made(world)
    review = review_prepare(engagement=world.engagement, due_on=date(2027, 2, 11), coach=world.coach)
    assert "In progress" in text_of(download(world.coach, review_url(world, review)))
    assert StoredRendering.objects.count() == 0


# Concurrent first downloads -------------------------------------------------------------------------


@pytest.fixture
def live_world(transactional_db: None, run_worker: Callable[[], int]) -> World:
    templates_install()  # an earlier transactional test may have emptied the built-in rows
    world = world_build()
    run_worker()
    mail.outbox.clear()
    return world


@pytest.mark.django_db(transaction=True)
def test_ten_first_downloads_at_once_all_get_the_pdf_and_store_one_rendering(live_server, live_world: World) -> None:
    agreement = agreement_sign_by_all(live_world)
    answers = downloads_at_once(live_server.url, live_world.coach, agreement_url(live_world, agreement), n=10)
    assert sorted({status for status, _body in answers}) == [200]
    texts = {text_of(body) for _status, body in answers}
    assert len(texts) == 1
    assert "Coaching agreement" in texts.pop()
    assert renderings(agreement) == 1


def test_renderings_clear_deletes_the_old_ones_and_the_next_download_renders_again(world: World) -> None:
    everyone_in_utc(world)
    agreement = agreement_sign_by_all(world)
    url = agreement_url(world, agreement)
    first = text_of(download(world.coach, url))
    StoredRendering.objects.update(created_at=timezone.now() - timedelta(days=40))
    User.objects.filter(pk=world.executive.pk).update(time_zone="Asia/Tokyo")
    download(world.executive, url)
    out = StringIO()
    call_command("renderings_clear", "--days", "30", stdout=out)
    assert out.getvalue() == "1 stored rendering(s) deleted.\n"
    assert renderings(agreement) == 1
    call_command("renderings_clear", stdout=out)
    assert renderings(agreement) == 0
    assert text_of(download(world.sponsor, url)) == first
    assert renderings(agreement) == 1
