"""Save what each of the bench's pages answers (bench/profile_page.py's people and settings) to
a directory, to compare before and after a change that must not change what users see:

    DATABASE_URL=sqlite:///$PWD/var/perf-300.sqlite3 .venv/bin/python bench/snapshot_pages.py var/before
    ... (change) ...
    DATABASE_URL=... .venv/bin/python bench/snapshot_pages.py var/after && diff -r var/before var/after

What differs on every request (the CSRF token, a create form's one-time token, a chart's
identifiers) is replaced by a fixed word.
"""

import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import bench.profile_page  # noqa: F401  (sets production's environment before Django starts)


def main() -> None:
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    from bench.pages import find_cast, pages_of, setup_django
    from bench.profile_page import signed_in

    setup_django()
    from django.conf import settings
    from django.test import override_settings

    static = settings.STORAGES | {"staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
    with override_settings(STORAGES=static):
        cast = find_cast()
        clients = {role: signed_in(getattr(cast, role)) for role in ("coach", "executive", "sponsor")}
        for page in pages_of(cast):
            if page.kind not in ("html", "api"):
                continue
            body = clients[page.role].get(page.path, secure=True).content.decode()
            varying = r'(csrfmiddlewaretoken" value="|"X-CSRFToken": "|name="token" value=")[^"]+'
            body = re.sub(varying, r"\1TOKEN", body)
            body = re.sub(r'id="chart-[0-9a-f-]+"|id="c[0-9a-f]+-serie', "id=CHART", body)
            (out / f"{page.name.replace(' ', '_')}.html").write_text(body)


if __name__ == "__main__":
    main()
