"""The development outbox: mail the file backend wrote, listed and readable in the browser."""

import re

import pytest
from django.core.mail import EmailMessage
from django.urls import reverse

from stepwise.engagements.services import participant_invite
from stepwise.lib.checks import outbox_is_not_public_in_production


@pytest.fixture
def file_mail(settings, tmp_path):
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = str(tmp_path / "outbox")
    settings.OUTBOX_ENABLED = True
    return tmp_path / "outbox"


@pytest.fixture
def invitation_sent(world, file_mail, run_worker):
    run_worker()  # the world's own invitations
    participant_invite(
        engagement=world.engagement, invited_by=world.coach, full_name="Hana Hr", email="hana@acme.test", role="sponsor"
    )
    run_worker()


def test_the_outbox_lists_a_mail_the_file_backend_wrote(invitation_sent, client):
    html = client.get(reverse("outbox")).content.decode()
    assert "hana@acme.test" in html
    assert "Cora Coach invites you to Stepwise" in html


def test_a_listed_mail_opens_with_its_links_clickable_and_they_work(invitation_sent, client):
    listing = client.get(reverse("outbox")).content.decode()
    keys = re.findall(r'href="/outbox/([\w.-]+)/"', listing)
    assert keys
    pages = [client.get(reverse("outbox_message", args=[key])).content.decode() for key in keys]
    (page,) = [p for p in pages if "hana@acme.test" in p]
    link = re.search(r'<a href="(http://testserver/invite/[^"]+)"', page)
    assert link
    response = client.get(link[1].removeprefix("http://testserver"))
    assert response["Location"] == reverse("invitation_accept")


def test_a_mail_body_is_escaped_not_run(file_mail, client, db):
    EmailMessage("Hi", "<script>alert(1)</script> see https://example.test/a", "a@b.test", ["c@d.test"]).send()
    (written,) = file_mail.glob("*.log")
    html = client.get(reverse("outbox_message", args=[f"{written.stem}.0"])).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert '<a href="https://example.test/a">' in html


def test_an_empty_outbox_says_mail_will_appear_after_the_worker(file_mail, client, db):
    assert "No mail yet." in client.get(reverse("outbox")).content.decode()


@pytest.mark.parametrize("name", ["missing.0", "..", "a b", "x.log"])
def test_a_message_that_does_not_exist_is_a_404(file_mail, client, db, name):
    assert client.get(f"/outbox/{name}/").status_code == 404


def test_without_the_file_backend_there_is_no_outbox(settings, client, db):
    settings.OUTBOX_ENABLED = False
    assert client.get(reverse("outbox")).status_code == 404
    assert client.get(reverse("outbox_message", args=["anything.0"])).status_code == 404


def test_the_deployment_check_warns_while_mail_would_go_to_the_public_outbox(settings):
    settings.OUTBOX_ENABLED = True
    assert [m.id for m in outbox_is_not_public_in_production()] == ["stepwise.W001"]
    settings.OUTBOX_ENABLED = False
    assert outbox_is_not_public_in_production() == []
