"""Rows for the results app: portal pages, exports, the publication workspace and its actions."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

from tests.matrix import Row, everyone

INSIDERS = {**everyone(200), "anonymous": 404, "outsider": 404}
# The ranking before it is shared as provisional results: members wait (403).
PREPARERS = {**INSIDERS, "member": 403}
# Leader-unit actions: 404 outsiders, 403 members without the right, redirect on success.
MANAGER_POST = {
    "anonymous": 404,
    "outsider": 404,
    "member": 403,
    "deputy": 403,
    "council": 403,
    "leader": 302,
    "board": 302,
    "superuser": 302,
}
BOARD_POST = {**MANAGER_POST, "leader": 403}
PDF_BYTES = (  # a real, minimal PDF: uploads must parse
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 3 3]>>endobj\n"
    b"xref\n0 4\n0000000000 65535 f \n0000000009 00000 n \n0000000052 00000 n \n"
    b"0000000101 00000 n \ntrailer<</Size 4/Root 1 0 R>>\nstartxref\n160\n%%EOF\n"
)


def _term(w):
    return [w.block.pk, w.term.year]


def _published(w):
    return [w.block.pk, w.published_term.year]


def _shared(w) -> dict:
    """Share the 2025 results first, so an objection can be filed."""
    from results.services import share_provisional

    share_provisional(term=w.term, actor=w.users["leader"], objection_days=5)
    return {"criterion_code": "1", "text": "Chúng tôi đã nộp đủ minh chứng."}


def _shared_term(w) -> list:
    """The 2025 year once its provisional results are shared with the members."""
    _shared(w)
    return _term(w)


def _objection(w):
    from results.services import file_objection, share_provisional

    share_provisional(term=w.term, actor=w.users["leader"], objection_days=5)
    objection = file_objection(
        term=w.term,
        actor=w.users["member"],
        unit=w.member_unit,
        criterion_code="2",
        text="Đề nghị xem lại.",
    )
    return [w.block.pk, w.term.year, objection.pk]


def _publish_data(w) -> dict:
    return {
        "decision_number": "12/QĐ-BTĐKT",
        "decision_date": "20/01/2026",
        "signed_file": SimpleUploadedFile("qd.pdf", PDF_BYTES, "application/pdf"),
    }


def _correction_data(w) -> dict:
    return {
        "decision_number": "02/QĐ-TEST",
        "decision_date": datetime.date(2025, 2, 1).strftime("%d/%m/%Y"),
        "reason": "Sai sót khi tổng hợp tiêu chí 1.",
        "unit": w.member_unit.pk,
        "criterion_code": "1",
        "points": "9,5",
    }


ROWS = [
    Row("province_detail", args=lambda w: [w.province.pk], expect=everyone(200)),
    Row("province_detail", args=lambda w: [999999], expect=everyone(404), label="missing"),
    # Exports: public once published, insiders only before.
    *[
        Row(name, args=_published, expect=everyone(200), label="published")
        for name in (
            "export_ranking_xlsx",
            "export_matrix_xlsx",
            "export_ranking_pdf",
            "export_ranking_docx",
        )
    ],
    *[
        Row(name, args=_term, expect=PREPARERS, label="unpublished")
        for name in ("export_ranking_xlsx", "export_matrix_xlsx", "export_ranking_docx")
    ],
    Row("term_ranking", args=_shared_term, expect=INSIDERS, label="provisional"),
    Row("export_ranking_xlsx", args=_shared_term, expect=INSIDERS, label="provisional"),
    Row(
        "export_unit_pdf",
        args=lambda w: [*_published(w), w.member_unit.pk],
        expect=everyone(200),
        label="published",
    ),
    Row(
        "export_unit_docx",
        args=lambda w: [*_term(w), w.member_unit.pk],
        expect=PREPARERS,
        label="unpublished",
    ),
    Row(
        "export_unit_docx",
        args=lambda w: [*_published(w), w.outsider_unit.pk],
        expect=everyone(404),
        label="unit not ranked",
    ),
    # The 2024 publication carries no signed file: 404 for all; downloads are tested apart.
    Row("decision_file", args=lambda w: [*_published(w), 1], expect=everyone(404)),
    Row("results_workspace", args=_term, expect=INSIDERS),
    Row("results_workspace", args=_published, expect=INSIDERS, label="published"),
    Row(
        "results_tie_policy",
        method="post",
        args=_term,
        data=lambda w: {"rule_1": "full_marks", "rule_2": "criterion:2"},
        expect=MANAGER_POST,
    ),
    Row(
        "results_incident_add",
        method="post",
        args=_term,
        data=lambda w: {
            "unit": w.member_unit.pk,
            "kind": "discipline",
            "makes_ineligible": "on",
            "note": "Kỷ luật",
        },
        expect=BOARD_POST,
    ),
    Row(
        "results_bands",
        method="post",
        args=_term,
        data=lambda w: {
            "bands-TOTAL_FORMS": "2",
            "bands-INITIAL_FORMS": "0",
            "bands-0-label": "Xuất sắc",
            "bands-0-min_total": "27",
            "bands-0-floor_percent": "85",
            "bands-1-label": "Không hoàn thành",
            "bands-1-min_total": "0",
            "bands-1-floor_percent": "0",
        },
        expect=BOARD_POST,
    ),
    Row(
        "results_share",
        method="post",
        args=_term,
        data=lambda w: {"objection_days": "5"},
        expect=MANAGER_POST,
    ),
    # Officers of member units object for their own unit; board, council, admin have none.
    Row(
        "results_objection_add",
        method="post",
        args=_term,
        data=_shared,
        expect={
            "anonymous": 404,
            "outsider": 404,
            "member": 302,
            "deputy": 302,
            "leader": 302,
            "board": 403,
            "council": 403,
            "superuser": 403,
        },
    ),
    Row(
        "results_objection_answer",
        method="post",
        args=_objection,
        data=lambda w: {"answer": "Đã xem xét lại, giữ nguyên điểm."},
        expect=MANAGER_POST,
    ),
    Row("results_publish", method="post", args=_term, data=_publish_data, expect=BOARD_POST),
    Row(
        "results_correct",
        method="post",
        args=_published,
        data=_correction_data,
        expect=BOARD_POST,
    ),
]
