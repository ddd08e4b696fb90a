"""Pages of a block-year's setup: campaigns, pact, registrations, the scale, the next year.

Every view: access helper → form → service → message → redirect. A service's ValidationError
lands on the form or in a message, never as a 500.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from blocks import access as blocks_access
from campaigns import access, selectors, services, xlsx
from campaigns.forms import (
    AdoptionForm,
    CampaignForm,
    CriterionForm,
    DecisionForm,
    DocumentForm,
    ImportForm,
    NextYearForm,
    PactForm,
    ReasonForm,
    RegistrationForm,
    ScaleSettingsForm,
    SignForm,
)
from campaigns.models import Campaign, Pact, Registration, Scale
from emulation.uploads import protected_file_response, validate_upload


def _add_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def _message_errors(request: HttpRequest, exc: ValidationError) -> None:
    for text in exc.messages:
        messages.error(request, text)


def _term_url(name: str, term, *args) -> str:
    return reverse(name, args=[term.block_id, term.year, *args])


# --- Campaigns ----------------------------------------------------------------------------


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
            "can_manage": access.can_manage(request, term),
            "user_unit_id": user_unit,
            "writable": not term.is_published,
        },
    )


def _campaign_form_page(request, term, form, campaign=None) -> HttpResponse:
    return render(
        request, "campaigns/campaign_form.html", {"term": term, "form": form, "campaign": campaign}
    )


@require_http_methods(["GET", "POST"])
def campaign_create(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    term = blocks_access.get_term_for_manager(request, pk, year)
    board = access.is_board(request, term)
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
            _add_errors(form, exc)
        else:
            messages.success(request, _("The movement was saved."))
            return redirect(_term_url("campaign_detail", term, campaign.pk))
    return _campaign_form_page(request, term, form)


@require_GET
def campaign_detail(request: HttpRequest, pk: int, year: int, campaign_pk: int) -> HttpResponse:
    term = blocks_access.get_term_for_member(request, pk, year)
    campaign = access.get_campaign(term, campaign_pk)
    return render(
        request,
        "campaigns/campaign_detail.html",
        {
            "term": term,
            "campaign": campaign,
            "documents": selectors.campaign_detail(campaign),
            "can_edit": _can_edit_campaign(request, term, campaign),
            "document_form": DocumentForm(),
        },
    )


def _can_edit_campaign(request, term, campaign: Campaign) -> bool:
    if term.is_published or not access.can_manage(request, term):
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
    board = access.is_board(request, term)
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
            _add_errors(form, exc)
        else:
            messages.success(request, _("The movement was saved."))
            return redirect(_term_url("campaign_detail", term, campaign.pk))
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
            board=access.is_board(request, term),
            request=request,
        )
    except ValidationError as exc:
        _message_errors(request, exc)
    else:
        messages.success(
            request,
            _("The movement was archived.") if archived else _("The movement was restored."),
        )
    return redirect(_term_url("campaign_list", term))


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
            _add_errors(form, exc)
        else:
            messages.success(request, _("The document was attached."))
            return redirect(_term_url("campaign_detail", term, campaign.pk))
    return render(
        request,
        "campaigns/campaign_detail.html",
        {
            "term": term,
            "campaign": campaign,
            "documents": selectors.campaign_detail(campaign),
            "can_edit": True,
            "document_form": form,
        },
    )


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
        return redirect(_term_url("campaign_list", term))
    unit_pk = form.cleaned_data["unit"]
    manager = access.can_manage(request, term)
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
        _message_errors(request, exc)
    else:
        messages.success(request, _("Saved."))
    return redirect(_term_url("campaign_list", term) + "#adoptions")


# --- Pact ---------------------------------------------------------------------------------


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
            "can_manage": access.can_manage(request, term) and not term.is_published,
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
            _add_errors(form, exc)
        else:
            messages.success(request, _("The pact was saved."))
            return redirect(_term_url("pact_detail", term))
    return render(request, "campaigns/pact_form.html", {"term": term, "form": form, "pact": pact})


@require_POST
def pact_sign(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    term = blocks_access.get_term_for_member(request, pk, year)
    unit = access.require_member_unit(request, term)
    pact = Pact.objects.filter(term=term).select_related("term").first()
    if pact is None:
        messages.error(request, _("The pact has not been written yet."))
        return redirect(_term_url("pact_detail", term))
    form = SignForm(request.POST)
    if form.is_valid():
        try:
            services.pact_sign(
                pact=pact, unit=unit, actor=request.user, request=request, **form.cleaned_data
            )
        except ValidationError as exc:
            _message_errors(request, exc)
        else:
            messages.success(request, _("Your unit's signature was recorded."))
    else:
        messages.error(request, _("Give the signer's name and title."))
    return redirect(_term_url("pact_detail", term))


@require_GET
def pact_document(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    term = blocks_access.get_term_for_member(request, pk, year)
    pact = Pact.objects.filter(term=term).first()
    if pact is None or not pact.document or not pact.document.storage.exists(pact.document.name):
        raise Http404
    return protected_file_response(pact.document, download_name=pact.document_name or None)


# --- Registrations ------------------------------------------------------------------------


@require_GET
def registration_list(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    term = blocks_access.get_term_for_member(request, pk, year)
    return render(
        request,
        "campaigns/registration_list.html",
        {
            "term": term,
            "rows": selectors.registrations_page(term),
            "can_manage": access.can_manage(request, term) and not term.is_published,
            "own_unit_id": request.user.unit_id,
        },
    )


@require_http_methods(["GET", "POST"])
def registration_edit(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    term = blocks_access.get_term_for_member(request, pk, year)
    unit = access.require_member_unit(request, term)
    registration = Registration.objects.filter(term=term, unit=unit).first()
    initial = {}
    if registration is not None:
        initial = {
            "award_types": list(registration.award_types.all()),
            "targets": registration.targets,
        }
    form = RegistrationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.registration_submit(
                term=term,
                unit=unit,
                actor=request.user,
                award_types=list(form.cleaned_data["award_types"]),
                targets=form.cleaned_data["targets"],
                request=request,
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Your unit's registration was submitted."))
            return redirect(_term_url("registration_list", term))
    return render(
        request,
        "campaigns/registration_form.html",
        {"term": term, "form": form, "unit": unit, "registration": registration},
    )


@require_POST
def registration_decide(request: HttpRequest, pk: int, year: int, reg_pk: int) -> HttpResponse:
    term = blocks_access.get_term_for_manager(request, pk, year)
    registration = access.get_registration(term, reg_pk)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The form was incomplete."))
    else:
        try:
            services.registration_decide(
                registration=registration,
                actor=request.user,
                approve=form.cleaned_data["decision"] == "approve",
                reason=form.cleaned_data["reason"],
                request=request,
            )
        except ValidationError as exc:
            _message_errors(request, exc)
        else:
            messages.success(request, _("The decision was recorded."))
    return redirect(_term_url("registration_list", term))


# --- Scale --------------------------------------------------------------------------------


@require_GET
def scale_editor(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    term = blocks_access.get_term_for_member(request, pk, year)
    version = request.GET.get("version", "")
    page = selectors.scale_page(term, version=int(version) if version.isdigit() else None)
    if version.isdigit() and page.scale is None:
        raise Http404
    can_manage = access.can_manage(request, term) and not term.is_published
    editing = bool(can_manage and page.scale and page.scale.is_editable)
    return render(
        request,
        "campaigns/scale_editor.html",
        {
            "term": term,
            "page": page,
            "can_manage": can_manage,
            "is_board": access.is_board(request, term) and not term.is_published,
            "editing": editing,
            "line_form": CriterionForm(groups=page.groups) if editing else None,
            "settings_form": (
                ScaleSettingsForm(initial={"nominal_total": page.scale.nominal_total})
                if editing
                else None
            ),
        },
    )


def _draft_for_manager(request, pk, year) -> tuple:
    term = blocks_access.get_term_for_manager(request, pk, year)
    return term, access.get_scale(term)


def _back(term) -> HttpResponse:
    return redirect(_term_url("scale_editor", term))


@require_POST
def scale_create(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    term = blocks_access.get_term_for_manager(request, pk, year)
    try:
        services.scale_create(term=term, actor=request.user, request=request)
    except ValidationError as exc:
        _message_errors(request, exc)
    return _back(term)


@require_POST
def scale_settings(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    term, scale = _draft_for_manager(request, pk, year)
    form = ScaleSettingsForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return _back(term)
    try:
        services.scale_update_settings(
            scale=scale,
            actor=request.user,
            nominal_total=form.cleaned_data["nominal_total"],
            request=request,
        )
    except ValidationError as exc:
        _message_errors(request, exc)
    else:
        messages.success(request, _("The nominal total was saved."))
    return _back(term)


def _line_fields(form) -> dict:
    data = dict(form.cleaned_data)
    data["guidance"] = data.get("guidance") or ""
    return data


@require_http_methods(["GET", "POST"])
def scale_line_create(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    term, scale = _draft_for_manager(request, pk, year)
    groups = list(scale.criteria.filter(kind="group").order_by("order"))
    form = CriterionForm(request.POST or None, groups=groups)
    if request.method == "POST" and form.is_valid():
        try:
            services.criterion_create(
                scale=scale, actor=request.user, request=request, **_line_fields(form)
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("The line was added."))
            return _back(term)
    return render(
        request, "campaigns/criterion_form.html", {"term": term, "scale": scale, "form": form}
    )


@require_http_methods(["GET", "POST"])
def scale_line_edit(request: HttpRequest, pk: int, year: int, line_pk: int) -> HttpResponse:
    term, scale = _draft_for_manager(request, pk, year)
    criterion = access.get_criterion(scale, line_pk)
    groups = list(scale.criteria.filter(kind="group").order_by("order"))
    initial = {
        "parent": str(criterion.parent_id or ""),
        "kind": criterion.kind,
        "code": criterion.code,
        "title": criterion.title,
        "max_points": criterion.max_points,
        "points_per_occurrence": criterion.points_per_occurrence,
        "evidence_required": criterion.evidence_required,
        "guidance": criterion.guidance,
    }
    form = CriterionForm(request.POST or None, groups=groups, exclude=criterion.pk, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.criterion_update(
                criterion=criterion, actor=request.user, request=request, **_line_fields(form)
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("The line was saved."))
            return _back(term)
    return render(
        request,
        "campaigns/criterion_form.html",
        {"term": term, "scale": scale, "form": form, "criterion": criterion},
    )


@require_POST
def scale_line_delete(request: HttpRequest, pk: int, year: int, line_pk: int) -> HttpResponse:
    term, scale = _draft_for_manager(request, pk, year)
    criterion = access.get_criterion(scale, line_pk)
    try:
        services.criterion_delete(criterion=criterion, actor=request.user, request=request)
    except ValidationError as exc:
        _message_errors(request, exc)
    else:
        messages.success(request, _("The line was deleted."))
    return _back(term)


@require_POST
def scale_line_move(request: HttpRequest, pk: int, year: int, line_pk: int) -> HttpResponse:
    term, scale = _draft_for_manager(request, pk, year)
    criterion = access.get_criterion(scale, line_pk)
    try:
        services.criterion_move(
            criterion=criterion,
            actor=request.user,
            direction=request.POST.get("direction", ""),
            request=request,
        )
    except ValidationError as exc:
        _message_errors(request, exc)
    return redirect(_term_url("scale_editor", term) + f"#line-{criterion.pk}")


@require_POST
def scale_submit(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    term, scale = _draft_for_manager(request, pk, year)
    try:
        services.scale_submit(scale=scale, actor=request.user, request=request)
    except ValidationError as exc:
        _message_errors(request, exc)
    else:
        messages.success(request, _("The scale was submitted to the emulation board."))
    return _back(term)


@require_POST
def scale_approve(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    term = blocks_access.get_term_for_board(request, pk, year)
    scale = access.get_scale(term)
    try:
        scale = services.scale_approve(scale=scale, actor=request.user, request=request)
    except ValidationError as exc:
        _message_errors(request, exc)
    else:
        messages.success(
            request,
            _("Version %(version)s of the scale was approved.") % {"version": scale.version},
        )
    return _back(term)


@require_POST
def scale_return(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    term = blocks_access.get_term_for_board(request, pk, year)
    scale = access.get_scale(term)
    try:
        services.scale_return(
            scale=scale, actor=request.user, reason=request.POST.get("reason", ""), request=request
        )
    except ValidationError as exc:
        _message_errors(request, exc)
    else:
        messages.success(request, _("The scale was returned to the leader unit."))
    return _back(term)


@require_POST
def scale_new_version(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    term, scale = _draft_for_manager(request, pk, year)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("A new version needs a reason for the change."))
        return _back(term)
    try:
        new = services.scale_new_version(
            scale=scale, actor=request.user, reason=form.cleaned_data["reason"], request=request
        )
    except ValidationError as exc:
        _message_errors(request, exc)
    else:
        messages.success(
            request, _("Version %(version)s was created as a draft.") % {"version": new.version}
        )
    return _back(term)


@require_GET
def scale_versions(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    """All versions, and the differences between two of them (?old=1&new=2)."""
    term = blocks_access.get_term_for_member(request, pk, year)
    versions = list(
        Scale.objects.filter(term=term).select_related("approved_by").order_by("-version")
    )
    by_number = {s.version: s for s in versions}
    old, new = request.GET.get("old", ""), request.GET.get("new", "")
    diff = None
    if len(versions) > 1:
        new_scale = by_number.get(int(new)) if new.isdigit() else versions[0]
        old_scale = by_number.get(int(old)) if old.isdigit() else versions[1]
        if new_scale is None or old_scale is None:
            raise Http404
        diff = selectors.scale_diff(old_scale, new_scale)
    return render(
        request,
        "campaigns/scale_versions.html",
        {"term": term, "versions": versions, "diff": diff},
    )


def _xlsx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=xlsx.XLSX_MIME)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def scale_template(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    blocks_access.get_term_for_member(request, pk, year)
    return _xlsx_response(xlsx.template_bytes(), "thang-diem-mau.xlsx")


@require_GET
def scale_export(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    term = blocks_access.get_term_for_member(request, pk, year)
    version = request.GET.get("version", "")
    scale = access.get_scale(term, int(version) if version.isdigit() else None)
    content = xlsx.export_bytes(scale, list(scale.criteria.all()))
    return _xlsx_response(content, f"thang-diem-{term.year}-v{scale.version}.xlsx")


@require_http_methods(["GET", "POST"])
def scale_import(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    term, scale = _draft_for_manager(request, pk, year)
    form = ImportForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            validate_upload(upload, kinds=("xlsx",))
        except ValidationError as exc:
            errors = exc.messages
        else:
            result = xlsx.parse(upload)
            errors = result.errors
            if not errors:
                try:
                    count = services.scale_replace_criteria(
                        scale=scale, actor=request.user, rows=result.rows, request=request
                    )
                except ValidationError as exc:
                    errors = exc.messages
                else:
                    messages.success(
                        request, _("%(count)s lines were imported.") % {"count": count}
                    )
                    return _back(term)
    return render(
        request,
        "campaigns/scale_import.html",
        {"term": term, "scale": scale, "form": form, "errors": errors},
    )


# --- The next year ------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def term_next(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    """Preview what the new year will hold, adjust the leader, deputy and what is copied, then
    confirm. Board staff of the province, or the leader unit of this year for its own block."""
    term = blocks_access.get_term_for_manager(request, pk, year)
    defaults = selectors.next_year_defaults(term)
    form = NextYearForm(
        request.POST or None,
        members=defaults.members,
        initial={"leader": defaults.leader, "deputy": defaults.deputy},
    )
    if request.method == "POST" and form.is_valid():
        try:
            new = services.create_next_term(
                term=term, actor=request.user, request=request, **form.cleaned_data
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("The year %(year)s was created.") % {"year": new.year})
            return redirect(_term_url("campaign_list", new))
    return render(
        request,
        "campaigns/term_next.html",
        {"term": term, "defaults": defaults, "form": form},
    )
