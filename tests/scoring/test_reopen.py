"""Reopening a verified or locked sheet before publication (found running the whole cycle).

Once verified, a sheet could no longer change: neither review nor return accepts it. So an
objection to the provisional results that the leader upheld could not be acted on, although the
results documentation says to correct the scores and share again. `reopen_sheet` takes the sheet
back under review, with a reason; a published year still refuses.
"""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from audit.models import AuditEntry
from results import services as results_services
from scoring import services
from scoring.models import Score, ScoreSheet
from scoring.services import ReviewEntry

pytestmark = pytest.mark.django_db


def _sheet(world) -> ScoreSheet:
    return ScoreSheet.objects.get(term=world.term, unit=world.member_unit)


def test_reopen_a_locked_sheet_during_provisional_results_and_correct_it(world):
    leader = world.users["leader"]
    services.end_review(term=world.term, actor=leader)
    results_services.share_provisional(term=world.term, actor=leader, objection_days=0)
    sheet = _sheet(world)
    assert sheet.status == ScoreSheet.Status.LOCKED

    services.reopen_sheet(sheet=sheet, reason="Kiến nghị được chấp nhận", actor=leader)

    sheet.refresh_from_db()
    assert sheet.status == ScoreSheet.Status.UNDER_REVIEW and sheet.verified_at is None
    entry = AuditEntry.objects.filter(action="scoring.sheet.status_changed").latest("id")
    assert entry.before == {"status": "locked"} and entry.after["status"] == "under_review"
    assert entry.reason == "Kiến nghị được chấp nhận" and entry.term_id == world.term.pk
    # The correction itself goes through the ordinary review, then the sheet is verified again.
    score = Score.objects.get(sheet=sheet, criterion__code="1")
    services.review_scores(
        sheet=sheet,
        entries={score.criterion_id: ReviewEntry(points=Decimal("10"), reason="Đã xác minh")},
        version=sheet.version,
        actor=leader,
    )
    refused = pytest.raises(ValidationError)
    with refused as error:
        results_services.publish_term(
            term=world.term,
            actor=world.users["board"],
            decision_number="1/QĐ",
            decision_date=datetime.date(2026, 1, 10),
        )
    assert error.value.code == "sheets_not_verified"
    services.verify_sheet(sheet=sheet, actor=leader)
    results_services.share_provisional(term=world.term, actor=leader, objection_days=0)
    publication = results_services.publish_term(
        term=world.term,
        actor=world.users["board"],
        decision_number="1/QĐ",
        decision_date=datetime.date(2026, 1, 10),
    )
    row = next(r for r in publication.snapshot["rows"] if r["unit_id"] == world.member_unit.pk)
    assert Decimal(row["points"]["1"]) == Decimal("10")


@pytest.mark.parametrize("reason", ["", "   "])
def test_a_reason_is_required(world, reason):
    sheet = _sheet(world)
    with pytest.raises(ValidationError) as error:
        services.reopen_sheet(sheet=sheet, reason=reason, actor=world.users["leader"])
    assert error.value.error_dict["reason"][0].code == "reason_required"
    assert _sheet(world).status == ScoreSheet.Status.VERIFIED


def test_only_a_verified_or_locked_sheet(world):
    sheet = _sheet(world)
    services.reopen_sheet(sheet=sheet, reason="Xem lại", actor=world.users["leader"])
    count = AuditEntry.objects.count()
    with pytest.raises(ValidationError) as error:
        services.reopen_sheet(sheet=sheet, reason="Lần nữa", actor=world.users["leader"])
    assert error.value.code == "bad_transition"
    assert AuditEntry.objects.count() == count


def test_a_published_year_refuses(world):
    sheet = ScoreSheet.objects.filter(term=world.published_term).first()
    with pytest.raises(ValidationError) as error:
        services.reopen_sheet(sheet=sheet, reason="Sửa", actor=world.users["board"])
    assert error.value.code == "term_published"
    sheet.refresh_from_db()
    assert sheet.status == ScoreSheet.Status.LOCKED


def test_the_review_page_offers_it_to_the_leader_only_before_publication(world, clients):
    url = reverse("scoring:sheet_review", args=[world.block.pk, 2025, world.member_unit.pk])
    assert 'id="reopen-form"' in clients["leader"].get(url).content.decode()
    published = reverse("scoring:sheet_review", args=[world.block.pk, 2024, world.member_unit.pk])
    assert 'id="reopen-form"' not in clients["board"].get(published).content.decode()


def test_the_view_reopens_with_a_message(world, clients):
    url = reverse("scoring:sheet_reopen", args=[world.block.pk, 2025, world.member_unit.pk])
    response = clients["leader"].post(url, {"reason": "Kiến nghị", "confirmed": "1"}, follow=True)
    assert response.redirect_chain[-1][0].endswith(f"/units/{world.member_unit.pk}/review/")
    assert _sheet(world).status == ScoreSheet.Status.UNDER_REVIEW
    response = clients["leader"].post(url, {"reason": ""}, follow=True)
    assert response.status_code == 200
    assert len(list(response.context["messages"])) == 1
