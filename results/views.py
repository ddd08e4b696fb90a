from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from blocks import access
from blocks.models import Province, Term
from emulation.uploads import protected_file_response
from results import access as results_access
from results import charts, exports, forms, selectors, services


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    provinces = selectors.provinces_with_blocks()
    return render(request, "results/home.html", {"provinces": provinces})


@require_GET
def province_detail(request: HttpRequest, pk: int) -> HttpResponse:
    province = get_object_or_404(Province, pk=pk)  # provinces are public
    blocks = selectors.province_page(province)
    return render(request, "results/province_detail.html", {"province": province, "blocks": blocks})


@require_GET
def block_detail(request: HttpRequest, pk: int) -> HttpResponse:
    block = access.get_block(request, pk)
    page = selectors.block_page(block, timezone.localdate())
    openable = selectors.openable_term_ids(request.user, page)
    return render(request, "results/block_detail.html", {"page": page, "openable": openable})


def _version(request: HttpRequest) -> int | None:
    value = request.GET.get("version", "")
    return int(value) if value.isdigit() else None


@require_GET
def term_ranking(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    term = access.get_term_for_reader(request, pk, year)
    page = selectors.ranking_page(term, version=_version(request))
    chart = ""
    if page.table["rows"]:
        chart = charts.totals_chart(
            page.table["rows"], title=_("Total points by unit"), total_label=_("Total")
        )
    return render(
        request,
        "results/term_ranking.html",
        {
            "term": term,
            "page": page,
            "chart": chart,
            "adoptions": selectors.term_adoptions(term),
            "can_read": access.can_read_term(request.user, term),
        },
    )


@require_GET
def unit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    unit = access.get_unit(request, pk)
    user = request.user

    def insider(term) -> bool:
        # Unpublished years: the unit's own officers, the board, the block's council members.
        own = user.is_authenticated and user.unit_id == unit.pk
        return (
            own or access.is_board_for(user, term.block) or access.is_council_for(user, term.block)
        )

    years, publications = selectors.unit_history(unit, viewer_can_read=insider)
    data = selectors.unit_charts_data(unit, years, publications)
    context = {"unit": unit, "years": years, **data}
    if data["series"]:
        context["rank_svg"] = charts.rank_chart(
            data["series"], title=_("Rank over the years"), rank_label=_("Rank")
        )
        context["total_svg"] = charts.total_chart(
            data["series"], title=_("Total over the years"), total_label=_("Total")
        )
    if data["profile"]:
        context["profile_svg"] = charts.profile_chart(
            data["profile"],
            title=_("Profile per criterion (% of the maximum)"),
            unit_label=unit.short_name or unit.name,
            average_label=_("Block average"),
        )
    return render(request, "results/unit_detail.html", context)


# ------------------------------------------------------------------ exports (public once published)


def _export_page(request: HttpRequest, pk: int, year: int) -> selectors.RankingPage:
    term = access.get_term_for_reader(request, pk, year)
    return selectors.ranking_page(term, version=_version(request))


def _file(page, content: bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["X-Content-Type-Options"] = "nosniff"
    if page.publication is None:
        # A draft is for insiders: no shared cache may keep it.
        response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def export_ranking_xlsx(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    page = _export_page(request, pk, year)
    return _file(
        page, exports.ranking_xlsx(page), exports.XLSX, exports.filename(page, "xep-hang", "xlsx")
    )


@require_GET
def export_matrix_xlsx(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    page = _export_page(request, pk, year)
    return _file(
        page, exports.matrix_xlsx(page), exports.XLSX, exports.filename(page, "bang-diem", "xlsx")
    )


@require_GET
def export_ranking_pdf(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    page = _export_page(request, pk, year)
    return _file(
        page, exports.ranking_pdf(page), exports.PDF, exports.filename(page, "xep-hang", "pdf")
    )


@require_GET
def export_ranking_docx(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    page = _export_page(request, pk, year)
    return _file(
        page, exports.ranking_docx(page), exports.DOCX, exports.filename(page, "xep-hang", "docx")
    )


def _unit_row(page, unit_pk: int) -> dict:
    row = next((r for r in page.table["rows"] if r["unit_id"] == unit_pk), None)
    if row is None:
        raise Http404
    return row


@require_GET
def export_unit_pdf(request: HttpRequest, pk: int, year: int, unit_pk: int) -> HttpResponse:
    page = _export_page(request, pk, year)
    row = _unit_row(page, unit_pk)
    name = exports.filename(page, f"phieu-diem-{unit_pk}", "pdf")
    return _file(page, exports.unit_sheet_pdf(page, row), exports.PDF, name)


@require_GET
def export_unit_docx(request: HttpRequest, pk: int, year: int, unit_pk: int) -> HttpResponse:
    page = _export_page(request, pk, year)
    row = _unit_row(page, unit_pk)
    name = exports.filename(page, f"phieu-diem-{unit_pk}", "docx")
    return _file(page, exports.unit_sheet_docx(page, row), exports.DOCX, name)


@require_GET
def decision_file(request: HttpRequest, pk: int, year: int, version: int) -> HttpResponse:
    term = access.get_term_for_reader(request, pk, year)
    publication = results_access.get_publication_for_reader(request, term, version)
    if not publication.signed_file:
        raise Http404
    return protected_file_response(publication.signed_file)


# ------------------------------------------------------------------ the insiders' workspace


def _workspace_context(request: HttpRequest, term: Term, **bound) -> dict:
    space = selectors.workspace(term)
    user = request.user
    board = access.is_board_for(user, term.block)
    manager = access.can_manage_term(user, term)
    own_unit = user.unit_id if user.is_authenticated else None
    can_object = bool(own_unit and own_unit in term.member_unit_ids())
    criteria = space.page.table["criteria"]
    context = {
        "term": term,
        "space": space,
        "page": space.page,
        "is_board": board,
        "is_manager": manager,
        "can_object": can_object,
        "now": timezone.now(),
        "policy_form": bound.get("policy_form")
        or forms.TiePolicyForm(choices=space.rule_choices, initial_rules=space.policy),
        "incident_form": bound.get("incident_form")
        or forms.IncidentForm(units=_member_units(term)),
        "share_form": bound.get("share_form") or forms.ShareForm(),
        "objection_form": bound.get("objection_form") or forms.ObjectionForm(criteria=criteria),
        "answer_form": forms.AnswerForm(),
        "publish_form": bound.get("publish_form") or forms.PublishForm(),
        "bands_formset": bound.get("bands_formset")
        or forms.BandFormSet(
            prefix="bands",
            initial=[
                {
                    "label": b["label"],
                    "min_total": b["min_total"],
                    "floor_percent": b["floor_percent"],
                }
                for b in space.page.table.get("bands", [])
            ],
        ),
        "correction_form": bound.get("correction_form")
        or forms.CorrectionForm(table=space.page.table),
    }
    return context


def _member_units(term: Term):
    from blocks.models import Unit

    return Unit.objects.filter(pk__in=term.member_unit_ids()).order_by("name")


def _show(request: HttpRequest, term: Term, status: int = 200, **bound) -> HttpResponse:
    return render(
        request, "results/workspace.html", _workspace_context(request, term, **bound), status=status
    )


def _back(term: Term):
    return redirect("results_workspace", term.block_id, term.year)


@require_GET
def workspace(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    term = access.get_term_for_member(request, pk, year)
    return _show(request, term)


@require_POST
def tie_policy(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    term = access.get_term_for_manager(request, pk, year)
    space = selectors.workspace(term)
    form = forms.TiePolicyForm(request.POST, choices=space.rule_choices)
    if form.is_valid():
        try:
            services.set_tie_policy(
                term=term, actor=request.user, rules=form.cleaned_data["rules"], request=request
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The tie-break policy was saved."))
            return _back(term)
    return _show(request, term, 400, policy_form=form)


@require_POST
def incident_add(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    term = access.get_term_for_board(request, pk, year)
    form = forms.IncidentForm(request.POST, units=_member_units(term))
    if form.is_valid():
        try:
            services.record_incident(
                term=term,
                actor=request.user,
                unit=form.cleaned_data["unit"],
                kind=form.cleaned_data["kind"],
                note=form.cleaned_data["note"],
                makes_ineligible=form.cleaned_data["makes_ineligible"],
                request=request,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The incident was recorded."))
            return _back(term)
    return _show(request, term, 400, incident_form=form)


@require_POST
def share(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    term = access.get_term_for_manager(request, pk, year)
    form = forms.ShareForm(request.POST)
    if form.is_valid():
        try:
            services.share_provisional(
                term=term,
                actor=request.user,
                objection_days=form.cleaned_data["objection_days"],
                request=request,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The provisional results were shared with the members."))
            return _back(term)
    return _show(request, term, 400, share_form=form)


@require_POST
def objection_add(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    term = access.get_term_for_member(request, pk, year)
    unit = results_access.objecting_unit(request, term)
    space = selectors.workspace(term)
    form = forms.ObjectionForm(request.POST, criteria=space.page.table["criteria"])
    if form.is_valid():
        try:
            services.file_objection(
                term=term,
                actor=request.user,
                unit=unit,
                criterion_code=form.cleaned_data["criterion_code"],
                text=form.cleaned_data["text"],
                request=request,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your objection was filed."))
            return _back(term)
    return _show(request, term, 400, objection_form=form)


@require_POST
def objection_answer(request: HttpRequest, pk: int, year: int, objection_pk: int) -> HttpResponse:
    term = access.get_term_for_manager(request, pk, year)
    objection = results_access.get_objection_for_manager(request, term, objection_pk)
    form = forms.AnswerForm(request.POST)
    if form.is_valid():
        try:
            services.answer_objection(
                objection=objection,
                actor=request.user,
                answer=form.cleaned_data["answer"],
                request=request,
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The answer was saved."))
    else:
        messages.error(request, _("Enter the answer."))
    return _back(term)


@require_POST
def publish(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    term = access.get_term_for_board(request, pk, year)
    form = forms.PublishForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.publish_term(
                term=term,
                actor=request.user,
                decision_number=form.cleaned_data["decision_number"],
                decision_date=form.cleaned_data["decision_date"],
                signed_file=form.cleaned_data["signed_file"],
                request=request,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The results are published."))
            return redirect("term_ranking", term.block_id, term.year)
    return _show(request, term, 400, publish_form=form)


@require_POST
def correct(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    term = access.get_term_for_board(request, pk, year)
    space = selectors.workspace(term)
    form = forms.CorrectionForm(request.POST, request.FILES, table=space.page.table)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.correct_publication(
                term=term,
                actor=request.user,
                decision_number=data["decision_number"],
                decision_date=data["decision_date"],
                reason=data["reason"],
                adjustments={(data["unit"], data["criterion_code"]): data["points"]},
                signed_file=data["signed_file"],
                request=request,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The corrected version is published."))
            return redirect("term_ranking", term.block_id, term.year)
    return _show(request, term, 400, correction_form=form)


@require_POST
def bands(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    term = access.get_term_for_board(request, pk, year)
    formset = forms.BandFormSet(request.POST, prefix="bands")
    if formset.is_valid():
        try:
            services.set_term_bands(
                term=term, actor=request.user, bands=formset.bands(), request=request
            )
        except ValidationError as error:
            # A rule across rows (duplicate labels or minimums): shown above the form.
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The classification bands were saved."))
            return _back(term)
    return _show(request, term, 400, bands_formset=formset)
