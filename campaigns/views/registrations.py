"""Registrations: the list, a unit's form, the leader's decision."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from blocks import access as blocks_access
from blocks.access import roles_in
from campaigns import access, selectors, services, titles
from campaigns.forms import (
    DecisionForm,
    RegistrationForm,
)
from campaigns.models import Registration
from campaigns.views.common import form_page, term_url
from emulation.forms import apply_service_error, flash_service_error


@require_GET
def registration_list(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    term = blocks_access.get_term_for_member(request, pk, year)
    return render(
        request,
        "campaigns/registration_list.html",
        {
            "term": term,
            "rows": selectors.registrations_page(term),
            "can_manage": roles_in(request.user, term).manage and not term.is_published,
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
    choices = titles.title_choices(term, unit)
    form = RegistrationForm(request.POST or None, initial=initial, offered=choices.offered)
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
            apply_service_error(form, exc)
        else:
            messages.success(request, _("Your unit's registration was submitted."))
            return redirect(term_url("campaigns:registration_list", term))
    return form_page(
        request,
        "campaigns/registration_form.html",
        {
            "term": term,
            "form": form,
            "unit": unit,
            "registration": registration,
            "reserved": choices.reserved,
        },
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
            flash_service_error(request, exc)
        else:
            messages.success(request, _("The decision was recorded."))
    return redirect(term_url("campaigns:registration_list", term))
