"""Names people see are listed in Vietnamese order (issue #10): the review grid, the progress
board, units sharing a rank and the block page; with Đ, Ư, Ơ and tones."""

from decimal import Decimal

import pytest

from blocks.models import Unit
from portal.selectors import block_page
from results.ranking.rows import RankingRow, assign_ranks
from scoring.selectors import progress_board, review_grid

pytestmark = pytest.mark.django_db

# Code-point order would put "Đài…" last, "Sở Thông tin" before "Sở Tài nguyên" and
# "Sở Đổi mới" after "Sở Tư pháp".
NAMES = [
    "Đài Phát thanh và Truyền hình",
    "Sở Tư pháp",
    "Sở Ơn",
    "Sở Đổi mới",
    "Sở Thông tin và Truyền thông",
    "Sở Ưu tiên",
    "Sở Tài nguyên và Môi trường",
    "Ban Dân tộc",
]
EXPECTED = [
    "Ban Dân tộc",
    "Đài Phát thanh và Truyền hình",
    "Sở Đổi mới",
    "Sở Ơn",
    "Sở Tài nguyên và Môi trường",
    "Sở Thông tin và Truyền thông",
    "Sở Tư pháp",
    "Sở Ưu tiên",
]


def sorted_expected(names):
    return [n for n in EXPECTED if n in names]


def _rename(world) -> list[str]:
    """Give the year's units names from NAMES (in code-point-unfriendly order): the order
    expected for them."""
    units = [s.unit for s in progress_board(world.term).sheets]
    assert len(units) >= 4
    for unit, name in zip(units, NAMES, strict=False):
        Unit.objects.filter(pk=unit.pk).update(name=name)
    return sorted_expected(NAMES[: len(units)])


def test_review_grid_and_progress_board_in_vietnamese_order(world):
    expected = _rename(world)
    assert [s.unit.name for s in progress_board(world.term).sheets] == expected
    assert [r.sheet.unit.name for r in review_grid(world.term).rows] == expected


def test_block_page_members_in_vietnamese_order(world):
    _rename(world)
    names = [m.unit.name for m in block_page(world.block, world.term.scoring_closes_at).members]
    assert names == sorted_expected(names)


def test_units_sharing_a_rank_are_listed_in_vietnamese_order():
    rows = [
        RankingRow(unit_id=i, unit_name=name, unit_short_name="", sheet_id=i, base=Decimal("90"))
        for i, name in enumerate(NAMES)
    ]
    assert [r.unit_name for r in assign_ranks(rows)] == EXPECTED
