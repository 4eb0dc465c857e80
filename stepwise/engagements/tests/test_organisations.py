"""Client organisations: the practice's list, which coaches and admins keep."""

from django.urls import reverse

from stepwise.engagements.models import Organisation

URL = reverse("organisation_list")


def test_a_coach_adds_an_organisation_and_sees_it_listed_with_its_engagements(world, client_as):
    client = client_as(world.coach)
    response = client.post(URL, {"name": "  Globex  "})
    assert response.status_code == 302
    assert Organisation.objects.filter(name="Globex").exists()
    rows = " ".join(client.get(URL).content.decode().split())
    assert '<td data-label="Name">Globex</td> <td data-label="Engagements">0</td>' in rows
    assert '<td data-label="Name">Acme Industries</td> <td data-label="Engagements">1</td>' in rows


def test_an_organisation_differing_only_in_case_is_refused(world, client_as):
    response = client_as(world.admin).post(URL, {"name": "ACME industries"})
    assert response.status_code == 400
    assert response.context["form"].errors["name"] == ["ACME industries exists already."]
    assert Organisation.objects.count() == 1


def test_an_organisation_needs_a_name(world, client_as):
    response = client_as(world.coach).post(URL, {"name": "   "})
    assert response.context["form"].errors["name"]
    assert Organisation.objects.count() == 1
