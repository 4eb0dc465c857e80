"""The coach adapts the draft, sends it for signature; a signed version changes only as a new one."""

import hashlib

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from stepwise.agreements import services
from stepwise.agreements.models import Agreement
from stepwise.conftest import agreement_form_data, agreement_sign_by_all


def edit_url(world, agreement: Agreement | None = None) -> str:
    return reverse("agreement_edit", args=[world.engagement.public_id, (agreement or world.agreement).public_id])


def detail_url(world, agreement: Agreement | None = None) -> str:
    return reverse("agreement_detail", args=[world.engagement.public_id, (agreement or world.agreement).public_id])


def test_the_coach_saves_the_draft(world, client_as):
    data = agreement_form_data(world.agreement, context="Newly promoted to lead sales in Europe.", session_minutes=90)
    response = client_as(world.coach).post(edit_url(world), data)
    assert response.status_code == 302
    assert response["Location"] == detail_url(world)
    world.agreement.refresh_from_db()
    assert world.agreement.context == "Newly promoted to lead sales in Europe."
    assert world.agreement.session_minutes == 90
    assert world.agreement.revision == 2


def test_the_edit_page_shows_the_draft_with_its_revision(world, client_as):
    html = client_as(world.coach).get(edit_url(world)).content.decode()
    assert 'name="revision" value="1"' in html
    assert "Agree to ZERO CANCELLATION POLICY." in html


def test_a_save_over_a_newer_revision_is_refused_with_409_and_keeps_the_typed_text(world, client_as):
    stale = agreement_form_data(world.agreement, context="What I typed while someone else saved.")
    services.agreement_update(agreement=world.agreement, revision=1, values={"context": "Saved by the other tab."})
    response = client_as(world.coach).post(edit_url(world), stale)
    html = response.content.decode()
    assert response.status_code == 409
    assert "Someone saved this draft while you were editing it." in html
    assert "What I typed while someone else saved." in html  # in the form, to save again
    assert "Saved by the other tab." in html  # the draft as it now is, beside it
    assert 'name="revision" value="2"' in html
    world.agreement.refresh_from_db()
    assert world.agreement.context == "Saved by the other tab."


def test_saving_again_after_a_clash_works(world, client_as):
    services.agreement_update(agreement=world.agreement, revision=1, values={"context": "Other tab."})
    client = client_as(world.coach)
    client.post(edit_url(world), agreement_form_data(world.agreement, context="Mine."))
    world.agreement.refresh_from_db()
    assert client.post(edit_url(world), agreement_form_data(world.agreement, context="Mine.")).status_code == 302
    world.agreement.refresh_from_db()
    assert world.agreement.context == "Mine."


def test_a_cadence_with_more_minimum_than_maximum_sessions_is_refused(world, client_as):
    data = agreement_form_data(
        world.agreement, later_sessions_per_month_min=4, later_sessions_per_month_max=2, context="Kept."
    )
    response = client_as(world.coach).post(edit_url(world), data)
    assert response.status_code == 400
    assert response.context["form"].errors["later_sessions_per_month_max"] == [
        "The most sessions per month cannot be fewer than the least."
    ]
    assert "Kept." in response.content.decode()
    world.agreement.refresh_from_db()
    assert world.agreement.revision == 1


def test_an_agreement_without_executive_commitments_is_refused(world, client_as):
    response = client_as(world.coach).post(
        edit_url(world), agreement_form_data(world.agreement, executive_commitments=" ")
    )
    assert response.status_code == 400
    assert response.context["form"].errors["executive_commitments"]


def test_the_sharing_choices_are_saved_from_the_checkboxes(world, client_as):
    data = agreement_form_data(world.agreement, sponsor_sees_goals=False, sponsor_sees_360_report=True)
    client_as(world.coach).post(edit_url(world), data)
    world.agreement.refresh_from_db()
    assert (world.agreement.sponsor_sees_goals, world.agreement.sponsor_sees_360_report) == (False, True)


def test_sending_for_signature_freezes_and_fingerprints_the_text(world, client_as):
    response = client_as(world.coach).post(
        reverse("agreement_open", args=[world.engagement.public_id, world.agreement.public_id])
    )
    assert response.status_code == 302
    world.agreement.refresh_from_db()
    assert world.agreement.status == Agreement.Status.OPEN
    assert "- Agree to ZERO CANCELLATION POLICY." in world.agreement.text
    assert "Executive: Erin Executive" in world.agreement.text
    assert world.agreement.text_hash == hashlib.sha256(world.agreement.text.encode()).hexdigest()


def test_an_open_agreement_cannot_be_edited(world, client_as):
    services.agreement_open(agreement=world.agreement)
    response = client_as(world.coach).get(edit_url(world), follow=True)
    assert response.redirect_chain == [(detail_url(world), 302)]
    assert "This version can no longer be edited." in response.content.decode()


def test_a_signed_agreement_cannot_be_edited_through_the_page_or_the_service(world, client_as):
    agreement = agreement_sign_by_all(world)
    client = client_as(world.coach)
    response = client.post(edit_url(world), agreement_form_data(agreement, context="Sneaky change."), follow=True)
    assert response.redirect_chain == [(detail_url(world), 302)]
    assert "Start a new version to change it." in response.content.decode()
    with pytest.raises(ValidationError, match="no longer a draft"):
        services.agreement_update(agreement=agreement, revision=agreement.revision, values={"context": "Sneaky."})
    agreement.refresh_from_db()
    assert agreement.context == ""


def test_a_new_version_copies_the_text_and_the_old_one_stays_readable(world, client_as):
    first = agreement_sign_by_all(world)
    client = client_as(world.coach)
    response = client.post(reverse("agreement_start", args=[world.engagement.public_id]))
    second = world.engagement.agreements.get(version=2)
    assert response["Location"] == edit_url(world, second)
    assert second.status == Agreement.Status.DRAFT
    assert second.content_values() == first.content_values()
    old = client_as(world.sponsor).get(detail_url(world, first))
    assert old.status_code == 200
    assert first.text_hash in old.content.decode()


def test_once_the_new_version_is_signed_the_old_one_is_superseded_and_still_readable(world, client_as):
    first = agreement_sign_by_all(world)
    second = services.agreement_start(engagement=world.engagement)
    services.agreement_update(agreement=second, revision=second.revision, values={"session_minutes": 45})
    second = agreement_sign_by_all(world, second)
    first.refresh_from_db()
    assert (first.status, second.status) == (Agreement.Status.SUPERSEDED, Agreement.Status.SIGNED)
    assert Agreement.objects.in_force_for(world.engagement) == second
    html = client_as(world.executive).get(detail_url(world, first)).content.decode()
    assert "A newer version replaces this one" in html
    assert "45 minutes each" not in html
    assert "60 minutes each" in html


def test_a_second_version_cannot_start_while_one_is_in_progress(world, client_as):
    response = client_as(world.coach).post(reverse("agreement_start", args=[world.engagement.public_id]), follow=True)
    assert "Version 1 is still being prepared or signed" in response.content.decode()
    assert world.engagement.agreements.count() == 1


def test_the_coach_takes_an_unsigned_agreement_back_to_draft(world, client_as):
    services.agreement_open(agreement=world.agreement)
    url = reverse("agreement_reopen", args=[world.engagement.public_id, world.agreement.public_id])
    response = client_as(world.coach).post(url)
    assert response["Location"] == edit_url(world)
    world.agreement.refresh_from_db()
    assert (world.agreement.status, world.agreement.text, world.agreement.text_hash) == ("draft", "", "")


def test_an_agreement_someone_has_signed_cannot_go_back_to_draft(world, client_as):
    agreement = services.agreement_open(agreement=world.agreement)
    services.agreement_sign(
        agreement=agreement, signer=world.executive, typed_name="Erin Executive", seen_hash=agreement.text_hash
    )
    url = reverse("agreement_reopen", args=[world.engagement.public_id, world.agreement.public_id])
    response = client_as(world.coach).post(url, follow=True)
    assert "Someone has already signed this version." in response.content.decode()
    world.agreement.refresh_from_db()
    assert world.agreement.status == Agreement.Status.OPEN
