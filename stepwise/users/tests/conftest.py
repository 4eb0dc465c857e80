import pytest

from stepwise.engagements import services as engagement_services
from stepwise.engagements.models import Participant

from .invitations import token_mailed_to


@pytest.fixture
def invited(world, run_worker) -> Participant:
    """A sponsor invited to the world's engagement who has no account yet."""
    participant = engagement_services.participant_invite(
        engagement=world.engagement, invited_by=world.coach, full_name="Hana Hr", email="hana@acme.test", role="sponsor"
    )
    run_worker()
    return participant


@pytest.fixture
def token(invited) -> str:
    return token_mailed_to("hana@acme.test")


@pytest.fixture
def second_engagement(world, run_worker):
    """Another coach invites the world's executive, who has an account, to a second engagement."""
    engagement = engagement_services.engagement_create(
        coach=world.other_coach,
        organisation=world.organisation,
        title="Second engagement",
        start_date=world.engagement.start_date,
        planned_months=3,
        executive_name="Erin Executive",
        executive_email=world.executive.email,
    )
    run_worker()
    return engagement
