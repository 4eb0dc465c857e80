"""Access-walk rows for the raters' pages (merged into PAGES by test_access_walk.py).

A rater has no account: the link in their mail (``/r/<token>/``) trades its token for a session
and sends them to ``/r/``, the one page that session opens. Whoever holds the link can trade it
(the link is the credential), so every role is redirected; only a session that traded a link
that is still open reaches ``/r/`` and the survey's other pages, where the rater (and no one
else) writes: their draft, their answers, their decline.
"""

from datetime import date
from typing import Any
from uuid import uuid4

from django.utils import timezone

from stepwise.conftest import World, agreement_in_force
from stepwise.engagements import services as engagement_services
from stepwise.feedback import answering, practice, questionnaires, services
from stepwise.feedback import services as feedback_services
from stepwise.feedback.models import Group, Questionnaire, QuestionnaireItem, Rater, Round
from stepwise.plans.models import Goal
from tests.walk import ORGANISATIONS, POST_ONLY, PRACTICE_POSTED, Page, codes, engagement_kwargs, goal_made


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


# rounds lane: the coach's and the executive's side of a 360 round. Both read rounds and nominate
# raters; making a round, approving, opening, extending and closing are the coach's (403 for the
# executive); the sponsor and the practice admin have no part in rounds (404).
ROUND_READ = codes(coach=200, executive=200, anonymous=302, others=404)
COACH_ONLY = codes(coach=200, executive=403, anonymous=302, others=404)
COACH_POSTS = codes(coach=302, executive=403, anonymous=302, others=404)
BOTH_POST = codes(coach=302, executive=302, anonymous=302, others=404)


def _questionnaire(world: World) -> Questionnaire:
    questionnaire = Questionnaire.objects.create(title="Walk questionnaire")
    QuestionnaireItem.objects.create(questionnaire=questionnaire, position=1, text="Listens well")
    return questionnaire


def _new_stakeholder(world: World) -> dict[str, Any]:
    engagement_services.stakeholder_save(
        engagement=world.engagement, name="Dana Direct", email="dana@acme.test", relationship="direct_report"
    )
    return _round(world)


def _approved_draft(world: World) -> dict[str, Any]:
    agreement_in_force(world)
    draft = feedback_services.round_create(
        engagement=world.engagement, title="Second round", opens_on=date(2027, 6, 1), closes_on=date(2099, 6, 21)
    )
    feedback_services.rater_nominate(round=draft, stakeholder=world.stakeholder)
    feedback_services.raters_approve(round=draft, by=world.coach, revision=None)
    return engagement_kwargs(world) | {"round_id": draft.public_id}


def _rater(world: World) -> dict[str, Any]:
    return _round(world) | {"rater_id": world.rater.public_id}


def _revision(world: World) -> dict[str, Any]:
    return {"revision": Round.objects.get(public_id=_current_round_id(world)).revision}


def _current_round_id(world: World) -> Any:
    return (
        Round.objects.filter(engagement=world.engagement).order_by("-created_at").values_list("public_id", flat=True)[0]
    )


PAGES |= {
    "round_list": Page(engagement_kwargs, get=ROUND_READ),
    "round_create": Page(
        lambda w: (_questionnaire(w), engagement_kwargs(w))[1],
        get=COACH_ONLY,
        post=COACH_POSTS,
        data=lambda w: {
            "token": str(uuid4()),
            "title": "Mid-point 360",
            "questionnaire": Questionnaire.objects.get(title="Walk questionnaire").pk,
            "opens_on": "2027-05-03",
            "closes_on": "2027-05-24",
        },
    ),
    "round_detail": Page(_round, get=ROUND_READ),
    "round_raters": Page(
        _new_stakeholder,
        get=ROUND_READ,
        post=BOTH_POST,
        data=lambda w: {"stakeholders": [str(w.engagement.stakeholders.get(email="dana@acme.test").public_id)]},
    ),
    "rater_revoke": Page(_rater, get=POST_ONLY, post=COACH_POSTS),
    "round_approve": Page(_round, get=POST_ONLY, post=COACH_POSTS, data=_revision),
    # The approval page: the coach's, and the sponsor's only where the agreement in force gives
    # them the approval (the world's agreement is a draft: nothing is in force).
    "round_approval": Page(
        _round,
        get=codes(coach=200, anonymous=302, others=404),
        post=codes(coach=302, anonymous=302, others=404),
        data=_revision,
    ),
    "round_open": Page(_approved_draft, get=POST_ONLY, post=COACH_POSTS, data=_revision),
    "round_extend": Page(
        _round, get=POST_ONLY, post=COACH_POSTS, data=lambda w: _revision(w) | {"closes_on": "2099-04-30"}
    ),
    "round_close": Page(_round, get=POST_ONLY, post=COACH_POSTS, data=_revision),
}


# content lane: the questionnaire library is the practice's, like worksheet templates: every coach
# and the practice admin; a built-in questionnaire is read only (its POST is tested beside the app).
def _builtin_questionnaire(world: World) -> dict[str, Any]:
    builtin = Questionnaire.objects.get(built_in=True, kind=Questionnaire.Kind.FEEDBACK_360)
    return {"questionnaire_id": builtin.public_id}


def _copied_questionnaire(world: World) -> dict[str, Any]:
    builtin = Questionnaire.objects.get(built_in=True, kind=Questionnaire.Kind.PULSE)
    return {"questionnaire_id": questionnaires.questionnaire_copy(questionnaire=builtin).public_id}


def _questionnaire_form(world: World) -> dict[str, Any]:
    (copy,) = Questionnaire.objects.filter(copied_from__isnull=False)
    items = list(copy.items.all())
    data: dict[str, Any] = {
        "revision": copy.revision,
        "title": "Our pulse",
        "description": "",
        "items-TOTAL_FORMS": len(items),
        "items-INITIAL_FORMS": len(items),
    }
    for index, item in enumerate(items):
        data |= {
            f"items-{index}-kept": "on",
            f"items-{index}-text": item.text,
            f"items-{index}-competency": item.competency,
            f"items-{index}-kind": item.kind,
            f"items-{index}-position": item.position,
        }
    return data


PAGES |= {
    "questionnaire_list": Page(get=ORGANISATIONS),
    "questionnaire_detail": Page(
        _copied_questionnaire, get=ORGANISATIONS, post=PRACTICE_POSTED, data=_questionnaire_form
    ),
    "questionnaire_copy": Page(_builtin_questionnaire, get=POST_ONLY, post=PRACTICE_POSTED),
}


# Practice lane: steps 7–9. The executive writes, the coach reads, nobody else reaches them.
PRACTICE_READ = codes(coach=200, executive=200, anonymous=302, others=404)
PRACTICE_POSTED = codes(coach=403, executive=302, anonymous=302, others=404)


def _closed_round(world: World) -> tuple[Round, Rater]:
    """A second round of the world's engagement, closed after its one rater (the stakeholder)
    sent their answers. The world's own round stays open, so the rater persona's link still opens."""
    round = services.round_create(
        engagement=world.engagement, title="Earlier 360", opens_on=date(2027, 1, 4), closes_on=date(2027, 1, 25)
    )
    rater = services.rater_nominate(round=round, stakeholder=world.stakeholder, group=Group.PEER)
    services.round_open(round=round)
    rater.refresh_from_db()
    answering.response_submit(answerer=answering.answerer_for_rater(rater), answers={})
    return answering.round_close(round=round), rater


def _development_item(world: World) -> dict[str, Any]:
    goal = goal_made(world)
    item = practice.development_item_create(
        engagement=world.engagement, text="I cut people off in meetings.", goal=goal, token=uuid4()
    )
    return {"public_id": world.engagement.public_id, "item_id": item.public_id}


def _with_goal(world: World) -> dict[str, Any]:
    goal_made(world)
    return engagement_kwargs(world)


def _development_form(world: World) -> dict[str, Any]:
    return {"text": "I decide before hearing my team.", "goal": Goal.objects.get().pk, "token": str(uuid4())}


def _follow_ups(world: World) -> dict[str, Any]:
    round, _rater = _closed_round(world)
    return {"public_id": world.engagement.public_id, "round_id": round.public_id}


def _follow_up(world: World) -> dict[str, Any]:
    round, rater = _closed_round(world)
    return {"public_id": world.engagement.public_id, "round_id": round.public_id, "rater_id": rater.public_id}


PAGES |= {
    "development_list": Page(
        _with_goal,
        get=PRACTICE_READ,
        post=PRACTICE_POSTED,
        data=_development_form,
    ),
    "development_item": Page(
        _development_item,
        get=PRACTICE_READ,
        post=PRACTICE_POSTED,
        data=lambda w: {"text": "I interrupt people in meetings.", "goal": Goal.objects.get().pk, "revision": "0"},
    ),
    "follow_up_list": Page(_follow_ups, get=PRACTICE_READ),
    "follow_up_edit": Page(
        _follow_up,
        get=PRACTICE_READ,
        post=PRACTICE_POSTED,
        data=lambda w: {
            "met_on": timezone.localdate().isoformat(),
            "thanked": "on",
            "shared": "That I interrupt.",
            "actions": "I wait three seconds before answering.",
            "revision": "0",
        },
    ),
    "pulse_detail": Page(
        engagement_kwargs,
        get=PRACTICE_READ,
        post=PRACTICE_POSTED,
        data=lambda w: {
            "stakeholders": [w.stakeholder.pk],
            "every_days": "30",
            "next_send_on": timezone.localdate().isoformat(),
            "active": "on",
            "revision": "0",
        },
    ),
}


# Report lane: the 360 report. The coach reads (the first visit makes the version the coach reads),
# redacts and releases; the executive reads released versions (before release the page says it is
# not ready); the sponsor reads nothing here under the world's agreement (sponsor_sees_360_report is
# off); the practice admin has no part in it.
def _report_read(world: World) -> dict[str, Any]:
    from stepwise.feedback import release
    from stepwise.feedback.tests.rounds_made import round_closed

    round = round_closed(world.engagement, sizes={"manager": 1, "peer": 3, "other": 3}, title="Report walk")
    release.report_version_make(round=round)
    return {"public_id": world.engagement.public_id, "round_id": round.public_id}


def _a_comment(world: World) -> dict[str, Any]:
    from stepwise.feedback.models import Comment

    kwargs = _report_read(world)
    comment = Comment.objects.filter(round__public_id=kwargs["round_id"], group="peer").first()
    assert comment is not None
    return kwargs | {"comment_id": comment.id}


def _redaction(world: World) -> dict[str, Any]:
    from stepwise.feedback.models import Comment
    from stepwise.feedback.release import comment_digest

    comment = Comment.objects.filter(round__engagement=world.engagement, group="peer").first()
    assert comment is not None
    return {"text": "Someone in the team said [name] helped.", "seen": comment_digest(comment.text)}


REPORT_READERS = codes(coach=200, executive=200, anonymous=302, others=404)
COACH_ONLY = codes(coach=200, executive=403, anonymous=302, others=404)
COACH_POSTS_REPORT = codes(coach=302, executive=403, anonymous=302, others=404)

PAGES |= {
    "round_report": Page(_report_read, get=REPORT_READERS),
    # Before release only the coach has a version to download (a released one's PDF is stored on
    # its first download, which this walk's "a GET changes nothing" would count as a change:
    # stepwise/feedback/tests/test_report.py downloads it as the executive).
    "round_report_pdf": Page(_report_read, get=codes(coach=200, anonymous=302, others=404)),
    "round_report_release": Page(_report_read, get=POST_ONLY, post=COACH_POSTS_REPORT, data=lambda w: {"number": "1"}),
    "comment_redact": Page(_a_comment, get=COACH_ONLY, post=COACH_POSTS_REPORT, data=_redaction),
}
