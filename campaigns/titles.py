"""Which titles a unit may aim for when it registers (issue #15 item 3).

Titles marked `AwardType.requires_leading_unit` (the province's and the Government's flags) are
reserved to the block's leading unit. When a unit registers, at the start of the year, the
leading unit the block knows is the one that led its latest published ranking; a block with no
published year yet knows none, and then every member may aim for them. The final check — the
leading unit of *this* year's ranking, eligible — stays where the proposal is made, on the
published ranking. One rule, used by the registration form and `registration_submit`.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from blocks.models import Term, Unit
from campaigns.models import AwardType


@dataclass(frozen=True)
class LeadingUnit:
    """The unit that led the block's latest published ranking before a year, and that year."""

    unit_id: int | None
    year: int | None
    name: str = ""


def previous_leading_unit(term: Term) -> LeadingUnit:
    """The leading unit of the block's latest published year before `term` (1 query).

    Read from the published snapshot through `Term.publications` (the reverse relation, so
    campaigns imports nothing from results): its latest version, corrections included.
    """
    row = (
        Term.objects.filter(block_id=term.block_id, year__lt=term.year, publications__isnull=False)
        .order_by("-year", "-publications__version")
        .values_list(
            "year",
            "publications__snapshot__leading_unit__unit_id",
            "publications__snapshot__leading_unit__unit_name",
        )
        .first()
    )
    if row is None:
        return LeadingUnit(unit_id=None, year=None)
    year, unit_id, name = row
    return LeadingUnit(
        unit_id=int(unit_id) if unit_id is not None else None, year=year, name=name or ""
    )


def refusal(award: AwardType, unit: Unit, leading: LeadingUnit) -> str:
    """Why `unit` may not aim for `award`; empty when it may."""
    if not award.requires_leading_unit or leading.year is None:
        return ""
    if leading.unit_id == unit.pk:
        return ""
    if leading.unit_id is None:
        return _("Reserved to the block's leading unit: the block had none in %(year)s.") % {
            "year": leading.year
        }
    return _("Reserved to the block's leading unit: %(unit)s led the block in %(year)s.") % {
        "unit": leading.name,
        "year": leading.year,
    }


@dataclass(frozen=True)
class TitleChoices:
    offered: list[AwardType]
    reserved: list[tuple[AwardType, str]]  # (title, why not)


def title_choices(term: Term, unit: Unit) -> TitleChoices:
    """The active titles `unit` may aim for in `term`, and the others with the reason (2
    queries)."""
    leading = previous_leading_unit(term)
    offered, reserved = [], []
    for award in AwardType.objects.filter(active=True).order_by("order", "name"):
        why = refusal(award, unit, leading)
        if why:
            reserved.append((award, why))
        else:
            offered.append(award)
    return TitleChoices(offered, reserved)
