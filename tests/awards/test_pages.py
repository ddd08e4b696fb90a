"""The pages of award proposals: what each person sees and can do, the refusals shown on the
form, the query counts, the unit's award history, the to-do list and the tờ trình."""

import io

import pypdf
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from docx import Document

from awards.models import AwardProposal
from portal.worklist import worklist
from results.services import publish_term
from tests.awards.helpers import (
    CERTIFICATE,
    PROVINCIAL_FLAG,
    approved,
    award,
    decided,
    proposed,
    submitted,
    voted,
)
from tests.factories import BlockFactory, MembershipFactory, make_scored_term


def _term_url(world, name="awards:term"):
    return reverse(name, args=[world.block.pk, world.published_term.year])


def _extra_members(world, count: int) -> list:
    """More member units of Khối A (in 2024), each proposed for a certificate."""
    units = [
        MembershipFactory(block=world.block, unit__province=world.province).unit
        for _ in range(count)
    ]
    for unit in units:
        proposed(world, unit=unit)
    return units


def test_members_and_council_read_without_the_leader_actions(world, clients):
    proposed(world)
    for persona in ("member", "council", "deputy"):
        html = clients[persona].get(_term_url(world)).content.decode()
        assert world.member_unit.name in html
        assert 'id="propose"' not in html
        assert "awards/" in html and "/vote/" not in html
    html = clients["leader"].get(_term_url(world)).content.decode()
    assert 'id="propose"' in html and "/vote/" in html


def test_a_refused_proposal_shows_the_reason_on_the_form(world, clients):
    response = clients["leader"].post(
        _term_url(world, "awards:propose"),
        {"unit": world.member_unit.pk, "award_type": award(PROVINCIAL_FLAG).pk},
    )
    assert response.status_code == 200
    assert response.context["propose_form"].errors
    assert not AwardProposal.objects.exists()


def test_propose_vote_and_submit_through_the_pages(world, clients):
    client = clients["leader"]
    response = client.post(
        _term_url(world, "awards:propose"),
        {"unit": world.member_unit.pk, "award_type": award(CERTIFICATE).pk},
    )
    proposal = AwardProposal.objects.get()
    assert response["Location"].endswith(f"#proposal-{proposal.pk}")
    vote = reverse("awards:vote", args=[world.block.pk, 2024, proposal.pk])
    assert client.post(vote, {"carried": "yes", "note": ""}).status_code == 200  # note missing
    client.post(vote, {"carried": "yes", "note": "Biểu quyết tại hội nghị ngày 22/01/2025"})
    client.post(_term_url(world, "awards:submit"))
    proposal.refresh_from_db()
    assert proposal.status == AwardProposal.Status.SUBMITTED


def test_submit_with_votes_pending_says_why(world, clients):
    voted(world, unit=world.member_unit)
    proposed(world, unit=world.deputy_unit)
    response = clients["leader"].post(_term_url(world, "awards:submit"))
    assert response.status_code == 200
    assert response.context["bound"]["submit_errors"]


@pytest.mark.parametrize("extra", [0, 6])
def test_term_page_query_count(world, clients, django_assert_num_queries, extra):
    proposed(world, unit=world.leader_unit, code=PROVINCIAL_FLAG)
    _extra_members(world, extra)
    client = clients["leader"]
    # session (1), user with their unit (1), block-year (1) (the leader unit's officer: no
    # council check), proposals (1), published snapshot (1), members for the form (1), award
    # types for the form (1)
    with django_assert_num_queries(7):
        response = client.get(_term_url(world))
    assert response.status_code == 200
    assert len(response.context["page"].rows) == 1 + extra


def _other_block_year(world, year=2024):
    block = BlockFactory(province=world.province)
    term = make_scored_term(units=2, criteria=1, year=year, block=block)
    publish_term(
        term=term,
        actor=world.users["board"],
        decision_number="03/QĐ",
        decision_date=timezone.localdate(),
    )
    term.refresh_from_db()
    return term


@pytest.mark.parametrize("blocks", [0, 3])
def test_queue_page_query_count(world, clients, django_assert_num_queries, blocks):
    submitted(world, unit=world.member_unit)
    approved(world, unit=world.deputy_unit)
    for _ in range(blocks):
        term = _other_block_year(world)
        submitted(world, term=term, unit=term.leader)
    url = reverse("awards:province_queue", args=[world.province.pk])
    # session (1), user (1), province (1), proposals (1), the Government cap: share (1),
    # publications (1), standing flags (1); award types for the review forms (1), the
    # board's province in the layout (1), the proposals a decision can cover (1)
    with django_assert_num_queries(10):
        response = clients["board"].get(url)
    assert response.status_code == 200
    assert response.context["queue"].to_review == 1 + blocks


def test_review_with_a_lower_award_through_the_page(world, clients):
    proposal = submitted(world, unit=world.leader_unit, code=PROVINCIAL_FLAG)
    url = reverse("awards:review", args=[world.province.pk, proposal.pk])
    response = clients["board"].post(url, {"outcome": "downgrade", "reason": ""})
    assert response.status_code == 200 and response.context["bound"]["review"].errors
    clients["board"].post(
        url,
        {"outcome": "downgrade", "granted_type": award(CERTIFICATE).pk, "reason": "Chưa đủ."},
    )
    proposal.refresh_from_db()
    assert proposal.status == AwardProposal.Status.DOWNGRADED


def test_a_decision_without_a_real_pdf_is_refused_on_the_form(world, clients):
    proposal = approved(world)
    response = clients["board"].post(
        reverse("awards:decide", args=[world.province.pk]),
        {
            "proposals": [proposal.pk],
            "decision_number": "15/QĐ-UBND",
            "decision_date": "01/03/2025",
            "signed_file": SimpleUploadedFile("qd.pdf", b"not a pdf at all", "application/pdf"),
        },
    )
    assert response.status_code == 200
    assert "signed_file" in response.context["decide_form"].errors or (
        response.context["decide_form"].non_field_errors()
    )
    proposal.refresh_from_db()
    assert proposal.status == AwardProposal.Status.APPROVED


def test_another_provinces_proposal_is_a_404_for_the_board(world, clients):
    from tests.factories import ProvinceFactory, UserFactory

    proposal = submitted(world)
    other = ProvinceFactory(code="XX", name="Tỉnh khác")
    client = clients["anonymous"]
    client.force_login(UserFactory(username="board-xx", board_province=other))
    url = reverse("awards:review", args=[other.pk, proposal.pk])
    assert client.post(url, {"outcome": "approve"}).status_code == 404


# The unit's award history, on its page in the portal.


def test_the_public_sees_decided_awards_only(world, clients):
    award_decided = decided(world, unit=world.member_unit)
    submitted(world, unit=world.deputy_unit)
    url = reverse("portal:unit_detail", args=[world.member_unit.pk])
    html = clients["anonymous"].get(url).content.decode()
    assert award_decided.decision_number in html
    assert reverse("awards:decision_file", args=[award_decided.pk]) in html
    deputy = reverse("portal:unit_detail", args=[world.deputy_unit.pk])
    assert clients["anonymous"].get(deputy).context["awards"] == []
    assert clients["outsider"].get(deputy).context["awards"] == []
    # Its own officers, the board and the council see it on its way.
    assert len(clients["deputy"].get(deputy).context["awards"]) == 1
    assert len(clients["board"].get(deputy).context["awards"]) == 1
    assert len(clients["council"].get(deputy).context["awards"]) == 1


def test_a_decision_shows_at_once_on_the_cached_unit_page(world, clients):
    """The public unit page is cached (docs/performance.md); its stamp includes the unit's
    latest award decision, so a decision is not hidden until the entry expires."""
    url = reverse("portal:unit_detail", args=[world.member_unit.pk])
    assert clients["anonymous"].get(url).status_code == 200  # now in the cache
    award_decided = decided(world, unit=world.member_unit)
    assert award_decided.decision_number in clients["anonymous"].get(url).content.decode()


def test_the_decided_awards_signed_file_is_public(world, clients):
    proposal = decided(world)
    response = clients["anonymous"].get(reverse("awards:decision_file", args=[proposal.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    pending = approved(world, unit=world.deputy_unit)
    url = reverse("awards:decision_file", args=[pending.pk])
    assert clients["board"].get(url).status_code == 404


# "Việc cần làm".


def test_the_board_is_asked_to_review_then_to_decide(world):
    proposal = submitted(world)
    tasks = worklist(world.users["board"], timezone.now()).tasks
    queue = reverse("awards:province_queue", args=[world.province.pk])
    assert [t.url for t in tasks if t.url.startswith(queue)] == [
        f"{queue}#term-{world.published_term.pk}"
    ]
    from awards import services

    services.review_proposal(proposal=proposal, actor=world.users["board"], outcome="approve")
    titles = [t.title for t in worklist(world.users["board"], timezone.now()).tasks]
    assert any("1" in t and t.startswith(("Record", "Ghi")) for t in titles)


def test_the_leader_is_asked_to_submit_voted_proposals(world):
    voted(world)
    url = _term_url(world)
    assert url in [t.url for t in worklist(world.users["leader"], timezone.now()).tasks]
    assert url not in [t.url for t in worklist(world.users["member"], timezone.now()).tasks]


def test_the_board_reaches_the_queue_from_home_and_the_overview(world, clients):
    queue = reverse("awards:province_queue", args=[world.province.pk])
    assert queue in clients["board"].get(reverse("portal:home")).content.decode()
    overview = reverse("portal:province_overview", args=[world.province.pk])
    assert queue in clients["board"].get(overview).content.decode()


# The tờ trình, read back.


def _letter_proposals(world):
    voted(world, unit=world.leader_unit, code=PROVINCIAL_FLAG)
    voted(world, unit=world.member_unit)
    from awards import services

    services.withdraw_proposal(
        proposal=proposed(world, unit=world.deputy_unit), actor=world.users["leader"], reason="Rút"
    )
    services.submit_proposals(term=world.published_term, actor=world.users["leader"])


def test_the_letter_pdf_lists_units_awards_ranks_and_votes(world, clients):
    _letter_proposals(world)
    response = clients["member"].get(_term_url(world, "documents:award_letter_pdf"))
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"
    reader = pypdf.PdfReader(io.BytesIO(response.content))
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert "TỜ TRÌNH" in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert world.province.name in text
    assert "Cờ thi đua của UBND tỉnh" in text and "Bằng khen của Chủ tịch UBND tỉnh" in text
    assert world.leader_unit.name in text and world.member_unit.name in text
    assert world.deputy_unit.name not in text  # withdrawn: not on the letter
    assert "01/QĐ-TEST" in text  # the published ranking it rests on
    assert "22/01/2025" in text  # the vote behind each proposal
    assert "30" in text  # the leading unit's total


def test_the_letter_docx(world, clients):
    _letter_proposals(world)
    response = clients["leader"].get(_term_url(world, "documents:award_letter_docx"))
    doc = Document(io.BytesIO(response.content))
    cells = [cell.text for table in doc.tables for row in table.rows for cell in row.cells]
    text = "\n".join([p.text for p in doc.paragraphs] + cells)
    assert "TỜ TRÌNH" in text
    assert world.leader_unit.name in text and "Cờ thi đua của UBND tỉnh" in text
    assert "22/01/2025" in text


def test_the_letter_query_count(world, clients, django_assert_num_queries):
    _letter_proposals(world)
    client = clients["leader"]
    # session (1), user (1), block-year (1) (the leader unit's officer: no council check),
    # proposals (1), published versions (1), the documents' header (1)
    with django_assert_num_queries(6):
        assert client.get(_term_url(world, "documents:award_letter_docx")).status_code == 200
