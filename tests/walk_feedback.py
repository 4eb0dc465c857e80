"""Access-walk rows for the raters' pages (merged into PAGES by test_access_walk.py).

A rater has no account: the link in their mail (``/r/<token>/``) trades its token for a session
and sends them to ``/r/``, the one page that session opens. Whoever holds the link can trade it
(the link is the credential), so every role is redirected; only a session that traded a link
that is still open reaches ``/r/``. Both pages only read: a POST is refused.
"""

from tests.walk import Page, codes

PAGES: dict[str, Page] = {
    "rater_open": Page(lambda w: {"token": w.rater_token}, get=codes(others=302), post=codes(others=405), public=True),
    "rater_home": Page(get=codes(rater=200, others=404), post=codes(others=405), public=True),
}
