"""The board's pages for blocks, memberships and units, and a year's leadership page.

Board pages (province and block): board staff of the province or a superuser; everyone else
signed in 404 (`get_province_for_board`, `get_block_for_board`). A year's leadership page:
its insiders; granting or revoking the acting deputy: the leader unit or the board.
Each view: access helper → form → service → message → redirect.
"""

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from blocks import access, forms, selectors, services
from blocks.models import Block, Delegation, Unit
from emulation.forms import FORM_ERROR_STATUS, apply_service_error, flash_service_error


def _form_page(request, template: str, context: dict) -> HttpResponse:
    status = FORM_ERROR_STATUS if context["form"].errors else 200
    return render(request, template, context, status=status)


def _manage_url(block: Block) -> str:
    return reverse("blocks:block_manage", args=[block.pk])


# --- Province ---


@require_GET
def province_blocks(request: HttpRequest, pk: int) -> HttpResponse:
    """The province's blocks and clusters (archived ones folded), and its units' changes."""
    province = access.get_province_for_board(request, pk)
    page = selectors.province_blocks(province, timezone.localdate())
    return render(request, "blocks/province_blocks.html", {"province": province, "page": page})


@require_http_methods(["GET", "POST"])
def block_create(request: HttpRequest, pk: int) -> HttpResponse:
    province = access.get_province_for_board(request, pk)
    form = forms.BlockForm(request.POST or None, initial={"kind": Block.Kind.KHOI})
    if request.method == "POST" and form.is_valid():
        try:
            block = services.block_create(
                province=province, actor=request.user, request=request, **form.cleaned_data
            )
        except ValidationError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, _("The block %(name)s was created.") % {"name": block.name})
            return redirect(_manage_url(block))
    return _form_page(request, "blocks/block_form.html", {"province": province, "form": form})


@require_http_methods(["GET", "POST"])
def unit_create(request: HttpRequest, pk: int) -> HttpResponse:
    province = access.get_province_for_board(request, pk)
    form = forms.UnitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            unit = services.unit_create(
                province=province, actor=request.user, request=request, **form.cleaned_data
            )
        except ValidationError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, _("The unit %(name)s was added.") % {"name": unit.name})
            return redirect(reverse("blocks:province_blocks", args=[province.pk]))
    return _form_page(request, "blocks/unit_form.html", {"province": province, "form": form})


@require_http_methods(["GET", "POST"])
def unit_reorganise(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a merger, split or rename of units (predecessors → successors, effective date)."""
    province = access.get_province_for_board(request, pk)
    units = Unit.objects.filter(province=province, active_to__isnull=True)
    form = forms.ReorganiseForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            successors = services.unit_reorganise(
                kind=data["kind"],
                predecessors=list(data["predecessors"]),
                successor_names=data["successor_names"],
                continuing=data["continuing"],
                effective_on=data["effective_on"],
                note=data["note"],
                actor=request.user,
                request=request,
            )
        except ValidationError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(
                request,
                _("Recorded. From %(date)s: %(names)s.")
                % {
                    "date": data["effective_on"].strftime("%d/%m/%Y"),
                    "names": ", ".join(u.name for u in successors),
                },
            )
            return redirect(reverse("blocks:province_blocks", args=[province.pk]))
    return _form_page(request, "blocks/unit_reorganise.html", {"province": province, "form": form})


# --- Block ---


@require_GET
def block_manage(request: HttpRequest, pk: int) -> HttpResponse:
    """The board's page of a block: members on a date (default today), other memberships, the
    years with leader, deputy and acting deputy, next year's suggestion, links."""
    block = access.get_block_for_board(request, pk)
    date_form = forms.OnDateForm(request.GET or None)
    on = timezone.localdate()
    if date_form.is_valid() and date_form.cleaned_data["on"]:
        on = date_form.cleaned_data["on"]
    page = selectors.block_page(block, on)
    return render(
        request,
        "blocks/block_manage.html",
        {"page": page, "date_form": date_form, "today": timezone.localdate()},
    )


@require_http_methods(["GET", "POST"])
def block_edit(request: HttpRequest, pk: int) -> HttpResponse:
    block = access.get_block_for_board(request, pk)
    initial = {
        "name": block.name,
        "kind": block.kind,
        "description": block.description,
        "rotation_policy": block.rotation_policy,
    }
    form = forms.BlockForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.block_update(
                block=block, actor=request.user, request=request, **form.cleaned_data
            )
        except ValidationError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, _("The block was saved."))
            return redirect(_manage_url(block))
    return _form_page(
        request,
        "blocks/block_form.html",
        {"province": block.province, "blk": block, "form": form},
    )


@require_POST
def block_archive(request: HttpRequest, pk: int) -> HttpResponse:
    """Archive (archived=1) or bring back (archived=0) a block."""
    block = access.get_block_for_board(request, pk)
    archived = request.POST.get("archived") == "1"
    try:
        services.block_set_archived(
            block=block, archived=archived, actor=request.user, request=request
        )
    except ValidationError as exc:
        flash_service_error(request, exc)
    else:
        messages.success(
            request, _("The block is archived.") if archived else _("The block is active again.")
        )
    return redirect(_manage_url(block))


@require_http_methods(["GET", "POST"])
def membership_add(request: HttpRequest, pk: int) -> HttpResponse:
    block = access.get_block_for_board(request, pk)
    units = Unit.objects.filter(province_id=block.province_id, active_to__isnull=True)
    form = forms.MembershipAddForm(
        request.POST or None, units=units, initial={"valid_from": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        try:
            membership = services.membership_add(
                block=block, actor=request.user, request=request, **form.cleaned_data
            )
        except ValidationError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, _("%(unit)s is a member.") % {"unit": membership.unit.name})
            return redirect(_manage_url(block))
    return _form_page(request, "blocks/membership_add.html", {"blk": block, "form": form})


@require_http_methods(["GET", "POST"])
def membership_end(request: HttpRequest, pk: int, membership: int) -> HttpResponse:
    block = access.get_block_for_board(request, pk)
    membership = get_object_or_404(block.memberships.select_related("unit"), pk=membership)
    form = forms.MembershipEndForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_end(
                membership=membership,
                valid_to=form.cleaned_data["valid_to"],
                actor=request.user,
                request=request,
            )
        except ValidationError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(
                request, _("The membership of %(unit)s ends.") % {"unit": membership.unit.name}
            )
            return redirect(_manage_url(block))
    return _form_page(
        request,
        "blocks/membership_end.html",
        {"blk": block, "membership": membership, "form": form},
    )


@require_http_methods(["GET", "POST"])
def rotation_order(request: HttpRequest, pk: int) -> HttpResponse:
    """The ordered rotation list: a place for each current member."""
    block = access.get_block_for_board(request, pk)
    memberships = selectors.members_on(block, timezone.localdate())
    form = forms.RotationOrderForm(request.POST or None, memberships=memberships)
    if request.method == "POST" and form.is_valid():
        try:
            services.rotation_order_set(
                block=block, positions=form.positions(), actor=request.user, request=request
            )
        except ValidationError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, _("The rotation list was saved."))
            return redirect(_manage_url(block))
    return _form_page(request, "blocks/rotation_order.html", {"blk": block, "form": form})


# --- A year's leadership ---


@require_GET
def term_leadership(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    """Leader, deputy and the acting deputy's delegations of a year, for its insiders."""
    term = access.get_term_for_member(request, pk, year)
    roles = access.roles_in(request.user, term)
    delegations = selectors.term_delegations(term)
    today = timezone.localdate()
    context = {
        "term": term,
        "roles": roles,
        "delegations": delegations,
        "in_force": next((d for d in delegations if d.in_force_on(today)), None),
        "today": today,
        "revoke_form": forms.RevokeForm(),
    }
    return render(request, "blocks/term_leadership.html", context)


def _leadership_url(term) -> str:
    return reverse("blocks:term_leadership", args=[term.block_id, term.year])


@require_http_methods(["GET", "POST"])
def delegation_create(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    """The leader unit delegates to its deputy with dates, or the board assigns it."""
    term = access.get_term_for_delegator(request, pk, year)
    today = timezone.localdate()
    form = forms.DelegationForm(
        request.POST or None,
        initial={"starts_on": today, "ends_on": today + datetime.timedelta(days=30)},
    )
    if request.method == "POST" and form.is_valid():
        leader = access.is_leader_of_term(request.user, term)
        source = Delegation.Source.LEADER if leader else Delegation.Source.BOARD
        try:
            services.delegation_grant(
                term=term, source=source, actor=request.user, request=request, **form.cleaned_data
            )
        except ValidationError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, _("The deputy unit acts for the leader in that period."))
            return redirect(_leadership_url(term))
    return _form_page(request, "blocks/delegation_form.html", {"term": term, "form": form})


@require_POST
def delegation_revoke(request: HttpRequest, pk: int, year: int, delegation: int) -> HttpResponse:
    term = access.get_term_for_delegator(request, pk, year)
    delegation = get_object_or_404(term.delegations, pk=delegation)
    form = forms.RevokeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why the delegation is revoked."))
        return redirect(_leadership_url(term))
    try:
        services.delegation_revoke(
            delegation=delegation,
            reason=form.cleaned_data["reason"],
            actor=request.user,
            request=request,
        )
    except ValidationError as exc:
        flash_service_error(request, exc)
    else:
        messages.success(request, _("The delegation is revoked."))
    return redirect(_leadership_url(term))


@require_http_methods(["GET", "POST"])
def term_cutoff(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    """The board sets the year's membership cut-off."""
    term = access.get_term_for_board(request, pk, year)
    form = forms.CutoffForm(
        request.POST or None, initial={"membership_cutoff": term.membership_cutoff}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.term_set_cutoff(
                term=term,
                cutoff=form.cleaned_data["membership_cutoff"],
                actor=request.user,
                request=request,
            )
        except ValidationError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, _("The cut-off date was saved."))
            return redirect(_leadership_url(term))
    return _form_page(request, "blocks/term_cutoff.html", {"term": term, "form": form})
