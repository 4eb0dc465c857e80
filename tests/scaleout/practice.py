"""The practice the scale-out test serves, built through the services in a process of its own
(``manage.py shell``) against the shared database; ``main`` prints what the test needs as JSON.

Run as ``manage.py shell -c "from tests.scaleout.practice import main; main()"``.
"""

import json
import uuid
from datetime import timedelta

from django.conf import settings
from django.test import Client, override_settings
from django.utils import timezone

from stepwise.conftest import engagement_make, participant_join, user_make
from stepwise.engagements import services as engagement_services
from stepwise.engagements.models import Participant
from stepwise.meetings.services import sessions as session_services
from stepwise.users.models import User
from stepwise.worksheets.models import WorksheetTemplate

ENGAGEMENTS = 4


def _cookie(user: User) -> str:
    client = Client()
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


@override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])  # as the suite: fast
def main() -> None:
    engagements = []
    coach = user_make(email="coach@scaleout.test", full_name="Cora Coach", is_coach=True)
    organisation = engagement_services.organisation_create(name="Acme Industries")
    for n in range(ENGAGEMENTS):
        engagement = engagement_make(coach=coach, organisation=organisation, executive_email=f"exec{n}@acme.test")
        participant_join(engagement.participants.get(role=Participant.Role.EXECUTIVE))
        engagements.append(str(engagement.public_id))
    templates = [template.pk for template in WorksheetTemplate.objects.order_by("pk")[:2]]
    print(json.dumps({"coach_cookie": _cookie(coach), "engagements": engagements, "templates": templates}))


def sessions_due_and_reminder_runs(*, runs: int) -> None:
    """A session within everyone's reminder notice (24 hours by default) in each engagement,
    then ``runs`` reminder runs queued at once."""
    from stepwise.engagements.models import Engagement
    from stepwise.meetings.tasks import reminders_tick

    now = timezone.now()
    for n, engagement in enumerate(Engagement.objects.order_by("pk")):
        session_services.session_schedule(
            engagement=engagement,
            starts=[now + timedelta(hours=3 + n)],
            minutes=60,
            time_zone="Europe/London",
            where="Video call",
            token=uuid.uuid4(),
            now=now,
        )
    for _ in range(runs):
        reminders_tick.enqueue()
