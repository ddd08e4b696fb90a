"""manage.py export_year: one block-year in a zip a person reads without the app (issue #12,
part 7). Each test reads the zip back."""

import io
import json
import zipfile
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.utils import timezone
from openpyxl import load_workbook

from audit.models import AuditEntry
from blocks.freeze import publishing
from documents import year_export
from results.selectors import ranking_page
from scoring.models import Evidence, Score
from tests.factories import BlockFactory

pytestmark = pytest.mark.django_db

XLSX_FILES = (
    year_export.SCALE,
    year_export.SHEETS,
    year_export.MATRIX,
    year_export.RANKING_XLSX,
    year_export.AUDIT,
)


def _zip(term) -> zipfile.ZipFile:
    buffer = io.BytesIO()
    year_export.write_year(term, buffer)
    buffer.seek(0)
    return zipfile.ZipFile(buffer)


def _evidence(score: Score, name: str, content: bytes, *, removed: bool = False) -> Evidence:
    evidence = Evidence(
        score=score,
        original_name=name,
        mime="application/pdf",
        size=len(content),
        uploaded_by=_someone(),
        removed_at=timezone.now() if removed else None,
    )
    evidence.file.save(name, ContentFile(content), save=False)
    evidence.save()
    return evidence


def _someone():
    from accounts.models import User

    return User.objects.get(username="member")


def test_a_published_year_reads_back(world):
    term = world.published_term
    archive = _zip(term)
    names = set(archive.namelist())
    assert {
        year_export.README,
        *XLSX_FILES,
        year_export.RANKING_PDF,
        year_export.RESULTS_JSON,
    } <= names
    for name in XLSX_FILES:
        load_workbook(io.BytesIO(archive.read(name)))  # opens
    assert archive.read(year_export.RANKING_PDF).startswith(b"%PDF")

    document = json.loads(archive.read(year_export.RESULTS_JSON))
    page = ranking_page(term)
    assert document["source"] == "published version 1"
    exported = {r["unit_id"]: (r["rank"], Decimal(r["total"])) for r in document["ranking"]["rows"]}
    shown = {r["unit_id"]: (r["rank"], r["total"]) for r in page.table["rows"]}
    assert exported == shown and len(exported) == 4
    snapshot = document["publications"][0]["snapshot"]
    assert {r["unit_id"]: r["total"] for r in snapshot["rows"]} == {
        r["unit_id"]: r["total"] for r in document["ranking"]["rows"]
    }
    assert document["publications"][0]["decision_number"] == "01/QĐ-TEST"

    readme = archive.read(year_export.README).decode()
    assert "HỒ SƠ NĂM THI ĐUA 2024" in readme  # in Vietnamese
    for name in (year_export.SCALE, year_export.SHEETS, year_export.RESULTS_JSON):
        assert name in readme


def test_the_sheets_and_the_audit_trail_are_in_the_workbooks(world):
    term = world.published_term
    archive = _zip(term)
    sheets = load_workbook(io.BytesIO(archive.read(year_export.SHEETS)))
    units = sorted(s.unit.name for s in term.sheets.select_related("unit"))
    assert len(sheets.worksheets) == len(units)
    first = sheets.worksheets[0]
    assert first["A1"].value in units
    header = [c.value for c in first[7]]
    assert header[0] == "Mã" and "Điểm tính vào xếp hạng" in header
    audit = load_workbook(io.BytesIO(archive.read(year_export.AUDIT))).active
    actions = {row[4] for row in audit.iter_rows(min_row=2, values_only=True)}
    assert actions == set(
        AuditEntry.objects.filter(term_id=term.pk).values_list("action", flat=True)
    )
    assert "results.term.published" in actions


def test_evidence_files_come_back_byte_for_byte_by_unit_and_criterion(world):
    term = world.term  # being scored: the live ranking, and files can still be added
    score = (
        Score.objects.filter(sheet__term=term, sheet__unit=world.member_unit)
        .select_related("criterion", "sheet__unit")
        .order_by("criterion__order")
        .first()
    )
    content = b"%PDF-1.4 minh chung " + bytes(range(256))
    _evidence(score, "Báo cáo quý IV.pdf", content)
    _evidence(score, "Báo cáo quý IV.pdf", b"second")  # same name: kept apart
    _evidence(score, "da-go.pdf", b"removed", removed=True)

    archive = _zip(term)
    folder = f"minh-chung/{world.member_unit.name}/{score.criterion.code}"
    assert archive.read(f"{folder}/Báo cáo quý IV.pdf") == content
    assert archive.read(f"{folder}/Báo cáo quý IV (2).pdf") == b"second"
    assert not any(name.endswith("da-go.pdf") for name in archive.namelist())
    document = json.loads(archive.read(year_export.RESULTS_JSON))
    assert document["source"] == "live" and document["publications"] == []
    assert "CHƯA CÔNG BỐ" in archive.read(year_export.README).decode()


def test_a_published_years_evidence_is_exported_too(world):
    term = world.published_term
    score = Score.objects.filter(sheet__term=term).select_related("sheet__unit").first()
    with publishing(term):  # the fixture's year is published already: add the file as before
        _evidence(score, "bien-ban.pdf", b"%PDF-1.4 bien ban")
    names = _zip(term).namelist()
    assert f"minh-chung/{score.sheet.unit.name}/{score.criterion.code}/bien-ban.pdf" in names


def test_the_command_by_id_and_by_name(world, tmp_path):
    out = io.StringIO()
    call_command(
        "export_year", str(world.block.pk), "2024", output=str(tmp_path / "a.zip"), stdout=out
    )
    assert zipfile.ZipFile(tmp_path / "a.zip").testzip() is None
    assert "a.zip" in out.getvalue()
    call_command("export_year", world.block.name.upper(), "2024", output=str(tmp_path) + "/")
    assert (tmp_path / f"thidua-{world.block.pk}-2024.zip").exists()
    assert not list(tmp_path.glob("*.partial"))


@pytest.mark.parametrize(
    ("block", "year", "message"),
    [("Không có khối này", 2024, "No block"), ("Khối A", 1999, "no year")],
)
def test_the_command_refuses_what_it_cannot_find(world, tmp_path, block, year, message):
    with pytest.raises(CommandError, match=message):
        call_command("export_year", block, str(year), output=str(tmp_path / "x.zip"))
    assert not (tmp_path / "x.zip").exists()


def test_two_blocks_with_one_name_need_the_id(world, tmp_path):
    BlockFactory(name="Khối A")  # in another province
    with pytest.raises(CommandError, match="id"):
        call_command("export_year", "Khối A", "2024", output=str(tmp_path / "x.zip"))
