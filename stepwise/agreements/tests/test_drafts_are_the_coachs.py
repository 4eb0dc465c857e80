"""A draft agreement is the coach's work in progress: the practice admin reads an agreement only
once it is sent, on the page, in the PDF and through the API."""

from django.test import Client
from django.urls import reverse

from stepwise.agreements import services
from stepwise.agreements.models import Agreement
from stepwise.conftest import World, agreement_sign_by_all, client_for


def _get(client: Client, name: str, world: World, agreement: Agreement) -> int:
    return client.get(reverse(name, args=[world.engagement.public_id, agreement.public_id])).status_code


def test_the_admin_gets_a_404_for_a_draft_on_the_page_the_pdf_and_the_api(world: World) -> None:
    admin = client_for(world.admin)
    draft = world.agreement

    assert _get(admin, "agreement_detail", world, draft) == 404
    assert _get(admin, "agreement_pdf", world, draft) == 404
    assert admin.get(f"/api/engagements/{world.engagement.public_id}/agreement").status_code == 404
    page = admin.get(reverse("engagement_detail", args=[world.engagement.public_id])).content.decode()
    assert str(draft.public_id) not in page
    assert "No agreement has been sent for signature yet." in page
    # The parties it will bind read the draft as before.
    assert _get(client_for(world.executive), "agreement_detail", world, draft) == 200


def test_the_admin_reads_the_agreement_once_it_is_sent(world: World) -> None:
    admin = client_for(world.admin)
    sent = services.agreement_open(agreement=world.agreement)

    assert _get(admin, "agreement_detail", world, sent) == 200
    assert _get(admin, "agreement_pdf", world, sent) == 200
    answer = admin.get(f"/api/engagements/{world.engagement.public_id}/agreement")
    assert answer.status_code == 200
    assert answer.json()["status"] == "open"


def test_with_a_new_draft_the_admin_still_reads_the_version_in_force(world: World) -> None:
    signed = agreement_sign_by_all(world)
    draft = services.agreement_start(engagement=world.engagement)
    admin = client_for(world.admin)

    assert _get(admin, "agreement_detail", world, draft) == 404
    assert admin.get(f"/api/engagements/{world.engagement.public_id}/agreement").json()["version"] == signed.version
    page = admin.get(reverse("engagement_detail", args=[world.engagement.public_id])).content.decode()
    assert reverse("agreement_detail", args=[world.engagement.public_id, signed.public_id]) in page
    assert str(draft.public_id) not in page
    # The coach works on the draft.
    coach_page = client_for(world.coach).get(reverse("engagement_detail", args=[world.engagement.public_id]))
    assert str(draft.public_id) in coach_page.content.decode()


def test_the_admins_agreement_page_lists_no_draft_among_the_versions(world: World) -> None:
    first = agreement_sign_by_all(world)
    second = agreement_sign_by_all(world, services.agreement_start(engagement=world.engagement))
    draft = services.agreement_start(engagement=world.engagement)
    admin = client_for(world.admin)

    page = admin.get(reverse("agreement_detail", args=[world.engagement.public_id, second.public_id]))

    html = page.content.decode()
    assert reverse("agreement_detail", args=[world.engagement.public_id, first.public_id]) in html
    assert str(draft.public_id) not in html
    coach_page = client_for(world.coach).get(
        reverse("agreement_detail", args=[world.engagement.public_id, second.public_id])
    )
    assert str(draft.public_id) in coach_page.content.decode()
