"""Mail as people receive it, read back from the files Django's file backend wrote, with
Python's own ``email`` parser; and what the task queue keeps of a mail meanwhile (its kind, its
recipients and the ids of what it is about: never its text, a link or a token)."""

import email
import email.policy
import re
import socket
import subprocess
import sys
import uuid
from email.message import EmailMessage
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from stepwise.conftest import World, agreement_sign_by_all
from stepwise.engagements.services import participant_invite
from stepwise.lib.mail import mail_queue
from stepwise.lib.mail_domain import mail_domain_of
from stepwise.meetings.services.messaging import message_send
from stepwise.plans.models import Goal
from stepwise.worksheets.models import WorksheetTemplate
from stepwise.worksheets.services import worksheet_assign

SEPARATOR = b"\n" + b"-" * 79 + b"\n"  # what the file backend writes after each message
TRICKY_TITLE = 'Next year\'s "bold" plan: <lead> the team & more'
SECRET = "My salary review is on Friday; don't tell Pat yet."
HTML_ESCAPES = re.compile(r"&(#x?[0-9a-fA-F]+|quot|lt|gt|amp|apos);")
NEW_PASSWORD = "Quiet-harbour-lights-17"


@pytest.fixture
def file_mail(settings, tmp_path: Path) -> Path:
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = str(tmp_path / "outbox")
    settings.OUTBOX_ENABLED = True
    return tmp_path / "outbox"


@pytest.fixture
def smtp_down(settings) -> None:
    """Django's real SMTP backend, pointed at a local port nobody listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""


def mails_in(folder: Path) -> list[EmailMessage]:
    found = []
    for path in sorted(folder.glob("*.log")):
        for chunk in path.read_bytes().split(SEPARATOR):
            if chunk.strip():
                found.append(email.message_from_bytes(chunk.strip(), policy=email.policy.default))
    return found


def text_of(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain",))
    assert part is not None and part.get_content_type() == "text/plain"
    return str(part.get_content())


def html_of(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("html",))
    assert part is not None and part.get_content_type() == "text/html"
    return str(part.get_content())


def to(messages: list[EmailMessage], address: str, subject: str = "") -> list[EmailMessage]:
    return [m for m in messages if address in str(m["To"]) and subject in str(m["Subject"])]


def stored_task_rows() -> list[str]:
    """Every column of every task row the queue keeps, as text."""
    columns = [field.attname for field in DBTaskResult._meta.fields]
    return [str(row) for row in DBTaskResult.objects.values_list(*columns)]


def goal_with_tricky_title(world: World) -> Goal:
    return Goal.objects.create(engagement=world.engagement, title=TRICKY_TITLE)


# --- 5.2 and "outputs that pass validators": two parts, no escapes in the text ---------------


def test_a_goal_title_with_quotes_and_brackets_reads_plainly_in_the_text_and_escaped_in_the_html(
    world, file_mail, run_worker
):
    run_worker()  # the world's invitations
    goal = goal_with_tricky_title(world)
    mail_queue(
        template="plans/email/approval_asked",
        to=[world.sponsor.email],
        context={"person": world.sponsor, "goal": goal, "engagement": world.engagement},
    )
    run_worker()
    (message,) = to(mails_in(file_mail), world.sponsor.email, "for your approval")

    assert message.get_content_type() == "multipart/alternative"
    text, html = text_of(message), html_of(message)
    assert f"“{TRICKY_TITLE}”" in text
    assert not HTML_ESCAPES.search(text)
    assert "<p>“Next year&#x27;s &quot;bold&quot; plan: &lt;lead&gt; the team &amp; more”</p>" in html
    assert "<lead>" not in html and "&amp;#x27;" not in html
    assert str(message["Subject"]).startswith('A coaching goal for your approval: Next year\'s "bold" plan: <lead>')


def test_every_kind_of_mail_has_a_text_and_an_html_part_with_absolute_links(world, file_mail, run_worker):
    goal = goal_with_tricky_title(world)
    agreement_sign_by_all(world)  # "ready to sign" and "signed by all"
    worksheet_assign(
        engagement=world.engagement,
        template=WorksheetTemplate.objects.order_by("pk")[0],
        assigned_by=world.coach,
        due_date=None,
    )
    message_send(
        engagement=world.engagement, author=world.executive, body=SECRET, token=uuid.uuid4(), now=timezone.now()
    )
    mail_queue(
        template="plans/email/approval_asked",
        to=[world.sponsor.email],
        context={"person": world.sponsor, "goal": goal, "engagement": world.engagement},
    )
    Client().post(reverse("account_reset_password"), {"email": world.coach.email})
    participant_invite(
        engagement=world.engagement, invited_by=world.coach, full_name="Hana Hr", email="hana@acme.test", role="sponsor"
    )
    run_worker()

    messages = mails_in(file_mail)
    subjects = {str(m["Subject"]) for m in messages}
    assert {"Cora Coach invites you to Stepwise", "[Stepwise] Password Reset Email"} <= subjects
    assert any(s.startswith("Your coaching agreement") for s in subjects)
    assert any(s.startswith("A worksheet for you") for s in subjects)
    assert any(s.startswith("New message from Erin Executive") for s in subjects)
    for message in messages:
        text, html = text_of(message), html_of(message)
        assert not HTML_ESCAPES.search(text), message["Subject"]
        assert not HTML_ESCAPES.search(str(message["Subject"]))
        text_links = re.findall(r"https?://\S+", text)
        html_links = re.findall(r'href="([^"]*)"', html)
        assert text_links and html_links, message["Subject"]
        assert all(link.startswith(f"{settings.SITE_URL}/") for link in text_links + html_links)
        assert html.startswith("<!doctype html>")


def test_message_id_and_links_are_in_the_site_domain(world, file_mail, run_worker, settings):
    run_worker()
    settings.SITE_URL = "https://coaching.example.org"
    mail_queue(
        template="agreements/email/signed",
        to=[world.executive.email],
        context={"person": world.executive, "agreement": world.agreement, "engagement": world.engagement},
    )
    run_worker()
    (message,) = to(mails_in(file_mail), world.executive.email, "signed by all")
    assert re.fullmatch(r"<[^@>]+@coaching\.example\.org>", str(message["Message-ID"]))
    assert "https://coaching.example.org/engagements/" in text_of(message)
    assert 'href="https://coaching.example.org/engagements/' in html_of(message)


@pytest.mark.parametrize(
    ("site_url", "domain"),
    [
        ("https://coaching.example.org", "coaching.example.org"),
        ("https://Coaching.Example.org:8443/", "coaching.example.org"),
        ("http://127.0.0.1:8000", "localhost"),
        ("http://[::1]:8000", "localhost"),
    ],
)
def test_the_mail_domain_is_the_site_address_host(site_url, domain):
    assert mail_domain_of(site_url) == domain


def test_without_default_from_email_the_sender_is_in_the_site_domain():
    environment = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "stepwise.settings",
        "SITE_URL": "https://coaching.example.org",
    }
    read = "from django.conf import settings; print(settings.DEFAULT_FROM_EMAIL)"
    result = subprocess.run(  # noqa: S603 (our own interpreter, fixed arguments)
        [sys.executable, "-c", read],
        env=environment,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == "Stepwise <stepwise@coaching.example.org>"


def test_the_outbox_page_shows_the_text_part_escaped_once(world, file_mail, run_worker, client):
    run_worker()
    mail_queue(
        template="plans/email/approval_asked",
        to=[world.sponsor.email],
        context={"person": world.sponsor, "goal": goal_with_tricky_title(world), "engagement": world.engagement},
    )
    run_worker()
    listing = client.get(reverse("outbox")).content.decode()
    keys = re.findall(r'href="/outbox/([\w.-]+)/"', listing)
    pages = [client.get(reverse("outbox_message", args=[key])).content.decode() for key in keys]
    (page,) = [p.split("<details")[0] for p in pages if "for your approval" in p]  # the text part
    assert "Next year&#x27;s &quot;bold&quot; plan: &lt;lead&gt; the team &amp; more" in page
    assert "&amp;#x27;" not in page and "&amp;lt;" not in page


# --- 1.5: mail never keeps a secret -----------------------------------------------------------


def test_a_mail_that_cannot_be_sent_keeps_no_text_link_or_token_and_goes_out_when_retried(
    world, run_worker, smtp_down, settings, tmp_path
):
    # Queued while the mail server is down: a message, a password reset for the coach and a new
    # sponsor's invitation (the world's own invitations were accepted before they were sent).
    message_send(
        engagement=world.engagement, author=world.executive, body=SECRET, token=uuid.uuid4(), now=timezone.now()
    )
    Client().post(reverse("account_reset_password"), {"email": world.coach.email})
    participant_invite(
        engagement=world.engagement, invited_by=world.coach, full_name="Hana Hr", email="hana@acme.test", role="sponsor"
    )

    def assert_nothing_secret_is_stored() -> None:
        for row in stored_task_rows():
            assert "salary" not in row
            assert "/password/reset/key/" not in row
            assert "/invite/" not in row
            assert "Leadership presence" not in row  # the engagement's title: text people typed

    assert_nothing_secret_is_stored()  # while queued
    (reset_task,) = DBTaskResult.objects.filter(args_kwargs__kwargs__template="account/email/password_reset_key")
    assert reset_task.args_kwargs["kwargs"]["context"] == {"user": {"$model": "users.user", "pk": world.coach.pk}}
    with pytest.raises(pytest.fail.Exception, match="MailNotSent"):
        run_worker()

    failed = DBTaskResult.objects.filter(status=TaskResultStatus.FAILED)
    assert failed.count() == 3
    assert {result.exception_class_path for result in failed} == {"stepwise.lib.mail.MailNotSent"}
    assert all("ConnectionRefusedError" in result.traceback for result in failed)
    assert_nothing_secret_is_stored()  # once failed

    # The mail server is back: the same tasks, queued again, render and send the mail now.
    outbox = tmp_path / "outbox"
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = str(outbox)
    call_command("mail_retry", stdout=open("/dev/null", "w"))  # noqa: SIM115
    run_worker()
    messages = mails_in(outbox)

    (note,) = to(messages, world.coach.email, "New message from Erin Executive")
    assert SECRET in text_of(note)
    (reset,) = to(messages, world.coach.email, "Password Reset")
    link = re.search(r"http://testserver(/accounts/password/reset/key/(\S+)/)", text_of(reset))
    assert link
    (invitation,) = to(messages, "hana@acme.test", "invites you")
    token = re.search(r"/invite/([^/\s]+)/", text_of(invitation))
    assert token

    rows = stored_task_rows()
    for secret in (SECRET, link[2], link[2].split("-", 1)[1], token[1]):
        assert not any(secret in row for row in rows)

    visitor = Client()
    form = visitor.get(link[1], follow=True)
    assert form.status_code == 200
    done = visitor.post(form.redirect_chain[-1][0], {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert done.status_code == 302
    world.coach.refresh_from_db()
    assert world.coach.check_password(NEW_PASSWORD)
    assert Client().get(f"/invite/{token[1]}/")["Location"] == reverse("invitation_accept")


@pytest.mark.parametrize(
    "value",
    [
        "A question about my plan.",  # text a person typed
        "http://testserver/accounts/password/reset/key/2-abc/",  # a link
        "c2VjcmV0LXRva2VuLXZhbHVl",  # a token
        ["fine", 1],  # text inside a list
    ],
)
def test_text_is_refused_in_a_queued_mail_context(world, value):
    with pytest.raises(TypeError, match="Pass the object"):
        mail_queue(template="agreements/email/signed", to=[world.executive.email], context={"value": value})
    assert not DBTaskResult.objects.filter(task_path="stepwise.lib.mail.mail_deliver").exists()


def test_a_mail_about_something_deleted_before_it_was_sent_is_not_sent(world, fresh_outbox, run_worker):
    goal = goal_with_tricky_title(world)
    mail_queue(
        template="plans/email/approval_asked",
        to=[world.sponsor.email],
        context={"person": world.sponsor, "goal": goal, "engagement": world.engagement},
    )
    goal.delete()
    assert run_worker() == 1
    assert fresh_outbox == []


def test_a_reset_asked_for_an_unknown_address_is_answered_by_mail_with_the_site_links(db, file_mail, run_worker):
    Client().post(reverse("account_reset_password"), {"email": "nobody@elsewhere.test"})
    run_worker()
    (message,) = to(mails_in(file_mail), "nobody@elsewhere.test")
    text = text_of(message)
    assert "account with email nobody@elsewhere.test" in text
    assert f"{settings.SITE_URL}/accounts/signup/" in text


def test_the_outbox_page_offers_the_html_part_as_escaped_source(world, file_mail, run_worker, client):
    run_worker()
    mail_queue(
        template="agreements/email/signed",
        to=[world.executive.email],
        context={"person": world.executive, "agreement": world.agreement, "engagement": world.engagement},
    )
    run_worker()
    (written,) = file_mail.glob("*.log")
    page = client.get(reverse("outbox_message", args=[f"{written.stem}.0"])).content.decode()
    assert "The HTML part, made from the same text" in page
    assert "&lt;p&gt;Hello Erin Executive,&lt;/p&gt;" in page


def test_the_html_part_passes_the_nu_html_checker(world, file_mail, run_worker, tmp_path):
    run_worker()
    mail_queue(
        template="plans/email/approval_asked",
        to=[world.sponsor.email],
        context={"person": world.sponsor, "goal": goal_with_tricky_title(world), "engagement": world.engagement},
    )
    run_worker()
    (message,) = to(mails_in(file_mail), world.sponsor.email, "for your approval")
    page = tmp_path / "mail.html"
    page.write_text(html_of(message), encoding="utf-8")
    checker = Path(settings.BASE_DIR) / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
    result = subprocess.run(  # noqa: S603 (fixed arguments)
        ["/usr/bin/java", "-jar", str(checker), "--errors-only", str(page)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
