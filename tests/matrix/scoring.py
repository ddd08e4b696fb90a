"""Rows for the scoring pages: sheets, review, evidence, queries, window, progress.

The world's 2025 year is being scored with every sheet verified and no window set, so writes
that reach a service are refused there and the view answers with its form (200) or a redirect
with a message (302, to the sheet or the review page). What the matrix checks is who gets that
far. Signed-out people get the login page everywhere.
"""

from pathlib import Path

from tests.matrix import LOGIN, Redirect, Row, to

ANON, OUT = "anonymous", "outsider"
PDF = (  # a real, minimal PDF: uploads must parse
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 3 3]>>endobj\n"
    b"xref\n0 4\n0000000000 65535 f \n0000000009 00000 n \n0000000052 00000 n \n"
    b"0000000101 00000 n \ntrailer<</Size 4/Root 1 0 R>>\nstartxref\n160\n%%EOF\n"
)


def status(default: int | Redirect, **personas: int | Redirect) -> dict[str, int | Redirect]:
    from tests.conftest import PERSONAS

    result = dict.fromkeys(PERSONAS, default)
    result.update({ANON: LOGIN, OUT: 404})
    result.update(personas)
    return result


def _year(w) -> list:
    return [w.block.pk, w.term.year]


def _sheet(w) -> list:
    return [w.block.pk, w.term.year, w.member_unit.pk]


def _score(w):
    from scoring.models import Score

    return Score.objects.filter(sheet__term=w.term, sheet__unit=w.member_unit).order_by("pk")[0]


def _query(w) -> int:
    from scoring.models import Query

    query, _ = Query.objects.get_or_create(
        score=_score(w), defaults={"question": "Vì sao?", "raised_by": w.users["leader"]}
    )
    return query.pk


def _evidence(w) -> int:
    """A stored file on the member's sheet (a fixed name under MEDIA_ROOT, overwritten)."""
    from django.conf import settings

    from scoring.models import Evidence

    name = "evidence/matrix/minh-chung.pdf"
    path = Path(settings.MEDIA_ROOT) / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(PDF)
    evidence, _ = Evidence.objects.get_or_create(
        score=_score(w),
        original_name="minh-chung.pdf",
        defaults={
            "file": name,
            "mime": "application/pdf",
            "size": len(PDF),
            "uploaded_by": w.users["member"],
        },
    )
    return evidence.pk


# Where the actions return to.
PROGRESS = to("scoring:progress", _year)
SHEET = to("scoring:sheet", _sheet)
SHEET_REVIEW = to("scoring:sheet_review", _sheet)

# Who may do what on the member unit's sheet.
READERS = status(200, deputy=403)  # own unit, leader, board, council, superuser
OWN_ONLY = status(403, member=200)
OVERSEERS = status(200, member=403, deputy=403)  # leader, board, council, superuser
MANAGERS = status(200, member=403, deputy=403, council=403)
BOARD = status(403, board=200, superuser=200)


def manager_post(target: Redirect) -> dict[str, int | Redirect]:
    return status(target, member=403, deputy=403, council=403)


ROWS = [
    # The tab: units go to their sheet, overseers to the progress board.
    Row(
        "scoring:home",
        args=_year,
        expect=status(
            PROGRESS,
            member=SHEET,
            deputy=to("scoring:sheet", lambda w: [*_year(w), w.deputy_unit.pk]),
        ),
    ),
    Row("scoring:progress", args=_year, expect=OVERSEERS),
    Row("scoring:review", args=_year, expect=OVERSEERS),
    Row("scoring:open", args=_year, expect=MANAGERS),
    Row("scoring:open", args=_year, method="post", data=lambda w: {}, expect=MANAGERS),
    Row("scoring:extend", args=_year, expect=BOARD),
    Row("scoring:extend", args=_year, method="post", data=lambda w: {}, expect=BOARD),
    Row("scoring:end_review", args=_year, method="post", expect=manager_post(PROGRESS)),
    Row("scoring:sheet", args=_sheet, expect=READERS),
    Row(
        "scoring:sheet",
        args=_sheet,
        method="post",
        data=lambda w: {"version": 1},
        expect=OWN_ONLY,
    ),
    Row(
        "scoring:sheet",
        args=lambda w: [w.block.pk, w.term.year, 999999],
        expect=status(404),
        label="missing",
    ),
    Row("scoring:sheet_submit", args=_sheet, expect=OWN_ONLY),
    Row(
        "scoring:sheet_submit",
        args=_sheet,
        method="post",
        data=lambda w: {"version": 1},
        expect=OWN_ONLY,
    ),
    Row("scoring:sheet_review", args=_sheet, expect=MANAGERS),
    Row(
        "scoring:sheet_review",
        args=_sheet,
        method="post",
        data=lambda w: {"version": 1},
        expect=MANAGERS,
    ),
    Row(
        "scoring:sheet_return",
        args=_sheet,
        method="post",
        data=lambda w: {"reason": "Thiếu minh chứng", "confirmed": "1"},
        expect=manager_post(SHEET_REVIEW),
    ),
    Row(
        "scoring:sheet_return",
        args=_sheet,
        method="post",
        data=lambda w: {"reason": "Thiếu minh chứng"},
        expect=manager_post(200),
        label="confirmation page",
    ),
    Row("scoring:sheet_verify", args=_sheet, method="post", expect=manager_post(SHEET_REVIEW)),
    Row(
        "scoring:sheet_reopen",
        args=_sheet,
        method="post",
        data=lambda w: {"reason": "Kiến nghị của đơn vị được chấp nhận", "confirmed": "1"},
        expect=manager_post(SHEET_REVIEW),
    ),
    Row(
        "scoring:sheet_reopen",
        args=_sheet,
        method="post",
        data=lambda w: {"reason": "Kiến nghị của đơn vị được chấp nhận"},
        expect=manager_post(200),
        label="confirmation page",
    ),
    Row(
        "scoring:score_history",
        args=lambda w: [*_sheet(w), _score(w).criterion_id],
        expect=READERS,
    ),
    Row(
        "scoring:query_raise",
        args=lambda w: [*_sheet(w), _score(w).criterion_id],
        method="post",
        data=lambda w: {"question": "Đề nghị giải trình"},
        expect=manager_post(SHEET_REVIEW),
    ),
    Row(
        "scoring:query_answer",
        args=lambda w: [*_sheet(w), _query(w)],
        method="post",
        data=lambda w: {"answer": "Đã bổ sung"},
        expect=status(403, member=SHEET),
    ),
    Row(
        "scoring:query_resolve",
        args=lambda w: [*_sheet(w), _query(w)],
        method="post",
        data=lambda w: {"resolution": "Chấp nhận"},
        expect=manager_post(SHEET_REVIEW),
    ),
    Row("scoring:evidence", args=lambda w: [*_sheet(w), _evidence(w)], expect=READERS),
    Row(
        "scoring:evidence_remove",
        args=lambda w: [*_sheet(w), _evidence(w)],
        method="post",
        expect=status(403, member=SHEET),
    ),
]
