"""Step 5: messages between the executive and the coach, and the coach's inbox."""

from uuid import UUID

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from stepwise.engagements.access import Part, engagement_access
from stepwise.lib.forms import add_errors
from stepwise.lib.http import AuthedRequest

from ..forms import MessageForm
from ..models import Message
from ..selectors.messaging import inbox_page, thread_context
from ..services.messaging import message_mark_answered, message_send


@login_required
def message_list(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    access = engagement_access(request.user, public_id)
    access.require_read(Part.MESSAGES)
    form = MessageForm.fresh()
    if request.method == "POST":
        access.require_write(Part.MESSAGES)
        form = MessageForm(request.POST)
        if form.is_valid():
            try:
                message_send(
                    engagement=access.engagement,
                    author=request.user,
                    body=form.cleaned_data["body"],
                    token=form.cleaned_data["token"],
                    now=timezone.now(),
                )
            except ValidationError as error:
                add_errors(form, error)
            else:
                flash.success(request, _("Message sent; the other party has been told by mail."))
                return redirect(f"{request.path}#send")
    context = thread_context(access.engagement, now=timezone.now())
    return render(
        request,
        "meetings/messages_list.html",
        {"access": access, "engagement": access.engagement, "form": form, **context},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def message_answered(request: AuthedRequest, public_id: UUID, message_id: UUID) -> HttpResponse:
    access = engagement_access(request.user, public_id)
    access.require_read(Part.MESSAGES)
    message = get_object_or_404(
        Message.objects.select_related("engagement"), engagement=access.engagement, public_id=message_id
    )
    if not access.is_coach:
        raise PermissionDenied(_("Only the coach marks a message answered."))
    try:
        message_mark_answered(message=message, coach=request.user, now=timezone.now())
    except ValidationError as error:
        flash.info(request, " ".join(error.messages))
    else:
        flash.success(request, _("Marked answered; the reply time counts until now."))
    if request.POST.get("next") == "inbox":
        page = request.POST.get("page", "")  # back to the page the coach was on
        return redirect(reverse("inbox") + (f"?page={page}" if page.isdigit() else ""))
    return redirect("message_list", public_id=public_id)


@login_required
def inbox(request: AuthedRequest) -> HttpResponse:
    if not request.user.is_coach:
        raise Http404
    inbox = inbox_page(request.user, now=timezone.now(), number=request.GET.get("page"))
    return render(
        request,
        "meetings/messages_inbox.html",
        {"rows": inbox.page.object_list, "page": inbox.page, "overdue": inbox.overdue},
    )
