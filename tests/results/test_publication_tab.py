"""The publication tab of a block-year links the documents' header page (issue #10)."""

import pytest
from django.urls import reverse

from blocks.models import Term

pytestmark = pytest.mark.django_db


def _url(name: str, term) -> str:
    return reverse(name, args=[term.block_id, term.year])


@pytest.mark.parametrize(
    "persona,shown", [("leader", True), ("board", True), ("deputy", False), ("member", False)]
)
def test_the_publication_tab_links_the_documents_header_for_those_who_may_edit_it(
    world, clients, persona, shown
):
    """Issue #10: the header page (number, recipients, signer) had no link to it. Shown to the
    leader unit and the board, who may open it (the permission matrix checks the page)."""
    # Members see the tab once the results are shared.
    Term.objects.filter(pk=world.term.pk).update(status=Term.Status.PROVISIONAL)
    response = clients[persona].get(_url("results:workspace", world.term))
    assert response.status_code == 200
    link = _url("documents:header", world.term)
    assert (link in response.text) is shown
    if shown:
        assert clients[persona].get(link).status_code == 200
