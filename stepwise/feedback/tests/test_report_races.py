"""Thirty requests at once on the report, against the live server (SQLite and PostgreSQL alike):
one version made, one release and one mail, one redaction; never a 500 or an IntegrityError."""

from collections.abc import Callable

import pytest
from django.core import mail
from django.urls import reverse

from stepwise.conftest import World, world_build
from stepwise.feedback import release
from stepwise.feedback.models import Comment, ReportVersion, Round
from stepwise.feedback.tests.rounds_made import round_closed
from stepwise.lib.tests.races import downloads_at_once, race
from stepwise.worksheets.services import templates_install

pytestmark = pytest.mark.django_db(transaction=True)

N = 30
SIZES = {"manager": 1, "peer": 3, "other": 3}


@pytest.fixture
def live_world(transactional_db: None, run_worker: Callable[[], int]) -> World:
    templates_install()  # an earlier transactional test may have emptied the built-in rows
    world = world_build()
    run_worker()
    mail.outbox.clear()
    return world


def _url(name: str, round: Round, **more: object) -> str:
    return reverse(name, kwargs={"public_id": round.engagement.public_id, "round_id": round.public_id, **more})


def test_thirty_first_visits_of_the_coach_make_one_version(live_server, live_world):
    round = round_closed(live_world.engagement, sizes=SIZES)
    answers = downloads_at_once(live_server.url, live_world.coach, _url("round_report", round), n=N)
    assert sorted({status for status, _body in answers}) == [200]
    assert ReportVersion.objects.filter(round=round).count() == 1


def test_thirty_releases_at_once_release_once_and_mail_once(live_server, live_world, run_worker):
    round = round_closed(live_world.engagement, sizes=SIZES)
    release.report_version_make(round=round)
    answers = race(live_server.url, live_world.coach, _url("round_report_release", round), {"number": 1}, n=N)
    assert sorted({a.status for a in answers}) == [302], [a.body[:300] for a in answers if a.status != 302]
    assert {a.location for a in answers} == {_url("round_report", round)}
    (version,) = ReportVersion.objects.filter(round=round)
    assert version.released_at is not None and version.released_by == live_world.coach
    run_worker()
    assert [m.to for m in mail.outbox] == [[live_world.executive.email]]


def test_thirty_redactions_at_once_keep_one_and_tell_the_others(live_server, live_world):
    round = round_closed(live_world.engagement, sizes=SIZES)
    comment = Comment.objects.filter(round=round, group="peer").first()
    assert comment is not None
    data = {"text": "Someone said [name] helped.", "seen": release.comment_digest(comment.text)}
    url = _url("comment_redact", round, comment_id=comment.id)
    answers = race(live_server.url, live_world.coach, url, data, n=N)
    statuses = sorted(a.status for a in answers)
    assert set(statuses) <= {302, 409}, [a.body[:300] for a in answers if a.status not in (302, 409)]
    # The same redacted text from every window: the first changes the comment, the others find it
    # changed (its digest no longer matches) and say so.
    assert statuses.count(302) == 1
    assert all("changed in another window" in a.body for a in answers if a.status == 409)
    comment.refresh_from_db()
    assert comment.text == "Someone said [name] helped." and comment.redacted
