"""Access-walk rows for the raters' pages (merged into PAGES by test_access_walk.py).

A rater has no account: the link in their mail (``/r/<token>/``) trades its token for a session
and sends them to ``/r/``, the one page that session opens. Whoever holds the link can trade it
(the link is the credential), so every role is redirected; only a session that traded a link
that is still open reaches ``/r/`` and the survey's other pages, where the rater (and no one
else) writes: their draft, their answers, their decline.
"""

from typing import Any

from stepwise.conftest import World
from tests.walk import Page, codes


def _round(world: World) -> dict[str, Any]:
    return {"public_id": world.engagement.public_id, "round_id": world.round.public_id}


PAGES: dict[str, Page] = {
    "rater_open": Page(lambda w: {"token": w.rater_token}, get=codes(others=302), post=codes(others=405), public=True),
    "rater_home": Page(get=codes(rater=200, others=404), post=codes(others=405), public=True),
    # rater lane: the rater's own survey (saved, sent, declined) and the executive's self page.
    # Only a session that traded a link still open reaches them; everyone else is told the link
    # is not valid (404). The world's round has no questions, so an empty survey is complete.
    "rater_save": Page(get=codes(others=405), post=codes(rater=302, others=404), public=True),
    "rater_submit": Page(get=codes(others=405), post=codes(rater=302, others=404), public=True),
    "rater_decline": Page(get=codes(rater=200, others=404), post=codes(rater=302, others=404), public=True),
    # Not yet sent or declined: back to the survey (which says, for a stranger, that no link is open).
    "rater_thanks": Page(get=codes(others=302), post=codes(others=405), public=True),
    "round_self": Page(
        _round,
        get=codes(executive=200, anonymous=302, others=404),
        post=codes(executive=302, anonymous=302, others=404),
    ),
    "round_self_save": Page(
        _round,
        get=codes(anonymous=302, others=405),
        post=codes(executive=200, anonymous=302, others=404),
    ),
}
