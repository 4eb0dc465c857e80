"""Time the pages a coach opens most, on a database filled with 50 engagements.

    make bench                                  # SQLite file in var/bench.sqlite3, made afresh
    BENCH_DATABASE_URL=postgres://... make bench  # a throwaway PostgreSQL database: it is filled!
    scripts/pg.sh run sh -c 'BENCH_DATABASE_URL=$DATABASE_URL .venv/bin/python bench/pages.py'
    BENCH_ENGAGEMENTS=200 BENCH_GOALS=30 BENCH_REQUESTS=50 make bench

Requests go through Django's test client (the whole middleware stack, no network), signed in as
the coach; the first engagement has a development plan of BENCH_GOALS goals (five actions and a
measure read weekly each). Each line gives the median and the slowest time per request and the
number of database queries; the query count should grow with neither BENCH_ENGAGEMENTS nor
BENCH_GOALS.
"""

import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

ENGAGEMENTS = int(os.environ.get("BENCH_ENGAGEMENTS", "50"))
GOALS = int(os.environ.get("BENCH_GOALS", "3"))
SESSIONS = int(os.environ.get("BENCH_SESSIONS", "100"))
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "30"))


def setup_django() -> None:
    db_file = ROOT / "var" / "bench.sqlite3"
    url = os.environ.get("BENCH_DATABASE_URL")
    if not url:
        db_file.parent.mkdir(exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db_file}{suffix}").unlink(missing_ok=True)
        url = f"sqlite:///{db_file}"
    # The benchmark never touches the database named in .env or the shell.
    os.environ["DATABASE_URL"] = url
    os.environ["STEPWISE_ENV"] = "development"
    os.environ["DEBUG"] = "false"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "stepwise.settings")
    import django

    django.setup()


def timed(get: Callable[[], object]) -> tuple[list[float], int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(3):  # warm caches, templates, connections
        get()
    with CaptureQueriesContext(connection) as captured:
        get()
    queries = len(captured)  # now: the next request empties Django's query log
    times = []
    for _ in range(REQUESTS):
        start = time.perf_counter()
        get()
        times.append((time.perf_counter() - start) * 1000)
    return times, queries


def main() -> None:
    setup_django()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client, override_settings
    from django.urls import reverse

    from bench.fill import fill, fill_meetings, fill_plan
    from stepwise.engagements.models import Engagement

    # Filling is not what is measured: a fast hasher keeps it short.
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        call_command("migrate", verbosity=0)
        start = time.perf_counter()
        coach = fill(engagement_count=ENGAGEMENTS)
        engagement = Engagement.objects.filter(coach=coach).order_by("created_at").first()
        assert engagement is not None
        fill_plan(engagement, goal_count=GOALS)
        fill_meetings(engagement, session_count=SESSIONS)
        filled = time.perf_counter() - start
    goal = engagement.goals.order_by("position").first()  # type: ignore[attr-defined]
    client = Client()
    client.force_login(coach, backend="django.contrib.auth.backends.ModelBackend")

    def page(path: str) -> Callable[[], object]:
        def get() -> object:
            response = client.get(path)
            if response.status_code != 200:
                raise SystemExit(f"{path} answered {response.status_code}")
            return response

        return get

    def post(path: str, data: dict[str, str]) -> Callable[[], object]:
        def send() -> object:
            response = client.post(path, data)
            if response.status_code != 200:
                raise SystemExit(f"POST {path} answered {response.status_code}")
            return response

        return send

    vendor = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    print(
        f"Stepwise bench: {ENGAGEMENTS} engagements, a plan of {GOALS} goals, {SESSIONS} sessions, on {vendor} "
        f"(filled in {filled:.1f} s), {REQUESTS} requests each"
    )
    print(f"{'page':<28} {'median ms':>10} {'max ms':>8} {'queries':>8}")
    for name, path in (
        ("home (coach)", "/"),
        ("engagement page", f"/engagements/{engagement.public_id}/"),
        ("API engagement list", "/api/engagements"),
    ):
        times, queries = timed(page(path))
        print(f"{name:<28} {statistics.median(times):>10.1f} {max(times):>8.1f} {queries:>8}")
    plan = f"/engagements/{engagement.public_id}/plan/"
    smart = {"title": "Delegate the weekly operations review to my directors by 31 March, from 6 to 1 hours a week"}
    for name, get in (
        ("development plan", page(plan)),
        ("goal page", page(f"{plan}goals/{goal.public_id}/")),
        ("SMART check (POST)", post(f"{plan}smart-check/", smart)),
        ("plan PDF", page(f"{plan}pdf/")),
    ):
        times, queries = timed(get)
        print(f"{name:<28} {statistics.median(times):>10.1f} {max(times):>8.1f} {queries:>8}")

    one = {"public_id": engagement.public_id}
    session = engagement.sessions.filter(status="held").last()  # type: ignore[attr-defined]
    for name, get in (
        ("sessions", page(reverse("session_list", kwargs=one))),
        ("session page", page(reverse("session_detail", kwargs=one | {"session_id": session.public_id}))),
        ("check-ins (coach)", page(reverse("checkin", kwargs=one))),
        ("progress reviews", page(reverse("review_list", kwargs=one))),
        ("messages", page(reverse("message_list", kwargs=one))),
        ("inbox", page(reverse("inbox"))),
    ):
        times, queries = timed(get)
        print(f"{name:<28} {statistics.median(times):>10.1f} {max(times):>8.1f} {queries:>8}")


if __name__ == "__main__":
    main()
