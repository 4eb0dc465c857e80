from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from stepwise.engagements.access import Access, Part, engagement_access
from stepwise.lib.forms import add_errors, form_after_stale_edit
from stepwise.lib.http import AuthedRequest
from stepwise.lib.pdf import pdf_response, stored_pdf_response
from stepwise.lib.revisions import StaleEdit

from . import services
from .document import agreement_blocks, agreement_pdf_shows
from .forms import AgreementForm, SignForm, StartForm
from .models import Agreement, Signature, signer_role
from .selectors import agreement_read_require


def _load(request: AuthedRequest, public_id: UUID, agreement_id: UUID) -> tuple[Access, Agreement]:
    access = engagement_access(request.user, public_id)
    access.require_read(Part.AGREEMENT)
    agreement = get_object_or_404(
        Agreement.objects.select_related("engagement__organisation", "engagement__coach"),
        engagement=access.engagement,
        public_id=agreement_id,
    )
    agreement_read_require(access, agreement)
    return access, agreement


@login_required
def agreement_detail(request: AuthedRequest, public_id: UUID, agreement_id: UUID) -> HttpResponse:
    access, agreement = _load(request, public_id, agreement_id)
    return _render_detail(
        request,
        access,
        agreement,
        SignForm(initial={"seen_hash": agreement.text_hash}, signer_name=services.signing_name(request.user)),
    )


def _render_detail(
    request: HttpRequest, access: Access, agreement: Agreement, sign_form: SignForm, status: int = 200
) -> HttpResponse:
    text = agreement.current_text()
    signatures = list(agreement.signatures.select_related("signer"))
    role = signer_role(access.roles)
    already = any(s.signer_id == request.user.pk and s.role == role for s in signatures)
    may_sign = (
        role is not None
        and not access.is_closed
        and not already
        and (
            agreement.status == Agreement.Status.OPEN
            or (agreement.status == Agreement.Status.SIGNED and role == Signature.Role.SPONSOR)
        )
    )
    versions = agreement.engagement.agreements.order_by("-version").only("public_id", "version", "status", "signed_at")
    if not access.reads_drafts:
        versions = versions.exclude(status=Agreement.Status.DRAFT)
    return render(
        request,
        "agreements/agreement_detail.html",
        {
            "access": access,
            "engagement": access.engagement,
            "agreement": agreement,
            "blocks": agreement_blocks(text),
            "signatures": signatures,
            "my_role": role,
            "already_signed": already,
            "may_sign": may_sign,
            "sign_form": sign_form,
            "versions": versions,
        },
        status=status,
    )


@login_required
@require_POST
def agreement_start(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    access = engagement_access(request.user, public_id)
    access.require_write(Part.AGREEMENT)
    choice = StartForm(request.POST)
    valid = choice.is_valid()
    template = choice.cleaned_data["template"] if valid else None
    token = choice.cleaned_data["token"] if valid else None
    try:
        agreement = services.agreement_start(engagement=access.engagement, template=template, token=token)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("engagement_detail", public_id=public_id)
    messages.success(
        request,
        _("Draft version %(v)s started from the template. Adapt it, then send it for signature.")
        % {"v": agreement.version},
    )
    return redirect("agreement_edit", public_id=public_id, agreement_id=agreement.public_id)


@login_required
def agreement_edit(request: AuthedRequest, public_id: UUID, agreement_id: UUID) -> HttpResponse:
    access, agreement = _load(request, public_id, agreement_id)
    access.require_write(Part.AGREEMENT)
    if not agreement.is_editable():
        messages.error(request, _("This version can no longer be edited. Start a new version to change it."))
        return redirect("agreement_detail", public_id=public_id, agreement_id=agreement_id)
    form = AgreementForm(request.POST or None, instance=agreement)
    status = 200
    current = None  # the draft as saved meanwhile, after a stale edit
    if request.method == "POST":
        if form.is_valid():
            values = {name: form.cleaned_data[name] for name in Agreement.CONTENT_FIELDS}
            try:
                services.agreement_update(agreement=agreement, revision=form.cleaned_data["revision"], values=values)
            except StaleEdit as error:
                status = 409
                current = error.current
                form = form_after_stale_edit(form, error)
            except ValidationError as error:
                add_errors(form, error)
                status = 409
            else:
                messages.success(request, _("Draft saved. Read it through, then send it for signature."))
                return redirect("agreement_detail", public_id=public_id, agreement_id=agreement_id)
        else:
            status = 400
    return render(
        request,
        "agreements/agreement_edit.html",
        {"form": form, "engagement": access.engagement, "agreement": agreement, "current": current},
        status=status,
    )


@login_required
@require_POST
def agreement_open(request: AuthedRequest, public_id: UUID, agreement_id: UUID) -> HttpResponse:
    access, agreement = _load(request, public_id, agreement_id)
    access.require_write(Part.AGREEMENT)
    try:
        services.agreement_open(agreement=agreement)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Sent for signature: the executive and the sponsors have been asked by mail. Sign it yourself below."),
        )
    return redirect("agreement_detail", public_id=public_id, agreement_id=agreement_id)


@login_required
@require_POST
def agreement_reopen(request: AuthedRequest, public_id: UUID, agreement_id: UUID) -> HttpResponse:
    access, agreement = _load(request, public_id, agreement_id)
    access.require_write(Part.AGREEMENT)
    try:
        services.agreement_reopen(agreement=agreement)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("agreement_detail", public_id=public_id, agreement_id=agreement_id)
    messages.success(request, _("Back to draft. Edit it, then send it for signature again."))
    return redirect("agreement_edit", public_id=public_id, agreement_id=agreement_id)


@login_required
@require_POST
def agreement_sign(request: AuthedRequest, public_id: UUID, agreement_id: UUID) -> HttpResponse:
    access, agreement = _load(request, public_id, agreement_id)
    if signer_role(access.roles) is None:
        return HttpResponse(status=403)
    form = SignForm(request.POST, signer_name=services.signing_name(request.user))
    if form.is_valid():
        try:
            signature = services.agreement_sign(
                agreement=agreement,
                signer=request.user,
                typed_name=form.cleaned_data["typed_name"],
                seen_hash=form.cleaned_data["seen_hash"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            if signature.is_acknowledgement:
                messages.success(request, _("Thank you: your acknowledgement is recorded."))
            else:
                messages.success(request, _("Signed. You will hear by mail when everyone has signed."))
            return redirect("agreement_detail", public_id=public_id, agreement_id=agreement_id)
    agreement.refresh_from_db()
    return _render_detail(request, access, agreement, form, status=400)


@login_required
def agreement_pdf(request: AuthedRequest, public_id: UUID, agreement_id: UUID) -> HttpResponse:
    access, agreement = _load(request, public_id, agreement_id)
    signatures = list(agreement.signatures.select_related("signer"))
    context = {
        "engagement": access.engagement,
        "agreement": agreement,
        "signatures": signatures,
    }
    filename = f"agreement-{slugify(str(access.engagement))}-v{agreement.version}.pdf"
    if agreement.is_frozen():
        return stored_pdf_response(
            request,
            document=agreement,
            depends_on=agreement_pdf_shows(agreement, signatures),
            template="agreements/agreement_pdf.html",
            context=lambda: context | {"blocks": agreement_blocks(agreement.current_text())},
            filename=filename,
        )
    context["blocks"] = agreement_blocks(agreement.current_text())
    return pdf_response(request, "agreements/agreement_pdf.html", context, filename)
