"""The scale editor: lines, settings, status changes, versions, Excel."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from blocks import access as blocks_access
from blocks.access import roles_in
from campaigns import access, selectors, services, xlsx
from campaigns.forms import (
    CriterionForm,
    ImportForm,
    ReasonForm,
    ScaleSettingsForm,
)
from campaigns.models import Scale
from campaigns.views.common import back_to_scale, draft_for_manager, form_page, term_url
from emulation.forms import FORM_ERROR_STATUS, apply_service_error, flash_service_error
from emulation.uploads import validate_upload


@require_GET
def scale_editor(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    term = blocks_access.get_term_for_member(request, pk, year)
    version = request.GET.get("version", "")
    page = selectors.scale_page(term, version=int(version) if version.isdigit() else None)
    if version.isdigit() and page.scale is None:
        raise Http404
    roles = roles_in(request.user, term)
    can_manage = roles.manage and not term.is_published
    editing = bool(can_manage and page.scale and page.scale.is_editable)
    return render(
        request,
        "campaigns/scale_editor.html",
        {
            "term": term,
            "page": page,
            "can_manage": can_manage,
            "is_board": roles.board and not term.is_published,
            "editing": editing,
            "line_form": CriterionForm(groups=page.groups) if editing else None,
            "settings_form": (
                ScaleSettingsForm(initial={"nominal_total": page.scale.nominal_total})
                if editing
                else None
            ),
        },
    )


@require_POST
def scale_create(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    term = blocks_access.get_term_for_manager(request, pk, year)
    try:
        services.scale_create(term=term, actor=request.user, request=request)
    except ValidationError as exc:
        flash_service_error(request, exc)
    return back_to_scale(term)


@require_POST
def scale_settings(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    term, scale = draft_for_manager(request, pk, year)
    form = ScaleSettingsForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return back_to_scale(term)
    try:
        services.scale_update_settings(
            scale=scale,
            actor=request.user,
            nominal_total=form.cleaned_data["nominal_total"],
            request=request,
        )
    except ValidationError as exc:
        flash_service_error(request, exc)
    else:
        messages.success(request, _("The nominal total was saved."))
    return back_to_scale(term)


def _line_fields(form) -> dict:
    data = dict(form.cleaned_data)
    data["guidance"] = data.get("guidance") or ""
    return data


@require_http_methods(["GET", "POST"])
def scale_line_create(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    term, scale = draft_for_manager(request, pk, year)
    groups = list(scale.criteria.filter(kind="group").order_by("order"))
    form = CriterionForm(request.POST or None, groups=groups)
    if request.method == "POST" and form.is_valid():
        try:
            services.criterion_create(
                scale=scale, actor=request.user, request=request, **_line_fields(form)
            )
        except ValidationError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, _("The line was added."))
            return back_to_scale(term)
    return form_page(
        request, "campaigns/criterion_form.html", {"term": term, "scale": scale, "form": form}
    )


@require_http_methods(["GET", "POST"])
def scale_line_edit(request: HttpRequest, pk: int, year: int, line_pk: int) -> HttpResponse:
    term, scale = draft_for_manager(request, pk, year)
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
            apply_service_error(form, exc)
        else:
            messages.success(request, _("The line was saved."))
            return back_to_scale(term)
    return form_page(
        request,
        "campaigns/criterion_form.html",
        {"term": term, "scale": scale, "form": form, "criterion": criterion},
    )


@require_POST
def scale_line_delete(request: HttpRequest, pk: int, year: int, line_pk: int) -> HttpResponse:
    term, scale = draft_for_manager(request, pk, year)
    criterion = access.get_criterion(scale, line_pk)
    try:
        services.criterion_delete(criterion=criterion, actor=request.user, request=request)
    except ValidationError as exc:
        flash_service_error(request, exc)
    else:
        messages.success(request, _("The line was deleted."))
    return back_to_scale(term)


@require_POST
def scale_line_move(request: HttpRequest, pk: int, year: int, line_pk: int) -> HttpResponse:
    term, scale = draft_for_manager(request, pk, year)
    criterion = access.get_criterion(scale, line_pk)
    try:
        services.criterion_move(
            criterion=criterion,
            actor=request.user,
            direction=request.POST.get("direction", ""),
            request=request,
        )
    except ValidationError as exc:
        flash_service_error(request, exc)
    return redirect(term_url("campaigns:scale_editor", term) + f"#line-{criterion.pk}")


@require_POST
def scale_submit(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    term, scale = draft_for_manager(request, pk, year)
    try:
        services.scale_submit(scale=scale, actor=request.user, request=request)
    except ValidationError as exc:
        flash_service_error(request, exc)
    else:
        messages.success(request, _("The scale was submitted to the emulation board."))
    return back_to_scale(term)


@require_POST
def scale_approve(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    term = blocks_access.get_term_for_board(request, pk, year)
    scale = access.get_scale(term)
    try:
        scale = services.scale_approve(scale=scale, actor=request.user, request=request)
    except ValidationError as exc:
        flash_service_error(request, exc)
    else:
        messages.success(
            request,
            _("Version %(version)s of the scale was approved.") % {"version": scale.version},
        )
    return back_to_scale(term)


@require_POST
def scale_return(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    term = blocks_access.get_term_for_board(request, pk, year)
    scale = access.get_scale(term)
    try:
        services.scale_return(
            scale=scale, actor=request.user, reason=request.POST.get("reason", ""), request=request
        )
    except ValidationError as exc:
        flash_service_error(request, exc)
    else:
        messages.success(request, _("The scale was returned to the leader unit."))
    return back_to_scale(term)


@require_POST
def scale_new_version(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    term, scale = draft_for_manager(request, pk, year)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("A new version needs a reason for the change."))
        return back_to_scale(term)
    try:
        new = services.scale_new_version(
            scale=scale, actor=request.user, reason=form.cleaned_data["reason"], request=request
        )
    except ValidationError as exc:
        flash_service_error(request, exc)
    else:
        messages.success(
            request, _("Version %(version)s was created as a draft.") % {"version": new.version}
        )
    return back_to_scale(term)


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
    term, scale = draft_for_manager(request, pk, year)
    form = ImportForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            validate_upload(upload, kinds=("xlsx",))
        except ValidationError as exc:
            errors = exc.messages
        else:
            result = xlsx.parse(upload, nominal_total=scale.nominal_total)
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
                    return back_to_scale(term)
    return render(
        request,
        "campaigns/scale_import.html",
        {"term": term, "scale": scale, "form": form, "errors": errors},
        status=FORM_ERROR_STATUS if errors or form.errors else 200,
    )
