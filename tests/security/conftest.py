"""A second block-year beside the world's, full of objects whose ids an attacker can try from
the world's own URLs: a sheet, evidence, a query, a movement with a document, a registration,
an objection, scale lines. Plus evidence and a query on the member's own sheet of 2024."""

from dataclasses import dataclass

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from blocks import freeze
from blocks.models import Block, Term, Unit
from campaigns.models import Campaign, CampaignDocument, Criterion, Registration
from results.models import Objection
from scoring.models import Evidence, Query, Score
from tests.factories import BlockFactory, ProvinceFactory, UserFactory, make_scored_term

PDF = (  # a real, minimal PDF: uploads must parse
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 3 3]>>endobj\n"
    b"xref\n0 4\n0000000000 65535 f \n0000000009 00000 n \n0000000052 00000 n \n"
    b"0000000101 00000 n \ntrailer<</Size 4/Root 1 0 R>>\nstartxref\n160\n%%EOF\n"
)


@dataclass
class Foreign:
    block: Block
    term: Term
    unit: Unit
    criterion: Criterion
    old_criterion: Criterion  # the world's own block, 2024 scale
    evidence: Evidence
    old_evidence: Evidence  # the world's member, its 2024 sheet
    query: Query
    old_query: Query
    campaign: Campaign
    document: CampaignDocument
    registration: Registration
    objection: Objection


def _evidence(score: Score, user) -> Evidence:
    evidence = Evidence(
        score=score,
        original_name="minh-chung.pdf",
        mime="application/pdf",
        size=len(PDF),
        uploaded_by=user,
    )
    evidence.file.save("minh-chung.pdf", ContentFile(PDF), save=True)
    return evidence


@pytest.fixture
def foreign(world) -> Foreign:
    block = BlockFactory(province=world.province, name="Khối C")
    term = make_scored_term(units=3, block=block, year=2025)
    unit = term.leader
    officer = UserFactory(username="c-officer", unit=unit)
    score = Score.objects.filter(sheet__term=term, sheet__unit=unit).order_by("pk")[0]
    old_score = Score.objects.filter(
        sheet__term=world.published_term, sheet__unit=world.member_unit
    ).order_by("pk")[0]
    campaign = Campaign.objects.create(
        level=Campaign.Level.BLOCK,
        name="Phong trào khối C",
        term=term,
        block=block,
        province=world.province,
    )
    document = CampaignDocument(
        campaign=campaign,
        title="Kế hoạch",
        original_name="ke-hoach.pdf",
        content_type="application/pdf",
        size=len(PDF),
        uploaded_by=officer,
    )
    document.file.save("ke-hoach.pdf", ContentFile(PDF), save=True)
    with freeze.publishing(world.published_term):  # rows the year had before publication
        old_evidence = _evidence(old_score, world.users["member"])
        old_query = Query.objects.create(
            score=old_score, question="Vì sao?", raised_by=world.users["leader"]
        )
    return Foreign(
        block=block,
        term=term,
        unit=unit,
        criterion=Criterion.objects.get(scale__term=term, code="1"),
        old_criterion=Criterion.objects.get(scale__term=world.published_term, code="1"),
        evidence=_evidence(score, officer),
        old_evidence=old_evidence,
        query=Query.objects.create(score=score, question="Vì sao?", raised_by=officer),
        old_query=old_query,
        campaign=campaign,
        document=document,
        registration=Registration.objects.create(
            term=term,
            unit=unit,
            targets="Hoàn thành",
            submitted_by=officer,
            submitted_at=timezone.now(),
        ),
        objection=Objection.objects.create(
            term=term, unit=unit, criterion_code="1", text="Sai", filed_by=officer
        ),
    )


@pytest.fixture
def far_board(world):
    """Board staff of another province."""
    return UserFactory(username="far-board", board_province=ProvinceFactory(code="LA"))


@pytest.fixture
def far_council(world):
    """A council member for another block of the same province."""
    user = UserFactory(username="far-council")
    user.council_blocks.add(world.other_block)
    return user
