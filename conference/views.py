"""The conference pages: the year's meetings, a meeting (attendance, ballots, handover), a
ballot (vote, counts, tally, close, new round) and the projector screen.

Thin views: access helper → form → service → message → redirect; a refusal goes back onto the
form (200) or into a message.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from awards.models import AwardProposal
from blocks import access as blocks_access
from blocks.models import Membership, Unit
from conference import access, forms, selectors, services
from conference.models import Ballot, Meeting
from emulation.collation import sorted_vi
from emulation.forms import FORM_ERROR_STATUS, apply_service_error, flash_service_error
from results.selectors import ranking_page


def _posted(request: HttpRequest):
    """The form's data on a POST (even an empty one: all boxes unticked), None on a GET."""
    return request.POST if request.method == "POST" else None


def _meeting_url(meeting: Meeting) -> str:
    term = meeting.term
    return reverse("conference:meeting", args=[term.block_id, term.year, meeting.pk])


def _ballot_url(ballot: Ballot) -> str:
    term = ballot.meeting.term
    return reverse(
        "conference:ballot", args=[term.block_id, term.year, ballot.meeting_id, ballot.pk]
    )


# --- Meetings --------------------------------------------------------------------------------


@require_GET
def index(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    term = access.get_term_for_reader(request, pk, year)
    context = {
        "term": term,
        "meetings": selectors.meetings_of(term),
        "can_run": access.can_run(request.user, term),
        "active_tab": "conference",
    }
    return render(request, "conference/index.html", context)


@require_http_methods(["GET", "POST"])
def meeting_create(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    term = access.get_term_for_runner(request, pk, year)
    form = forms.MeetingForm(_posted(request), initial={"place": term.block.province.name})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                meeting = services.create_meeting(
                    term=term, actor=request.user, request=request, **form.cleaned_data
                )
            except ValidationError as error:
                apply_service_error(form, error)
            else:
                messages.success(request, _("The meeting was created."))
                return redirect(_meeting_url(meeting))
        status = FORM_ERROR_STATUS
    context = {"term": term, "form": form, "active_tab": "conference"}
    return render(request, "conference/meeting_form.html", context, status=status)


@require_GET
def meeting(request: HttpRequest, pk: int, year: int, meeting_pk: int) -> HttpResponse:
    meeting = access.get_meeting_for_reader(request, pk, year, meeting_pk)
    term = meeting.term
    context = {
        "term": term,
        "meeting": meeting,
        "page": selectors.meeting_page(meeting, request.user),
        "can_run": access.can_run(request.user, term),
        "active_tab": "conference",
    }
    return render(request, "conference/meeting.html", context)


@require_http_methods(["GET", "POST"])
def meeting_edit(request: HttpRequest, pk: int, year: int, meeting_pk: int) -> HttpResponse:
    meeting = access.get_meeting_for_runner(request, pk, year, meeting_pk)
    form = forms.MeetingForm(_posted(request), instance=meeting)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.update_meeting(
                    meeting=meeting, actor=request.user, request=request, **form.cleaned_data
                )
            except ValidationError as error:
                apply_service_error(form, error)
            else:
                messages.success(request, _("The meeting was saved."))
                return redirect(_meeting_url(meeting))
        status = FORM_ERROR_STATUS
        meeting.refresh_from_db()
    context = {"term": meeting.term, "meeting": meeting, "form": form, "active_tab": "conference"}
    return render(request, "conference/meeting_form.html", context, status=status)


@require_http_methods(["GET", "POST"])
def attendance(request: HttpRequest, pk: int, year: int, meeting_pk: int) -> HttpResponse:
    meeting = access.get_meeting_for_runner(request, pk, year, meeting_pk)
    rows = selectors.attendance_rows(meeting)
    form = forms.AttendanceForm(_posted(request), rows=rows)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.record_attendance(
                    meeting=meeting, actor=request.user, rows=form.entries(), request=request
                )
            except ValidationError as error:
                apply_service_error(form, error)
            else:
                messages.success(request, _("The attendance was recorded."))
                return redirect(_meeting_url(meeting))
        status = FORM_ERROR_STATUS
    context = {"term": meeting.term, "meeting": meeting, "form": form, "active_tab": "conference"}
    return render(request, "conference/attendance.html", context, status=status)


@require_http_methods(["GET", "POST"])
def handover(request: HttpRequest, pk: int, year: int, meeting_pk: int) -> HttpResponse:
    meeting = access.get_meeting_for_runner(request, pk, year, meeting_pk)
    ballots = Ballot.objects.filter(
        meeting=meeting, subject=Ballot.Subject.LEADER, outcome=Ballot.Outcome.CARRIED
    ).select_related("winner")
    initial = {"handed_on": meeting.held_on, "place": meeting.place, "ballot": ballots.last()}
    form = forms.HandoverForm(_posted(request), ballots=ballots, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.record_handover(
                    meeting=meeting, actor=request.user, request=request, **form.cleaned_data
                )
            except ValidationError as error:
                apply_service_error(form, error)
            else:
                messages.success(request, _("The flag handover was recorded."))
                return redirect(_meeting_url(meeting))
        status = FORM_ERROR_STATUS
    context = {"term": meeting.term, "meeting": meeting, "form": form, "active_tab": "conference"}
    return render(request, "conference/handover.html", context, status=status)


# --- Ballots ---------------------------------------------------------------------------------


def _candidate_units(meeting: Meeting):
    members = Membership.objects.filter(block_id=meeting.term.block_id).on(meeting.held_on)
    return Unit.objects.filter(pk__in=members.values("unit_id")).order_by("name")


def _ballot_form(meeting: Meeting, data=None) -> forms.BallotForm:
    proposals = AwardProposal.objects.filter(
        term_id=meeting.term_id, status=AwardProposal.Status.PROPOSED
    ).select_related("unit", "award_type")
    return forms.BallotForm(data, units=_candidate_units(meeting), proposals=proposals)


@require_http_methods(["GET", "POST"])
def ballot_create(request: HttpRequest, pk: int, year: int, meeting_pk: int) -> HttpResponse:
    meeting = access.get_meeting_for_runner(request, pk, year, meeting_pk)
    form = _ballot_form(meeting, _posted(request))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                ballot = services.create_ballot(
                    meeting=meeting,
                    actor=request.user,
                    subject=data["subject"],
                    title=data["title"],
                    method=data["method"],
                    threshold=data["threshold"],
                    base=data["base"],
                    proposal=data["proposal"] if data["subject"] == Ballot.Subject.AWARD else None,
                    candidates=data["candidates"] if data["subject"] in Ballot.ELECTIONS else [],
                    closes_at=data["closes_at"],
                    note=data["note"],
                    request=request,
                )
            except ValidationError as error:
                apply_service_error(form, error)
            else:
                messages.success(
                    request, _("The ballot was prepared. Open it when the vote starts.")
                )
                return redirect(_ballot_url(ballot))
        status = FORM_ERROR_STATUS
    context = {"term": meeting.term, "meeting": meeting, "form": form, "active_tab": "conference"}
    return render(request, "conference/ballot_form.html", context, status=status)


def _show_ballot(request, ballot: Ballot, status: int = 200, **extra) -> HttpResponse:
    page = selectors.ballot_page(ballot, request.user)
    ballot = page.ballot
    term = ballot.meeting.term
    can_run = access.can_run(request.user, term)
    context = {
        "term": term,
        "meeting": ballot.meeting,
        "ballot": ballot,
        "page": page,
        "can_run": can_run,
        "active_tab": "conference",
        **extra,
    }
    if ballot.is_open and page.my_elector and not page.my_elector.voted and ballot.is_online:
        context.setdefault("vote_form", forms.VoteForm(ballot=ballot))
    if can_run and ballot.is_open and ballot.method == Ballot.Method.HANDS:
        initial = {f"option_{o.pk}": o.votes for o in page.options} if ballot.counted_at else {}
        context.setdefault("counts_form", forms.CountsForm(options=page.options, initial=initial))
    if (
        can_run
        and ballot.is_open
        and ballot.method == Ballot.Method.PAPER
        and not ballot.counted_at
    ):
        context.setdefault("tally_form", forms.CountsForm(options=page.options, paper=True))
    return render(request, "conference/ballot.html", context, status=status)


@require_GET
def ballot(request, pk: int, year: int, meeting_pk: int, ballot_pk: int) -> HttpResponse:
    return _show_ballot(
        request, access.get_ballot_for_reader(request, pk, year, meeting_pk, ballot_pk)
    )


@require_POST
def ballot_open(request, pk: int, year: int, meeting_pk: int, ballot_pk: int) -> HttpResponse:
    ballot = access.get_ballot_for_runner(request, pk, year, meeting_pk, ballot_pk)
    try:
        services.open_ballot(ballot=ballot, actor=request.user, request=request)
    except ValidationError as error:
        flash_service_error(request, error)
    else:
        messages.success(request, _("The ballot is open: the electorate is fixed."))
    return redirect(_ballot_url(ballot))


@require_POST
def ballot_close(request, pk: int, year: int, meeting_pk: int, ballot_pk: int) -> HttpResponse:
    ballot = access.get_ballot_for_runner(request, pk, year, meeting_pk, ballot_pk)
    try:
        services.close_ballot(ballot=ballot, actor=request.user, request=request)
    except ValidationError as error:
        flash_service_error(request, error)
    else:
        messages.success(request, _("The ballot is closed and its result recorded."))
    return redirect(_ballot_url(ballot))


@require_POST
def ballot_vote(request, pk: int, year: int, meeting_pk: int, ballot_pk: int) -> HttpResponse:
    """Two steps without JavaScript: the choice, then its confirmation."""
    ballot = access.get_ballot_for_voter(request, pk, year, meeting_pk, ballot_pk)
    form = forms.VoteForm(request.POST, ballot=ballot)
    if not form.is_valid():
        return _show_ballot(request, ballot, FORM_ERROR_STATUS, vote_form=form)
    option = form.cleaned_data["option"]
    if not form.cleaned_data["confirmed"]:
        return _show_ballot(request, ballot, vote_form=form, confirm_option=option)
    try:
        services.cast_vote(ballot=ballot, actor=request.user, option=option, request=request)
    except ValidationError as error:
        flash_service_error(request, error)
    else:
        messages.success(request, _("Your unit's vote was recorded."))
    return redirect(_ballot_url(ballot))


@require_POST
def ballot_counts(request, pk: int, year: int, meeting_pk: int, ballot_pk: int) -> HttpResponse:
    ballot = access.get_ballot_for_runner(request, pk, year, meeting_pk, ballot_pk)
    form = forms.CountsForm(request.POST, options=list(ballot.options.select_related("unit")))
    if form.is_valid():
        try:
            services.record_counts(
                ballot=ballot, actor=request.user, counts=form.counts(), request=request
            )
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, _("The counts were recorded."))
            return redirect(_ballot_url(ballot))
    return _show_ballot(request, ballot, FORM_ERROR_STATUS, counts_form=form)


@require_POST
def ballot_tally(request, pk: int, year: int, meeting_pk: int, ballot_pk: int) -> HttpResponse:
    ballot = access.get_ballot_for_runner(request, pk, year, meeting_pk, ballot_pk)
    options = list(ballot.options.select_related("unit"))
    form = forms.CountsForm(request.POST, options=options, paper=True)
    if form.is_valid():
        try:
            tally = services.enter_tally(
                ballot=ballot,
                actor=request.user,
                counts=form.counts(),
                invalid=form.cleaned_data["invalid"],
                request=request,
            )
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            if tally.accepted:
                messages.success(request, _("Both entries match: the tally is accepted."))
            else:
                messages.warning(
                    request,
                    _(
                        "Entry recorded. It is accepted once another person's entry matches it; "
                        "differences are shown below."
                    ),
                )
            return redirect(_ballot_url(ballot))
    return _show_ballot(request, ballot, FORM_ERROR_STATUS, tally_form=form)


@require_POST
def ballot_new_round(request, pk: int, year: int, meeting_pk: int, ballot_pk: int) -> HttpResponse:
    ballot = access.get_ballot_for_runner(request, pk, year, meeting_pk, ballot_pk)
    try:
        new = services.open_new_round(ballot=ballot, actor=request.user, request=request)
    except ValidationError as error:
        flash_service_error(request, error)
        return redirect(_ballot_url(ballot))
    messages.success(request, _("A new round between the tied candidates was prepared."))
    return redirect(_ballot_url(new))


# --- The projector screen --------------------------------------------------------------------


@require_GET
def screen(request, pk: int, year: int, meeting_pk: int) -> HttpResponse:
    """Full screen for the meeting room: the ranking, then each ballot's turnout and result."""
    meeting = access.get_meeting_for_runner(request, pk, year, meeting_pk)
    term = meeting.term
    page = ranking_page(term) if blocks_access.can_read_results(request.user, term) else None
    rows = sorted_vi(page.table["rows"], key=lambda r: r["unit_name"]) if page else []
    rows.sort(key=lambda r: r["rank"])
    context = {
        "term": term,
        "meeting": meeting,
        "ranking": page,
        "rows": rows,
        "ballots": selectors.screen_ballots(meeting),
        "now": timezone.now(),
    }
    return render(request, "conference/screen.html", context)


@require_GET
def screen_live(request, pk: int, year: int, meeting_pk: int) -> HttpResponse:
    """The screen's ballots as an HTML fragment, fetched every few seconds by screen.js."""
    meeting = access.get_meeting_for_runner(request, pk, year, meeting_pk)
    context = {"ballots": selectors.screen_ballots(meeting), "now": timezone.now()}
    response = render(request, "conference/_screen_ballots.html", context)
    response["Cache-Control"] = "private, no-store"
    return response
