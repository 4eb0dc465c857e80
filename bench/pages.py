"""The bench's Django side, for one database: fill it (or reuse it), prepare the people the
bench signs in as, name the pages it times and count each page's queries in-process.

    .venv/bin/python bench/pages.py --engagements 20 --out var/bench-20.json

``bench/run.py`` calls it once per size with ``DATABASE_URL`` (the bench's own database, never
the one in .env) and ``DJANGO_SETTINGS_MODULE=bench.settings`` in the environment, then serves
the same database with gunicorn. Run alone it prints the pages and their query counts.

The database is filled only when it holds nobody: ``bench/run.py`` decides when a cached one is
stale and deletes it. Requests here go through Django's test client (the whole middleware stack,
no network); a page's query count must grow with neither the practice nor the engagement's history.
"""

import argparse
import json
import os
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# What fills the database: "fill" (bench/fill.py: one coach with every engagement, the first one
# rich) or "demo" (`manage.py demo --size large --engagements N`); bench/run.py chooses.
SOURCE = os.environ.get("BENCH_SOURCE", "fill")

# The people the bench signs in as get this password (set with the production hasher).
PASSWORD = "bench-password-not-secret"


@dataclass
class Page:
    name: str
    role: str  # coach, executive or sponsor: whose cookie wrk sends
    kind: str  # floor, html, api or pdf
    path: str
    stored: bool = False  # a PDF of a frozen document (signed agreement, completed review)
    queries: int | None = None


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    if "DATABASE_URL" not in os.environ:
        raise SystemExit("bench/pages.py: set DATABASE_URL to the bench's own database (bench/run.py does)")
    import django

    django.setup()


def fill_database(engagements: int) -> None:
    """Fill an empty database with a practice of ``engagements`` engagements."""
    from django.core.management import call_command
    from django.test import override_settings

    # Filling is not what is measured: a fast hasher keeps it short (bench_people sets real ones).
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        if SOURCE == "demo":
            call_command("demo", "--size", "large", "--engagements", str(engagements))
        else:
            from bench.fill import fill_all

            fill_all(engagement_count=engagements)


@dataclass
class Cast:
    coach: Any
    executive: Any
    sponsor: Any
    engagement: Any


def find_cast() -> Cast:
    """Whoever the filling made: the coach with the most engagements, and of theirs the engagement
    with the longest history that has every kind of document the bench downloads, and a closed
    360 where one has (its executive then keeps the 12-step practice)."""
    from django.db.models import Count, Exists, OuterRef

    from stepwise.agreements.models import Agreement
    from stepwise.engagements.models import Engagement, Participant
    from stepwise.feedback.models import Questionnaire, Round
    from stepwise.meetings.models import ProgressReview
    from stepwise.worksheets.models import Worksheet

    coach = _busiest_coach()
    mine = Engagement.objects.filter(coach=coach)
    engagement = (
        mine.filter(
            Exists(Agreement.objects.filter(engagement=OuterRef("pk"), status=Agreement.Status.SIGNED)),
            Exists(ProgressReview.objects.filter(engagement=OuterRef("pk"), completed_at__isnull=False)),
            Exists(Worksheet.objects.filter(engagement=OuterRef("pk"))),
        )
        .annotate(
            history=Count("sessions", distinct=True),
            rounds=Exists(
                Round.objects.filter(
                    engagement=OuterRef("pk"), kind=Questionnaire.Kind.FEEDBACK_360, status=Round.Status.CLOSED
                )
            ),
        )
        .order_by("-rounds", "-history", "created_at")
        .first()
    )
    if engagement is None:
        raise SystemExit(f"No engagement of {coach} has a signed agreement, a completed review and a worksheet")
    people = {p.role: p.user for p in Participant.objects.filter(engagement=engagement).select_related("user")}
    return Cast(coach=coach, executive=people["executive"], sponsor=people["sponsor"], engagement=engagement)


def _busiest_coach() -> Any:
    from django.db.models import Count

    from stepwise.engagements.models import Engagement
    from stepwise.users.models import User

    row = Engagement.objects.values("coach").annotate(n=Count("pk")).order_by("-n").first()
    if row is None:
        raise SystemExit("The bench's database holds no engagement")
    return User.objects.get(pk=row["coach"])


def prepare_people(cast: Cast) -> dict[str, dict[str, str]]:
    """Give each person the bench's password (production's hasher) and the coach an
    authenticator, as production requires of coaches; return what signing in needs."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    people: dict[str, dict[str, str]] = {}
    for role in ("coach", "executive", "sponsor"):
        user = getattr(cast, role)
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])
        people[role] = {"email": user.email, "password": PASSWORD}
    Authenticator.objects.filter(user=cast.coach, type=Authenticator.Type.TOTP).delete()
    secret = generate_totp_secret()
    TOTP.activate(cast.coach, secret)
    people["coach"]["totp_secret"] = secret
    return people


def pages_of(cast: Cast) -> list[Page]:
    from django.urls import reverse

    from bench.urls import FLOOR_PATH

    engagement = cast.engagement
    one = {"public_id": engagement.public_id}
    goal = engagement.goals.order_by("position").first()
    session = engagement.sessions.filter(status="held").order_by("-starts_at").first()
    agreement = engagement.agreements.filter(status="signed").order_by("-version").first()
    review = engagement.reviews.filter(completed_at__isnull=False).order_by("-due_on").first()
    worksheet = engagement.worksheets.filter(status="submitted").order_by("created_at").first()
    worksheet = worksheet or engagement.worksheets.order_by("created_at").first()
    if goal is None or session is None:
        raise SystemExit(f"{engagement} has no goal or no held session")
    pages = [
        Page("anonymous floor", "anonymous", "floor", FLOOR_PATH),
        Page("signed-in floor", "coach", "floor", FLOOR_PATH),
        Page("home (coach)", "coach", "html", reverse("home")),
        Page("engagement", "coach", "html", reverse("engagement_detail", kwargs=one)),
        Page("plan", "coach", "html", reverse("plan_detail", kwargs=one)),
        Page("goal", "coach", "html", reverse("goal_detail", kwargs=one | {"goal_id": goal.public_id})),
        Page("sessions", "coach", "html", reverse("session_list", kwargs=one)),
        Page("session", "coach", "html", reverse("session_detail", kwargs=one | {"session_id": session.public_id})),
        Page("check-ins (coach)", "coach", "html", reverse("checkin", kwargs=one)),
        Page("reviews", "coach", "html", reverse("review_list", kwargs=one)),
        Page("messages", "coach", "html", reverse("message_list", kwargs=one)),
        Page("inbox", "coach", "html", reverse("inbox")),
        Page("home (executive)", "executive", "html", reverse("home")),
        Page("check-in (executive)", "executive", "html", reverse("checkin", kwargs=one)),
        Page("home (sponsor)", "sponsor", "html", reverse("home")),
        Page("API engagement list", "coach", "api", "/api/engagements"),
        Page("API engagement detail", "coach", "api", f"/api/engagements/{engagement.public_id}"),
        Page("plan PDF", "coach", "pdf", reverse("plan_pdf", kwargs=one)),
        Page(
            "agreement PDF (signed)",
            "coach",
            "pdf",
            reverse("agreement_pdf", kwargs=one | {"agreement_id": agreement.public_id}),
            stored=True,
        ),
        Page(
            "review PDF (completed)",
            "coach",
            "pdf",
            reverse("review_pdf", kwargs=one | {"review_id": review.public_id}),
            stored=True,
        ),
        Page(
            "worksheet PDF",
            "coach",
            "pdf",
            reverse("worksheet_pdf", kwargs=one | {"worksheet_id": worksheet.public_id}),
        ),
    ]
    after = next(i for i, page in enumerate(pages) if page.name == "home (sponsor)") + 1
    return pages[:after] + _step_pages(engagement) + pages[after:]


def _step_pages(engagement: Any) -> list[Page]:
    """Step 6's closed 360 (its page and the report the coach reads) and the executive's practice,
    where the engagement has them (a practice filled before they existed has not)."""
    from django.urls import reverse

    from stepwise.feedback.models import Questionnaire, Round
    from stepwise.practice.models import JournalEntry

    one = {"public_id": engagement.public_id}
    pages = []
    closed = (
        Round.objects.filter(engagement=engagement, kind=Questionnaire.Kind.FEEDBACK_360, status=Round.Status.CLOSED)
        .order_by("-closes_on")
        .first()
    )
    if closed is not None:
        round = one | {"round_id": closed.public_id}
        pages += [
            Page("360 round", "coach", "html", reverse("round_detail", kwargs=round)),
            Page("360 report (coach)", "coach", "html", reverse("round_report", kwargs=round)),
        ]
    if JournalEntry.objects.filter(owner__in=engagement.executives()).exists():
        pages += [
            Page("practice (executive)", "executive", "html", reverse("practice_home", kwargs=one)),
            Page("journal (executive)", "executive", "html", reverse("practice_journal", kwargs=one)),
        ]
    return pages


def count_queries(cast: Cast, pages: list[Page]) -> None:
    """Each page's queries on its second request (the first warms what is cached per process)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    clients: dict[str, Client] = {"anonymous": Client()}
    for role in ("coach", "executive", "sponsor"):
        clients[role] = Client()
        clients[role].force_login(getattr(cast, role), backend="django.contrib.auth.backends.ModelBackend")
    for page in pages:
        client = clients[page.role]
        # secure: production settings redirect plain HTTP to HTTPS, as the proxy's header tells gunicorn.
        first = client.get(page.path, secure=True)
        if first.status_code != 200:
            raise SystemExit(f"{page.name} ({page.path}) answered {first.status_code} to the {page.role}")
        with CaptureQueriesContext(connection) as captured:
            client.get(page.path, secure=True)
        page.queries = len(captured)


def static_stale() -> bool:
    """Production serves static files from the manifest collectstatic writes (compressing takes
    minutes on two busy cores): collect again only when a source file is newer than it."""
    from django.conf import settings
    from django.contrib.staticfiles.finders import get_finders

    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    if not manifest.exists():
        return True
    collected = manifest.stat().st_mtime
    for finder in get_finders():
        for _path, storage in finder.list([]):
            if storage.get_modified_time(_path).timestamp() > collected:
                return True
    return False


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--engagements", type=int, default=20)
    parser.add_argument("--out", type=Path, help="write the pages, the people and the counts as JSON here")
    args = parser.parse_args()
    setup_django()
    from django.conf import settings
    from django.core.management import call_command

    from stepwise.users.models import User

    call_command("migrate", verbosity=0)
    filled = None
    if not User.objects.exists():
        start = time.perf_counter()
        fill_database(args.engagements)
        filled = round(time.perf_counter() - start, 1)
    if static_stale():
        call_command("collectstatic", "--no-input", verbosity=0)
    cast = find_cast()
    people = prepare_people(cast)
    pages = pages_of(cast)
    count_queries(cast, pages)
    result = {
        "engagements": args.engagements,
        "coach_engagements": type(cast.engagement).objects.filter(coach=cast.coach).count(),
        "source": SOURCE,
        "vendor": settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1],
        "filled_seconds": filled,
        "people": people,
        "pages": [asdict(page) for page in pages],
    }
    if args.out:
        args.out.write_text(json.dumps(result, indent=1))
    else:
        for page in pages:
            print(f"{page.name:<28} {page.queries:>4} queries  {page.path}")


if __name__ == "__main__":
    main()
