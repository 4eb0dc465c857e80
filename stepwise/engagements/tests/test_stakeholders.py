"""The executive's key stakeholders: named by the executive and the coach, read by the sponsor."""

from django.urls import reverse

from stepwise.engagements import services
from stepwise.engagements.models import Stakeholder


def add_url(world) -> str:
    return reverse("stakeholder_add", args=[world.engagement.public_id])


def edit_url(world, stakeholder: Stakeholder) -> str:
    return reverse("stakeholder_edit", args=[world.engagement.public_id, stakeholder.public_id])


def test_the_executive_adds_a_stakeholder_and_sees_them_on_the_engagement_page(world, client_as):
    client = client_as(world.executive)
    response = client.post(
        add_url(world), {"name": "Dana Direct", "email": "Dana@Acme.test", "relationship": "direct_report"}
    )
    assert response.status_code == 302
    dana = world.engagement.stakeholders.get(name="Dana Direct")
    assert (dana.email, dana.relationship) == ("dana@acme.test", Stakeholder.Relationship.DIRECT_REPORT)
    page = client.get(reverse("engagement_detail", args=[world.engagement.public_id])).content.decode()
    assert "Dana Direct" in page
    assert "direct report" in page


def test_the_sponsor_reads_the_list_but_gets_no_way_to_change_it(world, client_as):
    page = client_as(world.sponsor).get(reverse("engagement_detail", args=[world.engagement.public_id]))
    html = page.content.decode()
    assert "Pat Peer" in html
    assert add_url(world) not in html
    assert edit_url(world, world.stakeholder) not in html


def test_a_duplicate_email_is_refused_next_to_the_email_field(world, client_as):
    response = client_as(world.coach).post(
        add_url(world), {"name": "Pat Again", "email": "PAT@acme.test", "relationship": "manager"}
    )
    assert response.status_code == 400
    assert response.context["form"].errors["email"] == ["A stakeholder with this email is already on the list."]
    assert 'value="Pat Again"' in response.content.decode()
    assert world.engagement.stakeholders.count() == 1


def test_changing_an_email_to_one_already_listed_is_refused(world, client_as):
    dana = services.stakeholder_save(
        engagement=world.engagement, name="Dana Direct", email="dana@acme.test", relationship="direct_report"
    )
    response = client_as(world.executive).post(
        edit_url(world, dana), {"name": "Dana Direct", "email": "pat@acme.test", "relationship": "direct_report"}
    )
    assert response.status_code == 400
    assert response.context["form"].errors["email"] == ["A stakeholder with this email is already on the list."]
    dana.refresh_from_db()
    assert dana.email == "dana@acme.test"


def test_the_same_person_may_be_a_stakeholder_in_another_engagement(world):
    other = services.engagement_create(
        coach=world.coach,
        organisation=world.organisation,
        title="Another",
        start_date=world.engagement.start_date,
        planned_months=6,
        executive_name="Xavier Exec",
        executive_email="xavier@acme.test",
    )
    services.stakeholder_save(engagement=other, name="Pat Peer", email="pat@acme.test", relationship="peer")
    assert Stakeholder.objects.filter(email="pat@acme.test").count() == 2


def test_bad_input_is_named_and_kept(world, client_as):
    response = client_as(world.coach).post(
        add_url(world), {"name": "", "email": "not-an-email", "relationship": "boss"}
    )
    errors = response.context["form"].errors
    assert response.status_code == 400
    assert set(errors) == {"name", "email", "relationship"}
    assert 'value="not-an-email"' in response.content.decode()


def test_the_coach_edits_a_stakeholder(world, client_as):
    response = client_as(world.coach).post(
        edit_url(world, world.stakeholder),
        {"name": "Pat Peer-Smith", "email": "pat@acme.test", "relationship": "manager"},
    )
    assert response.status_code == 302
    world.stakeholder.refresh_from_db()
    assert (world.stakeholder.name, world.stakeholder.relationship) == ("Pat Peer-Smith", "manager")


def test_the_edit_page_shows_the_stakeholder_and_a_remove_button(world, client_as):
    html = client_as(world.executive).get(edit_url(world, world.stakeholder)).content.decode()
    assert 'value="Pat Peer"' in html
    assert reverse("stakeholder_remove", args=[world.engagement.public_id, world.stakeholder.public_id]) in html


def test_the_executive_removes_a_stakeholder(world, client_as):
    url = reverse("stakeholder_remove", args=[world.engagement.public_id, world.stakeholder.public_id])
    response = client_as(world.executive).post(url, follow=True)
    assert not world.engagement.stakeholders.exists()
    assert "Pat Peer was removed from the stakeholders." in response.content.decode()


def test_removing_is_a_post_only(world, client_as):
    url = reverse("stakeholder_remove", args=[world.engagement.public_id, world.stakeholder.public_id])
    assert client_as(world.coach).get(url).status_code == 405
    assert world.engagement.stakeholders.count() == 1
