"""Movements: the year's list, a movement's page and form, its documents, adoptions."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from blocks import access as blocks_access
from blocks.access import roles_in
from campaigns import access, selectors, services
from campaigns.forms import (
    AdoptionForm,
    CampaignForm,
    DocumentForm,
)
from campaigns.models import Campaign, CampaignAdoption
from campaigns.views.common import form_page, term_url
from emulation.forms import FORM_ERROR_STATUS, apply_service_error, flash_service_error
from emulation.uploads import protected_file_response


@require_GET
def campaign_list(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    term = blocks_access.get_term_for_member(request, pk, year)
    page = selectors.campaigns_page(term)
    user_unit = (
        request.user.unit_id if request.user.unit_id in {u.pk for u in page.members} else None
    )
    return render(
        request,
        "campaigns/campaign_list.html",
        {
            "term": term,
            "page": page,
            "can_manage": roles_in(request.user, term).manage,
            "user_unit_id": user_unit,
            "writable": not term.is_published,
            # Every mode the model has: the form follows the model, not a hand-written list.
            "modes": CampaignAdoption.Mode.choices,
        },
    )


def _campaign_form_page(request, term, form, campaign=None) -> HttpResponse:
    return form_page(
        request, "campaigns/campaign_form.html", {"term": term, "form": form, "campaign": campaign}
    )


@require_http_methods(["GET", "POST"])
def campaign_create(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    term = blocks_access.get_term_for_manager(request, pk, year)
    board = roles_in(request.user, term).board
    members = selectors.term_members(term)
    form = CampaignForm(
        request.POST or None,
        members=members,
        board=board,
        central=access.can_record_central(request),
        initial={"level": "block"},
    )
    if request.method == "POST" and form.is_valid():
        try:
            campaign = services.campaign_create(
                term=term, actor=request.user, board=board, request=request, **form.cleaned_data
            )
        except ValidationError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, _("The movement was saved."))
            return redirect(term_url("campaigns:campaign_detail", term, campaign.pk))
    return _campaign_form_page(request, term, form)


@require_GET
def campaign_detail(request: HttpRequest, pk: int, year: int, campaign_pk: int) -> HttpResponse:
    term = blocks_access.get_term_for_member(request, pk, year)
    campaign = access.get_campaign(term, campaign_pk)
    can_edit = _can_edit_campaign(request, term, campaign)
    return _detail_page(request, term, campaign, can_edit=can_edit, document_form=DocumentForm())


def _detail_page(request, term, campaign, *, can_edit: bool, document_form) -> HttpResponse:
    """A movement's page; after a refused upload, with the form's errors."""
    return render(
        request,
        "campaigns/campaign_detail.html",
        {
            "term": term,
            "campaign": campaign,
            "documents": selectors.campaign_detail(campaign),
            "can_edit": can_edit,
            "document_form": document_form,
        },
        status=FORM_ERROR_STATUS if document_form.errors else 200,
    )


def _can_edit_campaign(request, term, campaign: Campaign) -> bool:
    if term.is_published or not roles_in(request.user, term).manage:
        return False
    if campaign.level in (Campaign.Level.CENTRAL, Campaign.Level.PROVINCIAL):
        return access.can_edit_outside(request, term, campaign)
    return True


def _editable_campaign(request, pk, year, campaign_pk):
    term = blocks_access.get_term_for_manager(request, pk, year)
    campaign = access.get_campaign(term, campaign_pk)
    if not _can_edit_campaign(request, term, campaign) and not term.is_published:
        raise PermissionDenied
    return term, campaign


@require_http_methods(["GET", "POST"])
def campaign_edit(request: HttpRequest, pk: int, year: int, campaign_pk: int) -> HttpResponse:
    term, campaign = _editable_campaign(request, pk, year, campaign_pk)
    board = roles_in(request.user, term).board
    initial = {
        name: getattr(campaign, name)
        for name in ("level", "kind", "name", "theme", "launched_on", "ends_on", "launched_by")
    }
    initial["unit"] = campaign.unit_id
    form = CampaignForm(
        request.POST or None,
        members=selectors.term_members(term),
        board=board,
        central=access.can_record_central(request),
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.campaign_update(
                campaign=campaign,
                term=term,
                actor=request.user,
                board=board,
                request=request,
                **form.cleaned_data,
            )
        except ValidationError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, _("The movement was saved."))
            return redirect(term_url("campaigns:campaign_detail", term, campaign.pk))
    return _campaign_form_page(request, term, form, campaign)


@require_POST
def campaign_archive(request: HttpRequest, pk: int, year: int, campaign_pk: int) -> HttpResponse:
    term, campaign = _editable_campaign(request, pk, year, campaign_pk)
    archived = request.POST.get("archived", "1") != "0"
    try:
        services.campaign_archive(
            campaign=campaign,
            term=term,
            actor=request.user,
            archived=archived,
            board=roles_in(request.user, term).board,
            request=request,
        )
    except ValidationError as exc:
        flash_service_error(request, exc)
    else:
        messages.success(
            request,
            _("The movement was archived.") if archived else _("The movement was restored."),
        )
    return redirect(term_url("campaigns:campaign_list", term))


@require_POST
def campaign_document_upload(
    request: HttpRequest, pk: int, year: int, campaign_pk: int
) -> HttpResponse:
    term, campaign = _editable_campaign(request, pk, year, campaign_pk)
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.campaign_document_add(
                campaign=campaign,
                term=term,
                actor=request.user,
                title=form.cleaned_data["title"],
                upload=form.cleaned_data["file"],
                request=request,
            )
        except ValidationError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, _("The document was attached."))
            return redirect(term_url("campaigns:campaign_detail", term, campaign.pk))
    return _detail_page(request, term, campaign, can_edit=True, document_form=form)


@require_GET
def campaign_document_download(
    request: HttpRequest, pk: int, year: int, document_pk: int
) -> HttpResponse:
    term = blocks_access.get_term_for_member(request, pk, year)
    document = access.get_document(term, document_pk)
    if not document.file or not document.file.storage.exists(document.file.name):
        raise Http404
    return protected_file_response(document.file, download_name=document.original_name)


@require_POST
def adoption_set(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    """A unit says how it takes up an outside movement; the leader or board may set any unit's
    row or the whole block's (empty unit)."""
    term = blocks_access.get_term_for_member(request, pk, year)
    form = AdoptionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The form was incomplete."))
        return redirect(term_url("campaigns:campaign_list", term))
    unit_pk = form.cleaned_data["unit"]
    manager = roles_in(request.user, term).manage
    if not manager and (unit_pk is None or unit_pk != request.user.unit_id):
        raise PermissionDenied
    if unit_pk is not None and unit_pk not in term.member_unit_ids():
        raise Http404
    campaign = access.get_campaign(term, form.cleaned_data["campaign"])
    target = None
    if form.cleaned_data["integrated_into"]:
        target = access.get_campaign(term, form.cleaned_data["integrated_into"])
    unit = None
    if unit_pk is not None:
        from blocks.models import Unit

        unit = Unit.objects.get(pk=unit_pk)
    try:
        services.adoption_set(
            term=term,
            campaign=campaign,
            unit=unit,
            mode=form.cleaned_data["mode"],
            integrated_into=target,
            actor=request.user,
            request=request,
        )
    except ValidationError as exc:
        flash_service_error(request, exc)
    else:
        messages.success(request, _("Saved."))
    return redirect(term_url("campaigns:campaign_list", term) + "#adoptions")
