"""The API answers each role exactly as the pages do: same policy, JSON errors, flat query counts."""

import hashlib
import uuid
from collections.abc import Callable

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext

from stepwise.agreements import services as agreements
from stepwise.agreements.models import Agreement
from stepwise.api.api import api
from stepwise.conftest import World, engagement_make, participant_join
from stepwise.engagements.models import Engagement, Step
from stepwise.users.models import User

ClientAs = Callable[[User | None], Client]


# --- the list -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "role"),
    [("coach", "coach"), ("executive", "executive"), ("sponsor", "sponsor"), ("admin", "admin")],
)
def test_each_person_in_an_engagement_sees_it_in_the_list_with_their_role(
    world: World, client_as: ClientAs, who: str, role: str
) -> None:
    response = client_as(world.user(who)).get("/api/engagements")

    assert response.status_code == 200
    [row] = response.json()
    assert row == {
        "public_id": str(world.engagement.public_id),
        "title": "Leadership presence",
        "organisation": "Acme Industries",
        "start_date": "2027-01-11",
        "end_date": "2027-07-11",
        "status": "setting_up",
        "step": Step.AGREEMENT,
        "step_label": "Establish coaching agreement",
        "my_role": role,
    }


@pytest.mark.parametrize("who", ["other_coach", "outsider"])
def test_people_outside_an_engagement_get_an_empty_list(world: World, client_as: ClientAs, who: str) -> None:
    response = client_as(world.user(who)).get("/api/engagements")

    assert response.status_code == 200
    assert response.json() == []


@pytest.mark.parametrize("path", ["", "/{id}", "/{id}/agreement"])
def test_anonymous_visitors_are_asked_to_sign_in(world: World, client_as: ClientAs, path: str) -> None:
    response = client_as(None).get("/api/engagements" + path.format(id=world.engagement.public_id))

    assert response.status_code == 401
    assert response.json() == {"detail": "Unauthorized"}


def test_the_step_follows_the_signed_agreement_and_the_coachs_override(
    world: World, client_as: ClientAs, signed_agreement: Agreement
) -> None:
    client = client_as(world.executive)

    [row] = client.get("/api/engagements").json()
    assert (row["step"], row["status"]) == (Step.ASSESSMENT, "active")

    Engagement.objects.filter(pk=world.engagement.pk).update(step_override=Step.ACTION_PLANS)
    [row] = client.get("/api/engagements").json()
    assert row["step"] == Step.ACTION_PLANS
    assert client.get(f"/api/engagements/{world.engagement.public_id}").json()["step"] == Step.ACTION_PLANS


@pytest.mark.parametrize("who", ["coach", "admin"])
def test_the_list_costs_the_same_queries_for_1_and_for_20_engagements(
    world: World, client_as: ClientAs, who: str
) -> None:
    client = client_as(world.user(who))

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/api/engagements")
        assert response.status_code == 200
        return len(queries)

    one = count()
    for n in range(19):
        engagement_make(coach=world.coach, organisation=world.organisation, executive_email=f"exec{n}@acme.test")
    Engagement.objects.filter(participants__user__email="exec3@acme.test").update(step_override=Step.FOLLOW_UP)
    twenty = count()

    assert len(client.get("/api/engagements").json()) == 20
    assert twenty == one


def test_the_list_comes_a_page_at_a_time_with_the_total_and_the_next_page(world: World, client_as: ClientAs) -> None:
    for n in range(11):
        engagement_make(
            coach=world.coach, organisation=world.organisation, executive_email=f"exec{n}@acme.test", title=f"E{n:02}"
        )
    client = client_as(world.coach)

    everything = client.get("/api/engagements")
    assert everything["X-Total-Count"] == "12" and "Link" not in everything
    titles = [row["title"] for row in everything.json()]
    assert len(titles) == 12 and titles[0] == "E10"  # newest first

    first = client.get("/api/engagements", {"limit": 5})
    assert [row["title"] for row in first.json()] == titles[:5]
    assert first["X-Total-Count"] == "12"
    assert first["Link"] == '</api/engagements?limit=5&offset=5>; rel="next"'
    last = client.get("/api/engagements", {"limit": 5, "offset": 10})
    assert [row["title"] for row in last.json()] == titles[10:]
    assert "Link" not in last
    assert client.get("/api/engagements", {"offset": 40}).json() == []
    # Every row keeps the tracker's step.
    assert {row["step"] for row in first.json()} == {Step.AGREEMENT}


@pytest.mark.parametrize("query", [{"limit": 0}, {"limit": 201}, {"offset": -1}, {"limit": "all"}])
def test_a_limit_or_offset_out_of_range_is_a_422_that_says_which(
    world: World, client_as: ClientAs, query: dict[str, int | str]
) -> None:
    response = client_as(world.coach).get("/api/engagements", query)
    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert error["loc"] == ["query", next(iter(query))]


@pytest.mark.parametrize("who", ["coach", "admin"])
def test_a_page_of_the_list_costs_the_same_queries_for_5_and_for_30_engagements(
    world: World, client_as: ClientAs, who: str
) -> None:
    client = client_as(world.user(who))

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/api/engagements", {"limit": 5})
        assert response.status_code == 200 and len(response.json()) == 5
        return len(queries)

    for n in range(4):
        engagement_make(coach=world.coach, organisation=world.organisation, executive_email=f"exec{n}@acme.test")
    five = count()
    for n in range(4, 29):
        engagement_make(coach=world.coach, organisation=world.organisation, executive_email=f"exec{n}@acme.test")
    assert count() == five


# --- one engagement -------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["coach", "executive", "sponsor"])
def test_the_engagement_shows_its_people_and_stakeholders_to_those_who_may_see_them(
    world: World, client_as: ClientAs, who: str
) -> None:
    response = client_as(world.user(who)).get(f"/api/engagements/{world.engagement.public_id}")

    assert response.status_code == 200
    body = response.json()
    assert body["my_role"] == who
    assert [(p["name"], p["role"]) for p in body["people"]] == [
        ("Cora Coach", "coach"),
        ("Erin Executive", "executive"),
        ("Sam Sponsor", "sponsor"),
    ]
    assert all(p["joined"] for p in body["people"])
    assert body["stakeholders"] == [{"name": "Pat Peer", "email": "pat@acme.test", "relationship": "peer"}]


def test_a_person_who_has_not_joined_yet_shows_no_joining_date(world: World, client_as: ClientAs) -> None:
    engagement = engagement_make(coach=world.coach, organisation=world.organisation, executive_email="new@acme.test")

    body = client_as(world.coach).get(f"/api/engagements/{engagement.public_id}").json()

    assert [(p["role"], p["joined"] is None) for p in body["people"]] == [("coach", False), ("executive", True)]


def test_the_practice_admin_sees_the_facts_but_not_the_stakeholders(world: World, client_as: ClientAs) -> None:
    response = client_as(world.admin).get(f"/api/engagements/{world.engagement.public_id}")

    assert response.status_code == 200
    assert response.json()["my_role"] == "admin"
    assert response.json()["stakeholders"] is None
    assert "pat@acme.test" not in response.content.decode()


@pytest.mark.parametrize("who", ["other_coach", "outsider"])
@pytest.mark.parametrize("path", ["", "/agreement"])
def test_an_engagement_outside_your_reach_is_not_found(world: World, client_as: ClientAs, who: str, path: str) -> None:
    response = client_as(world.user(who)).get(f"/api/engagements/{world.engagement.public_id}{path}")

    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert "Pat Peer" not in response.content.decode()


def test_an_unknown_engagement_is_a_json_404(world: World, client_as: ClientAs) -> None:
    response = client_as(world.coach).get(f"/api/engagements/{uuid.uuid4()}")

    assert response.status_code == 404
    assert "detail" in response.json()


@pytest.mark.parametrize(
    "path", ["/api/engagements/not-a-uuid", "/api/engagements/not-a-uuid/agreement", "/api/nothing"]
)
def test_a_malformed_id_or_unknown_path_is_a_json_404(world: World, client_as: ClientAs, path: str) -> None:
    response = client_as(world.coach).get(path)

    assert response.status_code == 404
    assert response.json() == {"detail": "Not Found"}


# --- the agreement --------------------------------------------------------------------------


def test_an_engagement_without_an_agreement_answers_404(world: World, client_as: ClientAs) -> None:
    engagement = engagement_make(coach=world.coach, organisation=world.organisation, executive_email="new@acme.test")

    response = client_as(world.coach).get(f"/api/engagements/{engagement.public_id}/agreement")

    assert response.status_code == 404
    assert response.json() == {"detail": "This engagement has no agreement yet."}


@pytest.mark.parametrize("who", ["coach", "executive", "sponsor", "admin"])
def test_the_signed_agreement_reads_the_same_for_every_party(
    world: World, client_as: ClientAs, signed_agreement: Agreement, who: str
) -> None:
    response = client_as(world.user(who)).get(f"/api/engagements/{world.engagement.public_id}/agreement")

    assert response.status_code == 200
    body = response.json()
    assert (body["version"], body["status"]) == (1, "signed")
    assert body["text_hash"] == hashlib.sha256(body["text"].encode()).hexdigest() == signed_agreement.text_hash
    assert "Executive Coaching Agreement" in body["text"]
    assert body["signed_at"] is not None
    assert [(s["name"], s["role"]) for s in body["signatures"]] == [
        ("Cora Coach", "coach"),
        ("Erin Executive", "executive"),
        ("Sam Sponsor", "sponsor"),
    ]


def test_a_new_draft_is_the_latest_version_and_has_no_hash_yet(
    world: World, client_as: ClientAs, signed_agreement: Agreement
) -> None:
    agreements.agreement_start(engagement=world.engagement)

    body = client_as(world.executive).get(f"/api/engagements/{world.engagement.public_id}/agreement").json()

    assert (body["version"], body["status"], body["text_hash"], body["signatures"]) == (2, "draft", None, [])
    assert "Version 2" in body["text"]


# --- errors and documentation ---------------------------------------------------------------


def test_a_refused_write_is_a_json_403_not_a_500() -> None:
    request = RequestFactory().get("/api/engagements")
    response = api.on_exception(request, PermissionDenied("You may read this but not change it."))

    assert response.status_code == 403
    assert response.content == b'{"detail": "You may read this but not change it."}'


def test_the_openapi_document_lists_the_endpoints(db: None) -> None:
    response = Client().get("/api/openapi.json")

    assert response.status_code == 200
    assert set(response.json()["paths"]) == {
        "/api/engagements",
        "/api/engagements/{public_id}",
        "/api/engagements/{public_id}/agreement",
        "/api/engagements/{public_id}/goals",
    }


def test_an_invited_executive_gets_the_mail_and_then_finds_the_engagement(
    world: World, client_as: ClientAs, run_worker: Callable[[], int]
) -> None:
    mail.outbox.clear()
    engagement = engagement_make(coach=world.coach, organisation=world.organisation, executive_email="new@acme.test")
    run_worker()

    assert [m.to for m in mail.outbox if "new@acme.test" in m.to] == [["new@acme.test"]]
    participant = engagement.participants.get()
    # The invitation grants nothing until it is accepted.
    assert client_as(participant.user).get("/api/engagements").json() == []
    executive = participant_join(participant)
    assert [row["public_id"] for row in client_as(executive).get("/api/engagements").json()] == [
        str(engagement.public_id)
    ]
