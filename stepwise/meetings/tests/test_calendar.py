"""Step 5: sessions in people's own calendars (a session's .ics and the private feed) and the
reminders-and-calendar settings page."""

from datetime import datetime, timedelta
from uuid import UUID
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from icalendar import Calendar, Event

from stepwise.conftest import World, client_for
from stepwise.meetings import calendar as cal
from stepwise.meetings.demo import demo_calendar
from stepwise.meetings.models import Preferences, Session
from stepwise.users.models import User

LONDON = ZoneInfo("Europe/London")
NEW_YORK = ZoneInfo("America/New_York")
NOW = datetime(2027, 2, 1, 9, 0, tzinfo=ZoneInfo("UTC"))


@pytest.fixture
def people(world: World) -> World:
    """The coach works in London, the executive in New York."""
    User.objects.filter(pk=world.coach.pk).update(time_zone="Europe/London")
    User.objects.filter(pk=world.executive.pk).update(time_zone="America/New_York")
    for person in (world.coach, world.executive):
        person.refresh_from_db()
    return world


def session_make(world: World, starts_at: datetime, **fields: object) -> Session:
    values: dict[str, object] = {
        "minutes": 60,
        "time_zone": "Europe/London",
        "where": "https://meet.example/abc",
    } | fields
    return Session.objects.create(engagement=world.engagement, starts_at=starts_at, **values)


def ics_url(session: Session) -> str:
    return reverse("session_ics", args=[session.engagement.public_id, session.public_id])


def parse(body: bytes) -> Calendar:
    calendar = Calendar.from_ical(body)
    assert isinstance(calendar, Calendar)
    return calendar


def start_of(event: Event) -> datetime:
    start = event.start
    assert isinstance(start, datetime), "a session starts at a time, not on a whole day"
    return start


def events(body: bytes) -> list[Event]:
    return sorted(parse(body).events, key=lambda event: event.start)


def feed_on(user: User) -> str:
    client_for(user).post(reverse("preferences"), {"action": "feed_on"})
    preferences = Preferences.objects.get(user=user)
    assert preferences.feed_id is not None
    return cal.feed_url(preferences.feed_id).removeprefix("http://testserver")


def test_a_sessions_ics_holds_the_stored_instant_in_each_persons_own_hour(people):
    session = session_make(people, datetime(2027, 2, 1, 10, 0, tzinfo=LONDON))

    for person, hour, zone in ((people.coach, 10, "Europe/London"), (people.executive, 5, "America/New_York")):
        response = client_for(person).get(ics_url(session))
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/calendar")
        calendar = parse(response.content)
        (event,) = calendar.events
        assert event.start == session.starts_at
        assert event.end == session.starts_at + timedelta(minutes=60)
        assert (start_of(event).hour, str(start_of(event).tzinfo)) == (hour, zone)
        assert [tz.tz_name for tz in calendar.timezones] == [zone]  # a VTIMEZONE for the zone used


def test_the_event_names_the_engagement_the_place_and_the_session_page(people):
    session = session_make(people, datetime(2027, 2, 1, 10, 0, tzinfo=LONDON))

    (event,) = events(cal.session_ics(session, user=people.coach))

    assert event["UID"] == f"{session.public_id}@stepwise"
    assert event["SEQUENCE"] == 0
    assert event["SUMMARY"] == "Coaching session — Leadership presence"
    assert event["LOCATION"] == "https://meet.example/abc"
    assert event["URL"] == "https://meet.example/abc"
    assert event["STATUS"] == "CONFIRMED"
    assert f"/engagements/{people.engagement.public_id}/sessions/{session.public_id}/" in str(event["DESCRIPTION"])


def test_a_place_that_is_not_a_link_is_a_location_only(people):
    session = session_make(people, datetime(2027, 2, 1, 10, 0, tzinfo=LONDON), where="Room 4, 10 Downing St")

    (event,) = events(cal.session_ics(session, user=people.coach))

    assert event["LOCATION"] == "Room 4, 10 Downing St"
    assert "URL" not in event


def test_a_moved_session_keeps_its_uid_and_raises_its_sequence(people):
    session = session_make(people, datetime(2027, 2, 1, 10, 0, tzinfo=LONDON))
    (before,) = events(cal.session_ics(session, user=people.coach))
    Session.objects.filter(pk=session.pk).update(starts_at=datetime(2027, 2, 2, 11, 0, tzinfo=LONDON), revision=1)
    session.refresh_from_db()

    (after,) = events(cal.session_ics(session, user=people.coach))

    assert after["UID"] == before["UID"]
    assert (after["SEQUENCE"], start_of(after).hour) == (1, 11)


@pytest.mark.parametrize("status", [Session.Status.CANCELLED, Session.Status.RESCHEDULED])
def test_a_cancelled_or_moved_away_session_is_cancelled_in_calendars(people, status):
    session = session_make(people, datetime(2027, 2, 1, 10, 0, tzinfo=LONDON), status=status, revision=2)

    (event,) = events(cal.session_ics(session, user=people.executive))

    assert (event["STATUS"], event["SEQUENCE"]) == ("CANCELLED", 2)


def test_a_weekly_series_keeps_london_time_across_the_clock_change_and_shifts_for_new_york(people):
    # 10:00 in London each Monday; the US changes its clocks on 14 March 2027, the UK on 28 March.
    mondays = [datetime(2027, 3, 8, 10, 0, tzinfo=LONDON) + timedelta(weeks=n) for n in range(5)]
    for starts_at in mondays:
        session_make(people, starts_at)

    coach_events = events(cal.feed_ics(people.coach, now=NOW))
    executive_events = events(cal.feed_ics(people.executive, now=NOW))

    assert [e.start for e in coach_events] == mondays == [e.start for e in executive_events]
    assert [start_of(e).hour for e in coach_events] == [10, 10, 10, 10, 10]
    assert [start_of(e).hour for e in executive_events] == [5, 6, 6, 5, 5]
    assert {str(start_of(e).tzinfo) for e in executive_events} == {"America/New_York"}


@pytest.mark.parametrize("role", ["sponsor", "admin", "outsider", "other_coach"])
def test_only_the_coach_and_the_executive_can_download_a_sessions_ics(people, role):
    session = session_make(people, datetime(2027, 2, 1, 10, 0, tzinfo=LONDON))

    assert client_for(people.user(role)).get(ics_url(session)).status_code == 404


def test_a_session_of_another_engagement_is_a_404(people):
    session = session_make(people, datetime(2027, 2, 1, 10, 0, tzinfo=LONDON))
    theirs = people.engagement.__class__.objects.create(
        organisation=people.organisation, coach=people.coach, title="Another", start_date=people.engagement.start_date
    )
    url = reverse("session_ics", args=[theirs.public_id, session.public_id])

    assert client_for(people.coach).get(url).status_code == 404


def test_the_feed_lists_the_persons_sessions_from_sixty_days_back(people):
    session_make(people, NOW - timedelta(days=61))
    recent = session_make(people, NOW - timedelta(days=59))
    upcoming = session_make(people, NOW + timedelta(days=7))

    calendar = parse(cal.feed_ics(people.coach, now=NOW))

    assert calendar["X-WR-CALNAME"] == "Stepwise — Cora Coach"
    assert [e["UID"] for e in events(calendar.to_ical())] == [
        f"{recent.public_id}@stepwise",
        f"{upcoming.public_id}@stepwise",
    ]


def test_a_sponsors_or_admins_feed_holds_no_sessions_of_the_engagement(people):
    session_make(people, NOW + timedelta(days=7))

    for person in (people.sponsor, people.admin, people.other_coach):
        assert events(cal.feed_ics(person, now=NOW)) == []
    assert len(events(cal.feed_ics(people.executive, now=NOW))) == 1


def test_the_feed_is_built_with_one_query_for_any_number_of_sessions(people):
    session_make(people, NOW + timedelta(days=1))
    with CaptureQueriesContext(connection) as one:
        assert len(events(cal.feed_ics(people.coach, now=NOW))) == 1
    for day in range(2, 21):
        session_make(people, NOW + timedelta(days=day))
    with CaptureQueriesContext(connection) as twenty:
        assert len(events(cal.feed_ics(people.coach, now=NOW))) == 20

    assert len(one) == len(twenty) == 1


def test_a_subscribed_app_reads_the_feed_without_signing_in(people):
    session_make(people, datetime(2030, 2, 1, 10, 0, tzinfo=LONDON))  # ahead of any clock
    url = feed_on(people.coach)

    response = client_for(None).get(url)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert len(events(response.content)) == 1


def test_a_wrong_token_or_an_unknown_feed_is_a_404(people):
    url = feed_on(people.coach)
    feed_id = Preferences.objects.get(user=people.coach).feed_id
    assert feed_id is not None
    anonymous = client_for(None)

    token = cal.feed_token(feed_id)
    wrong = token[:-1] + ("1" if token[-1] == "0" else "0")
    assert anonymous.get(reverse("calendar_feed", args=[feed_id, wrong])).status_code == 404
    assert anonymous.get(reverse("calendar_feed", args=[feed_id, token[:20]])).status_code == 404
    assert anonymous.get(url).status_code == 200
    other = UUID(int=feed_id.int ^ 1)
    assert anonymous.get(reverse("calendar_feed", args=[other, cal.feed_token(other)])).status_code == 404


def test_revoking_gives_a_new_address_and_the_old_one_answers_404(people):
    old = feed_on(people.coach)
    feed_id = Preferences.objects.get(user=people.coach).feed_id
    client = client_for(people.coach)

    client.post(reverse("preferences"), {"action": "feed_revoke", "feed_id": str(feed_id)})
    new_id = Preferences.objects.get(user=people.coach).feed_id
    assert new_id is not None and feed_id is not None
    # The same click again (the page not reloaded) does not revoke the new address too.
    client.post(reverse("preferences"), {"action": "feed_revoke", "feed_id": str(feed_id)})

    assert new_id not in (None, feed_id)
    assert Preferences.objects.get(user=people.coach).feed_id == new_id
    assert client_for(None).get(old).status_code == 404
    assert client_for(None).get(reverse("calendar_feed", args=[new_id, cal.feed_token(new_id)])).status_code == 200
    page = client.get(reverse("preferences")).content.decode()
    assert cal.feed_url(new_id) in page
    assert cal.feed_url(feed_id) not in page


def test_turning_the_feed_off_makes_its_address_404(people):
    url = feed_on(people.coach)

    response = client_for(people.coach).post(reverse("preferences"), {"action": "feed_off"})

    assert response.status_code == 302
    assert Preferences.objects.get(user=people.coach).feed_id is None
    assert client_for(None).get(url).status_code == 404
    assert "Turn on my calendar feed" in client_for(people.coach).get(reverse("preferences")).content.decode()


def test_the_settings_page_shows_the_defaults_and_stores_nothing_on_a_visit(people):
    response = client_for(people.executive).get(reverse("preferences"))

    page = response.content.decode()
    assert response.status_code == 200
    assert 'name="session_lead_hours" value="24"' in page
    assert "America/New_York" in page
    assert not Preferences.objects.filter(user=people.executive).exists()


def settings_form(**changes: object) -> dict[str, object]:
    return {
        "action": "save",
        "remind_sessions": "on",
        "session_lead_hours": "24",
        "remind_checkins": "on",
        "remind_overdue": "on",
        "working_days": ["1", "2", "3", "4", "5"],
    } | changes


def test_saving_the_settings_stores_them(people):
    data = settings_form(session_lead_hours="2", working_days=["1", "2", "3", "4"])
    del data["remind_overdue"]

    response = client_for(people.executive).post(reverse("preferences"), data)

    assert response.status_code == 302
    stored = Preferences.objects.get(user=people.executive)
    assert (stored.session_lead_hours, stored.remind_overdue, stored.remind_sessions) == (2, False, True)
    assert stored.working_weekdays == {1, 2, 3, 4}


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"session_lead_hours": "0"}, "Enter at least 1 hour"),
        ({"session_lead_hours": "200"}, "Enter at most 168 hours"),
        ({"session_lead_hours": "soon"}, "Enter a whole number of hours"),
        ({"working_days": []}, "Tick at least one working day."),
    ],
)
def test_bad_settings_are_refused_with_a_message_and_what_was_typed_kept(people, changes, message):
    data = settings_form(remind_checkins="", **changes)
    del data["remind_checkins"]

    response = client_for(people.executive).post(reverse("preferences"), data)

    page = response.content.decode()
    assert response.status_code == 400
    assert message in page
    assert 'id="id_remind_sessions" checked' in page  # what was typed is kept
    assert 'id="id_remind_checkins" checked' not in page
    assert not Preferences.objects.filter(user=people.executive).exists()


def test_the_account_page_links_to_the_settings(people):
    page = client_for(people.sponsor).get(reverse("account_settings")).content.decode()

    assert reverse("preferences") in page


def test_the_demo_turns_on_a_feed_that_works(people):
    session_make(people, datetime(2030, 2, 1, 10, 0, tzinfo=LONDON))

    url = demo_calendar(people.coach)

    assert demo_calendar(people.coach) == url  # a second run keeps the address
    assert len(events(client_for(None).get(url.removeprefix("http://testserver")).content)) == 1
