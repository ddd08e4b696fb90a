"""The board's province overview (issue #10): every block with its stage, sheets submitted /
verified out of members, deadlines, late ones, who waits on whom; sortable, .xlsx; constant
queries."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from blocks.models import Membership, Term
from scoring.models import ScoreSheet
from tests.factories import (
    BlockFactory,
    MembershipFactory,
    ScaleFactory,
    ScoreSheetFactory,
    TermFactory,
)


def _url(world, name="portal:province_overview", **query):
    url = reverse(name, args=[world.province.pk])
    return url + "?" + "&".join(f"{k}={v}" for k, v in {"year": 2025, **query}.items())


def test_overview_counts_and_late_sheets(world, clients):
    closed = timezone.now() - datetime.timedelta(days=1)
    Term.objects.filter(pk=world.term.pk).update(scoring_closes_at=closed)
    ScoreSheet.objects.filter(term=world.term, unit=world.member_unit).update(
        status=ScoreSheet.Status.DRAFT
    )
    response = clients["board"].get(_url(world))
    assert response.status_code == 200
    [row] = [r for r in response.context["rows"] if r.term == world.term]
    members = Membership.objects.of_term(world.term).values("unit").distinct().count()
    assert (row.late, row.members, row.submitted) == (1, members, members - 1)
    assert row.verified == members - 1
    assert row.waiting.startswith("1 ")  # one member unit is late
    other = [r for r in response.context["rows"] if r.block == world.other_block][0]
    assert other.term is None  # no 2025 year: the board is waited on


def test_overview_sorts_and_exports(world, clients):
    response = clients["board"].get(_url(world, sort="late"))
    assert response.context["sort"] == "late"
    response = clients["board"].get(_url(world, "portal:province_overview_xlsx"))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    names = [sheet.cell(row=r, column=1).value for r in range(3, sheet.max_row + 1)]
    assert set(names) == {world.block.name, world.other_block.name}


@pytest.mark.parametrize("blocks", [1, 5])
def test_overview_query_count_is_constant(world, clients, django_assert_num_queries, blocks):
    for i in range(blocks):
        block = BlockFactory(province=world.province, name=f"Cụm {i}")
        term = TermFactory(block=block, year=2025)
        ScaleFactory(term=term)
        unit = MembershipFactory(block=block, unit__province=world.province).unit
        ScoreSheetFactory(term=term, unit=unit, status=ScoreSheet.Status.SUBMITTED)
    # session (1), user (1), province (1), blocks (1), years (1), member counts (1),
    # sheet counts (1), scales waiting (1), provisional releases (1), the board's province in
    # the layout (1)
    with django_assert_num_queries(10):
        response = clients["board"].get(_url(world))
    assert len(response.context["rows"]) == blocks + 2
