"""Access helpers of the results app, built on blocks.access: 404 for outsiders, 403 for
insiders without the right."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from blocks import access
from blocks.models import Term, Unit
from results.models import Objection, PublishedResult


def get_objection_for_manager(request, term: Term, pk: int) -> Objection:
    """An objection of `term`, for the leader unit or the board (already checked on the term)."""
    return get_object_or_404(Objection.objects.select_related("unit", "term"), term=term, pk=pk)


def objecting_unit(request, term: Term) -> Unit:
    """The unit an officer files objections for: their own, if it is a member that year.

    Board staff and council members read the year but do not object (403).
    """
    user = request.user
    if not (user.is_authenticated and user.unit_id) or user.unit_id not in term.member_unit_ids():
        raise PermissionDenied
    return user.unit


def get_publication_for_reader(request, term: Term, version: int) -> PublishedResult:
    """A published version of a readable term (the term came from get_term_for_reader)."""
    if not term.is_published and not access.can_read_term(request.user, term):
        raise Http404
    return get_object_or_404(PublishedResult, term=term, version=version)


# One rule for every province board page: `blocks.access.get_province_for_board`.
get_province_for_board = access.get_province_for_board
