"""Fixtures of the results tests: a small term built row by row for the engine and services."""

from decimal import Decimal

import pytest

from campaigns.models import Criterion
from scoring.models import Score
from tests.factories import (
    BlockFactory,
    CriterionFactory,
    MembershipFactory,
    ScaleFactory,
    ScoreSheetFactory,
    TermFactory,
)

PDF_BYTES = (  # a real, minimal PDF: uploads must parse
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 3 3]>>endobj\n"
    b"xref\n0 4\n0000000000 65535 f \n0000000009 00000 n \n0000000052 00000 n \n"
    b"0000000101 00000 n \ntrailer<</Size 4/Root 1 0 R>>\nstartxref\n160\n%%EOF\n"
)


@pytest.fixture
def build_term(db):
    """build_term({"Unit A": {"1": "10", "2": "9", "B": "1", "D": "0"}, ...}) → Term.

    Criteria "1" and "2" (max 10) are grouped under "G"; "3" (max 10) stands alone; "B" is a
    bonus (max 10), "D" a deduction (max 5). Every sheet is verified.
    """

    def _build(scores: dict[str, dict[str, str]], *, year: int = 2025, block=None):
        block = block or BlockFactory()
        units = {
            name: MembershipFactory(
                block=block, unit__name=name, unit__province=block.province
            ).unit
            for name in scores
        }
        members = list(units.values())
        term = TermFactory(
            block=block,
            year=year,
            leader=members[0],
            deputy=members[1] if len(members) > 1 else None,
        )
        scale = ScaleFactory(term=term)
        group = CriterionFactory(
            scale=scale,
            code="G",
            title="Nhóm G",
            order=0,
            kind=Criterion.Kind.GROUP,
            max_points=Decimal("20"),
        )
        criteria = {
            "1": CriterionFactory(scale=scale, code="1", order=1, parent=group),
            "2": CriterionFactory(scale=scale, code="2", order=2, parent=group),
            "3": CriterionFactory(scale=scale, code="3", order=3),
            "B": CriterionFactory(scale=scale, code="B", order=90, kind=Criterion.Kind.BONUS),
            "D": CriterionFactory(
                scale=scale,
                code="D",
                order=91,
                kind=Criterion.Kind.DEDUCTION,
                max_points=Decimal("5"),
            ),
        }
        for name, points in scores.items():
            sheet = ScoreSheetFactory(term=term, unit=units[name], scale=scale)
            Score.objects.bulk_create(
                [
                    Score(sheet=sheet, criterion=criteria[code], self_points=Decimal(value))
                    for code, value in points.items()
                ]
            )
        term.units = units
        return term

    return _build
