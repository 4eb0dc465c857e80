"""Step 7 of the demo practice, lane "close" (``manage.py demo``): Grace Park's engagement, run
to its end and closed, with its sustain plan; and Felix Moreau's, closed long ago, whose coaching
content the retention task has removed (its record is on the practice admin's Retention page).

Idempotent: an engagement that is closed already is left as it is.
"""

from datetime import UTC, date, datetime, time, timedelta

from django.utils import timezone

from stepwise.agreements.demo import demo_agreement
from stepwise.engagements.demo import demo_engagement, demo_stakeholders
from stepwise.engagements.models import Engagement
from stepwise.feedback.demo import demo_360_closed
from stepwise.meetings.demo import demo_sessions
from stepwise.outcomes.demo import demo_mini_surveys
from stepwise.outcomes.demo_roi import demo_roi
from stepwise.plans.demo import demo_plan
from stepwise.users.demo import demo_invitations_accept
from stepwise.users.models import User

from . import closing, retention, sustain
from .models import Closure

GRACE_TITLE = "Grace Park — leading the merger"
FELIX_TITLE = "Felix Moreau — finance to general management"
GRACE_CONTEXT = (
    "Grace leads Acme's integration of a newly acquired business. The organisation wants her to "
    "bring the two leadership teams together and to speak for the merged business with confidence."
)


def _before_close(engagement: Engagement, today: date) -> None:
    """What step 7 writes before the close (a closed engagement takes no writes): two mini-surveys,
    planned with the same raters as its 360, sent two months and two and a half after its end, and
    the ROI with its benefits, estimates and costs."""
    demo_mini_surveys(engagement, today=engagement.end_date + timedelta(days=100))
    demo_roi(engagement)


def _run_to_the_end(engagement: Engagement, *, sponsor: User, context: str = "") -> None:
    """An engagement as it stands at its end: agreement signed, goals approved, sessions held."""
    demo_invitations_accept(engagement)
    demo_stakeholders(engagement)
    (executive,) = engagement.executives()
    demo_agreement(engagement, context=context, signers=[engagement.coach, executive, sponsor])
    demo_plan(engagement, executive=executive, sponsor=sponsor, changed=False)
    demo_sessions(engagement, now=timezone.now(), recorded=6)


def demo_closed_engagement(people: dict[str, User], *, today: date | None = None) -> Engagement:
    """Grace's engagement: started ten months ago for six months, its 360 closed and released a
    month before the end, a sustain plan with check-ins to come, closed by the coach."""
    today = today or timezone.localdate()
    engagement, _new = demo_engagement(
        org="Acme Corporation",
        title=GRACE_TITLE,
        coach=people["coach"],
        executive=people["executive4"],
        sponsor=people["sponsor"],
        start=today - timedelta(days=300),
        months=6,
    )
    if engagement.status == Engagement.Status.CLOSED:
        return engagement
    _run_to_the_end(engagement, sponsor=people["sponsor"], context=GRACE_CONTEXT)
    demo_360_closed(engagement, today=engagement.end_date - timedelta(days=20))
    sustain.sustain_plan_save(
        engagement=engagement,
        keep_doing=(
            "A fortnightly lunch with one leader from each of the two former teams.\n"
            "Ask the question before giving the answer in the Monday meeting.\n"
            "Before each board update, rehearse the three messages with a peer."
        ),
        revision=None,
    )
    for months, focus in ((1, "The Monday meeting: who speaks first?"), (3, "The fortnightly lunches"), (6, "")):
        sustain.sustain_checkin_add(engagement=engagement, due_on=today + timedelta(days=30 * months), focus=focus)
    _before_close(engagement, today)
    closure = closing.engagement_close(engagement=engagement, by=people["coach"], today=today)
    # Closed the week the engagement ended, as its coach would have.
    Closure.objects.filter(pk=closure.pk).update(closed_on=engagement.end_date + timedelta(days=7))
    return engagement


def demo_past_retention(people: dict[str, User], *, today: date | None = None) -> Engagement:
    """Felix's engagement: ended over two and a half years ago, closed then, and processed by
    retention: its coaching content removed, its facts, attendance and goal titles kept."""
    today = today or timezone.localdate()
    engagement, _new = demo_engagement(
        org="Northwind Traders",
        title=FELIX_TITLE,
        coach=people["coach"],
        executive=people["executive5"],
        sponsor=people["sponsor2"],
        start=today - timedelta(days=1100),
        months=6,
    )
    if engagement.status == Engagement.Status.CLOSED:
        return engagement
    _run_to_the_end(engagement, sponsor=people["sponsor2"])
    sustain.sustain_plan_save(engagement=engagement, keep_doing="A monthly review with my CFO.", revision=None)
    closure = closing.engagement_close(engagement=engagement, by=people["coach"], today=today)
    closed_on = engagement.end_date + timedelta(days=7)
    Closure.objects.filter(pk=closure.pk).update(closed_on=closed_on)
    # The worker's run the night after its retention ended (or today, for a practice keeping longer).
    ran_on = min(closed_on + timedelta(days=retention.retention_days() + 1), today)
    retention.retention_apply(engagement=engagement, now=datetime.combine(ran_on, time(3), tzinfo=UTC))
    return engagement
