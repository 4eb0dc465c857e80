"""The coach starts an agreement from the practice's own template when there is one."""

from django.urls import reverse

from stepwise.agreements.models import Agreement, AgreementTemplate
from stepwise.conftest import World, client_for


def test_the_coach_chooses_the_practice_template_to_start_from(world: World) -> None:
    world.agreement.delete()
    own = AgreementTemplate.objects.create(name="Our short agreement", executive_commitments="Come prepared.")
    coach = client_for(world.coach)
    page = coach.get(reverse("engagement_detail", kwargs={"public_id": world.engagement.public_id}))
    assert "Our short agreement" in page.content.decode()
    coach.post(
        reverse("agreement_start", kwargs={"public_id": world.engagement.public_id}), {"template": own.public_id}
    )
    assert Agreement.objects.get(engagement=world.engagement).executive_commitments == "Come prepared."


def test_an_unknown_template_falls_back_to_the_builtin_one(world: World) -> None:
    world.agreement.delete()
    response = client_for(world.coach).post(
        reverse("agreement_start", kwargs={"public_id": world.engagement.public_id}), {"template": "not-a-uuid"}
    )
    assert response.status_code == 302
    assert (
        "Agree to ZERO CANCELLATION POLICY." in Agreement.objects.get(engagement=world.engagement).executive_commitments
    )
