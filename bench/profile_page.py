"""Time pages in-process, one after the other, with production's settings on a filled database:
the CPU milliseconds a request takes through the whole middleware stack (Django's test client,
no network, no load tool; SQLite's work is in the process too), its ratio to the signed-in floor
timed the same way, and the wall-clock milliseconds (which other work on the machine inflates). What ``make
bench`` measures under load, without needing a quiet machine; a profile shows where the time goes.

    DATABASE_URL=sqlite:///$PWD/var/perf-300.sqlite3 .venv/bin/python bench/profile_page.py
    ... bench/profile_page.py --requests 200 "home (coach)" engagement      # some pages only
    ... bench/profile_page.py --profile 30 "home (coach)"                   # cProfile, top 30
    ... bench/profile_page.py --queries 3 "home (coach)"    # each query's time; the 3 slowest's plans

The database is one ``manage.py demo --size large --engagements N`` filled (or ``make bench``
left); the people and pages are the bench's own (``bench/pages.py``). Each person is signed in as
after the sign-in form (the coach with the authenticator passed), so the two-factor check costs
what it costs in production. Static files are named without the manifest (collectstatic is not
needed), which costs the same.
"""

import argparse
import cProfile
import functools
import os
import pstats
import secrets
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

os.environ |= {
    "STEPWISE_ENV": "production",
    "STEPWISE_DOTENV": os.devnull,
    "DJANGO_SETTINGS_MODULE": "bench.settings",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "testserver",
    "SITE_URL": "https://testserver",
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("pages", nargs="*", help="page names (bench/pages.py); default: every HTML and API page")
    parser.add_argument("--requests", type=int, default=200, help="requests timed per page (after 10 of warm-up)")
    parser.add_argument("--profile", type=int, metavar="N", help="profile instead, and print the top N functions")
    parser.add_argument("--callers", metavar="NAME", help="with --profile: who calls the functions matching NAME")
    parser.add_argument("--sort", default="cumulative", help="the profile's order (cumulative, tottime)")
    parser.add_argument(
        "--queries",
        type=int,
        metavar="N",
        help="list a request's queries with their times instead, and the plans of the N slowest",
    )
    args = parser.parse_args()

    from bench.pages import find_cast, pages_of, setup_django

    setup_django()
    from django.conf import settings
    from django.test import Client, override_settings

    static = settings.STORAGES | {"staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
    with override_settings(STORAGES=static):
        cast = find_cast()
        pages = [p for p in pages_of(cast) if p.kind in ("floor", "html", "api")]
        if args.pages:
            pages = [p for p in pages if p.name in args.pages or p.name == "signed-in floor"]
        clients = {"anonymous": Client()}
        for role in ("coach", "executive", "sponsor"):
            clients[role] = signed_in(getattr(cast, role))
        floor_ms = None
        heading = f"{'page':<24} {'CPU ms':>10} {'× floor':>8} {'wall ms':>10}"
        print(f"{heading}   (a request; median of 5 runs of {args.requests // 5})")
        for page in pages:
            client = clients[page.role]
            for _ in range(10):
                answer = client.get(page.path, secure=True)
                if answer.status_code != 200:
                    raise SystemExit(f"{page.name} ({page.path}) answered {answer.status_code} to the {page.role}")
            if args.queries is not None and page.kind != "floor":
                print(f"\n=== {page.name}: {page.path}")
                show_queries(functools.partial(client.get, page.path, secure=True), args.queries)
                continue
            if args.profile and page.kind != "floor":
                profiler = cProfile.Profile()
                profiler.enable()
                for _ in range(args.requests):
                    client.get(page.path, secure=True)
                profiler.disable()
                print(f"\n=== {page.name}: {page.path}")
                stats = pstats.Stats(profiler).sort_stats(args.sort)
                stats.print_stats(args.profile)
                if args.callers:
                    stats.print_callers(args.callers)
                continue
            cpu_runs, wall_runs = [], []
            each = max(1, args.requests // 5)
            for _ in range(5):
                cpu, wall = time.process_time(), time.perf_counter()
                for _ in range(each):
                    client.get(page.path, secure=True)
                cpu_runs.append((time.process_time() - cpu) * 1000 / each)
                wall_runs.append((time.perf_counter() - wall) * 1000 / each)
            ms, wall_ms = statistics.median(cpu_runs), statistics.median(wall_runs)
            if page.name == "signed-in floor":
                floor_ms = ms
            ratio = f"{floor_ms / ms:.3f}" if floor_ms else ""
            print(f"{page.name:<24} {ms:>10.2f} {ratio:>8} {wall_ms:>10.2f}", flush=True)


def show_queries(request: Callable[[], object], plans: int) -> None:
    """One request's queries in order with their milliseconds (the best of three requests), then the
    plans of the ``plans`` slowest, as the database ran them (EXPLAIN ANALYZE; on PostgreSQL with
    the buffers read)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    best: list[tuple[float, str]] = []
    for _ in range(3):
        timings: list[float] = []

        def timed(execute: Callable[..., object], *args: object, timings: list[float] = timings) -> object:
            started = time.perf_counter()
            try:
                return execute(*args)
            finally:
                timings.append((time.perf_counter() - started) * 1000)

        with CaptureQueriesContext(connection) as captured, connection.execute_wrapper(timed):
            request()
        run = [(ms, query["sql"]) for ms, query in zip(timings, captured, strict=True)]
        if not best or sum(ms for ms, _ in run) < sum(ms for ms, _ in best):
            best = run
    for n, (ms, sql) in enumerate(best, 1):
        print(f"{n:>3} {ms:>8.2f} ms  {sql[:160]}")
    print(f"    {sum(ms for ms, _ in best):>8.2f} ms in {len(best)} queries")
    postgres = connection.vendor == "postgresql"
    explain = "EXPLAIN (ANALYZE, BUFFERS) " if postgres else "EXPLAIN QUERY PLAN "
    for ms, sql in sorted(best, key=lambda q: -q[0])[:plans]:
        if not sql.lstrip().upper().startswith("SELECT"):
            continue
        print(f"\n--- {ms:.2f} ms: {sql}")
        with connection.cursor() as cursor:
            cursor.execute(explain + sql)  # the logged SQL carries its parameters inline
            for row in cursor.fetchall():
                print("   ", row[-1])


def signed_in(user: object) -> object:
    """A client signed in as after the sign-in form: with the coach's authenticator recorded."""
    from allauth.account.internal.flows.login import (
        _AUTHENTICATION_METHODS_USER_SESSION_KEY,
        AUTHENTICATION_METHODS_SESSION_KEY,
    )
    from django.test import Client

    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    session = client.session
    session[_AUTHENTICATION_METHODS_USER_SESSION_KEY] = str(user.pk)  # type: ignore[attr-defined]
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [
        {"method": "password", "at": time.time()},
        {"method": "mfa", "type": "totp", "at": time.time()},
    ]
    session.save()
    return client


if __name__ == "__main__":
    main()
