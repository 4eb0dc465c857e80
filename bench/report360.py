"""Time the 360 report for 60 raters and 50 items: the page, and its PDF (rendered once, then stored).

    .venv/bin/python bench/report360.py
    BENCH_REPEATS=20 .venv/bin/python bench/report360.py
    DATABASE_URL=postgres://... .venv/bin/python bench/report360.py   # an empty database it may fill

It builds its round through the real services (nominate, open, 60 submissions, close) in a fresh
SQLite file under var/ unless DATABASE_URL is given. Not a test: the tests assert that the page's
query count does not grow with raters and items (stepwise/feedback/tests/test_report.py).
"""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
REPEATS = int(os.environ.get("BENCH_REPEATS", "10"))
SIZES = {"manager": 1, "peer": 20, "direct_report": 20, "other": 19}


def _timed(run, repeats: int) -> list[float]:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        times.append((time.perf_counter() - start) * 1000)
    return times


def main() -> None:
    os.environ.setdefault("STEPWISE_ENV", "development")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "stepwise.settings")
    if "DATABASE_URL" not in os.environ:
        folder = Path(tempfile.mkdtemp(prefix="report360-", dir=ROOT / "var"))
        os.environ["DATABASE_URL"] = f"sqlite:///{folder / 'bench.sqlite3'}"
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.urls import reverse

    call_command("migrate", verbosity=0)
    from stepwise.conftest import client_for, world_build
    from stepwise.feedback import release
    from stepwise.feedback.tests.rounds_made import questionnaire_made, round_closed
    from stepwise.lib.mail import mail_withheld

    with mail_withheld():
        world = world_build()
        start = time.perf_counter()
        questionnaire = questionnaire_made(scale_items=50, competencies=6, open_items=5)
        round = round_closed(world.engagement, sizes=SIZES, questionnaire=questionnaire, title="Bench 360")
        made_in = time.perf_counter() - start
        coach = client_for(world.coach)
        kwargs = {"public_id": world.engagement.public_id, "round_id": round.public_id}
        page, pdf = reverse("round_report", kwargs=kwargs), reverse("round_report_pdf", kwargs=kwargs)
        coach.get(page)  # the coach's first visit makes version 1

        queries: list[str] = []

        def counted(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
            queries.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(counted):
            assert coach.get(page).status_code == 200
        pages = _timed(lambda: coach.get(page), REPEATS)
        rendered = _timed(lambda: coach.get(pdf), 1)  # the coach's first download renders and stores it
        stored = _timed(lambda: coach.get(pdf), REPEATS)
        release.report_release(round=round, number=1, by=world.coach)
        executive = client_for(world.executive)
        released = _timed(lambda: executive.get(pdf), 1)  # released: a new rendering, stored

    print(f"round: 60 raters × 50 items + 5 open questions, made through the services in {made_in:.1f} s")
    print(f"page: {len(queries)} queries; median {statistics.median(pages):.0f} ms, slowest {max(pages):.0f}")
    print(f"PDF first download (rendered, stored): {rendered[0]:.0f} ms; once released: {released[0]:.0f} ms")
    print(f"PDF stored: median {statistics.median(stored):.1f} ms, slowest {max(stored):.1f}")


if __name__ == "__main__":
    main()
