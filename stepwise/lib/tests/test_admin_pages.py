"""Django's admin is for operators and shows nothing DESIGN.md's access table withholds from the
practice admin: every registered admin page (ours and the libraries') is read as a superuser
after the coaching work has planted recognisable secrets everywhere."""

from datetime import date, datetime, timedelta
from uuid import uuid4
from zoneinfo import ZoneInfo

import pytest
from allauth.mfa.models import Authenticator
from auditlog.models import LogEntry
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from stepwise.agreements import services as agreement_services
from stepwise.agreements.models import Agreement
from stepwise.conftest import World, agreement_sign_by_all, client_for
from stepwise.engagements import services as engagement_services
from stepwise.engagements.models import Stakeholder
from stepwise.meetings.services.checkins import CheckInRow, checkin_send
from stepwise.meetings.services.messaging import message_send
from stepwise.meetings.services.reviews import review_feedback_save, review_prepare
from stepwise.meetings.services.sessions import private_note_save, session_schedule
from stepwise.plans import services as plan_services
from stepwise.worksheets import services as worksheet_services
from stepwise.worksheets.models import WorksheetTemplate

SECRETS = {
    "goal title": "Quietly-Outgrow-The-Walrus",
    "deep dive": "Because-Of-The-Marmalade-Incident",
    "stakeholder name": "Zebulon Hiddenname",
    "stakeholder email": "zebulon.hidden@acme.test",
    "message": "Between-Us-The-Board-Is-Wobbly",
    "private note": "Private-Note-Ostrich",
    "check-in comment": "Checkin-Comment-Pelican",
    "review feedback": "Review-Feedback-Narwhal",
    "worksheet answer": "Worksheet-Answer-Axolotl",
    "draft agreement": "Draft-Context-Capybara",
    "two-factor secret": "JBSWY3DPEHPK3PXPWOMBAT",
}


def _plant_secrets(world: World) -> None:
    engagement = world.engagement
    Authenticator.objects.create(
        user=world.coach, type=Authenticator.Type.TOTP, data={"secret": SECRETS["two-factor secret"]}
    )
    engagement_services.stakeholder_save(
        engagement=engagement,
        name=SECRETS["stakeholder name"],
        email=SECRETS["stakeholder email"],
        relationship="direct_report",
    )
    template = WorksheetTemplate.objects.get(slug="thought-starters")
    worksheet = worksheet_services.worksheet_assign(
        engagement=engagement, template=template, assigned_by=world.coach, due_date=None
    )
    worksheet_services.worksheet_save(worksheet=worksheet, raw={"q-expectations": SECRETS["worksheet answer"]})
    agreement = agreement_sign_by_all(world)
    # A new version, still a draft: the coach's wording in progress.
    draft = agreement_services.agreement_start(engagement=engagement)
    agreement_services.agreement_update(
        agreement=draft, revision=draft.revision, values={"context": SECRETS["draft agreement"]}
    )
    assert agreement.sponsor_approves_goals
    goal = plan_services.goal_create(engagement=engagement, title=SECRETS["goal title"], token=uuid4())
    goal = plan_services.goal_save(
        goal=goal,
        revision=goal.revision,
        values={
            "why_me": SECRETS["deep dive"],
            "different": "My team runs the report.",
            "measured_how": "Hours a week on it.",
            "success_when": "Two hours or less.",
        },
        actions=[
            {
                "id": None,
                "description": "Hand over the report",
                "target_date": None,
                "owner": "",
                "status": "not_started",
                "completed_on": None,
            }
        ],
        measures=[],
        user=world.executive,
    )
    # Queued, not sent: the task row holds what the mail task was given.
    plan_services.goal_ask_approval(goal=goal)
    now = timezone.now()
    message_send(engagement=engagement, author=world.executive, body=SECRETS["message"], token=uuid4(), now=now)
    start = datetime(2027, 1, 18, 9, 0, tzinfo=ZoneInfo("Europe/London"))
    (session,) = session_schedule(
        engagement=engagement,
        starts=[start],
        minutes=60,
        time_zone="Europe/London",
        where="",
        token=uuid4(),
        now=start - timedelta(days=7),
    )
    private_note_save(session=session, author=world.coach, text=SECRETS["private note"])
    action = goal.actions.get()
    checkin_send(
        engagement=engagement,
        author=world.executive,
        rows=[
            CheckInRow(
                action=action,
                seen=action.status,
                status="in_progress",
                progress=20,
                comment=SECRETS["check-in comment"],
            )
        ],
        token=uuid4(),
        today=date(2027, 1, 20),
    )
    review = review_prepare(engagement=engagement, due_on=date(2027, 2, 11), coach=world.coach)
    feedback = SECRETS["review feedback"]
    review_feedback_save(review=review, role="coach", text=feedback, revision=review.revision, seen="")


@pytest.fixture
def operator(world: World) -> Client:
    world.admin.is_staff = True
    world.admin.is_superuser = True
    world.admin.save()
    _plant_secrets(world)
    return client_for(world.admin)


def _admin_pages(world: World) -> list[str]:
    """Every registered admin's list, and the page of each object it lists."""
    request = RequestFactory().get("/admin/")
    request.user = world.admin
    urls = []
    for model, model_admin in admin.site._registry.items():
        meta = model._meta
        urls.append(reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist"))
        for obj in model_admin.get_queryset(request):
            urls.append(reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk]))
    return urls


def test_no_admin_page_shows_the_coaching_content(world: World, operator: Client) -> None:
    pages = _admin_pages(world)
    assert len(pages) > 20
    answers = {url: operator.get(url) for url in pages}
    assert {url: r.status_code for url, r in answers.items() if r.status_code != 200} == {}
    found = {
        url: [what for what, secret in SECRETS.items() if secret in response.content.decode()]
        for url, response in answers.items()
    }
    assert {url: what for url, what in found.items() if what} == {}


def test_the_audit_log_still_records_engagement_facts_and_agreements_sent(world: World, operator: Client) -> None:
    page = operator.get(reverse("admin:auditlog_logentry_changelist")).content.decode()
    assert "Leadership presence" in page
    assert "agreement v1" in page


def test_an_agreement_draft_is_not_listed_but_a_sent_one_is(world: World, operator: Client) -> None:
    page = operator.get(reverse("admin:agreements_agreement_changelist")).content.decode()
    signed, draft = world.engagement.agreements.order_by("version")
    assert draft.status == "draft"
    assert reverse("admin:agreements_agreement_change", args=[signed.pk]) in page
    assert reverse("admin:agreements_agreement_change", args=[draft.pk]) not in page
    assert operator.get(reverse("admin:agreements_agreement_change", args=[draft.pk])).status_code == 302


def test_the_task_list_says_what_ran_without_what_it_carried(world: World, operator: Client) -> None:
    page = operator.get(reverse("admin:django_tasks_database_dbtaskresult_changelist")).content.decode()
    assert "mail_deliver" in page


def test_entries_written_before_the_audit_was_narrowed_stay_out_of_the_admin(world: World, operator: Client) -> None:
    old_stakeholder = LogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(Stakeholder),
        object_pk="1",
        object_id=1,
        object_repr=f"{SECRETS['stakeholder name']} (peer)",
        action=LogEntry.Action.CREATE,
        changes={"email": ["None", SECRETS["stakeholder email"]]},
    )
    old_agreement = LogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(Agreement),
        object_pk=str(world.agreement.pk),
        object_id=world.agreement.pk,
        object_repr=str(world.agreement),
        action=LogEntry.Action.UPDATE,
        changes={"context": ["", SECRETS["draft agreement"]], "status": ["draft", "open"]},
    )

    listed = operator.get(reverse("admin:auditlog_logentry_changelist")).content.decode()
    assert SECRETS["stakeholder name"] not in listed
    assert operator.get(reverse("admin:auditlog_logentry_change", args=[old_stakeholder.pk])).status_code == 302
    entry = operator.get(reverse("admin:auditlog_logentry_change", args=[old_agreement.pk])).content.decode()
    assert "open" in entry
    assert SECRETS["draft agreement"] not in entry
    searched = operator.get(reverse("admin:auditlog_logentry_changelist"), {"q": SECRETS["draft agreement"]})
    assert f"/admin/auditlog/logentry/{old_agreement.pk}/change/" not in searched.content.decode()
