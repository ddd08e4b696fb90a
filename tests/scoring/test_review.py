"""Review by the leader unit: reviewed points with reasons, queries, return, verify, lock."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from audit.models import AuditEntry
from blocks.models import Term
from scoring import services
from scoring.models import Query, Score, ScoreSheet
from tests.scoring.conftest import full_entries, pdf

pytestmark = pytest.mark.django_db
S = ScoreSheet.Status


@pytest.fixture
def submitted(world, open_term):
    o, sheet = open_term, open_term.member_sheet
    services.save_self_scores(
        sheet=sheet,
        entries=full_entries(o),
        uploads={o.scored[0].pk: [pdf()]},
        version=1,
        actor=world.users["member"],
    )
    services.submit_sheet(sheet=sheet, version=2, actor=world.users["member"])
    sheet.refresh_from_db()
    assert sheet.status == S.SUBMITTED
    return sheet


def _status(sheet):
    sheet.refresh_from_db()
    return sheet.status


def test_a_differing_reviewed_value_needs_a_reason(world, open_term, submitted):
    o, leader = open_term, world.users["leader"]
    entries = {o.scored[0].pk: services.ReviewEntry(points=Decimal("7"))}
    with pytest.raises(ValidationError) as exc:
        services.review_scores(
            sheet=submitted, entries=entries, version=submitted.version, actor=leader
        )
    assert exc.value.error_dict[f"reason_{o.scored[0].pk}"][0].code == "reason_required"
    assert Score.objects.get(sheet=submitted, criterion=o.scored[0]).reviewed_points is None
    assert _status(submitted) == S.SUBMITTED
    assert not AuditEntry.objects.filter(action="scoring.score.reviewed").exists()

    # The same value as the unit's needs no reason.
    entries = {
        o.scored[0].pk: services.ReviewEntry(points=Decimal("7"), reason="Thiếu biên bản"),
        o.scored[1].pk: services.ReviewEntry(points=Decimal("18")),
    }
    services.review_scores(sheet=submitted, entries=entries, version=3, actor=leader)
    score = Score.objects.get(sheet=submitted, criterion=o.scored[0])
    assert score.reviewed_points == 7 and score.review_reason == "Thiếu biên bản"
    assert _status(submitted) == S.UNDER_REVIEW
    entry = AuditEntry.objects.get(action="scoring.score.reviewed", object_id=str(score.pk))
    assert entry.reason == "Thiếu biên bản"
    assert entry.before["reviewed_points"] is None and entry.after["reviewed_points"] == "7.00"


def test_review_above_the_maximum_is_refused(world, open_term, submitted):
    o = open_term
    with pytest.raises(ValidationError) as exc:
        services.review_scores(
            sheet=submitted,
            entries={o.scored[0].pk: services.ReviewEntry(points=Decimal("12"), reason="x")},
            version=submitted.version,
            actor=world.users["leader"],
        )
    assert exc.value.error_dict[f"rpoints_{o.scored[0].pk}"][0].code == "above_max"


def test_query_cycle_moves_the_sheet_between_review_and_explanation(world, open_term, submitted):
    o = open_term
    score = Score.objects.get(sheet=submitted, criterion=o.scored[2])
    query = services.raise_query(
        score=score, question="Đề nghị bổ sung báo cáo.", actor=world.users["leader"]
    )
    assert _status(submitted) == S.NEEDS_EXPLANATION
    with pytest.raises(ValidationError) as exc:
        services.verify_sheet(sheet=submitted, actor=world.users["leader"])
    assert exc.value.error_list[0].code == "bad_transition"
    with pytest.raises(ValidationError) as exc:
        services.resolve_query(query=query, resolution="OK", actor=world.users["leader"])
    assert exc.value.error_list[0].code == "query_not_answered"

    services.answer_query(query=query, answer="Đã nộp ngày 05/01.", actor=world.users["member"])
    assert _status(submitted) == S.UNDER_REVIEW
    with pytest.raises(ValidationError) as exc:
        services.answer_query(query=query, answer="lần hai", actor=world.users["member"])
    assert exc.value.error_list[0].code in ("bad_transition", "already_answered")
    with pytest.raises(ValidationError) as exc:
        services.verify_sheet(sheet=submitted, actor=world.users["leader"])
    assert exc.value.error_list[0].code == "queries_open"

    services.resolve_query(query=query, resolution="Chấp nhận.", actor=world.users["leader"])
    services.verify_sheet(sheet=submitted, actor=world.users["leader"])
    assert _status(submitted) == S.VERIFIED
    query.refresh_from_db()
    assert query.answered_by == world.users["member"] and query.resolved_by == world.users["leader"]
    actions = set(AuditEntry.objects.filter(term_id=o.term.pk).values_list("action", flat=True))
    assert {"scoring.query.raised", "scoring.query.answered", "scoring.query.resolved"} <= actions


def test_return_needs_a_reason_and_reopens_the_draft(world, open_term, submitted):
    with pytest.raises(ValidationError) as exc:
        services.return_sheet(sheet=submitted, reason="", actor=world.users["leader"])
    assert exc.value.error_dict["reason"][0].code == "reason_required"
    assert _status(submitted) == S.SUBMITTED
    assert submitted.submitted_at is not None and submitted.submitted_by == world.users["member"]
    services.return_sheet(
        sheet=submitted, reason="Bổ sung minh chứng tiêu chí 2.", actor=world.users["leader"]
    )
    assert _status(submitted) == S.DRAFT
    # the sheet's table clears the submission on the way back to draft
    submitted.refresh_from_db()
    assert submitted.submitted_at is None and submitted.submitted_by is None
    entry = AuditEntry.objects.filter(action="scoring.sheet.status_changed").first()
    assert entry.reason == "Bổ sung minh chứng tiêu chí 2." and entry.after["status"] == "draft"


@pytest.mark.parametrize("status", [S.NOT_STARTED, S.DRAFT, S.VERIFIED, S.LOCKED])
def test_review_actions_refuse_sheets_not_in_review(world, open_term, status):
    sheet = open_term.member_sheet
    ScoreSheet.objects.filter(pk=sheet.pk).update(status=status)
    sheet.refresh_from_db()
    leader = world.users["leader"]
    score = sheet.scores.first()
    for call in (
        lambda: services.verify_sheet(sheet=sheet, actor=leader),
        lambda: services.return_sheet(sheet=sheet, reason="x", actor=leader),
        lambda: services.raise_query(score=score, question="?", actor=leader),
        lambda: services.review_scores(sheet=sheet, entries={}, version=None, actor=leader),
    ):
        with pytest.raises(ValidationError) as exc:
            call()
        assert exc.value.error_list[0].code == "bad_transition"
    assert _status(sheet) == status
    assert not Query.objects.exists()


def test_verified_sheets_cannot_be_edited_by_the_unit(world, open_term, submitted):
    services.verify_sheet(sheet=submitted, actor=world.users["leader"])
    with pytest.raises(ValidationError) as exc:
        services.save_self_scores(
            sheet=submitted, entries={}, version=None, actor=world.users["member"]
        )
    assert exc.value.error_list[0].code == "bad_transition"


def test_end_review_locks_every_sheet_once_all_are_verified(world, open_term, submitted):
    term = open_term.term
    with pytest.raises(ValidationError) as exc:
        services.end_review(term=term, actor=world.users["leader"])
    assert exc.value.error_list[0].code == "sheets_not_verified"
    assert not ScoreSheet.objects.filter(term=term, status=S.LOCKED).exists()
    ScoreSheet.objects.filter(term=term).update(status=S.VERIFIED)
    assert services.end_review(term=term, actor=world.users["leader"]) == 4
    assert set(ScoreSheet.objects.filter(term=term).values_list("status", flat=True)) == {S.LOCKED}
    term.refresh_from_db()
    assert term.status == Term.Status.REVIEW
    assert AuditEntry.objects.filter(action="scoring.review.ended", term_id=term.pk).exists()


def test_review_page_flow_member_sees_the_change_and_reason(world, clients, open_term, submitted):
    o = open_term
    args = [world.block.pk, 2026, world.member_unit.pk]
    data = {"version": submitted.version, f"rpoints_{o.scored[1].pk}": "16,5"}
    response = clients["leader"].post(reverse("scoring:sheet_review", args=args), data)
    assert response.status_code == 200
    assert f"reason_{o.scored[1].pk}" in response.context["form"].errors
    data[f"reason_{o.scored[1].pk}"] = "Chưa tổ chức sơ kết"
    response = clients["leader"].post(reverse("scoring:sheet_review", args=args), data)
    assert response.status_code == 302
    response = clients["leader"].post(reverse("scoring:sheet_verify", args=args))
    assert _status(submitted) == S.VERIFIED
    page = clients["member"].get(reverse("scoring:sheet", args=args))
    assert "16,5" in page.text and "Chưa tổ chức sơ kết" in page.text
    assert page.context["page"].final_totals.base == Decimal("34")


def test_review_grid_highlights_differences(world, clients, open_term, submitted):
    o = open_term
    services.review_scores(
        sheet=submitted,
        entries={o.scored[0].pk: services.ReviewEntry(points=Decimal("6"), reason="Thiếu")},
        version=submitted.version,
        actor=world.users["board"],
    )
    response = clients["board"].get(reverse("scoring:review", args=[world.block.pk, 2026]))
    row = next(r for r in response.context["grid"].rows if r.sheet.pk == submitted.pk)
    assert [c.differs for c in row.cells][:2] == [True, False]
    assert row.final_totals.total == row.self_totals.total - Decimal("2.5")
    assert "td-differs" in response.text


def test_an_explanation_can_bring_a_file(world, clients, open_term, submitted):
    from scoring.models import Evidence

    score = Score.objects.get(sheet=submitted, criterion=open_term.scored[1])
    query = services.raise_query(score=score, question="Minh chứng?", actor=world.users["leader"])
    url = reverse(
        "scoring:query_answer", args=[world.block.pk, 2026, world.member_unit.pk, query.pk]
    )
    response = clients["member"].post(url, {"answer": "Gửi kèm biên bản.", "evidence": pdf()})
    assert response.status_code == 302
    query.refresh_from_db()
    assert query.answer == "Gửi kèm biên bản."
    assert Evidence.objects.filter(score=score).count() == 1
    assert _status(submitted) == S.UNDER_REVIEW
    page = clients["member"].get(
        reverse("scoring:sheet", args=[world.block.pk, 2026, world.member_unit.pk])
    )
    assert "Gửi kèm biên bản." in page.text


def test_a_bad_file_with_an_explanation_saves_nothing(world, clients, open_term, submitted):
    from django.core.files.uploadedfile import SimpleUploadedFile

    score = Score.objects.get(sheet=submitted, criterion=open_term.scored[1])
    query = services.raise_query(score=score, question="Minh chứng?", actor=world.users["leader"])
    url = reverse(
        "scoring:query_answer", args=[world.block.pk, 2026, world.member_unit.pk, query.pk]
    )
    bad = SimpleUploadedFile("x.pdf", b"plain text")
    response = clients["member"].post(url, {"answer": "Gửi kèm.", "evidence": bad}, follow=True)
    assert response.status_code == 200
    query.refresh_from_db()
    assert query.answer == "" and _status(submitted) == S.NEEDS_EXPLANATION
    assert [m.level_tag for m in response.context["messages"]] == ["error"]


def test_each_change_of_a_reviewed_figure_needs_its_own_reason(world, open_term, submitted):
    """Issue #10: the previous reason is never reused for the next change."""
    o, leader = open_term, world.users["leader"]
    cid = o.scored[0].pk
    first = {cid: services.ReviewEntry(points=Decimal("7"), reason="Thiếu biên bản")}
    services.review_scores(sheet=submitted, entries=first, version=submitted.version, actor=leader)
    submitted.refresh_from_db()
    version = submitted.version
    again = {cid: services.ReviewEntry(points=Decimal("6"), reason="")}
    with pytest.raises(ValidationError) as exc:
        services.review_scores(sheet=submitted, entries=again, version=version, actor=leader)
    assert exc.value.error_dict[f"reason_{cid}"][0].code == "reason_required"
    score = Score.objects.get(sheet=submitted, criterion=o.scored[0])
    assert score.reviewed_points == 7 and score.review_reason == "Thiếu biên bản"
    # A blank box on an unchanged figure keeps its reason; nothing is recorded.
    same = {cid: services.ReviewEntry(points=Decimal("7"), reason="")}
    services.review_scores(sheet=submitted, entries=same, version=version, actor=leader)
    score.refresh_from_db()
    assert score.review_reason == "Thiếu biên bản"
    assert AuditEntry.objects.filter(action="scoring.score.reviewed").count() == 1


def test_review_page_reason_box_is_empty_and_shows_the_previous_reason(
    world, clients, open_term, submitted
):
    o = open_term
    entries = {o.scored[0].pk: services.ReviewEntry(points=Decimal("7"), reason="Thiếu biên bản")}
    services.review_scores(
        sheet=submitted, entries=entries, version=submitted.version, actor=world.users["leader"]
    )
    args = [world.block.pk, 2026, world.member_unit.pk]
    response = clients["leader"].get(reverse("scoring:sheet_review", args=args))
    assert response.context["form"].initial[f"reason_{o.scored[0].pk}"] == ""
    assert "td-previous-reason" in response.text and "Thiếu biên bản" in response.text
