"""The invented second block: lists show more than one block, and a year in progress."""

import datetime

from blocks.models import Block, Membership, Province, Term
from campaigns.models import Scale
from demo.data import SYNTHETIC_UNITS
from demo.ktkt import scale_for, unit_of
from results.models import Incident


def load_synthetic_block(province: Province) -> None:
    """A second, invented block so lists show more than one, with a year in progress."""
    block, _ = Block.objects.get_or_create(
        province=province,
        name="Khối thi đua Văn hóa - Xã hội (dữ liệu minh họa)",
        defaults={
            "kind": Block.Kind.KHOI,
            "description": "Khối minh họa, không có trong bài báo gốc.",
            "rotation_policy": Block.Rotation.ORDERED,
        },
    )
    units = [unit_of(province, name, short, kind) for name, short, kind in SYNTHETIC_UNITS]
    for position, unit in enumerate(units, start=1):
        Membership.objects.get_or_create(
            block=block,
            unit=unit,
            valid_from=datetime.date(2019, 1, 1),
            defaults={"rotation_position": position},
        )
    term, _ = Term.objects.get_or_create(
        block=block,
        year=2019,
        defaults={"leader": units[1], "deputy": units[0], "status": Term.Status.SCORING},
    )
    # The sheets come from opening the window and go through the services (scoring.demo).
    scale_for(term, status=Scale.Status.LOCKED)
    # Invented, to show the eligibility gate on the year in progress.
    Incident.objects.get_or_create(
        term=term,
        unit=units[0],
        kind=Incident.Kind.DISCIPLINE,
        defaults={"note": "Lãnh đạo đơn vị bị kỷ luật khiển trách (dữ liệu minh họa)."},
    )
