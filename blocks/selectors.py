"""Reads of the blocks app: the board's block and province pages, who is scored in a year, the
rotation suggestion for next year, the acting deputy of a year.

Each page has one function here with a fixed number of queries (pinned in
tests/blocks/test_pages.py); none grows with the number of members, units or years.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from blocks.models import Block, Delegation, Membership, Province, Term, Unit, UnitLineage
from emulation.collation import sort_key, sorted_vi

# --- Who is scored in a year (the cut-off) ---


def scored_unit_ids(term: Term) -> QuerySet:
    """The units that get a score sheet in `term`: members during the year whose membership
    reaches the year's cut-off (`Term.cutoff`, by default 31 December).

    A unit that leaves before the cut-off (merged away, moved to another block) is scored by
    its successor or its new block, not here. A unit that joins during the year is scored.
    The one rule for sheet creation (`scoring.services.window`).
    """
    return (
        Membership.objects.of_term(term)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=term.cutoff))
        .values_list("unit_id", flat=True)
        .distinct()
    )


# --- Rotation: next year's leader and deputy ---


@dataclass
class RotationSuggestion:
    """Who the block's rotation policy puts forward for `year`, and why (in words)."""

    year: int
    policy: str
    leader: Unit | None = None
    deputy: Unit | None = None
    reason: str = ""

    @property
    def elected(self) -> bool:
        """The conference elects the leader and deputy: nothing is suggested."""
        return self.policy == Block.Rotation.ELECTION


def _ordered_next(block: Block, year: int, current: Unit) -> tuple[Unit | None, Unit | None]:
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


def rotation_suggestion(term: Term) -> RotationSuggestion:
    """Next year's leader and deputy after `term`, by the block's rotation policy, with the
    reason shown to people. The one place the policies are interpreted (at most 2 queries).

    A suggestion is only that: the board or the conference decides, and the next year is
    created with whoever they chose (`blocks.services.term_create_next`).
    """
    block, year = term.block, term.year + 1
    policy = block.rotation_policy
    suggestion = RotationSuggestion(year=year, policy=policy)
    if policy == Block.Rotation.ELECTION:
        suggestion.reason = _(
            "The year-end conference elects the leader and deputy: nothing is suggested."
        )
        return suggestion
    if policy == Block.Rotation.APPOINTED:
        suggestion.reason = _("The board appoints the leader and deputy: nothing is suggested.")
        return suggestion
    members = set(
        Membership.objects.of_term(Term(block_id=block.pk, year=year)).values_list(
            "unit_id", flat=True
        )
    )
    if policy == Block.Rotation.DEPUTY_PROMOTES:
        if term.deputy is None:
            suggestion.reason = _("%(year)s has no deputy unit to promote.") % {"year": term.year}
        elif term.deputy_id not in members:
            suggestion.reason = _(
                "The deputy unit %(unit)s is not a member in %(next)s: nobody is suggested."
            ) % {"unit": term.deputy.name, "next": year}
        else:
            suggestion.leader = term.deputy
            suggestion.reason = _(
                "The deputy unit of %(year)s, %(unit)s, becomes leader; the deputy is chosen."
            ) % {"year": term.year, "unit": term.deputy.name}
        return suggestion
    leader, deputy = _ordered_next(block, year, term.leader)
    suggestion.leader = leader if leader is not None and leader.pk in members else None
    suggestion.deputy = deputy if deputy is not None and deputy.pk in members else None
    if suggestion.leader is None:
        suggestion.reason = _("The rotation list is empty: give members their positions.")
    else:
        suggestion.reason = _(
            "Next on the rotation list after %(unit)s: %(leader)s leads, the one after it "
            "is deputy."
        ) % {"unit": term.leader.name, "leader": suggestion.leader.name}
    return suggestion


# --- Acting deputy ---


def term_delegations(term: Term) -> list[Delegation]:
    """Every delegation of the year, newest first, with who recorded and revoked it (1 query)."""
    return list(
        Delegation.objects.filter(term=term)
        .select_related("deputy", "created_by", "revoked_by")
        .order_by("-starts_on", "-pk")
    )


# --- The board's pages ---


@dataclass
class ProvinceBlocks:
    province: Province
    active: list[Block]
    archived: list[Block]
    units: int


def province_blocks(province: Province, on: datetime.date) -> ProvinceBlocks:
    """The province's blocks and clusters, each with its number of members on `on`; archived
    ones apart (2 queries)."""
    in_force = Q(memberships__valid_from__lte=on) & (
        Q(memberships__valid_to__isnull=True) | Q(memberships__valid_to__gte=on)
    )
    blocks = list(
        Block.objects.filter(province=province).annotate(
            member_count=Count("memberships", filter=in_force)
        )
    )
    blocks = sorted(blocks, key=lambda b: (b.kind != Block.Kind.CUM, sort_key(b.name)))
    units = Unit.objects.filter(province=province).count()
    return ProvinceBlocks(
        province=province,
        active=[b for b in blocks if not b.archived],
        archived=[b for b in blocks if b.archived],
        units=units,
    )


@dataclass
class TermRow:
    term: Term
    acting: Delegation | None = None


@dataclass
class BlockPage:
    block: Block
    on: datetime.date
    members: list[Membership]
    # memberships not in force on `on`: ended before it, or starting after it
    others: list[Membership]
    terms: list[TermRow]
    suggestion: RotationSuggestion | None
    lineage: dict[int, list[UnitLineage]] = field(default_factory=dict)


def members_on(block: Block, day: datetime.date) -> list[Membership]:
    """The memberships of `block` in force on `day`, in Vietnamese order of the units' names
    (1 query)."""
    memberships = Membership.objects.on(day).filter(block=block).select_related("unit")
    return sorted_vi(memberships, key=lambda m: m.unit.name)


def block_page(block: Block, on: datetime.date) -> BlockPage:
    """The board's page of a block: members on `on`, the other memberships, the years with
    leader, deputy and acting deputy, the rotation suggestion after the latest year, and the
    organisation changes of the units listed. 4 queries (and up to 2 for a rotation
    suggestion), whatever the number of members or years."""
    memberships = list(
        Membership.objects.filter(block=block).select_related("unit").order_by("valid_from")
    )
    members = sorted_vi(
        [m for m in memberships if m.valid_from <= on and (m.valid_to is None or m.valid_to >= on)],
        key=lambda m: m.unit.name,
    )
    current = {m.pk for m in members}
    others = [m for m in memberships if m.pk not in current]
    others.sort(key=lambda m: m.valid_to or datetime.date.max, reverse=True)
    terms = list(
        Term.objects.filter(block=block).select_related("leader", "deputy").order_by("-year")
    )
    acting = {
        d.term_id: d
        for d in Delegation.objects.in_force()
        .filter(term__block=block)
        .select_related("deputy")
        .order_by("starts_on")
    }
    unit_ids = {m.unit_id for m in memberships}
    lineage: dict[int, list[UnitLineage]] = {}
    for link in UnitLineage.objects.filter(
        Q(predecessor_id__in=unit_ids) | Q(successor_id__in=unit_ids)
    ).select_related("predecessor", "successor"):
        lineage.setdefault(link.predecessor_id, []).append(link)
        lineage.setdefault(link.successor_id, []).append(link)
    suggestion = None
    if terms:
        latest = terms[0]
        latest.block = block
        suggestion = rotation_suggestion(latest)
    return BlockPage(
        block=block,
        on=on,
        members=members,
        others=others,
        terms=[TermRow(t, _acting(t, acting.get(t.pk))) for t in terms],
        suggestion=suggestion,
        lineage=lineage,
    )


def _acting(term: Term, delegation: Delegation | None) -> Delegation | None:
    """A delegation counts only for the year's deputy as it is now."""
    if delegation is not None and delegation.deputy_id == term.deputy_id:
        return delegation
    return None


def province_units(province: Province) -> list[Unit]:
    """The province's units in Vietnamese order, current ones first (1 query)."""
    units = list(Unit.objects.filter(province=province))
    return sorted(units, key=lambda u: (u.active_to is not None, sort_key(u.name)))
