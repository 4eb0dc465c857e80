"""Invitations in the browser: a link opened where someone else is signed in hands over to the
invitee (no redirect loop), and a new account starts in the zone its browser runs in."""

from datetime import date

import pytest
from playwright.sync_api import expect

from stepwise.engagements import services as engagement_services
from stepwise.engagements.models import Participant
from stepwise.users import services as user_services
from stepwise.users.models import Invitation, User
from stepwise.users.tests.invitations import token_mailed_to

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Quiet-harbour-lanterns-27"


@pytest.fixture
def coach() -> User:
    return User.objects.create_user(
        email="clara@practice.test", password=PASSWORD, full_name="Clara Coach", is_coach=True
    )


def engagement_for(coach: User, *, title: str, executive_email: str, sponsor_email: str = ""):
    organisation = engagement_services.organisation_create(name=f"Globex {title}")
    return engagement_services.engagement_create(
        coach=coach,
        organisation=organisation,
        title=title,
        start_date=date(2027, 1, 11),
        planned_months=6,
        executive_name="Erin Executive",
        executive_email=executive_email,
        sponsor_name="Sam Sponsor" if sponsor_email else "",
        sponsor_email=sponsor_email,
    )


def test_a_coach_opening_an_executives_link_hands_over_and_the_executive_joins(new_context, sign_in, run_worker, coach):
    # Erin already has an account from a first engagement; the coach starts a second one.
    first = engagement_for(coach, title="First engagement", executive_email="erin@globex.test")
    (invitation,) = Invitation.objects.filter(participant__engagement=first)
    user_services.invitation_accept(
        invitation=invitation,
        accepted_by=None,
        full_name="Erin Executive",
        time_zone="Europe/London",
        password=PASSWORD,
    )
    second = engagement_for(coach, title="Second engagement", executive_email="erin@globex.test")
    run_worker()
    link = f"/invite/{token_mailed_to('erin@globex.test')}/"

    # The coach tries the link in their own browser, where they are signed in.
    page = new_context().new_page()
    sign_in(page, email="clara@practice.test", password=PASSWORD)
    page.goto(link)
    expect(page.get_by_role("heading", name="This invitation is for someone else")).to_be_visible()
    expect(page.get_by_text("You are signed in as Clara Coach (clara@practice.test).")).to_be_visible()
    page.get_by_role("button", name="Sign out and continue as erin@globex.test").click()

    # Signed out, on the sign-in page; Erin signs in and lands on the invitation.
    expect(page.get_by_text("Sign in as erin@globex.test to join.")).to_be_visible()
    page.get_by_label("Email").fill("erin@globex.test")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Join your coaching engagement")).to_be_visible()
    page.get_by_role("button", name="Join", exact=True).click()
    expect(page.get_by_role("heading", name="Second engagement", level=1)).to_be_visible()

    joined = second.participants.get(role=Participant.Role.EXECUTIVE)
    assert joined.user.email == "erin@globex.test"
    assert joined.joined_at is not None


def test_a_new_account_starts_in_the_zone_its_browser_runs_in(new_context, run_worker, coach):
    engagement_for(coach, title="Zone engagement", executive_email="erin@globex.test", sponsor_email="sam@globex.test")
    run_worker()
    page = new_context(timezone_id="America/Chicago").new_page()
    page.goto(f"/invite/{token_mailed_to('sam@globex.test')}/")
    zone = page.get_by_label("Your time zone")
    expect(zone).to_have_value("America/Chicago")
    page.get_by_label("Choose a password").fill(PASSWORD)
    page.get_by_label("The password again").fill(PASSWORD)
    page.get_by_role("button", name="Set my password and join").click()
    expect(page.get_by_role("heading", name="Zone engagement", level=1)).to_be_visible()
    assert User.objects.get(email="sam@globex.test").time_zone == "America/Chicago"


def test_the_browsers_zone_can_be_changed_before_joining(new_context, run_worker, coach):
    engagement_for(coach, title="Zone engagement", executive_email="erin@globex.test")
    run_worker()
    page = new_context(timezone_id="Asia/Tokyo").new_page()
    page.goto(f"/invite/{token_mailed_to('erin@globex.test')}/")
    zone = page.get_by_label("Your time zone")
    expect(zone).to_have_value("Asia/Tokyo")
    zone.fill("Europe/Lisbon")
    page.get_by_label("Choose a password").fill(PASSWORD)
    page.get_by_label("The password again").fill(PASSWORD)
    page.get_by_role("button", name="Set my password and join").click()
    expect(page.get_by_role("heading", name="Zone engagement", level=1)).to_be_visible()
    assert User.objects.get(email="erin@globex.test").time_zone == "Europe/Lisbon"
