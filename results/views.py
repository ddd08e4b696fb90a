"""The insiders' publication workspace of a block-year: tie policy, bands, incidents, provisional
sharing, objections, publication and corrections. Each form posts to its own view, which calls
one service and shows the workspace again with the refusal on the form."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from blocks import access
from blocks.models import Membership, Term, Unit
from emulation.collation import vi
from emulation.confirm import Confirmation, confirmation_page, is_confirmed
from emulation.forms import FORM_ERROR_STATUS, apply_service_error, flash_service_error
from results import access as results_access
from results import forms, selectors, services
from results.models import ClassificationBand


def _workspace_context(request: HttpRequest, term: Term, **bound) -> dict:
    space = selectors.workspace(term)
    user = request.user
    roles = access.roles_in(user, term)
    criteria = space.page.table["criteria"]
    locked = services.rules_locked(term)
    labels = dict(space.rule_choices)
    context = {
        "rules_locked": locked,
        "policy_labels": [labels.get(code, code) for code in space.policy],
        "bands_reason_form": bound.get("bands_reason_form") or forms.RulesReasonForm(),
        "term": term,
        "space": space,
        "page": space.page,
        "is_board": roles.board,
        "is_manager": roles.manage,
        "can_object": roles.member,
        "now": timezone.now(),
        "policy_form": bound.get("policy_form")
        or forms.TiePolicyForm(
            choices=space.rule_choices, initial_rules=space.policy, reason_needed=locked
        ),
        "incident_form": bound.get("incident_form")
        or forms.IncidentForm(units=_member_units(term)),
        "share_form": bound.get("share_form") or forms.ShareForm(),
        "objection_form": bound.get("objection_form") or forms.ObjectionForm(criteria=criteria),
        "answer_form": forms.AnswerForm(),
        "bands_formset": bound.get("bands_formset")
        or forms.BandFormSet(
            prefix="bands",
            initial=[
                {
                    "label": b["label"],
                    "min_total": b["min_total"],
                    "min_basis": b.get("basis", ClassificationBand.Basis.POINTS),
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
    return Unit.objects.filter(pk__in=Membership.objects.of_term(term).values("unit_id")).order_by(
        vi("name")
    )


def _show(request: HttpRequest, term: Term, status: int = 200, **bound) -> HttpResponse:
    return render(
        request, "results/workspace.html", _workspace_context(request, term, **bound), status=status
    )


def _back(term: Term):
    return redirect("results:workspace", term.block_id, term.year)


@require_GET
def workspace(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    term = access.get_term_for_member(request, pk, year)
    return _show(request, term)


@require_POST
def tie_policy(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    term = access.get_term_for_manager(request, pk, year)
    space = selectors.workspace(term)
    form = forms.TiePolicyForm(
        request.POST, choices=space.rule_choices, reason_needed=services.rules_locked(term)
    )
    if form.is_valid():
        try:
            services.set_tie_policy(
                term=term,
                actor=request.user,
                rules=form.cleaned_data["rules"],
                reason=form.cleaned_data.get("reason", ""),
                request=request,
            )
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, _("The tie-break policy was saved."))
            return _back(term)
    return _show(request, term, FORM_ERROR_STATUS, policy_form=form)


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
            apply_service_error(form, error)
        else:
            messages.success(request, _("The incident was recorded."))
            return _back(term)
    return _show(request, term, FORM_ERROR_STATUS, incident_form=form)


@require_POST
def share(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    term = access.get_term_for_manager(request, pk, year)
    form = forms.ShareForm(request.POST)
    if form.is_valid() and not is_confirmed(request):
        return confirmation_page(
            request,
            term=term,
            form=form,
            action=reverse("results:share", args=[pk, year]),
            confirmation=Confirmation(
                title=_("Share the provisional results"),
                question=_("Share the provisional results with the member units?"),
                consequences=selectors.share_consequences(
                    term, form.cleaned_data["objection_days"]
                ),
                button=_("Share with the members"),
                cancel_url=reverse("results:workspace", args=[pk, year]),
            ),
        )
    if form.is_valid():
        try:
            services.share_provisional(
                term=term,
                actor=request.user,
                objection_days=form.cleaned_data["objection_days"],
                request=request,
            )
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, _("The provisional results were shared with the members."))
            return _back(term)
    return _show(request, term, FORM_ERROR_STATUS, share_form=form)


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
            apply_service_error(form, error)
        else:
            messages.success(request, _("Your objection was filed."))
            return _back(term)
    return _show(request, term, FORM_ERROR_STATUS, objection_form=form)


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
            flash_service_error(request, error)
        else:
            messages.success(request, _("The answer was saved."))
    else:
        messages.error(request, _("Enter the answer."))
    return _back(term)


@require_http_methods(["GET", "POST"])
def publish(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    """The publication page: what publishing does, then the decision and its signed file.

    The page is the confirmation step (its form carries `confirmed=1`), so the signed file is
    chosen once. A POST that is not confirmed shows the page again and acts on nothing."""
    term = access.get_term_for_board(request, pk, year)
    form = forms.PublishForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST" and is_confirmed(request) and form.is_valid():
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
            apply_service_error(form, error)
        else:
            messages.success(request, _("The results are published."))
            return redirect("portal:term_ranking", term.block_id, term.year)
        status = FORM_ERROR_STATUS
    return confirmation_page(
        request,
        term=term,
        form=form,
        action=reverse("results:publish", args=[pk, year]),
        multipart=True,
        status=status,
        confirmation=Confirmation(
            title=_("Publish the results"),
            question=_("Publish the results of %(block)s, year %(year)s?")
            % {"block": term.block.name, "year": term.year},
            consequences=selectors.publish_consequences(term),
            button=_("Publish"),
            button_class="btn-success",
            cancel_url=reverse("results:workspace", args=[pk, year]),
        ),
    )


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
            apply_service_error(form, error)
        else:
            messages.success(request, _("The corrected version is published."))
            return redirect("portal:term_ranking", term.block_id, term.year)
    return _show(request, term, FORM_ERROR_STATUS, correction_form=form)


@require_POST
def bands(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    term = access.get_term_for_board(request, pk, year)
    formset = forms.BandFormSet(request.POST, prefix="bands")
    reason_form = forms.RulesReasonForm(request.POST)
    if formset.is_valid() and reason_form.is_valid():
        try:
            services.set_term_bands(
                term=term,
                actor=request.user,
                bands=formset.bands(),
                reason=reason_form.cleaned_data["reason"],
                request=request,
            )
        except ValidationError as error:
            # A rule across rows (duplicate labels or minimums), or the lock: above the form.
            flash_service_error(request, error)
        else:
            messages.success(request, _("The classification bands were saved."))
            return _back(term)
    return _show(
        request,
        term,
        FORM_ERROR_STATUS,
        bands_formset=formset,
        bands_reason_form=reason_form,
    )


def province_bands(request: HttpRequest, pk: int) -> HttpResponse:
    """The province's default classification bands, edited by its board (GET shows, POST saves)."""
    province = results_access.get_province_for_board(request, pk)
    status = 200
    if request.method == "POST":
        formset = forms.BandFormSet(request.POST, prefix="bands")
        if formset.is_valid():
            try:
                services.set_province_bands(
                    province=province, actor=request.user, bands=formset.bands(), request=request
                )
            except ValidationError as error:
                flash_service_error(request, error)
            else:
                messages.success(request, _("The province's classification bands were saved."))
                return redirect("results:province_bands", province.pk)
        status = FORM_ERROR_STATUS
    else:
        page = selectors.province_bands(province)
        formset = forms.BandFormSet(prefix="bands", initial=page.initial)
    return render(
        request,
        "results/province_bands.html",
        {"province": province, "formset": formset, "page_title": _("Classification bands")},
        status=status,
    )
