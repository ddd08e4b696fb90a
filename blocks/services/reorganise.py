"""A unit's merger, split or rename, in one service: `unit_reorganise`.

The old rows stay as they were, names included, so every page about a past year shows the name
the unit had then; new rows carry the new names. From the effective date on, the successors
hold the predecessors' places in the blocks.
"""

import datetime
from collections.abc import Sequence

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from audit.services import log_action
from blocks.models import Membership, Term, Unit, UnitLineage
from blocks.services.organisation import ONE_DAY, _check_unit_name, _iso, _refuse_published

Kind = UnitLineage.Kind


def _check_shape(kind: str, predecessors: list[Unit], names: list[str], continuing) -> None:
    """Rename: one unit, one new name. Merge: two or more units into one new unit, or into
    one of them that continues. Split: one unit into two or more new ones."""
    count, made = len(predecessors), len(names) + (1 if continuing else 0)
    shapes = {
        Kind.RENAME: (
            count == 1 and len(names) == 1 and not continuing,
            _("A rename takes one unit and one new name."),
        ),
        Kind.MERGE: (
            count >= 2 and made == 1,
            _(
                "A merger takes two or more units and either one new name or the unit that "
                "continues."
            ),
        ),
        Kind.SPLIT: (
            count == 1 and len(names) >= 2 and not continuing,
            _("A split takes one unit and two or more new names."),
        ),
    }
    fits, message = shapes[kind]
    if not fits:
        raise ValidationError(message, code=f"{kind}_shape")
    if continuing and continuing.pk not in {u.pk for u in predecessors}:
        raise ValidationError(
            {"continuing": ValidationError(_("Choose one of the merged units."), code="not_merged")}
        )


def _check_units(predecessors: list[Unit], province_id: int, effective_on: datetime.date) -> None:
    for unit in predecessors:
        if unit.province_id != province_id:
            raise ValidationError(
                _("%(unit)s belongs to another province."),
                code="other_province",
                params={"unit": unit.name},
            )
        ended = unit.active_to is not None and unit.active_to < effective_on
        started_later = unit.active_from is not None and unit.active_from >= effective_on
        if ended or started_later:
            raise ValidationError(
                _("%(unit)s does not exist on the day before the change."),
                code="unit_inactive",
                params={"unit": unit.name},
            )


def _check_names(province_id, names: Sequence[str]) -> list[str]:
    cleaned = []
    for name in names:
        name = _check_unit_name(province_id, name)
        if name.casefold() in {n.casefold() for n in cleaned}:
            raise ValidationError(
                _("The province already has a unit named “%(name)s”."),
                code="name_taken",
                params={"name": name},
            )
        cleaned.append(name)
    return cleaned


@transaction.atomic
def unit_reorganise(
    *,
    kind: str,
    predecessors: Sequence[Unit],
    effective_on: datetime.date,
    successor_names: Sequence[str] = (),
    continuing: Unit | None = None,
    note: str = "",
    actor,
    request=None,
) -> list[Unit]:
    """Record that `predecessors` merged, split or were renamed on `effective_on`, and return
    the successors.

    - New units for `successor_names` (active from the effective date); a merger may instead
      name the predecessor that `continues` (it absorbs the others). `UnitLineage` links each
      ending predecessor to each successor.
    - Each ending predecessor is active until the day before; its memberships in force then
      end that day, and in each of those blocks the successors become members from the
      effective date (the first successor takes the predecessor's place on the rotation list).
    - With one successor (rename, merger): the unpublished years from the effective date's on
      that a predecessor leads or deputises pass to the successor, and the predecessors'
      officers now work for it. A split leaves officers and leadership to the board.

    Refused (nothing written): a wrong shape, units of another province or not existing then,
    a name already used, a membership starting on or after the change, a published year from
    the effective date on, or (split) a predecessor leading a later year.
    """
    predecessors = list(
        Unit.objects.select_for_update().filter(pk__in=[u.pk for u in predecessors]).order_by("pk")
    )
    if not predecessors:
        raise ValidationError(_("Choose the units that change."), code="predecessors_required")
    province_id = predecessors[0].province_id
    names = [n for n in successor_names if n.strip()]
    _check_shape(kind, predecessors, names, continuing)
    _check_units(predecessors, province_id, effective_on)
    names = _check_names(province_id, names)
    end = effective_on - ONE_DAY
    ending = [u for u in predecessors if not continuing or u.pk != continuing.pk]
    ending_ids = {u.pk for u in ending}
    memberships = list(
        Membership.objects.select_for_update()
        .filter(unit_id__in=ending_ids)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=effective_on))
        .order_by("block_id", "valid_from")
    )
    if any(m.valid_from >= effective_on for m in memberships):
        raise ValidationError(
            _("A membership of these units starts on or after the change: end or remove it first."),
            code="membership_after_change",
        )
    block_ids = list(dict.fromkeys(m.block_id for m in memberships))
    _refuse_published(block_ids, effective_on, None)
    leading = Term.objects.exclude(status=Term.Status.PUBLISHED).filter(
        Q(leader_id__in=ending_ids) | Q(deputy_id__in=ending_ids), year__gte=effective_on.year
    )
    if kind == Kind.SPLIT and leading.filter(year__gt=end.year).exists():
        raise ValidationError(
            _("The unit leads or deputises a later year: change that first."),
            code="leads_a_year",
        )

    successors = [continuing] if continuing else []
    template = predecessors[0]
    for name in names:
        unit = Unit(
            province_id=province_id,
            name=name,
            kind=template.kind,
            email=template.email if kind == Kind.RENAME else "",
            active_from=effective_on,
        )
        unit.full_clean()
        unit.save()
        successors.append(unit)
    for unit in ending:
        unit.active_to = end
        unit.full_clean()
        unit.save(update_fields=["active_to"])
    joined = _move_memberships(memberships, successors, effective_on)
    for unit in ending:
        for successor in successors:
            link = UnitLineage(
                predecessor=unit,
                successor=successor,
                effective_on=effective_on,
                kind=kind,
                note=note.strip()[:255],
            )
            link.full_clean()
            link.save()
    terms, officers = [], []
    if len(successors) == 1:
        terms = _pass_leadership(leading, ending_ids, successors[0])
        users = get_user_model().objects.filter(unit_id__in=ending_ids)
        officers = sorted(users.values_list("pk", flat=True))
        users.update(unit=successors[0])
    log_action(
        actor=actor,
        action="blocks.unit.reorganised",
        obj=successors[0],
        after={
            "kind": kind,
            "effective_on": _iso(effective_on),
            "predecessor_ids": [u.pk for u in predecessors],
            "successor_ids": [u.pk for u in successors],
            "memberships_ended": [m.pk for m in memberships],
            "memberships_started": joined,
            "terms_passed": terms,
            "officers_moved": officers,
        },
        reason=note.strip(),
        request=request,
    )
    return successors


def _move_memberships(
    memberships: list[Membership], successors: list[Unit], effective_on: datetime.date
) -> list[int]:
    """End the predecessors' memberships the day before and start the successors' on the
    effective date in the same blocks; returns the new memberships' ids."""
    end = effective_on - ONE_DAY
    positions: dict[int, int | None] = {}
    for m in memberships:
        listed = [p for p in (positions.get(m.block_id), m.rotation_position) if p is not None]
        positions[m.block_id] = min(listed) if listed else None
        m.valid_to = end
        m.full_clean()
        m.save(update_fields=["valid_to"])
    joined = []
    for block_id, position in positions.items():
        in_force = set(
            Membership.objects.on(effective_on)
            .filter(block_id=block_id, unit__in=successors)
            .values_list("unit_id", flat=True)
        )
        for index, successor in enumerate(successors):
            if successor.pk in in_force:  # the continuing unit, already a member
                continue
            new = Membership(
                block_id=block_id,
                unit=successor,
                valid_from=effective_on,
                rotation_position=position if index == 0 else None,
            )
            new.full_clean()
            new.save()
            joined.append(new.pk)
    return joined


def _pass_leadership(leading, ending_ids: set[int], successor: Unit) -> list[int]:
    """The successor takes over as leader or deputy in the years a predecessor held it."""
    changed = []
    for term in leading.select_for_update():
        if term.leader_id in ending_ids:
            term.leader = successor
        if term.deputy_id in ending_ids:
            term.deputy = successor
        if term.deputy_id == term.leader_id:
            term.deputy = None  # leader and deputy merged: the deputy is chosen again
        term.full_clean()
        term.save(update_fields=["leader", "deputy"])
        changed.append(term.pk)
    return changed
