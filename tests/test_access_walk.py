"""Walk every URL of the project and check each role gets what the access table promises.

Every URL pattern outside ``admin/``, ``accounts/`` (allauth) and ``api/`` must have an entry
in ``PAGES``: a new page cannot ship without saying who may open it. Expected codes come from
DESIGN.md's access table and ``stepwise.engagements.access.POLICY``:

- outside an engagement (another coach, an outsider) → 404 for everything inside it;
- a part someone may only read (sponsor: facts, agreement, stakeholders) → 403 on writes;
- a person with no level at all on a part (admin: stakeholders) → 404 for it;
- anonymous → 302 to the login page wherever a login is needed;
- a rater (no account, a session holding a traded rater link) → what anonymous gets, except on
  the rater's own pages under ``/r/``.

Each row names the status each role gets (``tests.walk.codes``).
"""

from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any
from uuid import uuid4

import pytest
from django.apps import apps
from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.http import HttpResponse
from django.urls import URLPattern, URLResolver, get_resolver, include, path, reverse

from stepwise.agreements import services as agreement_services
from stepwise.conftest import World, agreement_form_data, agreement_sign_by_all, client_for, world_build
from stepwise.engagements import services as engagement_services
from stepwise.plans.models import Goal
from stepwise.worksheets import services as worksheet_services
from stepwise.worksheets.models import Worksheet, WorksheetTemplate
from stepwise.worksheets.schema import questions
from stepwise.worksheets.text_format import schema_to_text
from tests import (
    walk_calendar,
    walk_change,
    walk_checkins,
    walk_close,
    walk_feedback,
    walk_messages,
    walk_practice,
    walk_roi,
    walk_sessions,
)
from tests.html_check import HtmlBatch
from tests.walk import (
    AGREEMENT_POSTED,
    COACH_AND_EXECUTIVE_POSTED,
    COACHES,
    FACTS_POSTED,
    LOGIN_ONLY,
    NO_ACCOUNT,
    ORGANISATIONS,
    POST_ONLY,
    PRACTICE_POSTED,
    READ_ENGAGEMENT,
    WRITE_FACTS,
    WRITE_STAKEHOLDERS,
    Page,
    codes,
    engagement_kwargs,
    goal_made,
)

SKIPPED_PREFIXES = ("admin/", "accounts/", "api/")


def _stakeholder(world: World) -> dict[str, Any]:
    return {"public_id": world.engagement.public_id, "stakeholder_id": world.stakeholder.public_id}


def _agreement(world: World) -> dict[str, Any]:
    return {"public_id": world.engagement.public_id, "agreement_id": world.agreement.public_id}


def _pending_participant(world: World) -> dict[str, Any]:
    participant = engagement_services.participant_invite(
        engagement=world.engagement,
        invited_by=world.coach,
        full_name="Penny Pending",
        email="penny@acme.test",
        role="sponsor",
    )
    return {"public_id": world.engagement.public_id, "participant_id": participant.public_id}


def _signed_agreement(world: World) -> dict[str, Any]:
    world.agreement = agreement_sign_by_all(world)
    return engagement_kwargs(world)


def _open_agreement(world: World) -> dict[str, Any]:
    world.agreement = agreement_services.agreement_open(agreement=world.agreement)
    return _agreement(world)


def _outbox_mail(world: World) -> dict[str, Any]:
    connection = get_connection("django.core.mail.backends.filebased.EmailBackend")
    connection.send_messages([EmailMessage("Hello", "Body", "from@stepwise.test", ["to@stepwise.test"])])
    (written,) = Path(settings.EMAIL_FILE_PATH).glob("*.log")
    return {"name": f"{written.stem}.0"}


def _agreement_form(world: World) -> dict[str, Any]:
    return agreement_form_data(world.agreement, context="Newly promoted to lead the European business.")


def _worksheet_assigned(world: World) -> Worksheet:
    template = WorksheetTemplate.objects.get(slug="thought-starters")
    return worksheet_services.worksheet_assign(
        engagement=world.engagement, template=template, assigned_by=world.coach, due_date=None
    )


def _filled_in(schema: dict[str, Any]) -> dict[str, Any]:
    """An answer to every question of ``schema``, enough to submit it."""
    answers: dict[str, Any] = {}
    for question in questions(schema):
        kind = question["type"]
        if kind == "rating":
            answers[question["key"]] = 7
        elif kind == "list":
            answers[question["key"]] = ["An answer"] * question.get("count", 3)
        elif kind == "group":
            row = {field["key"]: "An answer" for field in question["fields"]}
            answers[question["key"]] = [row] * max(question.get("min_rows", 1), 1)
        else:
            answers[question["key"]] = "An answer"
    return answers


def _worksheet_submitted(world: World, *, reopen_allowed: bool = False) -> Worksheet:
    worksheet = _worksheet_assigned(world)
    worksheet, errors = worksheet_services.worksheet_submit(worksheet=worksheet, raw=_filled_in(worksheet.schema))
    assert errors == {}, errors
    if reopen_allowed:
        worksheet = worksheet_services.worksheet_allow_reopen(worksheet=worksheet, allowed=True)
    return worksheet


def _worksheet(make: Callable[[World], Worksheet]) -> Callable[[World], dict[str, Any]]:
    def kwargs(world: World) -> dict[str, Any]:
        return {"public_id": world.engagement.public_id, "worksheet_id": make(world).public_id}

    return kwargs


def _builtin_template(world: World) -> dict[str, Any]:
    return {"template_id": WorksheetTemplate.objects.get(slug="thought-starters").public_id}


def _copied_template(world: World) -> dict[str, Any]:
    builtin = WorksheetTemplate.objects.get(slug="thought-starters")
    return {"template_id": worksheet_services.template_copy(template=builtin, user=world.coach).public_id}


def _template_form(world: World) -> dict[str, Any]:
    (copy,) = WorksheetTemplate.objects.filter(copied_from__isnull=False)
    latest = copy.versions.order_by("-number").first()
    assert latest is not None
    return {"name": "Our thought starters", "description": "", "text": schema_to_text(latest.schema)}


def _goal(world: World) -> dict[str, Any]:
    return {"public_id": world.engagement.public_id, "goal_id": goal_made(world).public_id}


def _goal_form(world: World) -> dict[str, Any]:
    goal = Goal.objects.get()
    return {
        "title": "Delegate the weekly report to my deputy by 31 March 2027",
        "revision": goal.revision,
        "actions-TOTAL_FORMS": "0",
        "actions-INITIAL_FORMS": "0",
        "measures-TOTAL_FORMS": "0",
        "measures-INITIAL_FORMS": "0",
    }


def _plan(world: World) -> dict[str, Any]:
    goal_made(world)
    return engagement_kwargs(world)


def _measure(world: World) -> dict[str, Any]:
    measure = goal_made(world).measures.get()
    return {"public_id": world.engagement.public_id, "measure_id": measure.public_id}


def _reading(world: World) -> dict[str, Any]:
    reading = goal_made(world).measures.get().readings.get()
    return {"public_id": world.engagement.public_id, "reading_id": reading.public_id}


# Stands for the name on the requesting person's account: a signature needs that name.
SIGNER_NAME = object()


PAGES: dict[str, Page] = {
    "home": Page(get=LOGIN_ONLY),
    "organisation_list": Page(
        get=ORGANISATIONS,
        post=PRACTICE_POSTED,
        data=lambda w: {"name": "Globex"},
    ),
    "engagement_create": Page(
        get=COACHES,
        post=codes(coach=302, other_coach=302, anonymous=302, others=404),
        data=lambda w: {
            "organisation": w.organisation.pk,
            "title": "Second engagement",
            "start_date": "2027-02-01",
            "planned_months": "6",
            "executive_name": "Nia New",
            "executive_email": "nia@acme.test",
        },
    ),
    "engagement_detail": Page(engagement_kwargs, get=READ_ENGAGEMENT),
    "engagement_edit": Page(
        engagement_kwargs,
        get=WRITE_FACTS,
        post=FACTS_POSTED,
        data=lambda w: {"title": "Renamed", "start_date": "2027-01-11", "planned_months": "9", "status": "active"},
    ),
    "engagement_step": Page(
        engagement_kwargs,
        get=POST_ONLY,
        post=FACTS_POSTED,
        data=lambda w: {"step": "4"},
    ),
    # Handing the engagement to another coach is the practice admin's alone.
    "engagement_reassign_coach": Page(
        engagement_kwargs,
        get=codes(admin=200, anonymous=302, others=404),
        post=codes(admin=302, anonymous=302, others=404),
        data=lambda w: {"new_coach": w.other_coach.pk},
    ),
    "participant_invite": Page(
        engagement_kwargs,
        get=WRITE_FACTS,
        post=FACTS_POSTED,
        data=lambda w: {"full_name": "Hana Hr", "email": "hana@acme.test", "role": "sponsor"},
    ),
    "participant_reinvite": Page(
        _pending_participant,
        get=POST_ONLY,
        post=FACTS_POSTED,
    ),
    "stakeholder_add": Page(
        engagement_kwargs,
        get=WRITE_STAKEHOLDERS,
        post=COACH_AND_EXECUTIVE_POSTED,
        data=lambda w: {"name": "Dana Direct", "email": "dana@acme.test", "relationship": "direct_report"},
    ),
    "stakeholder_edit": Page(
        _stakeholder,
        get=WRITE_STAKEHOLDERS,
        post=COACH_AND_EXECUTIVE_POSTED,
        data=lambda w: {"name": "Pat Peer-Smith", "email": "pat@acme.test", "relationship": "peer"},
    ),
    "stakeholder_remove": Page(_stakeholder, get=POST_ONLY, post=COACH_AND_EXECUTIVE_POSTED),
    "account_settings": Page(
        get=LOGIN_ONLY,
        post=codes(others=302),
        data=lambda w: {"full_name": "Someone Renamed", "time_zone": "Europe/Paris"},
    ),
    # Without a token traded in the session first, the accept page says the link is not valid.
    "invitation_accept": Page(get=codes(others=404), post=codes(others=404), public=True),
    # A made-up link is answered at once (no session is started for it).
    "invitation_open": Page(lambda w: {"token": "not-a-real-token"}, get=codes(others=404), public=True),
    # Signing out to go on as the invitee needs an invitation in the session.
    "invitation_switch": Page(get=codes(others=405), post=codes(others=404), public=True),
    "agreement_start": Page(
        _signed_agreement,
        get=POST_ONLY,
        post=AGREEMENT_POSTED,
    ),
    # The walk's agreement is a draft: the coach's work in progress, which the admin does not read.
    "agreement_detail": Page(
        _agreement, get=codes(admin=404, other_coach=404, outsider=404, anonymous=302, others=200)
    ),
    "agreement_edit": Page(
        _agreement,
        get=codes(coach=200, executive=403, sponsor=403, anonymous=302, others=404),
        post=codes(coach=302, executive=403, sponsor=403, anonymous=302, others=404),
        data=_agreement_form,
    ),
    "agreement_open": Page(
        _agreement, get=POST_ONLY, post=codes(coach=302, executive=403, sponsor=403, anonymous=302, others=404)
    ),
    "agreement_reopen": Page(_open_agreement, get=POST_ONLY, post=AGREEMENT_POSTED),
    "agreement_sign": Page(
        _open_agreement,
        get=POST_ONLY,
        post=codes(admin=403, other_coach=404, outsider=404, anonymous=302, others=302),
        # Each person signs with the name on their own account (see _request).
        data=lambda w: {"typed_name": SIGNER_NAME, "seen_hash": w.agreement.text_hash},
    ),
    "agreement_pdf": Page(_agreement, get=codes(coach=200, executive=200, sponsor=200, anonymous=302, others=404)),
    # Step 2. Admins have no part in worksheets; a sponsor sees only what the executive shared
    # (the walk's worksheets are not shared); only the executive answers, only the coach assigns.
    "worksheet_list": Page(
        engagement_kwargs, get=codes(coach=200, executive=200, sponsor=200, anonymous=302, others=404)
    ),
    "worksheet_assign": Page(
        engagement_kwargs,
        get=codes(coach=200, executive=403, sponsor=403, anonymous=302, others=404),
        post=codes(coach=302, executive=403, sponsor=403, anonymous=302, others=404),
        data=lambda w: {"template": WorksheetTemplate.objects.get(slug="thought-starters").pk, "due_date": ""},
    ),
    "worksheet_detail": Page(
        _worksheet(_worksheet_assigned),
        get=codes(coach=200, executive=200, anonymous=302, others=404),
        post=codes(coach=403, executive=302, anonymous=302, others=404),
        data=lambda w: {"action": "save", "q-expectations": "Honest feedback."},
    ),
    "worksheet_autosave": Page(
        _worksheet(_worksheet_assigned),
        get=POST_ONLY,
        post=codes(coach=403, executive=200, anonymous=302, others=404),
        data=lambda w: {"q-expectations": "Honest feedback."},
    ),
    "worksheet_allow_reopen": Page(
        _worksheet(_worksheet_submitted),
        get=POST_ONLY,
        post=codes(coach=302, executive=403, anonymous=302, others=404),
        data=lambda w: {"allowed": "1"},
    ),
    "worksheet_reopen": Page(
        _worksheet(lambda w: _worksheet_submitted(w, reopen_allowed=True)),
        get=POST_ONLY,
        post=codes(coach=403, executive=302, anonymous=302, others=404),
    ),
    "worksheet_share": Page(
        _worksheet(_worksheet_submitted),
        get=POST_ONLY,
        post=codes(coach=403, executive=302, anonymous=302, others=404),
        data=lambda w: {"shared": "1"},
    ),
    "worksheet_pdf": Page(
        _worksheet(_worksheet_assigned), get=codes(coach=200, executive=200, anonymous=302, others=404)
    ),
    "assessment_edit": Page(
        engagement_kwargs,
        get=codes(coach=200, executive=403, anonymous=302, others=404),
        post=codes(coach=302, executive=403, anonymous=302, others=404),
        data=lambda w: {"revision": "0", "strengths": "Calm under pressure."},
    ),
    # Worksheet templates are the practice's: every coach and the practice admin manage them.
    "template_list": Page(get=ORGANISATIONS),
    "template_edit": Page(
        _copied_template,
        get=ORGANISATIONS,
        post=PRACTICE_POSTED,
        data=_template_form,
    ),
    "template_copy": Page(_builtin_template, get=POST_ONLY, post=PRACTICE_POSTED),
    "template_pdf": Page(_builtin_template, get=ORGANISATIONS),
    # Steps 3–4. Admins have no part in goals. With the default sharing choices of the signed
    # agreement the sponsor reads goals and progress and approves goals, but writes nothing else.
    "plan_detail": Page(_plan, get=codes(coach=200, executive=200, sponsor=200, anonymous=302, others=404)),
    "plan_pdf": Page(_plan, get=codes(coach=200, executive=200, sponsor=200, anonymous=302, others=404)),
    "smart_check": Page(
        _plan,
        get=POST_ONLY,
        post=codes(coach=200, executive=200, sponsor=403, anonymous=302, others=404),
        data=lambda w: {"title": "Be better"},
        computes=True,
    ),
    "goal_create": Page(
        _plan,
        get=codes(coach=200, executive=200, sponsor=403, anonymous=302, others=404),
        post=COACH_AND_EXECUTIVE_POSTED,
        data=lambda w: {"title": "Run shorter meetings", "token": str(uuid4())},
    ),
    # The sponsor's POST on a goal is a decision, refused while the goal is not waiting for one.
    "goal_detail": Page(
        _goal,
        get=codes(coach=200, executive=200, sponsor=200, anonymous=302, others=404),
        post=COACH_AND_EXECUTIVE_POSTED,
        data=_goal_form,
    ),
    "goal_autosave": Page(
        _goal,
        get=POST_ONLY,
        post=codes(coach=200, executive=200, sponsor=403, anonymous=302, others=404),
        data=_goal_form,
    ),
    "goal_ask_approval": Page(_goal, get=POST_ONLY, post=COACH_AND_EXECUTIVE_POSTED),
    "goal_delete": Page(_goal, get=POST_ONLY, post=COACH_AND_EXECUTIVE_POSTED),
    "reading_add": Page(
        _measure,
        get=POST_ONLY,
        post=COACH_AND_EXECUTIVE_POSTED,
        data=lambda w: {"taken_on": "2026-02-02", "value": "4 h"},
    ),
    "reading_remove": Page(_reading, get=POST_ONLY, post=COACH_AND_EXECUTIVE_POSTED),
    # The development outbox is open to the invitee who has no account yet; it exists only
    # while mail goes to files (OUTBOX_ENABLED), never in production.
    "outbox": Page(get=codes(others=200), public=True),
    "outbox_message": Page(_outbox_mail, get=codes(others=200), public=True),
    "favicon": Page(get=codes(others=301), public=True),
}
# Step 5's pages, one table per part, and the raters' pages, each beside this file.
for _part in (
    walk_sessions,
    walk_checkins,
    walk_calendar,
    walk_messages,
    walk_feedback,
    walk_change,
    walk_roi,
    walk_practice,
    walk_close,
):
    assert not set(_part.PAGES) & set(PAGES), f"{_part.__name__} repeats rows"
    PAGES |= _part.PAGES


def url_patterns(urlconf: Any = None) -> dict[str, tuple[str, URLPattern]]:
    """Every pattern of the project by name (``namespace:name``), skipping what has its own tests."""
    found: dict[str, tuple[str, URLPattern]] = {}

    def walk(patterns: list[Any], prefix: str, namespace: str) -> None:
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if route.startswith(SKIPPED_PREFIXES):
                continue
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                walk(pattern.url_patterns, route, inner)
            else:
                name = f"{namespace}{pattern.name}" if pattern.name else f"<unnamed> {route}"
                found[name] = (route, pattern)

    walk(get_resolver(urlconf).url_patterns, "", "")
    return found


def snapshot() -> dict[str, list[dict[str, Any]]]:
    """Every row of the project's own apps and the task queue: what a write would change."""
    rows: dict[str, list[dict[str, Any]]] = {}
    for config in apps.get_app_configs():
        if not (config.name.startswith("stepwise.") or config.label == "django_tasks_database"):
            continue
        for model in config.get_models():
            if model._meta.label == "lib.StoredRendering":
                continue  # a cache of PDFs: a download may fill it, which changes nothing anyone wrote
            values = list(model._default_manager.order_by("pk").values())
            for row in values:
                row.pop("last_login", None)  # signing in is not a change made by the page
            rows[model._meta.label] = values
    return rows


@pytest.fixture(scope="session")
def html_batch(tmp_path_factory: pytest.TempPathFactory) -> Iterator[HtmlBatch]:
    """Every page the GET walk answers with 200, checked by the Nu HTML Checker at the end.

    Session-scoped because the checker starts a JVM: one run per pytest worker (each worker
    checks the pages it walked). An error fails the run at the last test's teardown."""
    batch = HtmlBatch(tmp_path_factory.mktemp("html"))
    yield batch
    errors = batch.errors()
    if errors:
        pytest.fail(f"The Nu HTML Checker found {len(errors)} errors:\n" + "\n".join(errors), pytrace=False)


@pytest.fixture
def world(db, settings, tmp_path) -> World:
    settings.EMAIL_FILE_PATH = str(tmp_path / "outbox")
    settings.OUTBOX_ENABLED = True
    return world_build()


def _request(world: World, role: str, method: str, name: str, kwargs: dict[str, Any], data: dict) -> Any:
    user = world.user(role)
    client = world.client(role)
    data = {key: (getattr(user, "full_name", "") if value is SIGNER_NAME else value) for key, value in data.items()}
    url = reverse(name, kwargs=kwargs)
    return client.post(url, data) if method == "POST" else client.get(url)


def _check(page: Page, role: str, expected: int, response: HttpResponse) -> str:
    """What is wrong with ``response`` for ``role``, or an empty string."""
    if response.status_code != expected:
        return f"{role}: expected {expected}, got {response.status_code}"
    if role in NO_ACCOUNT and expected == 302 and not page.public:
        login = reverse("account_login")
        if not response["Location"].startswith(login):
            return f"{role}: redirected to {response['Location']}, not to the login page"
    return _check_headers(role, response)


def _check_headers(role: str, response: HttpResponse) -> str:
    """Nothing a person sees is kept in a cache, and no inline script or style may run."""
    if "no-store" not in response.get("Cache-Control", ""):
        return f"{role}: Cache-Control is {response.get('Cache-Control')!r}, without no-store"
    policy = response.get("Content-Security-Policy")
    if policy is None:
        return f"{role}: no Content-Security-Policy"
    directives = {words[0]: words[1:] for words in (d.split() for d in policy.split(";")) if words}
    for name in ("script-src", "style-src"):
        sources = directives.get(name, directives.get("default-src"))
        if sources is None or "'unsafe-inline'" in sources or "*" in sources:
            return f"{role}: the Content-Security-Policy lets any {name} run ({policy})"
    return ""


def test_every_url_pattern_has_an_access_entry():
    missing = sorted(set(url_patterns()) - set(PAGES))
    assert missing == [], f"Add these URL patterns to PAGES in {__file__}: {missing}"


def test_a_new_page_without_an_entry_would_be_reported():
    def view(request: Any) -> HttpResponse:
        return HttpResponse()

    urlconf = ModuleType("urlconf_with_new_pages")
    urlconf.urlpatterns = [  # type: ignore[attr-defined]
        path("", include("stepwise.urls")),
        path("reports/<uuid:public_id>/", view, name="report"),
        path("plans/", include(([path("<uuid:public_id>/", view, name="detail")], "plans"))),
        path("unnamed/", view),
        path("api/v2/", view, name="api_v2"),  # the API has its own tests
    ]
    missing = set(url_patterns(urlconf)) - set(PAGES)
    assert missing == {"report", "plans:detail", "<unnamed> unnamed/"}


def test_every_access_entry_names_a_url_pattern():
    stale = sorted(set(PAGES) - set(url_patterns()))
    assert stale == [], f"PAGES names URL patterns that no longer exist: {stale}"


def test_the_walk_covers_the_engagement_and_agreement_pages():
    # Guards the walker itself: a broken recursion would make the coverage check pass vacuously.
    names = set(url_patterns())
    assert {"engagement_detail", "stakeholder_remove", "agreement_sign", "outbox", "invitation_open"} <= names
    assert not any(route.startswith(SKIPPED_PREFIXES) for route, _ in url_patterns().values())


@pytest.mark.parametrize("name", sorted(PAGES))
def test_each_role_gets_the_expected_answer_to_a_get(world, html_batch, name):
    page = PAGES[name]
    kwargs = page.kwargs(world)
    before = snapshot()
    problems = []
    for role, expected in page.get.items():
        response = _request(world, role, "GET", name, kwargs, {})
        problem = _check(page, role, expected, response)
        if problem:
            problems.append(problem)
        elif response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            html_batch.add(f"GET {name} as {role}", response.content)
    assert problems == [], f"GET {name}: " + "; ".join(problems)
    assert snapshot() == before, f"GET {name} changed stored data"


@pytest.mark.parametrize("name", sorted(n for n, p in PAGES.items() if p.post))
def test_each_role_gets_the_expected_answer_to_a_post_and_refused_ones_change_nothing(world, name):
    page = PAGES[name]
    assert page.post is not None
    kwargs = page.kwargs(world)
    data = page.data(world)
    problems = []
    for role, expected in page.post.items():
        # Each role's attempt runs in a savepoint that is rolled back, so each starts from the same data.
        with transaction.atomic():
            before = snapshot()
            response = _request(world, role, "POST", name, kwargs, data)
            changed = snapshot() != before
            transaction.set_rollback(True)
        problem = _check(page, role, expected, response)
        # Without an account, only a rater writes, and only on their own survey's public pages (/r/).
        writes = (role == "rater") if page.public else role not in NO_ACCOUNT
        allowed = expected in (200, 302) and writes
        if problem:
            problems.append(problem)
        elif allowed and not changed and not page.computes:
            problems.append(f"{role}: allowed, but the POST changed nothing (is the test data valid?)")
        elif not allowed and changed:
            problems.append(f"{role}: refused with {expected}, yet stored data changed")
    assert problems == [], f"POST {name}: " + "; ".join(problems)


UUID_REGEX = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"


def _uuid_kwargs(name: str) -> list[str]:
    _, pattern = url_patterns()[name]
    return [kwarg for kwarg, converter in pattern.pattern.converters.items() if converter.regex == UUID_REGEX]


@pytest.mark.parametrize("name", sorted(name for name in PAGES if name in url_patterns() and _uuid_kwargs(name)))
def test_an_unknown_uuid_is_a_404_for_the_coach_and_the_admin(world, name):
    page = PAGES[name]
    kwargs = page.kwargs(world)
    method = "POST" if page.get["coach"] == 405 else "GET"
    problems = []
    for kwarg in _uuid_kwargs(name):
        for role in ("coach", "admin"):
            response = _request(world, role, method, name, kwargs | {kwarg: uuid4()}, page.data(world))
            if response.status_code != 404:
                problems.append(f"{role} {method} with an unknown {kwarg}: {response.status_code}")
    assert problems == [], f"{name}: " + "; ".join(problems)


def test_a_malformed_uuid_is_a_404(world):
    response = client_for(world.coach).get(f"/engagements/{str(world.engagement.public_id)[:-1]}x/")
    assert response.status_code == 404


def test_an_id_from_another_engagement_is_a_404_even_for_a_coach_with_a_role(world):
    theirs = engagement_services.engagement_create(
        coach=world.other_coach,
        organisation=world.organisation,
        title="Someone else's",
        start_date=world.engagement.start_date,
        planned_months=6,
        executive_name="Xavier Exec",
        executive_email="xavier@acme.test",
    )
    client = client_for(world.other_coach)
    assert client.get(reverse("engagement_detail", args=[theirs.public_id])).status_code == 200
    # Their own engagement's id paired with an object of an engagement they are not in.
    stakeholder = reverse("stakeholder_edit", args=[theirs.public_id, world.stakeholder.public_id])
    agreement = reverse("agreement_detail", args=[theirs.public_id, world.agreement.public_id])
    assert client.get(stakeholder).status_code == 404
    assert client.get(agreement).status_code == 404
