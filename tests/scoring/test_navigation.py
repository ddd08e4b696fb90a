"""Every step of the year can be reached from the block-year's tabs (found running the cycle).

- The leader unit scores itself too, but its officers land on the progress board from the
  Scoring tab: the board offers their own sheet first.
- Council members may read the review grid, so they see the Review tab.
"""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_leader_finds_its_own_sheet_on_the_progress_board(world, clients):
    term = world.term
    response = clients["leader"].get(reverse("scoring:progress", args=[term.block_id, term.year]))
    own = reverse("scoring:sheet", args=[term.block_id, term.year, world.leader_unit.pk])
    assert response.status_code == 200
    assert f'id="own-sheet" href="{own}"' in response.content.decode()


def test_board_has_no_own_sheet_button(world, clients):
    term = world.term
    response = clients["board"].get(reverse("scoring:progress", args=[term.block_id, term.year]))
    assert 'id="own-sheet"' not in response.content.decode()


@pytest.mark.parametrize(
    "persona,shown", [("council", True), ("leader", True), ("board", True), ("member", False)]
)
def test_review_tab_for_those_who_may_read_the_grid(world, clients, persona, shown):
    term = world.term
    response = clients[persona].get(reverse("portal:term_ranking", args=[term.block_id, term.year]))
    review = reverse("scoring:review", args=[term.block_id, term.year])
    assert (f'href="{review}"' in response.content.decode()) is shown
