"""The 360 report as its readers meet it: the coach reads, redacts and releases; the executive and
(when the agreement says so) the sponsor read released versions, on the page and in the PDF."""

import io

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from stepwise.agreements.models import Agreement
from stepwise.conftest import World, agreement_sign_by_all
from stepwise.feedback import answering, release
from stepwise.feedback.models import Comment, ReportVersion
from stepwise.feedback.tests.rounds_made import answered, questionnaire_made, round_closed, round_made

pytestmark = pytest.mark.django_db

# Peers 4 and others 3 are shown; the 2 direct reports are not, and then neither is the manager
# on any item (all others − peers − others − manager would give the direct reports away).
SIZES = {"manager": 1, "peer": 4, "direct_report": 2, "other": 3}


def _url(name: str, round, **more) -> str:
    return reverse(name, kwargs={"public_id": round.engagement.public_id, "round_id": round.public_id, **more})


def _released(world: World, round) -> ReportVersion:
    coach = world.client("coach")
    assert coach.get(_url("round_report", round)).status_code == 200
    response = coach.post(_url("round_report_release", round), {"number": 1})
    assert response.status_code == 302
    return ReportVersion.objects.get(round=round, number=1)


def test_the_coach_reads_the_report_first_and_a_hidden_group_is_nowhere_in_it(world: World):
    round = round_closed(world.engagement, sizes=SIZES)
    page = world.client("coach").get(_url("round_report", round))
    assert page.status_code == 200
    text = page.content.decode()
    assert "not released yet" in text
    assert "peer comment 1 on 4" in text and "other comment 2 on 4" in text
    # Direct reports rated every item 2 and wrote comments: neither a figure nor a word shows.
    assert "direct_report comment" not in text
    assert "Not shown (too few responses): direct reports" in text
    made = page.context["report"]
    assert all("direct_report" not in row.cells and "manager" not in row.cells for row in made.items)
    assert all(row.cells["peer"].mean == 4 for row in made.items)
    # Self rated 1 everywhere, all others more than 0.75 higher: every item is a hidden strength.
    assert len(made.hidden_strengths) == 3 and not made.blind_spots
    assert "both need the all-others figure, so at least 4 ratings" in " ".join(text.lower().split())
    assert "<svg" in text


def test_the_executive_sees_nothing_before_release_and_is_told_by_mail_after(world: World, run_worker):
    round = round_closed(world.engagement, sizes=SIZES)
    executive = world.client("executive")
    before = executive.get(_url("round_report", round))
    assert before.status_code == 200
    assert "The report is not ready yet" in before.content.decode()
    assert "peer comment" not in before.content.decode()

    _released(world, round)
    run_worker()
    assert [m.to for m in mail.outbox] == [[world.executive.email]]
    assert _url("round_report", round) in mail.outbox[0].body
    after = executive.get(_url("round_report", round))
    assert "peer comment 1 on 4" in after.content.decode()


def test_the_sponsor_reads_the_report_only_when_the_agreement_says_so(world: World, run_worker):
    round = round_closed(world.engagement, sizes=SIZES)
    agreement_sign_by_all(world)
    _released(world, round)
    assert world.client("sponsor").get(_url("round_report", round)).status_code == 404

    Agreement.objects.filter(pk=world.agreement.pk).update(sponsor_sees_360_report=True)
    page = world.client("sponsor").get(_url("round_report", round))
    assert page.status_code == 200
    assert "peer comment 1 on 4" in page.content.decode()


def test_releasing_mails_the_sponsor_too_when_the_agreement_lets_them_read_it(world: World, run_worker):
    round = round_closed(world.engagement, sizes=SIZES)
    agreement_sign_by_all(world)
    Agreement.objects.filter(pk=world.agreement.pk).update(sponsor_sees_360_report=True)
    run_worker()
    mail.outbox.clear()  # the agreement's own mails
    _released(world, round)
    run_worker()
    assert sorted(m.to[0] for m in mail.outbox) == sorted([world.executive.email, world.sponsor.email])


def test_the_coach_redacts_a_comment_and_the_original_is_gone(world: World):
    round = round_closed(world.engagement, sizes=SIZES)
    comment = Comment.objects.get(round=round, text="peer comment 3 on 4")
    coach = world.client("coach")
    url = _url("comment_redact", round, comment_id=comment.id)
    form = coach.get(url)
    assert form.status_code == 200
    seen = form.context["form"]["seen"].value()

    empty = coach.post(url, {"text": "   ", "seen": seen})
    assert empty.status_code == 400
    assert "Type the comment as it should be shown" in empty.content.decode()

    done = coach.post(url, {"text": "A colleague said [name] helped.", "seen": seen})
    assert done.status_code == 302
    assert not Comment.objects.filter(text="peer comment 3 on 4").exists()
    page = coach.get(_url("round_report", round)).content.decode()
    assert "A colleague said [name] helped." in page and "(redacted by the coach)" in page

    stale = coach.post(url, {"text": "Another go", "seen": seen})
    assert stale.status_code == 409
    assert "changed in another window" in stale.content.decode()
    assert Comment.objects.get(id=comment.id).text == "A colleague said [name] helped."


def test_the_executive_cannot_redact_or_release(world: World):
    round = round_closed(world.engagement, sizes=SIZES)
    world.client("coach").get(_url("round_report", round))
    comment = Comment.objects.filter(round=round).first()
    assert comment is not None
    executive = world.client("executive")
    redact = executive.post(_url("comment_redact", round, comment_id=comment.id), {"text": "x", "seen": "y"})
    assert redact.status_code == 403
    assert executive.post(_url("round_report_release", round), {"number": 1}).status_code == 403
    assert not ReportVersion.objects.filter(released_at__isnull=False).exists()


def test_releasing_a_version_twice_makes_one_release_and_one_mail(world: World, run_worker):
    round = round_closed(world.engagement, sizes=SIZES)
    _released(world, round)
    again = world.client("coach").post(_url("round_report_release", round), {"number": 1}, follow=True)
    assert "released already" in again.content.decode()
    run_worker()
    assert len(mail.outbox) == 1
    assert ReportVersion.objects.filter(round=round).count() == 1


def test_a_new_version_waits_for_a_threshold_of_new_responses_in_each_group(world: World):
    round, raters = round_made(world.engagement, sizes={"peer": 6, "other": 3})
    first_peers = [r for r in raters if r.group == "peer"][:3]
    others = [r for r in raters if r.group == "other"]
    answered(round, first_peers + others)
    round = answering.round_close(round=round)
    _released(world, round)
    # The round is opened again (the rounds lane's service); one late peer answers.
    type(round).objects.filter(pk=round.pk).update(status="open")
    round.refresh_from_db()
    late = [r for r in raters if r.group == "peer"][3:]
    answered(round, late[:1], self_too=False)
    round = answering.round_close(round=round)
    versions = list(round.report_versions.all())
    assert release.version_blocked_because(round=round, versions=versions) == [
        "2 more responses are needed from peers before this can be released.",
        "3 more responses are needed from the raters before this can be released.",
    ]
    page = world.client("coach").get(_url("round_report", round))
    assert "2 more responses are needed from peers" in page.content.decode()
    assert round.report_versions.count() == 1


def test_the_pdf_shows_what_the_page_shows_and_no_hidden_group(world: World):
    round = round_closed(world.engagement, sizes=SIZES)
    version = _released(world, round)
    response = world.client("executive").get(_url("round_report_pdf", round) + f"?version={version.number}")
    assert response.status_code == 200
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "peer comment 1 on 4" in text
    assert "direct_report comment" not in text
    assert "Not shown (too few responses): direct reports" in " ".join(text.split())
    # The direct reports gave 2 to every question: no mean of 2.00 and no 0 · 2 · 0 · 0 · 0 anywhere
    # (all others' 3.40 includes them, with peers, others and the manager).
    assert "3.40" in text
    assert "2.00" not in text and "0 · 2 · 0 · 0 · 0" not in text
    assert reader.metadata is not None
    assert str(reader.metadata.title).startswith("360 report: Spring 360")
    # The released version's PDF is stored, and served again from there.
    assert version.renderings.count() == 1
    world.client("executive").get(_url("round_report_pdf", round))
    assert version.renderings.count() == 1


def _pdf_text(content: bytes) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages).split())


def test_the_coachs_unreleased_pdf_is_stored_until_a_redaction_changes_what_it_shows(world: World):
    round = round_closed(world.engagement, sizes=SIZES)
    coach = world.client("coach")
    assert coach.get(_url("round_report", round)).status_code == 200
    version = ReportVersion.objects.get(round=round, number=1)
    first = _pdf_text(coach.get(_url("round_report_pdf", round)).content)
    assert "not released yet" in first and "peer comment 3 on 4" in first
    assert coach.get(_url("round_report_pdf", round)).content == coach.get(_url("round_report_pdf", round)).content
    assert version.renderings.count() == 1

    comment = Comment.objects.get(round=round, text="peer comment 3 on 4")
    url = _url("comment_redact", round, comment_id=comment.id)
    seen = coach.get(url).context["form"]["seen"].value()
    assert coach.post(url, {"text": "A colleague said [name] helped.", "seen": seen}).status_code == 302

    after = _pdf_text(coach.get(_url("round_report_pdf", round)).content)
    assert "peer comment 3 on 4" not in after and "A colleague said [name] helped." in after
    # The rendering that held the original text went with it.
    (stored,) = version.renderings.all()
    assert "peer comment 3 on 4" not in _pdf_text(bytes(stored.pdf))


def _queries_for_report(world: World, sizes: dict[str, int], scale_items: int) -> int:
    questionnaire = questionnaire_made(scale_items=scale_items, competencies=5, open_items=2)
    round = round_closed(world.engagement, sizes=sizes, questionnaire=questionnaire, title=f"R{scale_items}")
    coach = world.client("coach")
    coach.get(_url("round_report", round))  # makes the version the coach reads
    with CaptureQueriesContext(connection) as queries:
        assert coach.get(_url("round_report", round)).status_code == 200
    return len(queries)


def test_the_report_page_runs_as_many_queries_for_60_raters_and_50_items_as_for_5_and_5(world: World):
    small = _queries_for_report(world, {"manager": 1, "peer": 4}, 5)
    large = _queries_for_report(world, {"manager": 1, "peer": 20, "direct_report": 20, "other": 19}, 50)
    assert small == large
    assert small > 5  # the count is real (a page reads the session, the user, the engagement...)


def test_the_executive_reads_a_released_version_exactly_as_the_coach_released_it(world: World):
    round, raters = round_made(world.engagement, sizes={"peer": 7, "other": 3})
    peers = [r for r in raters if r.group == "peer"]
    answered(round, peers[:3] + [r for r in raters if r.group == "other"])
    round = answering.round_close(round=round)
    coach = world.client("coach")
    coach.get(_url("round_report", round))  # version 1: read by the coach, never released
    type(round).objects.filter(pk=round.pk).update(status="open")
    round.refresh_from_db()
    answered(round, peers[3:], self_too=False)
    round = answering.round_close(round=round)
    coach_view = coach.get(_url("round_report", round)).context["report"]
    assert coach.post(_url("round_report_release", round), {"number": 2}).status_code == 302

    executive = world.client("executive")
    assert executive.get(_url("round_report", round) + "?version=1").status_code == 404
    executive_view = executive.get(_url("round_report", round)).context["report"]
    assert [row.cells for row in executive_view.items] == [row.cells for row in coach_view.items]
    assert executive_view.items[0].cells["peer"].count == 7


def test_a_released_comment_can_no_longer_be_redacted(world: World):
    round = round_closed(world.engagement, sizes=SIZES)
    _released(world, round)
    comment = Comment.objects.get(round=round, text="peer comment 2 on 4")
    url = _url("comment_redact", round, comment_id=comment.id)
    coach = world.client("coach")
    assert url not in coach.get(_url("round_report", round)).content.decode()
    refused = coach.post(url, {"text": "Changed", "seen": release.comment_digest(comment.text)})
    assert refused.status_code == 409
    assert "in a released version" in refused.content.decode()
    assert Comment.objects.get(id=comment.id).text == "peer comment 2 on 4"


def test_the_release_mail_waits_in_the_queue_as_references_only(world: World, run_worker):
    from django_tasks_db.models import DBTaskResult

    round = round_closed(world.engagement, sizes=SIZES)
    _released(world, round)
    queued = " ".join(str(task.args_kwargs) for task in DBTaskResult.objects.all())
    assert "report_released" in queued
    assert round.title not in queued and "comment" not in queued
    run_worker()
    assert round.title in mail.outbox[0].subject
