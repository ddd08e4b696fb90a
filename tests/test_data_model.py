"""The data model refuses what cannot be true (issue #9, item 5): a score's criterion is on its
sheet's scale, a campaign's owner matches its level, and deleting a block-year or a unit never
cascades silently into pacts, signatures, registrations or scores."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.utils import timezone

from campaigns.models import Campaign, CampaignAdoption, Pact, PactSignature, Registration
from scoring.models import Score, ScoreSheet
from tests.factories import CriterionFactory, ScaleFactory, TermFactory

pytestmark = pytest.mark.django_db


def _foreign_criterion(world, sheet):
    other = ScaleFactory(term=world.term, version=2)
    return CriterionFactory(scale=other, code="X", order=1)


def test_a_score_on_a_criterion_of_another_scale_is_refused(world):
    sheet = ScoreSheet.objects.filter(term=world.term).first()
    criterion = _foreign_criterion(world, sheet)
    score = Score(sheet=sheet, criterion=criterion, self_points=Decimal("1"))
    with pytest.raises(ValidationError) as error:
        score.full_clean()
    assert error.value.error_dict["criterion"][0].code == "criterion_scale"
    with pytest.raises(ValidationError):
        score.save()
    # By ids only (nothing cached): the save still checks, with one query.
    with pytest.raises(ValidationError):
        Score.objects.create(sheet_id=sheet.pk, criterion_id=criterion.pk)
    assert not Score.objects.filter(criterion=criterion).exists()


def test_a_score_on_its_sheets_scale_is_accepted(world):
    sheet = ScoreSheet.objects.filter(term=world.term).first()
    criterion = CriterionFactory(scale=sheet.scale, code="N", order=50)
    score = Score(sheet_id=sheet.pk, criterion_id=criterion.pk)
    score.full_clean()
    score.save()
    assert score.pk


@pytest.mark.parametrize(
    "fields",
    [
        {"level": "provincial", "province": "province", "block": "block"},
        {"level": "provincial"},
        {"level": "central", "unit": "unit"},
        {"level": "block", "block": "block", "unit": "unit"},
        {"level": "unit", "province": "province"},
    ],
    ids=[
        "provincial-with-block",
        "provincial-no-province",
        "central-with-unit",
        "block-with-unit",
        "unit-without-unit",
    ],
)
def test_a_campaigns_owner_matches_its_level(world, fields):
    owners = {"province": world.province, "block": world.block, "unit": world.member_unit}
    values = {k: owners[v] if k in owners else v for k, v in fields.items()}
    campaign = Campaign(name="Sai cấp", **values)
    with pytest.raises(ValidationError):
        campaign.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        campaign.save()


@pytest.mark.parametrize(
    "fields",
    [
        {"level": "central"},
        {"level": "provincial", "province": "province"},
        {"level": "block", "block": "block", "province": "province"},
        {"level": "unit", "unit": "unit", "block": "block"},
    ],
)
def test_the_right_owner_is_accepted(world, fields):
    owners = {"province": world.province, "block": world.block, "unit": world.member_unit}
    values = {k: owners[v] if k in owners else v for k, v in fields.items()}
    campaign = Campaign(name="Đúng cấp", **values)
    campaign.full_clean()
    campaign.save()


@pytest.fixture
def empty_year(world):
    """A block-year with nothing the database would protect yet (no sheet, no scale)."""
    return TermFactory(
        block=world.block, year=2026, leader=world.leader_unit, deputy=world.deputy_unit
    )


def _pact(term, world):
    pact = Pact.objects.create(term=term, title="Giao ước thi đua")
    PactSignature.objects.create(
        pact=pact,
        unit=world.member_unit,
        signer_name="Nguyễn Văn A",
        signer_title="Giám đốc",
        signed_at=timezone.now(),
        recorded_by=world.users["leader"],
    )
    return pact


@pytest.mark.parametrize("what", ["pact", "registration", "adoption"])
def test_deleting_a_block_year_does_not_cascade(world, empty_year, what):
    if what == "pact":
        _pact(empty_year, world)
    elif what == "registration":
        Registration.objects.create(
            term=empty_year,
            unit=world.member_unit,
            targets="x",
            submitted_by=world.users["member"],
            submitted_at=timezone.now(),
        )
    else:
        campaign = Campaign.objects.create(level="central", name="Chung tay")
        CampaignAdoption.objects.create(term=empty_year, campaign=campaign, mode="separate")
    with pytest.raises(ProtectedError), transaction.atomic():
        empty_year.delete()
    assert type(empty_year).objects.filter(pk=empty_year.pk).exists()


def test_deleting_a_pact_keeps_its_signatures(world, empty_year):
    pact = _pact(empty_year, world)
    with pytest.raises(ProtectedError), transaction.atomic():
        pact.delete()
    assert PactSignature.objects.filter(pact=pact).count() == 1


def test_deleting_a_unit_does_not_cascade_into_signatures_or_scores(world, empty_year):
    _pact(empty_year, world)
    with pytest.raises(ProtectedError), transaction.atomic():
        world.member_unit.delete()
    assert Score.objects.filter(sheet__unit=world.member_unit).exists()


def test_an_empty_block_year_can_still_be_deleted(world, empty_year):
    empty_year.delete()
    assert not type(empty_year).objects.filter(pk=empty_year.pk).exists()
