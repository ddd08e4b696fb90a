"""The rules checked when a block proposes an award: who may be proposed for what."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from audit.models import AuditEntry
from awards import rules, services
from awards.models import AwardProposal
from results.services import publish_term
from tests.awards.helpers import (
    CERTIFICATE,
    GOVERNMENT_FLAG,
    PM_CERTIFICATE,
    PROVINCIAL_FLAG,
    UNIT_TITLE,
    award,
    proposed,
)
from tests.factories import BlockFactory, ProvinceFactory, UserFactory, make_scored_term


def _refused(code: str, **kwargs) -> None:
    before = (AwardProposal.objects.count(), AuditEntry.objects.count())
    with pytest.raises(ValidationError) as error:
        services.propose_award(**kwargs)
    assert error.value.code == code
    assert (AwardProposal.objects.count(), AuditEntry.objects.count()) == before


def _kwargs(world, unit, code, term=None) -> dict:
    return {
        "term": term or world.published_term,
        "unit": unit,
        "award_type": award(code),
        "actor": world.users["leader"],
    }


def test_a_certificate_for_any_member_is_proposed_and_audited(world):
    proposal = proposed(world, unit=world.member_unit)
    assert proposal.status == AwardProposal.Status.PROPOSED
    assert proposal.proposed_by == world.users["leader"]
    entry = AuditEntry.objects.get(action="awards.proposal.proposed")
    assert entry.object_id == str(proposal.pk)
    assert entry.term_id == world.published_term.pk


def test_a_certificate_can_be_proposed_before_publication(world):
    proposal = proposed(world, unit=world.member_unit, term=world.term)
    assert proposal.status == AwardProposal.Status.PROPOSED


def test_only_member_units_of_that_year(world):
    _refused("not_member", **_kwargs(world, world.outsider_unit, CERTIFICATE))


def test_no_duplicate_unit_and_award_in_a_year(world):
    proposed(world, unit=world.member_unit)
    _refused("duplicate", **_kwargs(world, world.member_unit, CERTIFICATE))


def test_a_withdrawn_proposal_still_holds_its_place_in_the_block_year(world):
    proposal = proposed(world, unit=world.member_unit)
    services.withdraw_proposal(proposal=proposal, actor=world.users["leader"], reason="Rút.")
    _refused("duplicate", **_kwargs(world, world.member_unit, CERTIFICATE))


def test_the_database_refuses_a_duplicate_too(world):
    from django.db import IntegrityError, transaction

    proposal = proposed(world, unit=world.member_unit)
    with pytest.raises(IntegrityError), transaction.atomic():
        AwardProposal.objects.create(
            term=proposal.term, unit=proposal.unit, award_type=proposal.award_type
        )


def test_unit_titles_are_not_proposed_by_the_block(world):
    _refused("award_not_proposable", **_kwargs(world, world.member_unit, UNIT_TITLE))


def test_an_inactive_award_is_not_proposed(world):
    certificate = award(CERTIFICATE)
    certificate.active = False
    certificate.save()
    _refused("award_not_proposable", **_kwargs(world, world.member_unit, CERTIFICATE))


# The provincial flag: the block's leading unit of a published year only.


def test_the_provincial_flag_goes_to_the_leading_unit_of_the_published_year(world):
    assert world.published_term.publications.get().snapshot["leading_unit"]["unit_id"] == (
        world.leader_unit.pk
    )
    proposal = proposed(world, unit=world.leader_unit, code=PROVINCIAL_FLAG)
    assert proposal.status == AwardProposal.Status.PROPOSED


def test_the_provincial_flag_is_refused_to_the_second_unit(world):
    rows = world.published_term.publications.get().snapshot["rows"]
    second = next(r for r in rows if r["rank"] == 2)
    assert second["unit_id"] == world.deputy_unit.pk
    _refused("not_leading_unit", **_kwargs(world, world.deputy_unit, PROVINCIAL_FLAG))


def test_the_provincial_flag_is_refused_before_publication(world):
    _refused(
        "year_not_published",
        **_kwargs(world, world.leader_unit, PROVINCIAL_FLAG, term=world.term),
    )


def test_the_latest_published_version_names_the_leading_unit(world):
    """A correction that changes the top of the ranking moves the flag with it."""
    from results.services import correct_publication

    correct_publication(
        term=world.published_term,
        actor=world.users["board"],
        decision_number="02/QĐ-TEST",
        decision_date=datetime.date(2025, 2, 1),
        reason="Sửa điểm.",
        adjustments={
            (world.deputy_unit.pk, "1"): Decimal(10),
            (world.deputy_unit.pk, "2"): Decimal(10),
            (world.deputy_unit.pk, "3"): Decimal(10),
            (world.leader_unit.pk, "1"): Decimal(5),
        },
    )
    world.published_term.refresh_from_db()
    _refused("not_leading_unit", **_kwargs(world, world.leader_unit, PROVINCIAL_FLAG))
    assert proposed(world, unit=world.deputy_unit, code=PROVINCIAL_FLAG).pk


# The Government flag: block-leading units, at most a share of them province-wide.


def test_the_government_flag_is_refused_to_a_unit_that_did_not_lead(world):
    _refused("not_leading_unit", **_kwargs(world, world.member_unit, GOVERNMENT_FLAG))


def test_the_government_flag_goes_to_a_block_leader_within_the_share(world):
    # Khối A is the only published block of 2024: 1 leading unit, 20 % of 1 is 0.
    _refused("government_flag_cap", **_kwargs(world, world.leader_unit, GOVERNMENT_FLAG))
    services.set_government_flag_share(
        province=world.province, share=100, actor=world.users["board"]
    )
    assert proposed(world, unit=world.leader_unit, code=GOVERNMENT_FLAG).pk


def _province_with_leaders(count: int, year: int = 2024):
    """A province with `count` blocks whose `year` is published: one leading unit each."""
    province = ProvinceFactory(code="CAP", name="Tỉnh có mười khối")
    board = UserFactory(username="board-cap", board_province=province)
    terms = []
    for _ in range(count):
        term = make_scored_term(
            units=2, criteria=1, year=year, block=BlockFactory(province=province)
        )
        publish_term(
            term=term,
            actor=board,
            decision_number="01/QĐ",
            decision_date=datetime.date(year + 1, 1, 20),
        )
        term.refresh_from_db()
        terms.append(term)
    return province, board, terms


def _propose_government_flag(board, term):
    return services.propose_award(
        term=term, unit=term.leader, award_type=award(GOVERNMENT_FLAG), actor=board
    )


@pytest.fixture
def ten_blocks(db):
    return _province_with_leaders(10)


def test_ten_block_leaders_allow_two_government_flags_and_refuse_the_third(ten_blocks):
    province, board, terms = ten_blocks
    first = _propose_government_flag(board, terms[0])
    _propose_government_flag(board, terms[1])
    before = AwardProposal.objects.count()
    with pytest.raises(ValidationError) as error:
        _propose_government_flag(board, terms[2])
    assert error.value.code == "government_flag_cap"
    assert AwardProposal.objects.count() == before
    # A proposal that falls (withdrawn, not carried, rejected) frees its place.
    services.withdraw_proposal(proposal=first, actor=board, reason="Rút để đề nghị đơn vị khác.")
    assert _propose_government_flag(board, terms[2]).pk


def test_the_share_is_configurable_by_the_board(ten_blocks):
    province, board, terms = ten_blocks
    services.set_government_flag_share(province=province, share=30, actor=board)
    for term in terms[:3]:
        _propose_government_flag(board, term)
    with pytest.raises(ValidationError) as error:
        _propose_government_flag(board, terms[3])
    assert error.value.code == "government_flag_cap"
    assert AuditEntry.objects.filter(action="awards.policy.changed").count() == 1


def test_the_cap_counts_province_wide_and_per_year(ten_blocks):
    province, board, terms = ten_blocks
    from awards.selectors import government_cap

    _propose_government_flag(board, terms[0])
    cap = government_cap(province, 2024)
    assert (cap.leading_units, cap.share, cap.allowed, cap.used, cap.left) == (10, 20, 2, 1, 1)
    assert government_cap(province, 2023).allowed == 0


@pytest.mark.parametrize("share", [-1, 101])
def test_a_share_outside_0_to_100_is_refused(world, share):
    with pytest.raises(ValidationError) as error:
        services.set_government_flag_share(
            province=world.province, share=share, actor=world.users["board"]
        )
    assert error.value.code == "share_out_of_range"
    assert not AuditEntry.objects.filter(action="awards.policy.changed").exists()


def test_the_ordering_of_awards_for_a_downgrade(db):
    flag, certificate = award(PROVINCIAL_FLAG), award(CERTIFICATE)
    government, pm = award(GOVERNMENT_FLAG), award(PM_CERTIFICATE)
    assert rules.is_lower(certificate, flag)
    assert rules.is_lower(flag, government)
    assert rules.is_lower(pm, government)
    assert not rules.is_lower(government, certificate)
    assert not rules.is_lower(flag, flag)
