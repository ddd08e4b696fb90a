"""The pact: its page, writing it, signing it, its signed copy."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from blocks import access as blocks_access
from blocks.access import roles_in
from campaigns import access, selectors, services
from campaigns.forms import (
    PactForm,
    SignForm,
)
from campaigns.models import Pact
from campaigns.views.common import form_page, term_url
from emulation.forms import apply_service_error, flash_service_error
from emulation.uploads import protected_file_response


@require_GET
def pact_detail(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    term = blocks_access.get_term_for_member(request, pk, year)
    page = selectors.pact_page(term)
    own_row = next((r for r in page.rows if r.unit.pk == request.user.unit_id), None)
    initial = {"signer_name": request.user.display_name, "signer_title": request.user.job_title}
    return render(
        request,
        "campaigns/pact_detail.html",
        {
            "term": term,
            "page": page,
            "can_manage": roles_in(request.user, term).manage and not term.is_published,
            "own_row": own_row,
            "sign_form": SignForm(initial=initial),
        },
    )


@require_http_methods(["GET", "POST"])
def pact_edit(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    term = blocks_access.get_term_for_manager(request, pk, year)
    pact = Pact.objects.filter(term=term).first()
    initial = (
        {"title": pact.title, "text": pact.text, "commitments": pact.commitments}
        if pact
        else {"title": _("Emulation pact %(year)s") % {"year": term.year}}
    )
    form = PactForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.pact_save(
                term=term,
                actor=request.user,
                title=form.cleaned_data["title"],
                text=form.cleaned_data["text"],
                commitments=form.cleaned_data["commitments"],
                document=form.cleaned_data["document"],
                request=request,
            )
        except ValidationError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, _("The pact was saved."))
            return redirect(term_url("campaigns:pact_detail", term))
    return form_page(
        request, "campaigns/pact_form.html", {"term": term, "form": form, "pact": pact}
    )


@require_POST
def pact_sign(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    term = blocks_access.get_term_for_member(request, pk, year)
    unit = access.require_member_unit(request, term)
    pact = Pact.objects.filter(term=term).select_related("term").first()
    if pact is None:
        messages.error(request, _("The pact has not been written yet."))
        return redirect(term_url("campaigns:pact_detail", term))
    form = SignForm(request.POST)
    if form.is_valid():
        try:
            services.pact_sign(
                pact=pact, unit=unit, actor=request.user, request=request, **form.cleaned_data
            )
        except ValidationError as exc:
            flash_service_error(request, exc)
        else:
            messages.success(request, _("Your unit's signature was recorded."))
    else:
        messages.error(request, _("Give the signer's name and title."))
    return redirect(term_url("campaigns:pact_detail", term))


@require_GET
def pact_document(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    term = blocks_access.get_term_for_member(request, pk, year)
    pact = Pact.objects.filter(term=term).first()
    if pact is None or not pact.document or not pact.document.storage.exists(pact.document.name):
        raise Http404
    return protected_file_response(pact.document, download_name=pact.document_name or None)
