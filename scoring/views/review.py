"""The leader unit's (or board's) review: the grid of the year and one sheet's review page,
with its buttons (return, verify, reopen)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from blocks.access import roles_in
from emulation.confirm import Confirmation, confirmation_page, is_confirmed
from scoring import access, forms, selectors, services
from scoring.views.common import button_action, save_rows, sheet_flags, sheet_history, sheet_url


@login_required
@require_GET
def review(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    term = access.get_term_for_overseer(request, pk, year)
    return render(
        request,
        "scoring/review_grid.html",
        {
            "term": term,
            "grid": selectors.review_grid(term),
            "can_manage": roles_in(request.user, term).manage,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def sheet_review(request: HttpRequest, pk: int, year: int, unit: int) -> HttpResponse:
    """The review of one sheet: reviewed points with reasons."""
    score_sheet = access.get_sheet_for_reviewer(request, pk, year, unit)
    page = selectors.sheet_page(score_sheet)
    conflicts = []
    form = forms.ReviewForm(
        request.POST or None, rows=page.rows, initial={"version": score_sheet.version}
    )
    if request.method == "POST" and form.is_valid():
        form, conflicts, saved = save_rows(
            request,
            form,
            sheet=score_sheet,
            rows=page.rows,
            run=lambda: services.review_scores(
                sheet=score_sheet,
                entries=form.entries(),
                version=form.cleaned_data["version"],
                actor=request.user,
                request=request,
            ),
        )
        if saved:
            messages.success(request, _("Review saved."))
            return redirect(sheet_url(score_sheet, "scoring:sheet_review"))
    context = {
        "term": score_sheet.term,
        "sheet": score_sheet,
        "page": page,
        "form": form,
        "roles": sheet_flags(request, score_sheet),
        "conflicts": conflicts,
        "history": sheet_history(request, score_sheet),
        "question_form": forms.QuestionForm(),
        "resolution_form": forms.ResolutionForm(),
        "reason_form": forms.ReasonForm(),
    }
    return render(request, "scoring/sheet_review.html", context)


def _confirm_first(request: HttpRequest, score_sheet, form, *, action: str, confirmation):
    """The confirmation page of a return or a reopening, when the POST is not confirmed yet and
    its reason is there (without a reason the view refuses as before); else None."""
    if is_confirmed(request) or not form.is_valid():
        return None
    return confirmation_page(
        request,
        term=score_sheet.term,
        form=form,
        action=sheet_url(score_sheet, action),
        confirmation=confirmation,
    )


@login_required
@require_POST
def sheet_return(request: HttpRequest, pk: int, year: int, unit: int) -> HttpResponse:
    score_sheet = access.get_sheet_for_reviewer(request, pk, year, unit)
    form = forms.ReasonForm(request.POST)
    step = _confirm_first(
        request,
        score_sheet,
        form,
        action="scoring:sheet_return",
        confirmation=Confirmation(
            title=_("Return the sheet"),
            question=_("Return the sheet of %(unit)s to the unit?")
            % {"unit": score_sheet.unit.name},
            consequences=selectors.return_consequences(score_sheet),
            button=_("Return the sheet"),
            button_class="btn-danger",
            cancel_url=sheet_url(score_sheet, "scoring:sheet_review"),
        ),
    )
    if step is not None:
        return step
    return button_action(
        request,
        form=form,
        invalid=ValidationError(_("Say why the sheet is returned."), code="reason_required"),
        run=lambda data: services.return_sheet(
            sheet=score_sheet, reason=data["reason"], actor=request.user, request=request
        ),
        success=_("The sheet is returned to the unit."),
        then=sheet_url(score_sheet, "scoring:sheet_review"),
    )


@login_required
@require_POST
def sheet_verify(request: HttpRequest, pk: int, year: int, unit: int) -> HttpResponse:
    score_sheet = access.get_sheet_for_reviewer(request, pk, year, unit)
    return button_action(
        request,
        run=lambda _data: services.verify_sheet(
            sheet=score_sheet, actor=request.user, request=request
        ),
        success=_("The sheet is verified."),
        then=sheet_url(score_sheet, "scoring:sheet_review"),
    )


@login_required
@require_POST
def sheet_reopen(request: HttpRequest, pk: int, year: int, unit: int) -> HttpResponse:
    score_sheet = access.get_sheet_for_reviewer(request, pk, year, unit)
    form = forms.ReasonForm(request.POST)
    step = _confirm_first(
        request,
        score_sheet,
        form,
        action="scoring:sheet_reopen",
        confirmation=Confirmation(
            title=_("Reopen the sheet"),
            question=_("Reopen the verified sheet of %(unit)s for review?")
            % {"unit": score_sheet.unit.name},
            consequences=selectors.reopen_consequences(score_sheet),
            button=_("Reopen for review"),
            button_class="btn-warning",
            cancel_url=sheet_url(score_sheet, "scoring:sheet_review"),
        ),
    )
    if step is not None:
        return step
    return button_action(
        request,
        form=form,
        invalid=ValidationError(_("Say why the sheet is reopened."), code="reason_required"),
        run=lambda data: services.reopen_sheet(
            sheet=score_sheet, reason=data["reason"], actor=request.user, request=request
        ),
        success=_("The sheet is back under review."),
        then=sheet_url(score_sheet, "scoring:sheet_review"),
    )
