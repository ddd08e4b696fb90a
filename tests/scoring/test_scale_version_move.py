"""A new scale version approved while scoring is open moves every sheet onto it (issue #14).

Scores are carried by criterion code and checked against the new maxima; a figure now out of
range is cleared and its sheet goes back to draft with a note; a verified sheet goes back under
review; evidence on a removed line is kept and listed; every move is audited and the units are
e-mailed; a locked sheet refuses the whole approval. The ranking and the review grid read one
version: the test shows the totals before and after. Runs on both databases.
"""

from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from audit.models import AuditEntry
from campaigns import services as campaigns_services
from campaigns.models import Scale
from results import ranking
from scoring.models import Evidence, Score, ScoreSheet
from scoring.selectors import review_grid, sheet_page
from tests.factories import make_scored_term

pytestmark = pytest.mark.django_db(transaction=False)
S = ScoreSheet.Status


@pytest.fixture
def year(settings, tmp_path):
    """Three units on v1 (criteria 1, 2, 3 of 10 points, bonus B, deduction D): the first
    scored 10 on each line, the second 9,75, the third 9,5. A draft v2 lowers line 1 to 9,5
    points, removes line 3 and adds line 4; the board has it submitted."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    term = make_scored_term(units=3, criteria=3)
    v1 = term.scales.get()
    leader = User.objects.create(username="leader-move", unit=term.leader)
    board = User.objects.create(username="board-move", board_province=term.block.province)
    User.objects.create(username="officer-move", unit=term.leader, email="unit@example.vn")
    sheets = list(term.sheets.select_related("unit").order_by("unit__name"))
    first = next(s for s in sheets if s.unit_id == term.leader_id)
    Evidence.objects.create(
        score=first.scores.get(criterion__code="3"),
        file=SimpleUploadedFile("bao-cao.pdf", b"%PDF-1.4\n%%EOF\n"),
        original_name="bao-cao.pdf",
        mime="application/pdf",
        size=15,
        uploaded_by=leader,
    )
    v2 = campaigns_services.scale_new_version(scale=v1, actor=leader, reason="Điều chỉnh")
    campaigns_services.criterion_update(
        criterion=v2.criteria.get(code="1"), actor=leader, max_points=Decimal("9.5")
    )
    campaigns_services.criterion_delete(criterion=v2.criteria.get(code="3"), actor=leader)
    campaigns_services.criterion_create(
        scale=v2, actor=leader, code="4", title="Mới", kind="scored", max_points=Decimal("10")
    )
    campaigns_services.scale_update_settings(scale=v2, actor=leader, nominal_total=Decimal("29.5"))
    campaigns_services.scale_submit(scale=v2, actor=leader)
    return term, v1, v2, board


def _totals(term) -> dict[str, Decimal]:
    return {row.sheet.unit.name: row.self_totals.total for row in review_grid(term).rows}


def _sheet(term, unit_id) -> ScoreSheet:
    return ScoreSheet.objects.get(term=term, unit_id=unit_id)


def test_every_sheet_moves_to_the_approved_version(year):
    term, v1, v2, board = year
    before = _totals(term)
    assert sorted(before.values()) == [Decimal("28.50"), Decimal("29.25"), Decimal("30.00")]

    campaigns_services.scale_approve(scale=v2, actor=board)

    assert set(term.sheets.values_list("scale_id", flat=True)) == {v2.pk}
    # Line 1 now allows 9,5: 10 and 9,75 are cleared, 9,5 carried; line 3 is gone; 4 is empty.
    after = _totals(term)
    assert sorted(after.values()) == [Decimal("9.75"), Decimal("10.00"), Decimal("19.00")]
    grid = review_grid(term)
    assert {c.scale_id for c in grid.criteria} == {v2.pk}


def test_a_cleared_figure_sends_the_sheet_back_to_draft_with_a_note(year):
    term, _v1, v2, board = year
    campaigns_services.scale_approve(scale=v2, actor=board)

    first = _sheet(term, term.leader_id)
    assert first.status == S.DRAFT
    assert first.submitted_at is None and first.verified_at is None
    assert "1" in first.version_note
    cleared = first.scores.get(criterion__code="1")
    assert cleared.criterion.scale_id == v2.pk
    assert (cleared.self_points, cleared.reviewed_points) == (None, None)
    assert first.scores.get(criterion__code="2").self_points == Decimal("10")


def test_a_verified_sheet_with_nothing_cleared_goes_back_to_review(year):
    term, _v1, v2, board = year
    campaigns_services.scale_approve(scale=v2, actor=board)

    third = term.sheets.get(scores__criterion__code="1", scores__self_points=Decimal("9.5"))
    assert third.status == S.UNDER_REVIEW
    assert third.verified_at is None
    assert third.scale_id == v2.pk
    reasons = AuditEntry.objects.filter(
        action="scoring.sheet.status_changed", after__sheet_id=third.pk
    ).values_list("reason", flat=True)
    assert any("2" in r for r in reasons)


def test_evidence_on_a_removed_line_is_kept_and_listed(year):
    term, v1, v2, board = year
    campaigns_services.scale_approve(scale=v2, actor=board)

    first = _sheet(term, term.leader_id)
    kept = Score.objects.get(sheet=first, criterion__code="3")
    assert kept.criterion.scale_id == v1.pk
    assert kept.evidence.count() == 1
    with CaptureQueriesContext(connection) as read:
        page = sheet_page(first)
        assert [
            (r.criterion.code, [e.original_name for e in r.evidence]) for r in page.removed_lines
        ] == [("3", ["bao-cao.pdf"])]
        # The current scale's criteria are the rows' scores' own (no query each).
        assert all(r.score.criterion is r.criterion for r in page.leaf_rows if r.score)
    # Criteria, scores, evidence, queries, and the removed line's criterion (only when listed).
    assert len(read) == 5
    assert "3" in first.version_note
    # Not counted: the removed line is on no version the year reads.
    assert page.self_totals.total == Decimal("10.00")


def test_every_move_is_audited_and_the_units_are_told(year, django_capture_on_commit_callbacks):
    term, _v1, v2, board = year
    with django_capture_on_commit_callbacks(execute=True):
        campaigns_services.scale_approve(scale=v2, actor=board)

    moves = AuditEntry.objects.filter(action="scoring.sheet.scale_moved", term_id=term.pk)
    assert moves.count() == 3
    first = _sheet(term, term.leader_id)
    entry = moves.get(after__sheet_id=first.pk)
    assert entry.before["scale_version"] == 1 and entry.after["scale_version"] == 2
    assert entry.after["cleared"] == ["1"]
    assert entry.after["removed_with_evidence"] == ["3"]
    assert [m.to for m in mail.outbox] == [["unit@example.vn"]]
    assert first.version_note in mail.outbox[0].body


def test_a_locked_sheet_refuses_the_approval_and_nothing_moves(year):
    term, v1, v2, board = year
    locked = term.sheets.order_by("pk").first()
    ScoreSheet.objects.filter(pk=locked.pk).update(status=S.LOCKED)
    before = _totals(term)

    with pytest.raises(ValidationError) as exc:
        campaigns_services.scale_approve(scale=v2, actor=board)

    assert {e.code for e in exc.value.error_list} == {"sheets_locked"}
    assert locked.unit.name in exc.value.messages[0]
    v2.refresh_from_db()
    assert v2.status == Scale.Status.SUBMITTED
    assert set(term.sheets.values_list("scale_id", flat=True)) == {v1.pk}
    assert not AuditEntry.objects.filter(action="scoring.sheet.scale_moved").exists()
    assert _totals(term) == before


def test_the_ranking_reads_one_version_before_and_after(year):
    term, _v1, v2, board = year
    before = ranking.term_results(term)
    assert [r.total for r in before.rows] == [Decimal("30.00"), Decimal("29.25"), Decimal("28.50")]

    campaigns_services.scale_approve(scale=v2, actor=board)
    # Sheets back in draft or review are not counted until verified again.
    assert ranking.term_results(term).rows == []
    third = term.sheets.get(status=S.UNDER_REVIEW)
    ScoreSheet.objects.filter(pk=third.pk).update(status=S.VERIFIED)

    after = ranking.term_results(term)
    assert {c["code"] for c in after.criteria} == {"1", "2", "B", "D", "4"}
    assert [r.total for r in after.rows] == [Decimal("19.00")]
    assert set(after.rows[0].points) == {"1", "2", "B", "D"}


def test_the_approval_page_says_which_locked_sheets_block_it(year, client):
    term, v1, v2, board = year
    locked = term.sheets.select_related("unit").order_by("pk").first()
    ScoreSheet.objects.filter(pk=locked.pk).update(status=S.LOCKED)
    client.force_login(board)

    response = client.post(
        reverse("campaigns:scale_approve", args=[term.block_id, term.year]), follow=True
    )

    assert response.status_code == 200
    shown = [str(m) for m in response.context["messages"]]
    assert any(locked.unit.name in m for m in shown)
    v2.refresh_from_db()
    assert v2.status == Scale.Status.SUBMITTED
    assert set(term.sheets.values_list("scale_id", flat=True)) == {v1.pk}
