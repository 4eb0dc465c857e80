"""The Nu HTML Checker the access walk relies on reports an invalid page with where and why."""

from django.urls import reverse

from stepwise.conftest import client_for, world_build
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
