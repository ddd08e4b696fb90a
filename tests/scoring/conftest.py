"""Scoring fixtures: an open block-year (window open, fresh sheets), files, frozen time."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from blocks.models import Term
from campaigns.models import Criterion, Scale
from scoring import services
from scoring.models import ScoreSheet
from tests.factories import CriterionFactory, ScaleFactory, TermFactory

TZ = datetime.timezone(datetime.timedelta(hours=7))  # Asia/Ho_Chi_Minh
OPENS = datetime.datetime(2026, 12, 1, 8, 0, tzinfo=TZ)
CLOSES = datetime.datetime(2026, 12, 20, 17, 0, tzinfo=TZ)
INSIDE = datetime.datetime(2026, 12, 10, 9, 0, tzinfo=TZ)

PDF = (  # a real, minimal PDF: uploads must parse
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 3 3]>>endobj\n"
    b"xref\n0 4\n0000000000 65535 f \n0000000009 00000 n \n0000000052 00000 n \n"
    b"0000000101 00000 n \ntrailer<</Size 4/Root 1 0 R>>\nstartxref\n160\n%%EOF\n"
)


def pdf(name: str = "minh-chung.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def inside():
    with time_machine.travel(INSIDE, tick=False) as traveller:
        yield traveller


@dataclass
class Open:
    term: Term
    scale: Scale
    scored: list[Criterion]
    bonus: Criterion
    deduction: Criterion
    group: Criterion
    member_sheet: ScoreSheet
    leader_sheet: ScoreSheet


@pytest.fixture
def open_term(world, inside) -> Open:
    """The world's block in 2026: scale approved, scoring opened by the leader, window open.

    Criteria: group "I" holding "1" (max 10, evidence required) and "2" (max 20); "3" (max 10);
    bonus "T" (2 points per occurrence, cap 5); deduction "D" (max 5, points entered directly).
    """
    term = TermFactory(
        block=world.block,
        year=2026,
        leader=world.leader_unit,
        deputy=world.deputy_unit,
        status=Term.Status.SETUP,
    )
    scale = ScaleFactory(term=term, status=Scale.Status.APPROVED)
    group = CriterionFactory(
        scale=scale, code="I", kind=Criterion.Kind.GROUP, order=0, max_points=30
    )
    c1 = CriterionFactory(scale=scale, code="1", parent=group, order=1, evidence_required=True)
    c2 = CriterionFactory(scale=scale, code="2", parent=group, order=2, max_points=20)
    c3 = CriterionFactory(scale=scale, code="3", order=3, guidance="Báo cáo đúng hạn.")
    bonus = CriterionFactory(
        scale=scale,
        code="T",
        order=90,
        kind=Criterion.Kind.BONUS,
        max_points=Decimal("5"),
        points_per_occurrence=Decimal("2"),
    )
    deduction = CriterionFactory(
        scale=scale, code="D", order=91, kind=Criterion.Kind.DEDUCTION, max_points=Decimal("5")
    )
    services.open_scoring(term=term, opens_at=OPENS, closes_at=CLOSES, actor=world.users["leader"])
    term.refresh_from_db()
    sheets = {s.unit_id: s for s in ScoreSheet.objects.filter(term=term)}
    return Open(
        term=term,
        scale=scale,
        scored=[c1, c2, c3],
        bonus=bonus,
        deduction=deduction,
        group=group,
        member_sheet=sheets[world.member_unit.pk],
        leader_sheet=sheets[world.leader_unit.pk],
    )


def full_entries(o: Open, points=("8.5", "18", "9"), bonus=1, deduction="1"):
    entries = {
        c.pk: services.SelfEntry(points=Decimal(p)) for c, p in zip(o.scored, points, strict=True)
    }
    entries[o.bonus.pk] = services.SelfEntry(occurrences=bonus)
    entries[o.deduction.pk] = services.SelfEntry(points=Decimal(deduction))
    return entries
