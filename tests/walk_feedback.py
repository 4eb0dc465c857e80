"""Access-walk rows for the raters' pages (merged into PAGES by test_access_walk.py).

A rater has no account: the link in their mail (``/r/<token>/``) trades its token for a session
and sends them to ``/r/``, the one page that session opens. Whoever holds the link can trade it
(the link is the credential), so every role is redirected; only a session that traded a link
that is still open reaches ``/r/``. Both pages only read: a POST is refused.
"""

from typing import Any

from stepwise.conftest import World
from stepwise.feedback import questionnaires
from stepwise.feedback.models import Questionnaire
from tests.walk import ORGANISATIONS, POST_ONLY, PRACTICE_POSTED, Page, codes

PAGES: dict[str, Page] = {
    "rater_open": Page(lambda w: {"token": w.rater_token}, get=codes(others=302), post=codes(others=405), public=True),
    "rater_home": Page(get=codes(rater=200, others=404), post=codes(others=405), public=True),
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
