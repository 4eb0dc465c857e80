"""Time zones: a new account starts in its browser's zone, and every zone field is the same
searchable box (``stepwise.users.forms.TimeZoneField``) checked against the tz database."""

import re

from django.test import Client
from django.urls import reverse

from stepwise.conftest import client_for
from stepwise.users.models import User
from stepwise.users.tests.invitations import accept_form, open_link, token_mailed_to


def zone_box(html: str) -> str:
    """The time-zone input of a page."""
    match = re.search(r'<input type="text" name="time_zone"[^>]*>', html)
    assert match, "no time-zone box on the page"
    return match.group(0)


def offered_zones(html: str) -> list[str]:
    box = zone_box(html)
    list_id = re.search(r'list="([^"]+)"', box)
    assert list_id
    datalist = re.search(rf'<datalist id="{list_id.group(1)}">(.*?)</datalist>', html, re.S)
    assert datalist
    return re.findall(r'<option value="([^"]+)">', datalist.group(1))


def test_the_join_page_proposes_the_browsers_zone_and_offers_every_place(token):
    client = Client()
    html = open_link(client, token).content.decode()
    box = zone_box(html)
    assert "data-time-zone-from-browser" in box
    assert 'value="UTC"' in box  # until the browser's script fills it in
    assert "/static/js/time_zone.js" in html
    zones = offered_zones(html)
    assert {"Europe/Berlin", "America/Chicago", "Pacific/Auckland", "Asia/Kathmandu", "UTC"} <= set(zones)
    assert len(zones) > 400


def test_joining_with_the_browsers_zone_stores_it(token):
    client = Client()
    open_link(client, token)
    response = client.post(reverse("invitation_accept"), accept_form(time_zone="America/Chicago"))
    assert response.status_code == 302
    assert User.objects.get(email="hana@acme.test").time_zone == "America/Chicago"


def test_a_zone_typed_in_other_letter_case_is_understood(token):
    client = Client()
    open_link(client, token)
    client.post(reverse("invitation_accept"), accept_form(time_zone="asia/kolkata"))
    assert User.objects.get(email="hana@acme.test").time_zone == "Asia/Kolkata"


def test_joining_with_a_zone_we_do_not_know_says_so_beside_the_field(invited, token):
    client = Client()
    open_link(client, token)
    response = client.post(reverse("invitation_accept"), accept_form(time_zone="Mars/Olympus", full_name="Hana H."))
    assert response.status_code == 400
    html = response.content.decode()
    assert response.context["form"].errors["time_zone"] == [
        "“Mars/Olympus” is not a time zone we know, such as Europe/London."
    ]
    box = zone_box(html)
    assert 'value="Mars/Olympus"' in box
    assert 'aria-invalid="true"' in box
    # What the person chose is kept: the browser's zone is not put over it again.
    assert "data-time-zone-from-browser" not in box
    assert 'value="Hana H."' in html
    assert not User.objects.get(email="hana@acme.test").has_usable_password()


def test_someone_with_an_account_keeps_their_zone_when_joining(world, second_engagement):
    client = client_for(world.executive)
    html = open_link(client, token_mailed_to(world.executive.email)).content.decode()
    box = zone_box(html)
    assert 'value="Europe/London"' in box
    assert "data-time-zone-from-browser" not in box


def test_the_account_page_offers_the_same_searchable_zones(executive):
    client = client_for(executive)
    html = client.get(reverse("account_settings")).content.decode()
    assert 'value="Europe/London"' in zone_box(html)
    assert "Pacific/Auckland" in offered_zones(html)
    saved = client.post(
        reverse("account_settings"), {"full_name": executive.full_name, "time_zone": "Pacific/Auckland"}
    )
    assert saved.status_code == 302
    executive.refresh_from_db()
    assert executive.time_zone == "Pacific/Auckland"


def test_the_account_page_refuses_an_unknown_zone_beside_the_field(executive):
    response = client_for(executive).post(
        reverse("account_settings"), {"full_name": "Erin Renamed", "time_zone": "Europe/Atlantis"}
    )
    assert response.status_code == 400
    assert response.context["form"].errors["time_zone"] == [
        "“Europe/Atlantis” is not a time zone we know, such as Europe/London."
    ]
    assert 'value="Erin Renamed"' in response.content.decode()
    executive.refresh_from_db()
    assert executive.time_zone == "Europe/London"


def test_scheduling_a_session_offers_the_same_searchable_zones(world):
    world.coach.time_zone = "America/Chicago"
    world.coach.save()
    html = client_for(world.coach).get(reverse("session_schedule", args=[world.engagement.public_id])).content.decode()
    assert 'value="America/Chicago"' in zone_box(html)
    zones = offered_zones(html)
    assert "Pacific/Auckland" in zones
    assert len(zones) > 400
