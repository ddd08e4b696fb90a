"""What the scoring views share: the sheet's URL, what a person may do on a sheet, a
refused save shown again with the changes made meanwhile, and the one-button actions."""

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from blocks.access import roles_in
from emulation.forms import apply_service_error, error_codes, flash_service_error
from scoring import access, selectors, services
from scoring.models import ScoreSheet


def sheet_url(sheet: ScoreSheet, name: str = "scoring:sheet") -> str:
    return reverse(name, args=[sheet.term.block_id, sheet.term.year, sheet.unit_id])


def sheet_flags(request: HttpRequest, sheet: ScoreSheet) -> dict:
    """What the sheet pages offer this person, from their roles in the year
    (`blocks.access.roles_in`) plus the sheet's state, the window and publication."""
    term = sheet.term
    own = access.is_own_sheet(request.user, sheet)
    manage = roles_in(request.user, term).manage
    window_open = services.window_is_open(term)
    open_year = not term.is_published
    return {
        "own": own,
        "manage": manage,
        "can_edit": own and sheet.status in services.SELF_EDITABLE and window_open and open_year,
        "can_answer": own and sheet.status == ScoreSheet.Status.NEEDS_EXPLANATION,
        "can_review": manage and sheet.status in services.REVIEWABLE and open_year,
        "can_reopen": manage
        and sheet.status in (ScoreSheet.Status.VERIFIED, ScoreSheet.Status.LOCKED)
        and open_year,
        "window_open": window_open,
    }


def sheet_history(request: HttpRequest, sheet: ScoreSheet) -> selectors.History:
    """The sheet's newest changes, or all of them when the page asks (`?history=all`)."""
    everything = request.GET.get("history") == "all"
    return selectors.sheet_history(sheet, limit=None if everything else selectors.HISTORY_SHOWN)


def conflict_form(form_class, request: HttpRequest, rows, sheet: ScoreSheet):
    """Re-show what the user typed, now based on the current version, with the changes made
    meanwhile listed above it: saving again is a deliberate decision, never a silent one."""
    data = request.POST.copy()
    loaded = data.get("version")
    data["version"] = str(ScoreSheet.objects.get(pk=sheet.pk).version)
    form = form_class(data, request.FILES, rows=rows)
    form.is_valid()
    conflicts = selectors.changes_since(sheet, int(loaded)) if str(loaded).isdigit() else []
    return form, conflicts


def save_rows(request: HttpRequest, form, *, sheet: ScoreSheet, rows, run: Callable[[], object]):
    """Run the save of a valid sheet form: (form, conflicts, saved).

    A refusal goes onto the form; a stale version shows the form again on the current version,
    with the changes made meanwhile.
    """
    try:
        run()
    except ValidationError as exc:
        conflicts = []
        if "stale_version" in error_codes(exc):
            form, conflicts = conflict_form(type(form), request, rows, sheet)
        apply_service_error(form, exc)
        return form, conflicts, False
    return form, [], True


def button_action(
    request: HttpRequest,
    *,
    form=None,
    invalid: ValidationError | None = None,
    run: Callable[[dict], object],
    success: str,
    then: str,
) -> HttpResponse:
    """A POST from a button (with at most one text field): run the service, say how it went as
    a message, go back to `then`. An invalid `form` is refused with `invalid`."""
    try:
        if form is not None and not form.is_valid():
            raise _refusal(form, invalid)
        run(form.cleaned_data if form is not None else {})
    except ValidationError as exc:
        flash_service_error(request, exc)
    else:
        messages.success(request, success)
    return redirect(then)


def _refusal(form, invalid: ValidationError | None) -> ValidationError:
    """Why a button's form was refused: `invalid` says what a missing text means, the form's
    own errors say anything else (a reason over its length limit, for one)."""
    errors = form.errors.as_data()
    codes = {error.code for field_errors in errors.values() for error in field_errors}
    if invalid is not None and codes <= {"required"}:
        return invalid
    return ValidationError([error for field_errors in errors.values() for error in field_errors])
