"""The answering side of a 360: a rater through their link (``/r/…``), and the executive as self.

Both fill in the same survey (``survey.py``) and store it the same way (``answering.py``): a
draft autosaved and sealed, then one submission, sealed until the round closes. What a refused
answer was is kept on the page, beside a message saying what to fix.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any
from uuid import UUID

from allauth.core import ratelimit
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from stepwise.engagements.access import Access, Part, engagement_access
from stepwise.lib.http import AuthedRequest

from . import answering, survey
from .access import (
    DONE_KEY,
    SESSION_KEY,
    LinkRefused,
    RaterAccess,
    rater_access,
    rater_done,
    rater_in_session,
    rater_trade,
)
from .answering import Answerer
from .models import Group, Questionnaire, Rater, Round

# Made-up survey links count against the same budget per address as made-up invitation links
# (ACCOUNT_RATE_LIMITS["invitation_guess"]): alternating between the two kinds gains nothing.
GUESS_LIMIT = "invitation_guess"


def _guesses_exhausted(request: HttpRequest, *, count: bool) -> bool:
    return ratelimit.consume_or_429(request, action=GUESS_LIMIT, limit_get=True, dry_run=not count) is not None


def _is_fetch(request: HttpRequest) -> bool:
    return request.headers.get("X-Requested-With") == "fetch"


def _refused(request: HttpRequest, refused: LinkRefused) -> HttpResponse:
    if _is_fetch(request):
        return JsonResponse({"message": refused.message}, status=refused.status)
    return render(request, "feedback/rater_problem.html", {"problem": refused.message}, status=refused.status)


def rater_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A page under ``/r/``: never cached, and a link that opens nothing says why (``LinkRefused``)."""

    @wraps(view)
    @never_cache
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except LinkRefused as refused:
            return _refused(request, refused)

    return wrapper


# --- The survey, for a rater or for self --------------------------------------------------------


def _survey(
    request: HttpRequest,
    template: str,
    answerer: Answerer,
    context: dict[str, Any],
    *,
    answers: answering.Answers | None = None,
    revision: int | None = None,
    errors: dict[str, str] | None = None,
    problem: str = "",
    status: int = 200,
) -> HttpResponse:
    """The survey page: the answers given (else the saved draft), each error beside its field."""
    if answers is None or revision is None:
        answers, revision = answering.draft_load(answerer=answerer)
    round = answerer.round
    items = survey.survey_items(round)
    return render(
        request,
        template,
        {
            **context,
            "round": round,
            "sections": survey.survey_sections(items, answers, errors),
            "revision": revision,
            "errors": errors or {},
            "problem": problem,
        },
        status=status,
    )


def _autosave(request: HttpRequest, answerer: Answerer) -> JsonResponse:
    """Keep the draft. Answers that are refused are named with why, and the others still saved."""
    items = survey.survey_items(answerer.round)
    answers = survey.answers_from_post(items, request.POST)
    revision = survey.revision_from_post(request.POST)
    errors: dict[str, str] = {}
    try:
        revision = answering.draft_save(answerer=answerer, answers=answers, revision=revision)
    except ValidationError as error:
        if not hasattr(error, "error_dict"):  # a conflict, a closed round, a used or withdrawn link
            status = 409 if error.code == "conflict" else 410
            return JsonResponse({"message": " ".join(error.messages)}, status=status)
        errors = {name: " ".join(messages_) for name, messages_ in error.message_dict.items()}
        try:
            revision = answering.draft_save(
                answerer=answerer, answers=survey.answers_without(answers, errors), revision=revision
            )
        except ValidationError as again:
            return JsonResponse({"message": " ".join(again.messages)}, status=409)
    saved_at = formats.time_format(timezone.localtime(), "H:i")
    if errors:
        message = _(
            "Not saved: some answers need a look (see the messages beside them). Your other answers "
            "are saved; this text is kept on this page and in this browser."
        )
        return JsonResponse({"revision": revision, "errors": errors, "message": message}, status=400)
    return JsonResponse({"revision": revision, "errors": {}, "message": _("Saved at %(t)s") % {"t": saved_at}})


def _save_by_hand(
    request: HttpRequest, template: str, answerer: Answerer, context: dict[str, Any]
) -> HttpResponse | None:
    """The "Save and finish later" button without scripts: None once saved (the view redirects), else the page
    again with what was typed and why it was not saved."""
    items = survey.survey_items(answerer.round)
    answers = survey.answers_from_post(items, request.POST)
    revision = survey.revision_from_post(request.POST)
    try:
        answering.draft_save(answerer=answerer, answers=answers, revision=revision)
    except ValidationError as error:
        return _refused_answers(request, template, answerer, context, answers, revision, error)
    return None


def _send(request: HttpRequest, template: str, answerer: Answerer, context: dict[str, Any]) -> HttpResponse | None:
    """Send the answers: None once sent, else the page again with what was typed and why."""
    items = survey.survey_items(answerer.round)
    answers = survey.answers_from_post(items, request.POST)
    try:
        answering.response_submit(answerer=answerer, answers=answers)
    except ValidationError as error:
        revision = survey.revision_from_post(request.POST)
        return _refused_answers(request, template, answerer, context, answers, revision, error)
    return None


def _refused_answers(
    request: HttpRequest,
    template: str,
    answerer: Answerer,
    context: dict[str, Any],
    answers: answering.Answers,
    revision: int,
    error: ValidationError,
) -> HttpResponse:
    if hasattr(error, "error_dict"):
        errors = {name: " ".join(texts) for name, texts in error.message_dict.items()}
        return _survey(
            request, template, answerer, context, answers=answers, revision=revision, errors=errors, status=400
        )
    # Closed, withdrawn, used, or saved elsewhere meanwhile: say so, and keep the text on the page.
    status = 409 if error.code == "conflict" else 410
    kept = _("Your text is kept below so that you can copy it.") if status == 410 else ""
    return _survey(
        request,
        template,
        answerer,
        {**context, "closed": status == 410},
        answers=answers,
        revision=revision,
        problem=" ".join([*error.messages, kept]).strip(),
        status=status,
    )


# --- The rater, through their link ----------------------------------------------------------------


@require_GET
@rater_page
def rater_open(request: HttpRequest, token: str) -> HttpResponse:
    """The link in the rater's mail: trade its token for a session, then leave the token behind.

    A link that opens nothing says why without starting a session; an address that keeps trying
    made-up links is paused (429), as for invitation links."""
    if _guesses_exhausted(request, count=False):
        return render(request, "feedback/rater_throttled.html", status=429)
    try:
        rater_trade(request, token)
    except LinkRefused as refused:
        if refused.status == 404 and _guesses_exhausted(request, count=True):
            return render(request, "feedback/rater_throttled.html", status=429)
        raise
    return redirect("rater_home")


def _finished(request: HttpRequest) -> bool:
    """Whether this browser sent (or declined) already: a second click is thanked again, not told
    that its link is unknown (the session forgot the link when the answers went)."""
    return DONE_KEY in request.session and SESSION_KEY not in request.session


def _thanked_again(request: HttpRequest) -> HttpResponse | None:
    """For a browser that sent (or declined) already, what a further save, send or decline gets:
    thanked again (410 to the autosave's fetch, the thank-you page otherwise); else None."""
    if not _finished(request):
        return None
    if _is_fetch(request):
        return JsonResponse({"message": _("Your answers were sent already: thank you.")}, status=410)
    return redirect("rater_thanks")


def _posted_access(request: HttpRequest) -> RaterAccess | HttpResponse:
    """The rater of a posted survey, or, when their link closed (or was withdrawn) while they
    typed, the survey again with why and everything they posted, to copy (410)."""
    try:
        return rater_access(request)
    except LinkRefused as refused:
        rater = rater_in_session(request)
        if rater is None or refused.status != 410 or _is_fetch(request):
            raise
        answerer = answering.answerer_for_rater(rater)
        answers = survey.answers_from_post(survey.survey_items(rater.round), request.POST)
        context = {**_rater_context(rater, RaterAccess(rater=rater).executive_name()), "closed": True}
        kept = _("Your text is kept below so that you can copy it.")
        return _survey(
            request,
            "feedback/rater_home.html",
            answerer,
            context,
            answers=answers,
            revision=survey.revision_from_post(request.POST),
            problem=f"{refused.message} {kept}",
            status=410,
        )


def _rater_context(rater: Rater, executive: str) -> dict[str, Any]:
    round = rater.round
    return {
        "rater": rater,
        "executive": executive,
        "group_label": rater.get_group_display(),
        "threshold": round.threshold(rater.group),
        "others_threshold": round.threshold_others,
        "is_manager": rater.group == Group.MANAGER,
        "pulse": round.kind == Questionnaire.Kind.PULSE,
        "mini": round.kind == Questionnaire.Kind.MINI,
    }


@require_GET
@rater_page
def rater_home(request: HttpRequest) -> HttpResponse:
    """Who will see what, then the survey, with the draft saved so far."""
    if _finished(request):
        return redirect("rater_thanks")
    access = rater_access(request)
    answerer = answering.answerer_for_rater(access.rater)
    return _survey(request, "feedback/rater_home.html", answerer, _rater_context(access.rater, access.executive_name()))


@require_POST
@rater_page
def rater_save(request: HttpRequest) -> HttpResponse:
    """Autosave (fetch: JSON) and "Save and finish later" (a plain post: back to the page)."""
    if finished := _thanked_again(request):
        return finished
    access = _posted_access(request)
    if isinstance(access, HttpResponse):
        return access
    answerer = answering.answerer_for_rater(access.rater)
    if _is_fetch(request):
        return _autosave(request, answerer)
    context = _rater_context(access.rater, access.executive_name())
    refused = _save_by_hand(request, "feedback/rater_home.html", answerer, context)
    if refused:
        return refused
    messages.success(
        request,
        _("Saved. To finish later, open the link in your invitation mail again: your answers will be there."),
    )
    return redirect("rater_home")


@require_POST
@rater_page
def rater_submit(request: HttpRequest) -> HttpResponse:
    if finished := _thanked_again(request):
        return finished
    access = _posted_access(request)
    if isinstance(access, HttpResponse):
        return access
    answerer = answering.answerer_for_rater(access.rater)
    context = _rater_context(access.rater, access.executive_name())
    refused = _send(request, "feedback/rater_home.html", answerer, context)
    if refused:
        return refused
    rater_done(request, Rater.Answer.SUBMITTED)
    return redirect("rater_thanks")


@require_http_methods(["GET", "POST"])
@rater_page
def rater_decline(request: HttpRequest) -> HttpResponse:
    """The rater says they don't work closely enough with the executive: asked once more, then no more reminders."""
    if finished := _thanked_again(request):
        return finished
    access = rater_access(request)
    if request.method == "POST":
        try:
            answering.response_decline(answerer=answering.answerer_for_rater(access.rater))
        except ValidationError as error:
            raise LinkRefused(" ".join(error.messages), status=410) from None
        rater_done(request, Rater.Answer.DECLINED)
        return redirect("rater_thanks")
    return render(request, "feedback/rater_decline.html", {"executive": access.executive_name()})


@require_GET
@rater_page
def rater_thanks(request: HttpRequest) -> HttpResponse:
    done = request.session.get(DONE_KEY)
    if done not in (Rater.Answer.SUBMITTED, Rater.Answer.DECLINED):
        return redirect("rater_home")  # not finished: the survey, or why the link opens nothing
    return render(request, "feedback/rater_thanks.html", {"declined": done == Rater.Answer.DECLINED})


# --- The executive, as self -----------------------------------------------------------------------


def _self_load(request: AuthedRequest, public_id: UUID, round_id: UUID) -> tuple[Access, Round]:
    access = engagement_access(request.user, public_id)
    access.require_write(Part.ROUNDS)
    if not access.is_executive:  # the coach runs the round but has no self to rate
        raise Http404
    round = get_object_or_404(
        Round, engagement=access.engagement, public_id=round_id, kind=Questionnaire.Kind.FEEDBACK_360
    )
    if round.status == Round.Status.DRAFT:
        raise Http404
    return access, round


def _self_context(access: Access, round: Round) -> dict[str, Any]:
    return {"engagement": access.engagement, "access": access, "others_threshold": round.threshold_others}


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def round_self(request: AuthedRequest, public_id: UUID, round_id: UUID) -> HttpResponse:
    """The executive answers their own 360: the same survey, saved and sent the same way."""
    access, round = _self_load(request, public_id, round_id)
    context = _self_context(access, round)
    template = "feedback/round_self.html"
    if round.self_answered:
        return render(request, template, {**context, "round": round, "sent": True})
    if round.status == Round.Status.CLOSED:
        problem = _("This round closed on %(date)s, so your self-assessment can no longer be sent.") % {
            "date": formats.date_format(round.closes_on, "j F Y")
        }
        return render(request, "feedback/rater_problem.html", {"problem": problem}, status=410)
    answerer = answering.answerer_for_self(round)
    if request.method == "GET":
        return _survey(request, template, answerer, context)
    if request.POST.get("action") == "send":
        refused = _send(request, template, answerer, context)
        if refused:
            return refused
        messages.success(request, _("Your self-assessment is sent. Thank you."))
    else:
        refused = _save_by_hand(request, template, answerer, context)
        if refused:
            return refused
        messages.success(request, _("Saved. Come back to this page to finish."))
    return redirect("round_self", public_id=access.engagement.public_id, round_id=round.public_id)


@login_required
@require_POST
def round_self_save(request: AuthedRequest, public_id: UUID, round_id: UUID) -> HttpResponse:
    _access, round = _self_load(request, public_id, round_id)
    return _autosave(request, answering.answerer_for_self(round))
