"""Progress reviews: the review points, preparing one, the figures it compiles, feedback from
coach and executive, completing it as a dated record, the PDF and what the sponsor reads."""

import io
import uuid
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from stepwise.agreements.models import Agreement
from stepwise.conftest import World, agreement_sign_by_all, client_for
from stepwise.engagements.models import Engagement
from stepwise.meetings.demo import demo_reviews
from stepwise.meetings.models import CheckIn, ProgressReview, Session, text_hash
from stepwise.meetings.selectors.reviews import computed_points, review_points, review_summary
from stepwise.meetings.services.reviews import review_complete, review_prepare
from stepwise.plans import services as plan_services
from stepwise.plans.models import Goal, KeyAction, Reading
from stepwise.worksheets import services as worksheet_services
from stepwise.worksheets.models import Worksheet, WorksheetTemplate

START = date(2027, 1, 11)  # the world's engagement: six months from here
FIRST = date(2027, 2, 11)
RATINGS = {
    "willing_to_change": 8,
    "success_distance": 5,
    "senior_leader_effectiveness": 5,
    "team_leadership_effectiveness": 4,
    "job_satisfaction": 6,
}


def signed(world: World, **sharing: bool) -> None:
    if sharing:
        Agreement.objects.filter(pk=world.agreement.pk).update(**sharing)
        world.agreement.refresh_from_db()
    world.agreement = agreement_sign_by_all(world)


def plan_make(world: World) -> Goal:
    """A goal with two key actions and a measure with a reading, as the executive writes them."""
    goal = plan_services.goal_create(
        engagement=world.engagement, title="Delegate the weekly report", token=uuid.uuid4()
    )
    goal = plan_services.goal_save(
        goal=goal,
        revision=goal.revision,
        values={},
        actions=[
            {"id": None, "description": d, "target_date": t, "owner": "", "status": "not_started", "completed_on": None}
            for d, t in (("Hand over the report", date(2027, 2, 1)), ("Coach the deputy", date(2027, 5, 1)))
        ],
        measures=[{"id": None, "name": "Hours on the report", "unit": "h", "baseline": 6, "target": 1}],
        user=world.executive,
    )
    Reading.objects.create(measure=goal.measures.get(), taken_on=date(2027, 1, 12), value=Decimal(6))
    return goal


@pytest.fixture
def planned(world: World) -> World:
    signed(world)
    plan_make(world)
    return world


def prepared(world: World, due_on: date = FIRST) -> ProgressReview:
    return review_prepare(engagement=world.engagement, due_on=due_on, coach=world.coach)


def detail_url(review: ProgressReview, name: str = "review_detail") -> str:
    return reverse(name, kwargs={"public_id": review.engagement.public_id, "review_id": review.public_id})


def list_url(world: World) -> str:
    return reverse("review_list", kwargs={"public_id": world.engagement.public_id})


def pdf_text(response: Any) -> str:
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    return " ".join((page.extract_text() or "") for page in reader.pages)


def ratings_of(review: ProgressReview) -> Worksheet:
    assert review.self_ratings is not None
    return review.self_ratings


def compiled(review: ProgressReview) -> dict[str, Any]:
    assert review.compiled is not None
    return review.compiled


def feedback(review: ProgressReview, role: str, text: str) -> dict[str, Any]:
    review.refresh_from_db()
    return {"text": text, "revision": review.revision, "seen": text_hash(getattr(review, f"{role}_feedback"))}


# Review points ------------------------------------------------------------------------------------


def test_six_months_have_monthly_reviews_the_third_being_the_midpoint_and_the_last_final(world: World) -> None:
    points = computed_points(world.engagement)
    assert points == {
        date(2027, 2, 11): "monthly",
        date(2027, 3, 11): "monthly",
        date(2027, 4, 11): "midpoint",
        date(2027, 5, 11): "monthly",
        date(2027, 6, 11): "monthly",
        date(2027, 7, 11): "final",
    }


def test_five_months_have_a_midpoint_half_way_through_the_third_month(world: World) -> None:
    Engagement.objects.filter(pk=world.engagement.pk).update(planned_months=5)
    world.engagement.refresh_from_db()
    points = computed_points(world.engagement)
    assert points == {
        date(2027, 2, 11): "monthly",
        date(2027, 3, 11): "monthly",
        date(2027, 3, 26): "midpoint",
        date(2027, 4, 11): "monthly",
        date(2027, 5, 11): "monthly",
        date(2027, 6, 11): "final",
    }


def test_review_points_say_upcoming_due_in_progress_and_complete(planned: World) -> None:
    world = planned
    review = prepared(world, date(2027, 3, 11))
    review_complete(review=prepared(world), user=world.coach, today=FIRST)
    points = review_points(world.engagement, today=date(2027, 4, 6))
    states = {p.due_on: (p.state, p.period_start) for p in points}
    assert states[FIRST] == ("complete", START)
    assert states[date(2027, 3, 11)] == ("in_progress", FIRST)
    assert states[date(2027, 4, 11)] == ("due", date(2027, 3, 11))  # within a week
    assert states[date(2027, 5, 11)][0] == "upcoming"
    assert review.period_start == FIRST
    summary = review_summary(world.engagement, today=date(2027, 4, 6))
    assert summary.last_completed is not None and summary.last_completed.due_on == FIRST
    assert summary.next is not None and summary.next.due_on == date(2027, 3, 11)


# Preparing --------------------------------------------------------------------------------------


def test_the_coach_prepares_a_review_once_the_executive_is_asked_for_ratings_and_mailed(
    planned: World, fresh_outbox: list, run_worker
) -> None:
    world = planned
    client = client_for(world.coach)
    url = reverse("review_prepare", kwargs={"public_id": world.engagement.public_id})
    first = client.post(url, {"due_on": "2027-02-11"})
    second = client.post(url, {"due_on": "2027-02-11"})
    assert first.status_code == second.status_code == 302
    review = ProgressReview.objects.get()
    assert first["Location"] == second["Location"] == detail_url(review)
    assert (review.kind, review.period_start) == ("monthly", START)
    worksheets = Worksheet.objects.filter(engagement=world.engagement, version__template__slug="self-ratings")
    assert [(w.pk, w.due_date) for w in worksheets] == [(review.self_ratings_id, FIRST)]
    run_worker()
    to_executive = [m for m in mail.outbox if m.to == [world.executive.email]]
    review_mail = [m for m in to_executive if "monthly review is coming on 11 February 2027" in m.subject]
    assert len(review_mail) == 1
    assert detail_url(review) in review_mail[0].body
    assert reverse("worksheet_detail", args=[world.engagement.public_id, ratings_of(review).public_id]) in (
        review_mail[0].body
    )


def test_a_date_that_is_no_review_point_is_refused_with_a_400(planned: World) -> None:
    world = planned
    url = reverse("review_prepare", kwargs={"public_id": world.engagement.public_id})
    response = client_for(world.coach).post(url, {"due_on": "2027-02-12"})
    assert response.status_code == 400
    assert "No review falls on that date" in response.content.decode()
    assert not ProgressReview.objects.exists()


def test_the_executive_may_not_prepare_a_review(planned: World) -> None:
    url = reverse("review_prepare", kwargs={"public_id": planned.engagement.public_id})
    assert client_for(planned.executive).post(url, {"due_on": "2027-02-11"}).status_code == 403
    assert not ProgressReview.objects.exists()


# The figures ------------------------------------------------------------------------------------


def session(world: World, when: datetime, status: str = "held", by: str = "") -> Session:
    return Session.objects.create(
        engagement=world.engagement,
        starts_at=when,
        minutes=60,
        time_zone="Europe/London",
        status=status,
        cancelled_by_role=by,
    )


def test_the_review_page_compiles_measures_actions_ratings_attendance_and_check_ins(planned: World) -> None:
    world = planned
    review = prepared(world)
    measure = Goal.objects.get(engagement=world.engagement).measures.get()
    Reading.objects.create(measure=measure, taken_on=date(2027, 2, 8), value=Decimal("3.5"))
    KeyAction.objects.filter(description="Hand over the report").update(status="done", completed_on=date(2027, 2, 5))
    CheckIn.objects.create(
        key_action=KeyAction.objects.get(description="Coach the deputy"),
        author=world.executive,
        status_before="not_started",
        status="in_progress",
        progress=30,
        comment="First talk went well.",
    )
    CheckIn.objects.filter(comment="First talk went well.").update(created_at=datetime(2027, 2, 2, 9, tzinfo=UTC))
    session(world, datetime(2027, 1, 18, 10, tzinfo=UTC))
    session(world, datetime(2027, 1, 25, 10, tzinfo=UTC), "cancelled", "executive")
    session(world, datetime(2027, 2, 1, 10, tzinfo=UTC), "no_show")
    session(world, datetime(2027, 3, 1, 10, tzinfo=UTC), "held")  # after the period
    # The executive's first self-ratings (the intake), then this review's.
    worksheet_services.worksheet_submit(worksheet=ratings_of(review), raw=RATINGS | {"job_satisfaction": 9})
    page = client_for(world.coach).get(detail_url(review)).content.decode()
    assert "latest 3.5 h on 8 Feb 2027" in page
    assert "50% of the way" in page
    assert "1 of 2" in page and "1 done in this period" in page
    assert "First talk went well." in page
    assert "Cancelled by the executive</dt><dd>1" in page
    assert "Held</dt><dd>1" in page
    assert "No-show</dt><dd>1" in page
    assert "job satisfaction" in page.lower() and "<svg" in page


def test_the_page_says_when_the_executive_has_not_answered_the_ratings_yet(planned: World) -> None:
    review = prepared(planned)
    page = client_for(planned.executive).get(detail_url(review)).content.decode()
    assert "has not answered this review's self-ratings yet" in page
    assert "Give your self-ratings now" in page


def test_self_ratings_now_are_compared_with_the_first_time(planned: World) -> None:
    world = planned
    worksheet_services.templates_install()
    intake = worksheet_services.worksheet_assign(
        engagement=world.engagement,
        template=WorksheetTemplate.objects.get(slug="self-ratings"),
        assigned_by=world.coach,
        due_date=None,
    )
    worksheet_services.worksheet_submit(worksheet=intake, raw=RATINGS)
    review = prepared(world)
    worksheet_services.worksheet_submit(worksheet=ratings_of(review), raw=RATINGS | {"job_satisfaction": 9})
    review = review_complete(review=review, user=world.coach, today=FIRST)
    rows = {r["label"]: (r["first"], r["now"]) for r in compiled(review)["ratings"]["rows"]}
    assert next(iter(rows)).startswith("How willing are you")  # in the order the worksheet asks them
    satisfaction = next(label for label in rows if "satisf" in label.lower())
    assert rows[satisfaction] == (6, 9)
    assert compiled(review)["ratings"]["answered"] is True


# Feedback and completing ----------------------------------------------------------------------------


def test_coach_and_executive_each_save_their_own_feedback(planned: World) -> None:
    world = planned
    review = prepared(world)
    coach_form = feedback(review, "coach", "")
    executive_form = feedback(review, "executive", "")
    coach_form["text"] = "Good progress on delegation."
    executive_form["text"] = "I let go of the report."
    assert client_for(world.coach).post(detail_url(review), coach_form).status_code == 302
    # The executive's form was loaded before the coach saved: no conflict, it is another field.
    assert client_for(world.executive).post(detail_url(review), executive_form).status_code == 302
    review.refresh_from_db()
    assert (review.coach_feedback, review.executive_feedback) == (
        "Good progress on delegation.",
        "I let go of the report.",
    )


def test_feedback_changed_in_another_window_is_a_409_keeping_the_text(planned: World) -> None:
    world = planned
    review = prepared(world)
    stale = feedback(review, "coach", "My second thoughts.")
    client = client_for(world.coach)
    assert client.post(detail_url(review), feedback(review, "coach", "First thoughts.")).status_code == 302
    response = client.post(detail_url(review), stale)
    assert response.status_code == 409
    page = response.content.decode()
    assert "My second thoughts." in page and "First thoughts." in page
    assert "saved from another window" in page
    review.refresh_from_db()
    assert review.coach_feedback == "First thoughts."
    # The same form sent twice is no conflict.
    assert client.post(detail_url(review), stale | {"text": "First thoughts."}).status_code == 302


def test_completing_freezes_the_figures_and_mails_the_executive(planned: World, fresh_outbox, run_worker) -> None:
    world = planned
    review = prepared(world)
    client = client_for(world.coach)
    client.post(detail_url(review), feedback(review, "coach", "A strong month."))
    assert client.post(detail_url(review, "review_complete")).status_code == 302
    review.refresh_from_db()
    assert review.is_complete and review.completed_by == world.coach
    assert compiled(review)["measures"][0]["latest"] == "6"
    # A later reading does not change the completed review.
    Reading.objects.create(
        measure=Goal.objects.get(engagement=world.engagement).measures.get(),
        taken_on=date(2027, 2, 20),
        value=Decimal(2),
    )
    page = client.get(detail_url(review)).content.decode()
    assert "latest 6 h on 12 Jan 2027" in page and "latest 2 h" not in page
    assert "Completed on" in page
    # Its feedback is part of the record now.
    response = client.post(detail_url(review), feedback(review, "coach", "Changed my mind."))
    assert response.status_code == 400
    assert "is kept as it was" in response.content.decode()
    review.refresh_from_db()
    assert review.coach_feedback == "A strong month."
    run_worker()
    assert any("is complete" in m.subject and m.to == [world.executive.email] for m in mail.outbox)


def test_the_executive_cannot_complete_a_review(planned: World) -> None:
    review = prepared(planned)
    assert client_for(planned.executive).post(detail_url(review, "review_complete")).status_code == 403
    review.refresh_from_db()
    assert not review.is_complete


# The sponsor and the PDF -----------------------------------------------------------------------------


def completed_with_feedback(world: World) -> ProgressReview:
    review = prepared(world)
    worksheet_services.worksheet_submit(worksheet=ratings_of(review), raw=RATINGS)
    CheckIn.objects.create(
        key_action=KeyAction.objects.get(description="Coach the deputy"),
        author=world.executive,
        status="in_progress",
        progress=30,
        comment="Private check-in words.",
    )
    CheckIn.objects.update(created_at=datetime(2027, 2, 2, 9, tzinfo=UTC))
    review.refresh_from_db()
    review.coach_feedback, review.executive_feedback = "Coach feedback words.", "Executive feedback words."
    review.save()
    return review_complete(review=review, user=world.coach, today=FIRST)


def test_the_coach_s_pdf_has_the_feedback_the_sponsor_s_only_the_summary(planned: World) -> None:
    world = planned
    review = completed_with_feedback(world)
    coach_pdf = pdf_text(client_for(world.coach).get(detail_url(review, "review_pdf")))
    assert "Coach feedback words." in coach_pdf and "Executive feedback words." in coach_pdf
    assert "Private check-in words." in coach_pdf
    sponsor_pdf = pdf_text(client_for(world.sponsor).get(detail_url(review, "review_pdf")))
    assert "Hours on the report" in sponsor_pdf and "Held" in sponsor_pdf
    for private in ("Coach feedback words.", "Executive feedback words.", "Private check-in words.", "Self-ratings"):
        assert private not in sponsor_pdf
    page = client_for(world.sponsor).get(detail_url(review)).content.decode()
    assert "Coach feedback words." not in page and "Private check-in words." not in page
    assert "Hours on the report" in page


def test_the_sponsor_sees_only_completed_reviews(planned: World) -> None:
    world = planned
    done = completed_with_feedback(world)
    open_review = prepared(world, date(2027, 3, 11))
    client = client_for(world.sponsor)
    page = client.get(list_url(world)).content.decode()
    assert detail_url(done) in page and detail_url(open_review) not in page
    assert "Prepare this review" not in page
    assert client.get(detail_url(open_review)).status_code == 404
    assert client.post(detail_url(done), feedback(done, "coach", "Sponsor words")).status_code == 403


def test_a_sponsor_without_progress_in_the_agreement_gets_404(world: World) -> None:
    signed(world, sponsor_sees_progress=False)
    plan_make(world)
    review = completed_with_feedback(world)
    client = client_for(world.sponsor)
    for url in (list_url(world), detail_url(review), detail_url(review, "review_pdf")):
        assert client.get(url).status_code == 404


@pytest.mark.parametrize("role", ["admin", "other_coach", "outsider"])
def test_people_without_a_part_in_reviews_get_404(planned: World, role: str) -> None:
    review = completed_with_feedback(planned)
    for url in (list_url(planned), detail_url(review)):
        assert client_for(planned.user(role)).get(url).status_code == 404


def test_the_review_page_makes_the_same_number_of_queries_for_1_and_30_sessions_and_actions(planned: World) -> None:
    world = planned
    review = prepared(world)
    goal = Goal.objects.get(engagement=world.engagement)
    client = client_for(world.coach)
    counts = []
    for more in (0, 29):
        KeyAction.objects.bulk_create(KeyAction(goal=goal, description=f"A{k}", position=9 + k) for k in range(more))
        for k in range(more):
            session(world, datetime(2027, 1, 12, 10, tzinfo=UTC) + timedelta(hours=k))
            CheckIn.objects.create(key_action=KeyAction.objects.order_by("pk").last(), status="in_progress", progress=k)  # type: ignore[misc]
        client.get(detail_url(review))
        with CaptureQueriesContext(connection) as queries:
            assert client.get(detail_url(review)).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def test_demo_reviews_completes_the_first_with_both_feedbacks_and_prepares_the_next(planned: World) -> None:
    first, second = demo_reviews(planned.engagement, today=date(2027, 3, 1))
    assert first.is_complete and first.coach_feedback and first.executive_feedback
    assert compiled(first)["ratings"]["answered"] is True
    assert second.due_on == date(2027, 3, 11) and not second.is_complete


def test_preparing_needs_a_review_point(planned: World) -> None:
    with pytest.raises(ValidationError):
        prepared(planned, date(2027, 2, 12))


def test_a_review_completed_late_shows_no_reading_taken_after_its_due_date(planned: World) -> None:
    world = planned
    review = prepared(world)
    measure = Goal.objects.get(engagement=world.engagement).measures.get()
    Reading.objects.create(measure=measure, taken_on=FIRST - timedelta(days=2), value=Decimal(4))
    Reading.objects.create(measure=measure, taken_on=FIRST + timedelta(days=19), value=Decimal(2))
    # Completed three weeks after its due date, as the demo's first review is: figures as of the due date.
    review = review_complete(review=review, user=world.coach, today=FIRST + timedelta(days=21))
    assert compiled(review)["as_of"] == FIRST.isoformat()
    assert compiled(review)["measures"][0]["latest"] == "4"
    assert [day for day, _value in compiled(review)["measures"][0]["readings"]] == ["2027-01-12", "2027-02-09"]
    page = client_for(world.coach).get(detail_url(review)).content.decode()
    assert "latest 4 h on 9 Feb 2027" in page and "2 h on 2 Mar 2027" not in page


@pytest.mark.parametrize("who", ["coach", "sponsor"])
def test_the_review_list_makes_the_same_number_of_queries_for_1_and_20_reviews(planned: World, who: str) -> None:
    world = planned
    Engagement.objects.filter(pk=world.engagement.pk).update(planned_months=24)
    world.engagement.refresh_from_db()
    points = [point.due_on for point in review_points(world.engagement, today=START)]
    client = client_for(world.user(who))

    def count() -> int:
        client.get(list_url(world))
        with CaptureQueriesContext(connection) as queries:
            assert client.get(list_url(world)).status_code == 200
        return len(queries)

    review_complete(review=prepared(world, points[0]), user=world.coach, today=points[0])
    one = count()
    for due_on in points[1:20]:
        prepared(world, due_on)
    assert count() == one
    assert len(ProgressReview.objects.filter(engagement=world.engagement)) == 20
