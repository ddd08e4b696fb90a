"""The organisation of a province: blocks and clusters, memberships, units and their changes.

Board staff of the province do all of it (the views check with `get_block_for_board` /
`get_province_for_board`). Every change is one transaction with its audit entry.

Memberships are effective-dated and the published years rest on them: a membership change that
would add a unit to, or take one out of, a published year is refused (code `published_year`).
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from audit.services import log_action
from blocks.models import Block, Membership, Province, Term, Unit

ONE_DAY = datetime.timedelta(days=1)


def _iso(day: datetime.date | None) -> str | None:
    return day.isoformat() if day else None


def _folded(name: str) -> str:
    return " ".join(name.split()).casefold()


def _check_block_name(province: Province, name: str, *, exclude: int | None = None) -> None:
    # compared in Python: SQLite folds the case of ASCII letters only ("Sở" ≠ "SỞ")
    others = Block.objects.filter(province=province).exclude(pk=exclude or None)
    if _folded(name) in {_folded(n) for n in others.values_list("name", flat=True)}:
        raise ValidationError(
            {
                "name": ValidationError(
                    _("The province already has a block of that name."), code="name_taken"
                )
            }
        )


def _block_fields(block: Block) -> dict:
    return {
        "name": block.name,
        "kind": block.kind,
        "description": block.description,
        "rotation_policy": block.rotation_policy,
        "archived": block.archived,
    }


@transaction.atomic
def block_create(
    *,
    province: Province,
    name: str,
    kind: str,
    description: str = "",
    rotation_policy: str = Block.Rotation.ELECTION,
    actor,
    request=None,
) -> Block:
    """A new block (khối) or cluster (cụm) of the province, without members yet."""
    _check_block_name(province, name)
    block = Block(
        province=province,
        name=name.strip(),
        kind=kind,
        description=description.strip(),
        rotation_policy=rotation_policy,
    )
    block.full_clean()
    block.save()
    log_action(
        actor=actor,
        action="blocks.block.created",
        obj=block,
        after=_block_fields(block),
        request=request,
    )
    return block


@transaction.atomic
def block_update(
    *,
    block: Block,
    name: str,
    kind: str,
    description: str,
    rotation_policy: str,
    actor,
    request=None,
) -> Block:
    """Rename a block, change its kind, description or rotation policy.

    A published year keeps the block's name as it was in its snapshot; the pages of other
    years show the new name.
    """
    block = Block.objects.select_for_update().get(pk=block.pk)
    _check_block_name(block.province, name, exclude=block.pk)
    before = _block_fields(block)
    block.name, block.kind = name.strip(), kind
    block.description, block.rotation_policy = description.strip(), rotation_policy
    block.full_clean()
    block.save()
    after = _block_fields(block)
    changed = {k for k in after if after[k] != before[k]}
    log_action(
        actor=actor,
        action="blocks.block.changed",
        obj=block,
        before={k: before[k] for k in changed},
        after={k: after[k] for k in changed},
        request=request,
    )
    return block


@transaction.atomic
def block_set_archived(*, block: Block, archived: bool, actor, request=None) -> Block:
    """Archive a block (it leaves the lists, its years stay readable) or bring it back."""
    block = Block.objects.select_for_update().get(pk=block.pk)
    if block.archived == archived:
        raise ValidationError(
            _("The block is already archived.") if archived else _("The block is not archived."),
            code="no_change",
        )
    block.archived = archived
    block.full_clean()
    block.save(update_fields=["archived"])
    log_action(
        actor=actor,
        action="blocks.block.archived" if archived else "blocks.block.unarchived",
        obj=block,
        before={"archived": not archived},
        after={"archived": archived},
        request=request,
    )
    return block


def _published_years(block_ids, start: datetime.date, end: datetime.date | None) -> list[int]:
    """Published years of these blocks that a membership from `start` to `end` touches."""
    years = Term.objects.filter(
        block_id__in=block_ids, status=Term.Status.PUBLISHED, year__gte=start.year
    )
    if end is not None:
        years = years.filter(year__lte=end.year)
    return sorted(set(years.values_list("year", flat=True)))


def _refuse_published(block_ids, start: datetime.date, end: datetime.date | None) -> None:
    years = _published_years(block_ids, start, end)
    if years:
        raise ValidationError(
            _(
                "The results of %(years)s are published: memberships of a published year "
                "cannot change."
            ),
            code="published_year",
            params={"years": ", ".join(str(y) for y in years)},
        )


@transaction.atomic
def membership_add(
    *,
    block: Block,
    unit: Unit,
    valid_from: datetime.date,
    valid_to: datetime.date | None = None,
    rotation_position: int | None = None,
    actor,
    request=None,
) -> Membership:
    """A unit joins a block from `valid_from` (until `valid_to`, or with no end)."""
    if unit.province_id != block.province_id:
        raise ValidationError(
            {
                "unit": ValidationError(
                    _("The unit belongs to another province."), code="other_province"
                )
            }
        )
    if valid_to is not None and valid_to < valid_from:
        raise ValidationError(
            {
                "valid_to": ValidationError(
                    _("The end is before the start."), code="end_before_start"
                )
            }
        )
    if unit.active_to is not None and valid_from > unit.active_to:
        raise ValidationError(
            {
                "unit": ValidationError(
                    _("The unit no longer exists on that date."), code="unit_inactive"
                )
            }
        )
    _refuse_published([block.pk], valid_from, valid_to)
    membership = Membership(
        block=block,
        unit=unit,
        valid_from=valid_from,
        valid_to=valid_to,
        rotation_position=rotation_position,
    )
    membership.full_clean()
    membership.save()
    log_action(
        actor=actor,
        action="blocks.membership.added",
        obj=membership,
        after={
            "block_id": block.pk,
            "unit_id": unit.pk,
            "valid_from": _iso(valid_from),
            "valid_to": _iso(valid_to),
            "rotation_position": rotation_position,
        },
        request=request,
    )
    return membership


def _leads_after(membership: Membership, valid_to: datetime.date) -> list[int]:
    """Years of the block after `valid_to`'s year that the unit leads or deputises: it must stay
    a member in them (`Term.clean`)."""
    return sorted(
        Term.objects.filter(block_id=membership.block_id, year__gt=valid_to.year)
        .filter(Q(leader_id=membership.unit_id) | Q(deputy_id=membership.unit_id))
        .values_list("year", flat=True)
    )


@transaction.atomic
def membership_end(
    *, membership: Membership, valid_to: datetime.date, actor, request=None
) -> Membership:
    """A unit leaves a block: its membership ends on `valid_to` (its last day)."""
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if membership.valid_to is not None:
        raise ValidationError(_("This membership has already ended."), code="already_ended")
    if valid_to < membership.valid_from:
        raise ValidationError(
            {
                "valid_to": ValidationError(
                    _("The end is before the start."), code="end_before_start"
                )
            }
        )
    # the years the membership no longer covers: from the day after the end
    _refuse_published([membership.block_id], valid_to + ONE_DAY, None)
    years = _leads_after(membership, valid_to)
    if years:
        raise ValidationError(
            {
                "valid_to": ValidationError(
                    _("The unit leads or deputises the block in %(years)s: change that first."),
                    code="leads_a_year",
                    params={"years": ", ".join(str(y) for y in years)},
                )
            }
        )
    membership.valid_to = valid_to
    membership.full_clean()
    membership.save(update_fields=["valid_to"])
    log_action(
        actor=actor,
        action="blocks.membership.ended",
        obj=membership,
        before={"valid_to": None},
        after={"valid_to": _iso(valid_to)},
        request=request,
    )
    return membership


@transaction.atomic
def rotation_order_set(
    *, block: Block, positions: dict[int, int | None], actor, request=None
) -> Block:
    """The ordered rotation list: `positions` maps membership ids of the block to their place
    (None: not on the list). Two memberships cannot share a place."""
    memberships = {
        m.pk: m
        for m in Membership.objects.select_for_update().filter(block=block, pk__in=positions)
    }
    if set(memberships) != set(positions):
        raise ValidationError(_("A membership is not of this block."), code="other_block")
    places = [p for p in positions.values() if p is not None]
    if len(places) != len(set(places)):
        raise ValidationError(
            _("Two units cannot share a place on the rotation list."), code="duplicate_position"
        )
    before, after = {}, {}
    for pk, position in positions.items():
        m = memberships[pk]
        if m.rotation_position != position:
            before[str(m.unit_id)], after[str(m.unit_id)] = m.rotation_position, position
            m.rotation_position = position
            m.full_clean()
            m.save(update_fields=["rotation_position"])
    log_action(
        actor=actor,
        action="blocks.rotation.ordered",
        obj=block,
        before=before,
        after=after,
        request=request,
    )
    return block


def _check_unit_name(province_id: int, name: str) -> str:
    name = name.strip()
    if not name:
        raise ValidationError(_("A unit needs a name."), code="name_required")
    names = Unit.objects.filter(province_id=province_id).values_list("name", flat=True)
    if _folded(name) in {_folded(n) for n in names}:
        raise ValidationError(
            _("The province already has a unit named “%(name)s”."),
            code="name_taken",
            params={"name": name},
        )
    return name


@transaction.atomic
def unit_create(
    *,
    province: Province,
    name: str,
    kind: str,
    short_name: str = "",
    active_from: datetime.date | None = None,
    actor,
    request=None,
) -> Unit:
    """A unit of the province (a new agency). Renames and mergers go through
    `unit_reorganise`, which keeps the old row."""
    try:
        name = _check_unit_name(province.pk, name)
    except ValidationError as exc:
        raise ValidationError({"name": exc}) from exc
    unit = Unit(
        province=province,
        name=name,
        short_name=short_name.strip(),
        kind=kind,
        active_from=active_from,
    )
    unit.full_clean()
    unit.save()
    log_action(
        actor=actor,
        action="blocks.unit.created",
        obj=unit,
        after={"name": unit.name, "kind": unit.kind, "active_from": _iso(active_from)},
        request=request,
    )
    return unit
