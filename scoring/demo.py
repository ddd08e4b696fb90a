"""Demo data for scoring, on the synthetic block's 2019 year (invented, marked as such).

Called by demo.loader.load_demo() after the synthetic block exists. Idempotent: each step
checks whether it already happened. Everything goes through the services, so the audit trail
of the demo is a real year's: the window opened (which gives every member its sheet), sheets
self-scored with evidence, submitted and verified (with their times), a draft with evidence, a
query raised and answered.
"""

import datetime
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from blocks.models import Term, Unit
from campaigns.models import Criterion
from scoring import services
from scoring.models import Evidence, Query, ScoreSheet

DEMO_PASSWORD = "ThiDua@2018"
SYNTHETIC_BLOCK = "Khối thi đua Văn hóa - Xã hội (dữ liệu minh họa)"
# username, full name, unit name: officers of two synthetic units, to try self-scoring and review.
OFFICERS = [
    ("vanhoa", "Đỗ Thị Lan", "Sở Văn hóa, Thể thao và Du lịch"),
    ("yte", "Võ Minh Tâm", "Sở Y tế"),
]
# A real one-page PDF: uploads must parse (emulation/uploads.py).
DEMO_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 3 3]>>endobj\n"
    b"xref\n0 4\n0000000000 65535 f \n0000000009 00000 n \n0000000052 00000 n \n"
    b"0000000101 00000 n \ntrailer<</Size 4/Root 1 0 R>>\nstartxref\n160\n%%EOF\n"
)


def _officer(username: str, full_name: str, unit: Unit) -> User:
    user, created = User.objects.get_or_create(
        username=username,
        defaults={
            "full_name": full_name,
            "email": f"{username}@thidua.example",
            "unit": unit,
            "job_title": "Chuyên viên thi đua",
        },
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    return user


def _open_window(term: Term, board: User) -> None:
    """An open window: a week ago to three weeks ahead of the day the demo is loaded."""
    if term.scoring_closes_at is not None:
        return
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    services.open_scoring(
        term=term,
        opens_at=now - datetime.timedelta(days=7),
        closes_at=now + datetime.timedelta(days=21),
        actor=board,
    )
    term.refresh_from_db()


# The stage each invented unit's sheet reaches, through the services of a real year (self
# scores with the required evidence, submission, the leader unit's verification): the progress
# board and the sheets' history then show submitted and verified times like a real year. The
# draft (vanhoa) and the answered query (yte) are added below; the fourth unit has not started.
PROGRESS = {
    "Sở Giáo dục và Đào tạo": ScoreSheet.Status.VERIFIED,
    "Sở Y tế": ScoreSheet.Status.SUBMITTED,
    "Đài Phát thanh và Truyền hình tỉnh": ScoreSheet.Status.VERIFIED,
}


def _unit_officer(unit: Unit) -> User:
    """An officer who scores for `unit` (no password: not a demo login)."""
    user = User.objects.filter(unit=unit, is_active=True).order_by("pk").first()
    if user is None:
        user = User(
            username=f"demo-{unit.pk}",
            full_name=f"Cán bộ thi đua {unit.short_name or unit.name}",
            unit=unit,
            job_title="Chuyên viên thi đua",
        )
        user.set_unusable_password()
        user.full_clean()
        user.save()
    return user


def _self_scored(sheet: ScoreSheet, officer: User) -> ScoreSheet:
    """Every scored line filled (invented figures) and the required evidence attached."""
    scored = list(sheet.scale.criteria.filter(kind=Criterion.Kind.SCORED).order_by("order", "code"))
    entries = {
        c.pk: services.SelfEntry(
            points=c.max_points - Decimal("0.5") * ((index + sheet.unit_id) % 3), note=""
        )
        for index, c in enumerate(scored)
    }
    uploads = {
        c.pk: [SimpleUploadedFile(f"minh-chung-{c.code}.pdf", DEMO_PDF)]
        for c in scored
        if c.evidence_required
    }
    return services.save_self_scores(
        sheet=sheet, entries=entries, uploads=uploads, version=sheet.version, actor=officer
    )


def _progress(term: Term, reviewer: User) -> None:
    """Take each invented sheet to its stage in `PROGRESS`; a sheet already past it is left."""
    sheets = ScoreSheet.objects.filter(term=term, unit__name__in=PROGRESS).select_related(
        "unit", "scale"
    )
    for sheet in sheets:
        target = PROGRESS[sheet.unit.name]
        if sheet.status not in services.SELF_EDITABLE or not services.window_is_open(term):
            continue
        officer = _unit_officer(sheet.unit)
        sheet = _self_scored(sheet, officer)
        sheet = services.submit_sheet(sheet=sheet, version=sheet.version, actor=officer)
        if target == ScoreSheet.Status.VERIFIED:
            services.verify_sheet(sheet=sheet, actor=reviewer)


def _draft_with_evidence(term: Term, officer: User) -> None:
    """A draft with points and a file of evidence (Sở Văn hóa, Thể thao và Du lịch)."""
    draft = ScoreSheet.objects.get(term=term, unit=officer.unit)
    if (
        Evidence.objects.filter(score__sheet=draft).exists()
        or draft.status not in services.SELF_EDITABLE
        or not services.window_is_open(term)
    ):
        return
    scored = list(draft.scale.criteria.filter(kind=Criterion.Kind.SCORED).order_by("order", "code"))
    entries = {
        c.pk: services.SelfEntry(points=c.max_points - Decimal("0.5"), note="") for c in scored[:4]
    }
    services.save_self_scores(
        sheet=draft,
        entries=entries,
        uploads={scored[2].pk: [SimpleUploadedFile("bien-ban-so-ket.pdf", DEMO_PDF)]},
        version=draft.version,
        actor=officer,
    )


def _answered_query(term: Term, board: User, officer: User) -> None:
    """A submitted sheet with a query that its unit answered (Sở Y tế, the leader unit)."""
    submitted = ScoreSheet.objects.get(term=term, unit=officer.unit)
    if Query.objects.filter(score__sheet=submitted).exists():
        return
    if submitted.status not in services.REVIEWABLE:
        return
    services.ensure_scores(submitted)
    score = submitted.scores.select_related("criterion").get(criterion__code="5")
    query = services.raise_query(
        score=score,
        question="Đề nghị bổ sung báo cáo quý IV và giải trình việc nộp chậm.",
        actor=board,
    )
    services.answer_query(
        query=query,
        answer="Báo cáo quý IV đã gửi ngày 05/01; chậm do chờ số liệu của Cục Thống kê.",
        actor=officer,
    )


@transaction.atomic
def load_demo() -> list[tuple[str, str, str]]:
    """Add the scoring demo to the synthetic block's 2019 year. Returns the extra logins."""
    term = (
        Term.objects.select_related("block").filter(block__name=SYNTHETIC_BLOCK, year=2019).first()
    )
    if term is None or term.is_published:
        return []
    board = User.objects.filter(board_province=term.block.province_id).order_by("pk").first()
    officers = {}
    for username, full_name, unit_name in OFFICERS:
        unit = Unit.objects.get(province=term.block.province_id, name=unit_name)
        officers[username] = _officer(username, full_name, unit)
    _open_window(term, board)
    _progress(term, officers["yte"])  # Sở Y tế is the leader unit: it verifies
    _draft_with_evidence(term, officers["vanhoa"])
    _answered_query(term, board, officers["yte"])
    roles = {term.leader.name: "leader-unit officer", getattr(term.deputy, "name", ""): "deputy"}
    return [
        (
            username,
            DEMO_PASSWORD,
            f"{roles.get(unit_name, 'member-unit officer')} ({unit_name}, demo block 2019)",
        )
        for username, _name, unit_name in OFFICERS
    ]
