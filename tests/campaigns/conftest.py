from decimal import Decimal

import pytest

from blocks.models import Term
from campaigns import services
from campaigns.models import Criterion, Scale
from tests.factories import ScaleFactory, TermFactory


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploaded files of these tests go to a temporary directory."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def setup_term(world) -> Term:
    """2026 of Khối A, being set up: same members, leader and deputy as 2025, no scale yet."""
    return TermFactory(
        block=world.block,
        year=2026,
        leader=world.leader_unit,
        deputy=world.deputy_unit,
        status=Term.Status.SETUP,
    )


@pytest.fixture
def draft(setup_term) -> Scale:
    return ScaleFactory(term=setup_term, status=Scale.Status.DRAFT, nominal_total=Decimal("100"))


def build_valid_scale(scale: Scale, actor, *, groups: int = 3) -> list[Criterion]:
    """`groups` groups of two criteria (points split to add up to 100), a bonus, a deduction."""
    lines = []
    share = (Decimal(100) / groups).quantize(Decimal("0.01"))
    for g in range(groups):
        top = share if g < groups - 1 else Decimal(100) - share * (groups - 1)
        group = services.criterion_create(
            scale=scale,
            actor=actor,
            code=f"G{g + 1}",
            title=f"Nhóm {g + 1}",
            kind="group",
            max_points=top,
        )
        first = (top / 2).quantize(Decimal("0.01"))
        for index, points in enumerate([first, top - first], start=1):
            lines.append(
                services.criterion_create(
                    scale=scale,
                    actor=actor,
                    parent=group,
                    code=f"{g + 1}.{index}",
                    title=f"Tiêu chí {g + 1}.{index}",
                    kind="scored",
                    max_points=points,
                )
            )
        lines.append(group)
    lines.append(
        services.criterion_create(
            scale=scale,
            actor=actor,
            code="T1",
            title="Thưởng",
            kind="bonus",
            max_points=Decimal("10"),
            points_per_occurrence=Decimal("5"),
        )
    )
    lines.append(
        services.criterion_create(
            scale=scale,
            actor=actor,
            code="D1",
            title="Trừ",
            kind="deduction",
            max_points=Decimal("5"),
            points_per_occurrence=Decimal("1"),
        )
    )
    return lines
