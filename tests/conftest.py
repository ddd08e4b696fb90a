"""Personas and the shared world every test can stand on.

The world: province "Tây Ninh test" with block "Khối A" (leader, deputy and member units, one
block-year 2025 being scored and one 2024 published) and block "Khối B" whose unit is the
outsider. Personas, one per role: anonymous, outsider (officer of a unit in another block),
member, deputy, leader, board (staff of the province's emulation board), council (member for
Khối A), superuser.
"""

import copy
import datetime
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.db import transaction
from django.test import Client, override_settings

from blocks.models import Block, Province, Term, Unit
from results.services import publish_term
from tests.factories import (
    BlockFactory,
    MembershipFactory,
    ProvinceFactory,
    UserFactory,
    make_scored_term,
)

PERSONAS = ("anonymous", "outsider", "member", "deputy", "leader", "board", "council", "superuser")


@dataclass
class World:
    province: Province
    block: Block
    other_block: Block
    term: Term  # 2025, scoring, not published
    published_term: Term  # 2024, published
    leader_unit: Unit
    deputy_unit: Unit
    member_unit: Unit
    outsider_unit: Unit
    users: dict


@pytest.fixture
def world(db) -> World:
    return build_world()


@pytest.fixture(scope="module")
def _module_world(django_db_setup, django_db_blocker, tmp_path_factory):
    """The world built once for a module of many small tests (the permission matrix and its
    kin), inside a transaction that is rolled back when the module ends.

    Each test of such a module still runs in its own savepoint (pytest-django's `db` nests in
    this transaction), so what a test writes is gone before the next one; only the building
    is shared. Files written while building land in a directory of the module's own.
    """
    media = tmp_path_factory.mktemp("module-media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media):
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield build_world(), media
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def shared_world(_module_world, db, settings) -> World:
    """The module's world for one test: a copy, so nothing a test changes in memory leaks."""
    built, media = _module_world
    settings.MEDIA_ROOT = media
    return copy.deepcopy(built)


def build_world() -> World:
    province = ProvinceFactory(code="TN", name="Tây Ninh test")
    block = BlockFactory(province=province, name="Khối A")
    other_block = BlockFactory(province=province, name="Khối B")
    published = make_scored_term(units=4, criteria=3, year=2024, block=block)
    members = [m.unit for m in block.memberships.select_related("unit").order_by("pk")]
    leader_unit, deputy_unit, member_unit = members[0], members[1], members[2]
    term = _second_year(block, members)
    outsider_unit = MembershipFactory(block=other_block, unit__province=province).unit
    users = {
        "outsider": UserFactory(username="outsider", unit=outsider_unit),
        "member": UserFactory(username="member", unit=member_unit),
        "deputy": UserFactory(username="deputy", unit=deputy_unit),
        "leader": UserFactory(username="leader", unit=leader_unit),
        "board": UserFactory(username="board", board_province=province),
        "council": UserFactory(username="council"),
        "superuser": UserFactory(username="root", is_superuser=True, is_staff=True),
    }
    users["council"].council_blocks.add(block)
    publish_term(
        term=published,
        actor=users["board"],
        decision_number="01/QĐ-TEST",
        decision_date=datetime.date(2025, 1, 20),
    )
    published.refresh_from_db()
    return World(
        province=province,
        block=block,
        other_block=other_block,
        term=term,
        published_term=published,
        leader_unit=leader_unit,
        deputy_unit=deputy_unit,
        member_unit=member_unit,
        outsider_unit=outsider_unit,
        users=users,
    )


def _second_year(block: Block, members: list[Unit]) -> Term:
    """2025 for the same members: same shape as 2024, sheets verified, not published."""
    from campaigns.models import Criterion
    from scoring.models import Score
    from tests.factories import CriterionFactory, ScaleFactory, ScoreSheetFactory, TermFactory

    term = TermFactory(block=block, year=2025, leader=members[0], deputy=members[1])
    scale = ScaleFactory(term=term)
    criteria = [CriterionFactory(scale=scale, code=f"{i + 1}", order=i) for i in range(3)]
    bonus = CriterionFactory(scale=scale, code="B", order=90, kind=Criterion.Kind.BONUS)
    for index, unit in enumerate(members):
        sheet = ScoreSheetFactory(term=term, unit=unit, scale=scale)
        Score.objects.bulk_create(
            [Score(sheet=sheet, criterion=c, self_points=Decimal(9 - index)) for c in criteria]
            + [Score(sheet=sheet, criterion=bonus, self_points=Decimal(0))]
        )
    return term


@pytest.fixture
def clients(world) -> dict[str, Client]:
    """One logged-in Django test client per persona (anonymous: logged out)."""
    result = {"anonymous": Client()}
    for name, user in world.users.items():
        client = Client()
        client.force_login(user)
        result[name] = client
    return result


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path_factory):
    """Uploads made by any test land in a temporary directory, never in the project's media/."""
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")


@pytest.fixture(autouse=True)
def _fresh_cache():
    """The per-client login throttle lives in the cache: no test inherits another's failures."""
    from django.core.cache import cache

    cache.clear()
