"""The scale's workbook: the template imports as is; a bad file is rejected row by row and
nothing is imported; the export reads back the same lines."""

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from campaigns import xlsx
from campaigns.models import Scale
from tests.campaigns.helpers import PDF_BYTES, xlsx_upload

pytestmark = pytest.mark.django_db


def _url(term, name):
    return reverse(name, args=[term.block_id, term.year])


def test_the_template_imports_as_a_valid_scale(world, draft, client):
    client.force_login(world.users["leader"])
    content = client.get(_url(draft.term, "campaigns:scale_template")).content
    upload = SimpleUploadedFile("mau.xlsx", content, content_type=xlsx.XLSX_MIME)
    response = client.post(_url(draft.term, "campaigns:scale_import"), {"file": upload})
    assert response.status_code == 302
    codes = list(draft.criteria.order_by("order").values_list("code", flat=True))
    assert codes == ["I", "1", "2", "II", "T1", "D1"]
    assert draft.criteria.get(code="1").parent.code == "I"
    assert draft.criteria.get(code="T1").points_per_occurrence == Decimal("5")
    assert draft.criteria.get(code="1").evidence_required is True
    page = client.get(_url(draft.term, "campaigns:scale_editor")).context["page"]
    assert page.problems == []


def test_decimal_commas_and_vietnamese_kinds_are_accepted(world, draft):
    upload = xlsx_upload(
        [
            ["A", "", "Nhóm", "Nhóm A", "100", None, "", ""],
            ["A1", "A", "Tiêu chí", "A1", "62,5", None, "có", ""],
            ["A2", "A", "scored", "A2", 37.5, None, "", ""],
            ["T", "", "Điểm thưởng", "Thưởng", "10", "2,5", "", ""],
        ]
    )
    result = xlsx.parse(upload, nominal_total=Decimal("100"))
    assert result.errors == []
    assert [r["max_points"] for r in result.rows] == [
        Decimal("100"),
        Decimal("62.5"),
        Decimal("37.5"),
        Decimal("10"),
    ]
    assert result.rows[1]["evidence_required"] is True


def test_a_bad_file_lists_every_bad_row_and_imports_nothing(world, draft, client):
    from campaigns import services

    services.criterion_create(
        scale=draft,
        actor=world.users["leader"],
        code="OLD",
        title="Giữ nguyên",
        kind="scored",
        max_points=Decimal("100"),
    )
    upload = xlsx_upload(
        [
            ["1", "", "scored", "Đúng", "10", None, "", ""],
            ["", "", "scored", "Thiếu mã", "10", None, "", ""],
            ["3", "", "whatever", "Sai loại", "10", None, "", ""],
            ["4", "", "scored", "Sai điểm", "mười", None, "", ""],
            ["1", "", "scored", "Trùng mã", "5", None, "", ""],
            ["6", "Z", "scored", "Cha không có", "5", None, "", ""],
            ["7", "1", "scored", "Cha không phải nhóm", "5", None, "", ""],
            ["8", "", "bonus", "Vượt trần", "2", "5", "", ""],
        ]
    )
    client.force_login(world.users["leader"])
    response = client.post(_url(draft.term, "campaigns:scale_import"), {"file": upload})
    assert response.status_code == 200
    errors = response.context["errors"]
    rows = sorted({e.split(":")[0] for e in errors})
    assert len(errors) == 7
    for number in (3, 4, 5, 6, 7, 8, 9):
        assert any(
            e.startswith(f"Dòng {number}") or e.startswith(f"Row {number}") for e in errors
        ), rows
    assert list(draft.criteria.values_list("code", flat=True)) == ["OLD"]


def test_a_file_that_is_not_a_workbook_is_refused(world, draft, client):
    client.force_login(world.users["leader"])
    upload = SimpleUploadedFile("thang-diem.xlsx", PDF_BYTES)
    response = client.post(_url(draft.term, "campaigns:scale_import"), {"file": upload})
    assert response.status_code == 200
    assert response.context["errors"]
    assert not draft.criteria.exists()


def test_import_is_refused_on_a_locked_scale(world, client):
    client.force_login(world.users["leader"])
    response = client.post(
        _url(world.term, "campaigns:scale_import"),
        {"file": xlsx_upload([["1", "", "scored", "X", "100", None, "", ""]])},
    )
    assert response.status_code == 200
    assert response.context["errors"]
    assert world.term.scales.get().status == Scale.Status.LOCKED
    assert world.term.scales.get().criteria.count() == 4


def test_export_reads_back_the_same_lines(world, client):
    client.force_login(world.users["member"])
    response = client.get(_url(world.term, "campaigns:scale_export"))
    assert response["Content-Type"] == xlsx.XLSX_MIME
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [r[0] for r in rows] == ["1", "2", "3", "B"]
    assert rows[3][2] == "bonus"
    again = xlsx.parse(
        SimpleUploadedFile("x.xlsx", response.content),
        nominal_total=Decimal("30"),  # the three criteria of the world's scale, 10 points each
    )
    assert again.errors == [] and len(again.rows) == 4


def test_an_over_long_guidance_is_a_row_error(world, draft):
    from emulation import limits

    upload = xlsx_upload(
        [
            ["1", "", "scored", "Đúng", "50", None, "", "Hướng dẫn ngắn"],
            ["2", "", "scored", "Quá dài", "50", None, "", "x" * (limits.NOTE + 1)],
        ]
    )
    result = xlsx.parse(upload, nominal_total=Decimal("100"))
    assert len(result.errors) == 1 and str(limits.NOTE) in result.errors[0]
    assert result.errors[0].startswith(("Dòng 3", "Row 3"))
