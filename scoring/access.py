"""Who may see and do what on score sheets, built on blocks.access.

- A unit's officers read and edit their own sheet (the services add the window and the state).
- The leader unit of the year and board staff review every sheet; council members read.
- Other members of the block get 403 on someone else's sheet; outsiders get 404 everywhere.
"""

import datetime

from django.core.exceptions import PermissionDenied
from django.http import Http404

from blocks import access
from blocks.models import Term
from emulation.prepared import PreparedQuery
from scoring.models import Evidence, Query, Score, ScoreSheet


def is_own_sheet(user, sheet: ScoreSheet) -> bool:
    return bool(user.is_authenticated and user.unit_id and user.unit_id == sheet.unit_id)


can_oversee = access.can_oversee


def get_term_for_overseer(request, block_pk: int, year: int) -> Term:
    """Progress board and review grid (read): 404 outsiders, 403 ordinary members."""
    term = access.get_term_for_member(request, block_pk, year)
    if not can_oversee(request.user, term):
        raise PermissionDenied
    return term


def _sheet_query(*related: str) -> PreparedQuery:
    # One row at most (unique): by its key, not the default ordering (term, block, unit).
    return PreparedQuery(
        lambda term, unit: (
            ScoreSheet.objects.select_related(*related)
            .filter(term_id=term, unit_id=unit)
            .order_by("pk")[:1]
        ),
        term=int,
        unit=int,
    )


# Compiled once (emulation.prepared); the second names who submitted and verified the sheet,
# for the pages that show them (the review page).
_SHEET = _sheet_query("unit", "scale")
_SHEET_WITH_SIGNERS = _sheet_query("unit", "scale", "submitted_by", "verified_by")


def _sheet_with_year_query(*related: str) -> PreparedQuery:
    # A unit officer's sheet read and its block-year's in one statement, with the two answers
    # `blocks.access._TERM_BY_YEAR_FOR_UNIT` carries: the sheet pages cost one query fewer.
    return PreparedQuery(
        lambda block, year, sheet_unit, unit, user, start, end: (
            ScoreSheet.objects.select_related(
                "term__block__province", "term__leader", "term__deputy", *related
            )
            .filter(term__block_id=block, term__year=year, unit_id=sheet_unit)
            .annotate(
                **access.member_and_council(
                    "term__block_id", unit=unit, user=user, start=start, end=end
                )
            )
            .order_by("pk")[:1]
        ),
        block=int,
        year=int,
        sheet_unit=int,
        unit=int,
        user=int,
        start=datetime.date,
        end=datetime.date,
    )


_SHEET_WITH_YEAR = _sheet_with_year_query("unit", "scale")
_SHEET_WITH_YEAR_AND_SIGNERS = _sheet_with_year_query(
    "unit", "scale", "submitted_by", "verified_by"
)


def _sheet_with_year(request, block_pk: int, year: int, unit_pk: int, signers: bool):
    """The sheet with its block-year, for a signed-in unit officer (1 query), the access
    answers kept on the user; None when there is no such sheet or the person has no unit
    (then the year and the sheet are read in turn)."""
    officer = access.officer_parameters(request.user, year)
    if officer is None:
        return None
    query = _SHEET_WITH_YEAR_AND_SIGNERS if signers else _SHEET_WITH_YEAR
    sheet = query.first(block=block_pk, year=year, sheet_unit=unit_pk, **officer)
    if sheet is not None:
        access.remember_answers(request.user, sheet.term, sheet)
    return sheet


def _sheet(term: Term, unit_pk: int, *, signers: bool = True) -> ScoreSheet:
    sheet = (_SHEET_WITH_SIGNERS if signers else _SHEET).first(term=term.pk, unit=unit_pk)
    if sheet is None:
        raise Http404
    sheet.term = term
    return sheet


def get_sheet_for_reader(
    request, block_pk: int, year: int, unit_pk: int, *, signers: bool = True
) -> ScoreSheet:
    """The unit's own officers and the overseers; other members 403, outsiders 404.

    `signers=False` leaves out the people who submitted and verified the sheet (two users
    joined in the query) for the pages that do not show them."""
    access.require_sign_in(request)
    sheet = _sheet_with_year(request, block_pk, year, unit_pk, signers)
    if sheet is None:  # no unit, or no such sheet: the year first (404 before anything else)
        term = access.get_term_for_member(request, block_pk, year)
        sheet = _sheet(term, unit_pk, signers=signers)
    else:  # the same checks, in the same order, on the year read with it
        term = sheet.term
        if not access.can_read_term(request.user, term):
            raise Http404
    if not (is_own_sheet(request.user, sheet) or can_oversee(request.user, term)):
        raise PermissionDenied
    return sheet


def get_sheet_for_unit(
    request, block_pk: int, year: int, unit_pk: int, *, signers: bool = True
) -> ScoreSheet:
    """Writes by the unit itself (self-scores, evidence, explanations)."""
    sheet = get_sheet_for_reader(request, block_pk, year, unit_pk, signers=signers)
    if not is_own_sheet(request.user, sheet):
        raise PermissionDenied
    return sheet


def get_sheet_for_reviewer(request, block_pk: int, year: int, unit_pk: int) -> ScoreSheet:
    """Review writes: the leader unit of the year and board staff."""
    sheet = get_sheet_for_reader(request, block_pk, year, unit_pk)
    if not access.can_manage_term(request.user, sheet.term):
        raise PermissionDenied
    return sheet


def get_score(sheet: ScoreSheet, criterion_pk: int) -> Score:
    score = (
        Score.objects.select_related("criterion")
        .filter(sheet=sheet, criterion_id=criterion_pk)
        .first()
    )
    if score is None:
        raise Http404
    score.sheet = sheet
    return score


def get_evidence(sheet: ScoreSheet, pk: int) -> Evidence:
    evidence = (
        Evidence.objects.select_related("score__criterion")
        .filter(pk=pk, score__sheet=sheet, removed_at__isnull=True)
        .first()
    )
    if evidence is None:
        raise Http404
    evidence.score.sheet = sheet
    return evidence


def get_query(sheet: ScoreSheet, pk: int) -> Query:
    query = (
        Query.objects.select_related("score__criterion").filter(pk=pk, score__sheet=sheet).first()
    )
    if query is None:
        raise Http404
    query.score.sheet = sheet
    return query
