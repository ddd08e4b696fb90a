"""The domain's invariants, held by the database where they can be and by clean() otherwise."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from blocks.models import Membership, Term
from scoring.models import Score
from tests.factories import (
    BlockFactory,
    CriterionFactory,
    MembershipFactory,
    ScoreSheetFactory,
    TermFactory,
    UnitFactory,
    make_scored_term,
)

pytestmark = pytest.mark.django_db


def _integrity(fn):
    with pytest.raises(IntegrityError), transaction.atomic():
        fn()


def test_one_term_per_block_and_year():
    term = TermFactory()
    _integrity(lambda: TermFactory(block=term.block, year=term.year))


def test_leader_is_not_deputy():
    unit = UnitFactory()
    _integrity(lambda: TermFactory(leader=unit, deputy=unit))


def test_leader_and_deputy_must_be_members_that_year():
    block = BlockFactory()
    member = MembershipFactory(block=block, valid_from=datetime.date(2018, 1, 1)).unit
    left = MembershipFactory(
        block=block, valid_from=datetime.date(2010, 1, 1), valid_to=datetime.date(2016, 12, 31)
    ).unit
    term = Term(block=block, year=2018, leader=member, deputy=left)
    with pytest.raises(ValidationError) as excinfo:
        term.full_clean()
    assert excinfo.value.error_dict["deputy"][0].code == "not_member"
    term.deputy = None
    term.full_clean()


def test_membership_dates_are_ordered():
    _integrity(
        lambda: MembershipFactory(
            valid_from=datetime.date(2020, 1, 1), valid_to=datetime.date(2019, 1, 1)
        )
    )


def test_overlapping_membership_is_refused():
    first = MembershipFactory(valid_from=datetime.date(2018, 1, 1))
    second = Membership(block=first.block, unit=first.unit, valid_from=datetime.date(2019, 6, 1))
    with pytest.raises(ValidationError) as excinfo:
        second.full_clean()
    assert excinfo.value.error_dict["__all__"][0].code == "membership_overlap"


def test_membership_on_a_date_is_a_query():
    m = MembershipFactory(
        valid_from=datetime.date(2018, 1, 1), valid_to=datetime.date(2018, 12, 31)
    )
    assert Membership.objects.on(datetime.date(2018, 6, 1)).filter(pk=m.pk).exists()
    assert not Membership.objects.on(datetime.date(2019, 1, 1)).filter(pk=m.pk).exists()
    assert Membership.objects.during_year(2018).filter(pk=m.pk).exists()
    assert not Membership.objects.during_year(2019).filter(pk=m.pk).exists()


def test_one_score_per_sheet_and_criterion():
    term = make_scored_term(units=1, criteria=1)
    score = Score.objects.filter(sheet__term=term).first()
    _integrity(
        lambda: Score.objects.create(sheet=score.sheet, criterion=score.criterion, self_points=1)
    )


def test_points_are_never_negative():
    term = make_scored_term(units=1, criteria=1)
    sheet = term.sheets.get()
    criterion = CriterionFactory(scale=sheet.scale)
    _integrity(
        lambda: Score.objects.create(sheet=sheet, criterion=criterion, self_points=Decimal("-1"))
    )


def test_criterion_maximum_is_not_negative():
    _integrity(lambda: CriterionFactory(max_points=Decimal("-5")))


def test_one_sheet_per_unit_and_year():
    term = make_scored_term(units=1, criteria=1)
    sheet = term.sheets.get()
    _integrity(lambda: ScoreSheetFactory(term=term, unit=sheet.unit, scale=sheet.scale))
