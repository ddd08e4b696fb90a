"""Award proposals: the block-year's list (leader unit: propose, record the vote, withdraw,
submit), the board's province queue (review, decide, the Government flag's share) and the
public signed decision of a decided award."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from awards import access, selectors, services
from awards.forms import (
    DecideForm,
    ProposeForm,
    ReviewForm,
    ShareForm,
    VoteForm,
    WithdrawForm,
    active_award_types,
)
from awards.models import AwardPolicy, AwardProposal
from blocks import access as blocks_access
from blocks.models import Membership, Term, Unit
from emulation.collation import sorted_vi
from emulation.forms import FORM_ERROR_STATUS, apply_service_error
from emulation.uploads import protected_file_response


def _term_url(term: Term, anchor: str = "") -> str:
    url = reverse("awards:term", args=[term.block_id, term.year])
    return f"{url}#{anchor}" if anchor else url


def _members(term: Term):
    return Unit.objects.filter(pk__in=Membership.objects.of_term(term).values("unit_id")).order_by(
        "name"
    )


def _propose_form(term: Term, data=None) -> ProposeForm:
    units = _members(term)
    form = ProposeForm(data, units=units)
    form.fields["unit"].choices = [("", "---------")] + [(u.pk, u.name) for u in sorted_vi(units)]
    return form


def _term_page(request: HttpRequest, term: Term, *, bound: dict | None = None, status=200):
    """The block-year's proposals. `bound` holds a refused form to show again: the propose
    form, or one row's vote or withdraw form under the proposal's id."""
    bound = bound or {}
    roles = blocks_access.roles_in(request.user, term)
    page = selectors.term_awards(term)
    context = {
        "term": term,
        "page": page,
        "can_manage": roles.manage,
        "bound": bound,
        "vote_form": VoteForm(),
        "withdraw_form": WithdrawForm(),
    }
    if roles.manage:
        context["propose_form"] = bound.get("propose") or _propose_form(term)
    return render(request, "awards/term.html", context, status=status)


@require_GET
def term_awards(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    term = blocks_access.get_term_for_member(request, pk, year)
    return _term_page(request, term)


@require_POST
def propose(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    term = blocks_access.get_term_for_manager(request, pk, year)
    form = _propose_form(term, request.POST)
    if form.is_valid():
        try:
            proposal = services.propose_award(
                term=term, actor=request.user, request=request, **form.cleaned_data
            )
        except ValidationError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, _("The proposal was recorded."))
            return redirect(_term_url(term, f"proposal-{proposal.pk}"))
    return _term_page(request, term, bound={"propose": form}, status=FORM_ERROR_STATUS)


@require_POST
def vote(request: HttpRequest, pk: int, year: int, proposal_pk: int) -> HttpResponse:
    term = blocks_access.get_term_for_manager(request, pk, year)
    proposal = access.get_proposal(term, proposal_pk)
    form = VoteForm(request.POST)
    if form.is_valid():
        try:
            services.record_vote(
                proposal=proposal, actor=request.user, request=request, **form.cleaned_data
            )
        except ValidationError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, _("The block's vote was recorded."))
            return redirect(_term_url(term, f"proposal-{proposal.pk}"))
    bound = {"row": proposal.pk, "vote": form}
    return _term_page(request, term, bound=bound, status=FORM_ERROR_STATUS)


@require_POST
def withdraw(request: HttpRequest, pk: int, year: int, proposal_pk: int) -> HttpResponse:
    term = blocks_access.get_term_for_manager(request, pk, year)
    proposal = access.get_proposal(term, proposal_pk)
    form = WithdrawForm(request.POST)
    if form.is_valid():
        try:
            services.withdraw_proposal(
                proposal=proposal, actor=request.user, request=request, **form.cleaned_data
            )
        except ValidationError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, _("The proposal was withdrawn."))
            return redirect(_term_url(term, f"proposal-{proposal.pk}"))
    bound = {"row": proposal.pk, "withdraw": form}
    return _term_page(request, term, bound=bound, status=FORM_ERROR_STATUS)


@require_POST
def submit(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    term = blocks_access.get_term_for_manager(request, pk, year)
    try:
        submitted = services.submit_proposals(term=term, actor=request.user, request=request)
    except ValidationError as exc:
        return _term_page(
            request, term, bound={"submit_errors": exc.messages}, status=FORM_ERROR_STATUS
        )
    messages.success(
        request,
        _("%(count)d proposal(s) were submitted to the board.") % {"count": len(submitted)},
    )
    return redirect(_term_url(term))


def _queue_page(request: HttpRequest, province, *, bound: dict | None = None, status=200):
    bound = bound or {}
    queue = selectors.province_queue(province)
    award_types = active_award_types() if queue.to_review else []
    policy = AwardPolicy(province=province, government_flag_share=queue.share)
    context = {
        "province": province,
        "queue": queue,
        "bound": bound,
        "share_form": bound.get("share") or ShareForm(instance=policy),
        "decide_form": bound.get("decide") or DecideForm(decidable=_decidable(province)),
        "review_forms": {
            p.pk: (
                bound["review"]
                if bound.get("row") == p.pk and "review" in bound
                else ReviewForm(proposal=p, award_types=award_types)
            )
            for g in queue.groups
            for p in g.proposals
            if p.status in selectors.TO_REVIEW
        },
    }
    return render(request, "awards/province_queue.html", context, status=status)


def _decidable(province):
    return (
        AwardProposal.objects.filter(term__block__province=province, status__in=selectors.TO_DECIDE)
        .select_related("term__block", "unit", "award_type", "granted_type")
        .order_by("-term__year", "term__block__name", "unit__name", "pk")
    )


@require_GET
def province_queue(request: HttpRequest, pk: int) -> HttpResponse:
    province = blocks_access.get_province_for_board(request, pk)
    return _queue_page(request, province)


@require_POST
def review(request: HttpRequest, pk: int, proposal_pk: int) -> HttpResponse:
    province = blocks_access.get_province_for_board(request, pk)
    proposal = access.get_proposal_for_board(province, proposal_pk)
    form = ReviewForm(request.POST, proposal=proposal, award_types=active_award_types())
    if form.is_valid():
        try:
            services.review_proposal(
                proposal=proposal, actor=request.user, request=request, **form.cleaned_data
            )
        except ValidationError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, _("The review was recorded."))
            return redirect(reverse("awards:province_queue", args=[province.pk]))
    bound = {"row": proposal.pk, "review": form}
    return _queue_page(request, province, bound=bound, status=FORM_ERROR_STATUS)


@require_POST
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    province = blocks_access.get_province_for_board(request, pk)
    form = DecideForm(request.POST, request.FILES, decidable=_decidable(province))
    if form.is_valid():
        data = form.cleaned_data
        try:
            decided = services.decide_proposals(
                proposals=list(data["proposals"]),
                actor=request.user,
                request=request,
                decision_number=data["decision_number"],
                decision_date=data["decision_date"],
                signed_file=data["signed_file"],
            )
        except ValidationError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(
                request,
                _("The decision was recorded for %(count)d proposal(s).") % {"count": len(decided)},
            )
            return redirect(reverse("awards:province_queue", args=[province.pk]))
    return _queue_page(request, province, bound={"decide": form}, status=FORM_ERROR_STATUS)


@require_POST
def share(request: HttpRequest, pk: int) -> HttpResponse:
    province = blocks_access.get_province_for_board(request, pk)
    form = ShareForm(request.POST)
    if form.is_valid():
        try:
            services.set_government_flag_share(
                province=province,
                share=form.cleaned_data["government_flag_share"],
                actor=request.user,
                request=request,
            )
        except ValidationError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, _("The share for the Government's flag was saved."))
            return redirect(reverse("awards:province_queue", args=[province.pk]))
    return _queue_page(request, province, bound={"share": form}, status=FORM_ERROR_STATUS)


@require_GET
def decision_file(request: HttpRequest, pk: int) -> HttpResponse:
    """The signed decision of a decided award: public, like the award itself."""
    proposal = access.get_decided_proposal(request, pk)
    if not proposal.signed_file:
        raise Http404
    return protected_file_response(proposal.signed_file)
