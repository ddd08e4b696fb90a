"""What the next year's page proposes: the scale in force, leader and deputy by policy."""

import datetime
from dataclasses import dataclass

from blocks.models import Block, Membership, Term, Unit
from campaigns.models import (
    Campaign,
    Scale,
)
from emulation.collation import vi


@dataclass
class NextYearDefaults:
    year: int
    members: list[Unit]
    leader: Unit | None
    deputy: Unit | None
    scale: Scale | None
    criteria_count: int
    campaigns: list[Campaign]
    exists: bool
    # A version newer than the one copied (a draft or one waiting for approval): not copied.
    newer_draft: Scale | None = None

    @property
    def scale_in_force(self) -> bool:
        """The copied version is approved or locked (not merely the latest draft)."""
        return self.scale is not None and self.scale.status in (
            Scale.Status.APPROVED,
            Scale.Status.LOCKED,
        )

    @property
    def elected(self) -> bool:
        """The conference elects the leader and deputy: nothing is suggested."""
        return self.policy == Block.Rotation.ELECTION

    policy: str = ""


def _rotation_next(block: Block, year: int, current: Unit) -> tuple[Unit | None, Unit | None]:
    """The next two on the ordered rotation list after `current`, among `year`'s members.

    The turn passes on from the current leader's place on the list even when that unit has
    left the block; units that are not members in `year` are skipped (1 query).
    """
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    listed = list(
        Membership.objects.filter(block=block, rotation_position__isnull=False)
        .select_related("unit")
        .order_by("rotation_position", "-valid_from")
    )
    current_position = next(
        (
            m.rotation_position
            for m in sorted(listed, key=lambda m: m.valid_from, reverse=True)
            if m.unit_id == current.pk
        ),
        None,
    )
    ordered: list[tuple[int, Unit]] = []
    for m in listed:
        member = m.valid_from <= end and (m.valid_to is None or m.valid_to >= start)
        if member and all(u.pk != m.unit_id for _pos, u in ordered):
            ordered.append((m.rotation_position, m.unit))
    if not ordered:
        return None, None
    if current_position is None:
        index = 0
    else:
        index = next(
            (i for i, (position, _unit) in enumerate(ordered) if position > current_position), 0
        )
    leader = ordered[index][1]
    deputy = ordered[(index + 1) % len(ordered)][1] if len(ordered) > 1 else None
    return leader, deputy


def next_year_defaults(term: Term) -> NextYearDefaults:
    """What "new year in one action" will create, with leader and deputy from the rotation."""
    year = term.year + 1
    members = list(
        dict.fromkeys(
            m.unit
            # the year to come has no row yet: an unsaved block-year stands for it
            for m in Membership.objects.of_term(Term(block_id=term.block_id, year=year))
            .select_related("unit")
            .order_by(vi("unit__name"))
        )
    )
    member_ids = {u.pk for u in members}
    leader = deputy = None
    policy = term.block.rotation_policy
    if policy == Block.Rotation.DEPUTY_PROMOTES:
        leader = term.deputy
    elif policy == Block.Rotation.ORDERED:
        leader, deputy = _rotation_next(term.block, year, term.leader)
    if leader is not None and leader.pk not in member_ids:
        leader = None
    if deputy is not None and deputy.pk not in member_ids:
        deputy = None
    versions = list(Scale.objects.filter(term=term).order_by("-version"))
    settled = [v for v in versions if v.status in (Scale.Status.APPROVED, Scale.Status.LOCKED)]
    scale = settled[0] if settled else (versions[0] if versions else None)
    newer = versions[0] if versions and scale is not None and versions[0] != scale else None
    return NextYearDefaults(
        year=year,
        members=members,
        leader=leader,
        deputy=deputy,
        scale=scale,
        criteria_count=scale.criteria.count() if scale else 0,
        campaigns=list(
            Campaign.objects.filter(term=term, level=Campaign.Level.BLOCK, archived=False).order_by(
                vi("name")
            )
        ),
        exists=Term.objects.filter(block_id=term.block_id, year=year).exists(),
        newer_draft=newer,
        policy=policy,
    )
