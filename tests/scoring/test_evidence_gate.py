"""Rules review: the evidence gate asks for files only for what the unit claims."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from campaigns.models import Criterion
from scoring import selectors, services
from scoring.models import ScoreSheet
from tests.scoring.conftest import full_entries, pdf

pytestmark = pytest.mark.django_db


def _require_bonus_evidence(o):
    Criterion.objects.filter(pk=o.bonus.pk).update(evidence_required=True)


def test_an_unclaimed_bonus_item_needs_no_evidence(world, open_term):
    o = open_term
    _require_bonus_evidence(o)
    sheet = o.member_sheet
    services.save_self_scores(
        sheet=sheet,
        entries=full_entries(o, bonus=0),
        uploads={o.scored[0].pk: [pdf()]},
        version=1,
        actor=world.users["member"],
    )
    sheet.refresh_from_db()
    assert services.missing_evidence(sheet) == []
    assert selectors.sheet_page(sheet).missing_evidence == []
    services.submit_sheet(sheet=sheet, version=sheet.version, actor=world.users["member"])
    sheet.refresh_from_db()
    assert sheet.status == ScoreSheet.Status.SUBMITTED


def test_a_claimed_bonus_item_still_needs_its_evidence(world, open_term):
    o = open_term
    _require_bonus_evidence(o)
    sheet = o.member_sheet
    services.save_self_scores(
        sheet=sheet,
        entries=full_entries(o, bonus=2),
        uploads={o.scored[0].pk: [pdf()]},
        version=1,
        actor=world.users["member"],
    )
    sheet.refresh_from_db()
    assert [c.code for c in services.missing_evidence(sheet)] == ["T"]
    assert [c.code for c in selectors.sheet_page(sheet).missing_evidence] == ["T"]
    with pytest.raises(ValidationError) as error:
        services.submit_sheet(sheet=sheet, version=sheet.version, actor=world.users["member"])
    assert error.value.code == "evidence_missing"
    sheet.refresh_from_db()
    assert sheet.status == ScoreSheet.Status.DRAFT


def test_a_scored_criterion_needs_evidence_even_at_zero(world, open_term):
    o = open_term
    sheet = o.member_sheet
    services.save_self_scores(
        sheet=sheet,
        entries=full_entries(o, points=("0", "18", "9")),
        version=1,
        actor=world.users["member"],
    )
    sheet.refresh_from_db()
    assert [c.code for c in services.missing_evidence(sheet)] == ["1"]
    assert Decimal("0") == sheet.scores.get(criterion=o.scored[0]).self_points
