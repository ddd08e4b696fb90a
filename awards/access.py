"""Access to award proposals, built on `blocks.access`: the block-year or the province comes
first (404 for outsiders, 403 for insiders without the right, the login page when signed out),
then the proposal is looked up inside it, so another block's or province's id is a 404."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from awards.models import AwardProposal
from blocks.models import Province, Term


def _proposals():
    return AwardProposal.objects.select_related(
        "term__block__province", "unit", "award_type", "granted_type"
    )


def get_proposal(term: Term, pk: int) -> AwardProposal:
    """A proposal of a block-year the caller already got through an access helper."""
    return get_object_or_404(_proposals(), term=term, pk=pk)


def get_proposal_for_board(province: Province, pk: int) -> AwardProposal:
    """A proposal of a province whose board pages the caller already passed
    (`blocks.access.get_province_for_board`)."""
    return get_object_or_404(_proposals(), term__block__province=province, pk=pk)


def get_decided_proposal(request, pk: int) -> AwardProposal:
    """A decided award is public, with its signed decision; anything else is a 404 here."""
    proposal = get_object_or_404(_proposals(), pk=pk)
    if proposal.status != AwardProposal.Status.DECIDED:
        raise Http404
    return proposal
