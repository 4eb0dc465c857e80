"""The Nu HTML Checker the access walk relies on reports an invalid page with where and why."""

import uuid
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from stepwise.conftest import client_for, engagement_make, participant_join, world_build
from stepwise.meetings.services.messaging import message_send
from tests.html_check import HtmlBatch


def test_the_checker_reports_each_error_with_the_page_the_line_and_the_message(tmp_path):
    batch = HtmlBatch(tmp_path)
    valid = b'<!doctype html><html lang="en"><head><title>Home</title></head><body></body></html>'
    batch.add("GET home as coach", valid)
    batch.add(
        "GET messages as executive",
        b'<!doctype html><html lang="en"><head><title>Messages</title></head><body>\n'
        b'<small><form method="post"></form></small>\n<div hx-post="/x"></div></body></html>',
    )
    assert batch.errors() == [
        "GET messages as executive, line 2: Element \u201cform\u201d not allowed as child of element \u201csmall\u201d "
        "in this context. (Suppressing further errors from this subtree.)",
        "GET messages as executive, line 3: Attribute \u201chx-post\u201d not allowed on element \u201cdiv\u201d "
        "at this point.",
    ]


def test_an_empty_batch_is_not_checked(tmp_path):
    assert HtmlBatch(tmp_path).errors() == []


def test_the_sign_in_and_account_pages_are_valid_html(db, tmp_path):
    """allauth's pages stay outside the access walk; they are checked here."""
    world = world_build()
    batch = HtmlBatch(tmp_path)
    pages = {
        None: ["account_login", "account_reset_password"],
        world.coach: ["account_change_password", "mfa_index", "account_reauthenticate"],
    }
    for person, names in pages.items():
        for name in names:
            response = client_for(person).get(reverse(name))
            assert response.status_code == 200, name
            batch.add(f"GET {name} as {person or 'anonymous'}", response.content)
    assert batch.errors() == []


def test_the_paged_home_and_inbox_with_a_search_are_valid_html(db, tmp_path):
    """The access walk sees one engagement and no page links; a long list is checked here, with
    times as they really are (to the microsecond: a <time> may carry at most three digits)."""
    world = world_build()
    for n in range(30):
        engagement = engagement_make(
            coach=world.coach, organisation=world.organisation, executive_email=f"exec{n}@acme.test"
        )
        message_send(
            engagement=engagement,
            author=participant_join(engagement.participants.get(role="executive")),
            body=f"Question {n}",
            token=uuid.uuid4(),
            now=timezone.now() - timedelta(days=n),
        )
    for n in range(30, 55):
        message_send(
            engagement=world.engagement,
            author=world.executive,
            body=f"Question {n}",
            token=uuid.uuid4(),
            now=timezone.now(),
        )
    batch = HtmlBatch(tmp_path)
    client = client_for(world.coach)
    for label, url in {
        "home page 2": reverse("home") + "?page=2",
        "home searched": reverse("home") + "?q=acme&status=setting_up",
        "home with a bad status": reverse("home") + "?status=lost",
        "home found nothing": reverse("home") + "?q=nothing",
        "inbox page 1": reverse("inbox"),
        "inbox page 2": reverse("inbox") + "?page=2",
        "messages": reverse("message_list", kwargs={"public_id": world.engagement.public_id}),
    }.items():
        response = client.get(url)
        assert response.status_code == 200, label
        batch.add(f"GET {label} as coach", response.content)
    assert batch.errors() == []
