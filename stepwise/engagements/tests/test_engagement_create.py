"""A coach creates an engagement: organisation, dates, the executive and a first sponsor."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from stepwise.engagements import services
from stepwise.engagements.models import Engagement, Organisation, Participant

URL = reverse("engagement_create")


def form_data(**changes: str) -> dict[str, str]:
    return {
        "organisation": "",
        "new_organisation": "Globex",
        "title": "Leading through change",
        "start_date": "2027-03-01",
        "planned_months": "6",
        "executive_name": "Gina Globex",
        "executive_email": "gina@globex.test",
        "sponsor_name": "Hal Hr",
        "sponsor_email": "hal@globex.test",
    } | changes


def field_errors(response, field: str) -> list[str]:
    return list(response.context["form"].errors.get(field, []))


def test_a_coach_creates_an_engagement_and_both_people_are_invited(world, client_as, fresh_outbox, run_worker):
    response = client_as(world.coach).post(URL, form_data())
    engagement = Engagement.objects.get(title="Leading through change")
    assert response.status_code == 302
    assert response["Location"] == reverse("engagement_detail", args=[engagement.public_id])
    assert engagement.coach == world.coach
    assert engagement.organisation.name == "Globex"
    assert engagement.status == Engagement.Status.SETTING_UP
    roles = {p.user.email: p.role for p in engagement.participants.select_related("user")}
    assert roles == {"gina@globex.test": Participant.Role.EXECUTIVE, "hal@globex.test": Participant.Role.SPONSOR}
    run_worker()
    assert sorted(m.to[0] for m in fresh_outbox) == ["gina@globex.test", "hal@globex.test"]


def test_the_form_offers_the_existing_organisations(world, client_as):
    response = client_as(world.coach).get(URL)
    assert response.status_code == 200
    assert "Acme Industries" in response.content.decode()


def test_an_existing_organisation_can_be_chosen(world, client_as):
    data = form_data(organisation=str(world.organisation.pk), new_organisation="")
    assert client_as(world.coach).post(URL, data).status_code == 302
    assert world.organisation.engagements.count() == 2


def test_a_missing_organisation_is_named_next_to_the_field(world, client_as):
    response = client_as(world.coach).post(URL, form_data(new_organisation="  "))
    assert response.status_code == 400
    assert field_errors(response, "organisation") == ["Choose the client organisation, or type the name of a new one."]
    assert 'value="Gina Globex"' in response.content.decode()
    assert Engagement.objects.count() == 1


def test_a_new_organisation_named_like_an_existing_one_is_refused(world, client_as):
    response = client_as(world.coach).post(URL, form_data(new_organisation="acme industries"))
    assert field_errors(response, "new_organisation") == [
        "This organisation exists already: choose it in the list above."
    ]
    assert Organisation.objects.count() == 1


def test_the_sponsor_cannot_share_the_executives_address(world, client_as):
    response = client_as(world.coach).post(URL, form_data(sponsor_email="GINA@globex.test"))
    assert field_errors(response, "sponsor_email") == [
        "The sponsor needs an address of their own, not the executive's."
    ]
    assert not Engagement.objects.filter(title="Leading through change").exists()


def test_a_sponsor_address_needs_a_name(world, client_as):
    response = client_as(world.coach).post(URL, form_data(sponsor_name=""))
    assert field_errors(response, "sponsor_name") == ["Give the sponsor's name too, so the invitation greets them."]


def test_a_start_date_in_the_wrong_century_is_questioned(world, client_as):
    response = client_as(world.coach).post(URL, form_data(start_date="0202-03-01"))
    assert field_errors(response, "start_date") == ["Check the year of the start date."]


@pytest.mark.parametrize("months", ["0", "37", "six"])
def test_a_planned_length_outside_one_to_36_months_is_refused(world, client_as, months):
    response = client_as(world.coach).post(URL, form_data(planned_months=months))
    assert response.status_code == 400
    assert field_errors(response, "planned_months")
    assert not Engagement.objects.filter(title="Leading through change").exists()


def test_inviting_the_coach_as_executive_is_refused_and_nothing_is_half_created(world, client_as):
    response = client_as(world.coach).post(URL, form_data(executive_email=world.coach.email))
    assert response.status_code == 400
    assert "This is the coach's own address." in response.context["form"].errors["executive_email"][0]
    assert not Engagement.objects.filter(title="Leading through change").exists()
    # The new organisation typed on the form is not left behind, so sending the form again works.
    assert not Organisation.objects.filter(name="Globex").exists()
    again = client_as(world.coach).post(URL, form_data())
    assert again.status_code == 302


def test_the_service_refuses_a_second_executive(world):
    with pytest.raises(ValidationError) as caught:
        services.participant_invite(
            engagement=world.engagement,
            invited_by=world.coach,
            full_name="Second Exec",
            email="second@acme.test",
            role=Participant.Role.EXECUTIVE,
        )
    assert "already has its executive" in caught.value.message_dict["role"][0]


def test_inviting_someone_already_in_the_engagement_is_refused(world, client_as):
    response = client_as(world.coach).post(
        reverse("participant_invite", args=[world.engagement.public_id]),
        {"full_name": "Sam Sponsor", "email": "SAM@acme.test", "role": "sponsor"},
    )
    assert response.status_code == 400
    assert response.context["form"].errors["email"] == ["This person is already part of the engagement."]


def test_the_coach_invites_a_second_sponsor(world, client_as, fresh_outbox, run_worker):
    response = client_as(world.coach).post(
        reverse("participant_invite", args=[world.engagement.public_id]),
        {"full_name": "Hana Hr", "email": "hana@acme.test", "role": "sponsor"},
    )
    assert response.status_code == 302
    assert world.engagement.participants.filter(user__email="hana@acme.test", role="sponsor").exists()
    run_worker()
    assert [m.to for m in fresh_outbox] == [["hana@acme.test"]]


def test_the_coach_edits_the_engagement_facts_and_bad_input_is_kept(world, client_as):
    url = reverse("engagement_edit", args=[world.engagement.public_id])
    client = client_as(world.coach)
    bad = client.post(url, {"title": "Renamed", "start_date": "2027-01-11", "planned_months": "40", "status": "active"})
    assert bad.status_code == 400
    assert bad.context["form"].errors["planned_months"]
    assert 'value="Renamed"' in bad.content.decode()
    good = client.post(url, {"title": "Renamed", "start_date": "2027-01-11", "planned_months": "9", "status": "active"})
    assert good.status_code == 302
    world.engagement.refresh_from_db()
    assert (world.engagement.title, world.engagement.planned_months) == ("Renamed", 9)
