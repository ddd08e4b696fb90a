"""The self-scoring form's rows are written in Python (`scoring.templatetags.sheet_tags`): the
markup must be exactly what the template loop they replace wrote, escaping, errors, evidence
and both languages included."""

import datetime
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.template import Context, Template
from django.utils import translation

from campaigns.models import Criterion
from scoring.forms import SelfScoreForm
from scoring.models import Evidence, Score
from scoring.selectors import SheetRow
from scoring.templatetags.sheet_tags import self_score_rows

# The loop of scoring/sheet.html before it became `{% self_score_rows %}`.
OLD_FILE = Path(__file__).with_name("test_sheet_rows_old.html")
OLD_ROWS = "{% load i18n thidua %}" + OLD_FILE.read_text(encoding="utf-8")

K = Criterion.Kind


def _rows() -> list[SheetRow]:
    def crit(pk, code, kind, **kw):
        title = kw.pop("title", f"Tiêu chí {code}")
        return Criterion(pk=pk, code=code, title=title, kind=kind, **kw)

    group = crit(1, "I", K.GROUP, max_points=Decimal("40"), title='Nhóm <"I"> & co')
    scored = crit(
        2,
        "I.1",
        K.SCORED,
        max_points=Decimal("3.30"),
        evidence_required=True,
        guidance='Dòng một\nDòng <b>hai</b> & "ba"',
    )
    counted = crit(
        3, "II.1", K.BONUS, max_points=Decimal("5"), points_per_occurrence=Decimal("0.5")
    )
    bonus = crit(4, "II.2", K.BONUS, max_points=Decimal("2"))
    deduction = crit(
        5,
        "III.1",
        K.DEDUCTION,
        max_points=Decimal("10"),
        points_per_occurrence=Decimal("1.25"),
        evidence_required=True,
    )
    plain = crit(6, "I.2", K.SCORED, max_points=Decimal("10"))
    at = datetime.datetime(2026, 12, 3, 9, 30, tzinfo=datetime.UTC)
    evidence = [
        Evidence(pk=11, original_name='biên "bản" <1>.pdf', size=1536, uploaded_at=at),
        Evidence(pk=12, original_name="ảnh.png", size=3 * 1024 * 1024, uploaded_at=at),
    ]
    return [
        SheetRow(group, 0),
        SheetRow(
            scored,
            1,
            Score(pk=21, self_points=Decimal("2.5"), self_note='ghi <chú> & "x"'),
            evidence=evidence,
        ),
        SheetRow(plain, 1),
        SheetRow(counted, 1, Score(pk=23, self_occurrences=3, self_points=Decimal("1.5"))),
        SheetRow(bonus, 1, Score(pk=24)),
        SheetRow(deduction, 2),
    ]


def _forms(rows):
    yield SelfScoreForm(rows=rows, initial={"version": 3})
    bad = SelfScoreForm(
        {
            "version": "3",
            "points_2": "abc",
            "note_2": "x" * 3000,
            "occ_3": "-1",
            "points_6": "8,5",
            "note_6": "<script>",
            "points_4": "1",
            "occ_5": "2",
        },
        rows=rows,
    )
    bad.is_valid()
    bad.add_error("points_4", 'Quá "tối đa" <2>')
    yield bad


@pytest.mark.parametrize("language", ["en", "vi"])
def test_rows_written_in_python_match_the_template_they_replace(language):
    rows = _rows()
    term, sheet = SimpleNamespace(block_id=7, year=2026), SimpleNamespace(unit_id=9)
    with translation.override(language):
        for form in _forms(rows):
            context = {"form": form, "term": term, "sheet": sheet}
            old = Template(OLD_ROWS).render(Context(context))
            assert self_score_rows(form, term, sheet) == old
            assert "&lt;b&gt;hai&lt;/b&gt;" in old and "/units/9/criteria/2/history/" in old
            assert ("invalid-feedback" in old) == form.is_bound
            assert "/units/9/evidence/12/" in old
