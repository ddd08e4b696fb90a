"""Rows for the results app: portal pages, exports, the publication workspace and its actions."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

from tests.matrix import LOGIN, Redirect, Row, everyone, to

INSIDERS = {**everyone(200), "anonymous": LOGIN, "outsider": 404}
# The ranking before it is shared as provisional results: members wait (403).
PREPARERS = {**INSIDERS, "member": 403}


def manager_post(target: Redirect) -> dict:
    """Leader-unit actions: the login page for signed-out people, 404 outsiders, 403 members
    without the right, a redirect to `target` on success."""
    return {
        "anonymous": LOGIN,
        "outsider": 404,
        "member": 403,
        "deputy": 403,
        "council": 403,
        "leader": target,
        "board": target,
        "superuser": target,
    }


def board_post(target: Redirect) -> dict:
    return {**manager_post(target), "leader": 403}


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


# Where the actions return to.
WORKSPACE = to("results:workspace", _term)


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
        "confirmed": "1",
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
    Row("portal:province_detail", args=lambda w: [w.province.pk], expect=everyone(200)),
    Row("portal:province_detail", args=lambda w: [999999], expect=everyone(404), label="missing"),
    # Exports: public once published, insiders only before.
    *[
        Row(name, args=_published, expect=everyone(200), label="published")
        for name in (
            "documents:ranking_xlsx",
            "documents:matrix_xlsx",
            "documents:ranking_pdf",
            "documents:ranking_docx",
        )
    ],
    *[
        Row(name, args=_term, expect=PREPARERS, label="unpublished")
        for name in ("documents:ranking_xlsx", "documents:matrix_xlsx", "documents:ranking_docx")
    ],
    Row("portal:term_ranking", args=_shared_term, expect=INSIDERS, label="provisional"),
    Row("documents:ranking_xlsx", args=_shared_term, expect=INSIDERS, label="provisional"),
    Row(
        "documents:unit_pdf",
        args=lambda w: [*_published(w), w.member_unit.pk],
        expect=everyone(200),
        label="published",
    ),
    Row(
        "documents:unit_docx",
        args=lambda w: [*_term(w), w.member_unit.pk],
        expect=PREPARERS,
        label="unpublished",
    ),
    Row(
        "documents:unit_docx",
        args=lambda w: [*_published(w), w.outsider_unit.pk],
        expect=everyone(404),
        label="unit not ranked",
    ),
    # The 2024 publication carries no signed file: 404 for all; downloads are tested apart.
    Row("documents:decision_file", args=lambda w: [*_published(w), 1], expect=everyone(404)),
    Row("results:workspace", args=_term, expect=INSIDERS),
    Row("results:workspace", args=_published, expect=INSIDERS, label="published"),
    Row(
        "results:tie_policy",
        method="post",
        args=_term,
        data=lambda w: {"rule_1": "full_marks", "rule_2": "criterion:2", "reason": "Lý do"},
        # Scoring is open in the world's year: the rules are locked for the leader unit (the
        # page says why, 200); the board may change them with a reason.
        expect={**manager_post(WORKSPACE), "leader": 200},
    ),
    Row(
        "results:incident_add",
        method="post",
        args=_term,
        data=lambda w: {
            "unit": w.member_unit.pk,
            "kind": "discipline",
            "makes_ineligible": "on",
            "note": "Kỷ luật",
        },
        expect=board_post(WORKSPACE),
    ),
    Row(
        "results:bands",
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
            "reason": "Lý do",
        },
        expect=board_post(WORKSPACE),
    ),
    # The province's default bands: its board only; anyone else signed in gets 404, as for a
    # missing province (the rule of every province board page).
    Row(
        "results:province_bands",
        args=lambda w: [w.province.pk],
        expect={**everyone(404), "anonymous": LOGIN, "board": 200, "superuser": 200},
    ),
    Row(
        "results:province_bands",
        args=lambda w: [999999],
        expect={**everyone(404), "anonymous": LOGIN},
        label="missing",
    ),
    Row(
        "results:province_bands",
        method="post",
        args=lambda w: [w.province.pk],
        data=lambda w: {
            "bands-TOTAL_FORMS": "1",
            "bands-INITIAL_FORMS": "0",
            "bands-0-label": "Xuất sắc",
            "bands-0-min_total": "90",
            "bands-0-min_basis": "share",
            "bands-0-floor_percent": "85",
        },
        expect={
            **everyone(404),
            "anonymous": LOGIN,
            "board": to("results:province_bands", lambda w: [w.province.pk]),
            "superuser": to("results:province_bands", lambda w: [w.province.pk]),
        },
    ),
    Row(
        "results:share",
        method="post",
        args=_term,
        data=lambda w: {"objection_days": "5", "confirmed": "1"},
        expect=manager_post(WORKSPACE),
    ),
    Row(
        "results:share",
        method="post",
        args=_term,
        data=lambda w: {"objection_days": "5"},
        expect=manager_post(200),
        label="confirmation page",
    ),
    # Officers of member units object for their own unit; board, council, admin have none.
    Row(
        "results:objection_add",
        method="post",
        args=_term,
        data=_shared,
        expect={
            "anonymous": LOGIN,
            "outsider": 404,
            "member": WORKSPACE,
            "deputy": WORKSPACE,
            "leader": WORKSPACE,
            "board": 403,
            "council": 403,
            "superuser": 403,
        },
    ),
    Row(
        "results:objection_answer",
        method="post",
        args=_objection,
        data=lambda w: {"answer": "Đã xem xét lại, giữ nguyên điểm."},
        expect=manager_post(WORKSPACE),
    ),
    Row("results:publish", args=_term, expect=board_post(200)),
    Row(
        "results:publish",
        method="post",
        args=_term,
        data=_publish_data,
        expect=board_post(to("portal:term_ranking", _term)),
    ),
    Row(
        "results:publish",
        method="post",
        args=_term,
        data=lambda w: {**_publish_data(w), "confirmed": ""},
        expect=board_post(200),
        label="not confirmed",
    ),
    Row(
        "results:correct",
        method="post",
        args=_published,
        data=_correction_data,
        expect=board_post(to("portal:term_ranking", _published)),
    ),
]
