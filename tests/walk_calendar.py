"""Access-walk rows for step 5's calendar pages (merged into PAGES by test_access_walk.py).

Each row reads: admin, coach, other_coach, executive, sponsor, outsider, anonymous.
"""

from tests.walk import Page

PAGES: dict[str, Page] = {}
