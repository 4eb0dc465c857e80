"""Access-walk rows for the raters' pages (merged into PAGES by test_access_walk.py).

A rater has no account: the link in their mail (``/r/<token>/``) trades its token for a session
and sends them to ``/r/``, the one page that session opens. Whoever holds the link can trade it
(the link is the credential), so every role is redirected; only a session that traded a link
that is still open reaches ``/r/``. Both pages only read: a POST is refused.
"""

from typing import Any

from stepwise.conftest import World
from tests.walk import POST_ONLY, Page, codes

PAGES: dict[str, Page] = {
    "rater_open": Page(lambda w: {"token": w.rater_token}, get=codes(others=302), post=codes(others=405), public=True),
    "rater_home": Page(get=codes(rater=200, others=404), post=codes(others=405), public=True),
}


# Report lane: the 360 report. The coach reads (the first visit makes the version the coach reads),
# redacts and releases; the executive reads released versions (before release the page says it is
# not ready); the sponsor reads nothing here under the world's agreement (sponsor_sees_360_report is
# off); the practice admin has no part in it.
def _report_read(world: World) -> dict[str, Any]:
    from stepwise.feedback import release
    from stepwise.feedback.tests.rounds_made import round_closed

    round = round_closed(world.engagement, sizes={"manager": 1, "peer": 3, "other": 3}, title="Report walk")
    release.report_version_make(round=round)
    return {"public_id": world.engagement.public_id, "round_id": round.public_id}


def _a_comment(world: World) -> dict[str, Any]:
    from stepwise.feedback.models import Comment

    kwargs = _report_read(world)
    comment = Comment.objects.filter(round__public_id=kwargs["round_id"], group="peer").first()
    assert comment is not None
    return kwargs | {"comment_id": comment.id}


def _redaction(world: World) -> dict[str, Any]:
    from stepwise.feedback.models import Comment
    from stepwise.feedback.release import comment_digest

    comment = Comment.objects.filter(round__engagement=world.engagement, group="peer").first()
    assert comment is not None
    return {"text": "Someone in the team said [name] helped.", "seen": comment_digest(comment.text)}


REPORT_READERS = codes(coach=200, executive=200, anonymous=302, others=404)
COACH_ONLY = codes(coach=200, executive=403, anonymous=302, others=404)
COACH_POSTS_REPORT = codes(coach=302, executive=403, anonymous=302, others=404)

PAGES |= {
    "round_report": Page(_report_read, get=REPORT_READERS),
    # Before release only the coach has a version to download (a released one's PDF is stored on
    # its first download, which this walk's "a GET changes nothing" would count as a change:
    # stepwise/feedback/tests/test_report.py downloads it as the executive).
    "round_report_pdf": Page(_report_read, get=codes(coach=200, anonymous=302, others=404)),
    "round_report_release": Page(_report_read, get=POST_ONLY, post=COACH_POSTS_REPORT, data=lambda w: {"number": "1"}),
    "comment_redact": Page(_a_comment, get=COACH_ONLY, post=COACH_POSTS_REPORT, data=_redaction),
}
