"""What the block and the board configure and qualify on top of the ranks (a few queries each):

- the tie-break policy of the year (`TiePolicy`);
- classification bands (xếp loại) with per-criterion floors, per province or per block-year,
  defaulting to the four bands of the domain document;
- eligibility: recorded incidents bar a unit from being the leading unit; the leading unit is
  the highest-ranked eligible unit and every unit passed over says why.
"""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from blocks.models import Term
from results.models import ClassificationBand, Incident, TiePolicy
from results.ranking.rows import ZERO, RankingRow, q2

SHARE = ClassificationBand.Basis.SHARE.value
POINTS = ClassificationBand.Basis.POINTS.value

# The published 2025 draft quoted in the domain document (shared/domain.md §3), on a 100-point
# scale: kept as shares of the nominal total so that they mean the same on any scale.
DEFAULT_BANDS = [
    # label, minimum (% of the nominal total), floor % on every criterion
    (gettext_lazy("Excellently completed"), Decimal("90"), Decimal("85")),
    (gettext_lazy("Well completed"), Decimal("80"), Decimal("80")),
    (gettext_lazy("Completed"), Decimal("70"), Decimal("70")),
    (gettext_lazy("Not completed"), Decimal("0"), Decimal("0")),
]


@dataclass(frozen=True)
class Band:
    """`min_total` is points, or a percentage of the nominal total when `basis` is "share"."""

    label: str
    min_total: Decimal
    floor_percent: Decimal
    basis: str = POINTS

    def min_points(self, nominal_total: Decimal | None) -> Decimal:
        """The minimum in points on a scale of `nominal_total` (a share of 100 without one)."""
        if self.basis != SHARE:
            return self.min_total
        base = nominal_total if nominal_total else Decimal(100)
        return q2(base * self.min_total / 100)


@dataclass
class UnitResult:
    """What the engine adds to a ranking row."""

    classification: str = ""
    classification_note: str = ""  # e.g. which criterion fell below the floor of a higher band
    eligible: bool = True
    incidents: list[str] = field(default_factory=list)
    leading: bool = False
    passed_over_note: str = ""


def policy_for(term: Term) -> list[str]:
    """The block-year's tie-break rule codes, in order (1 query)."""
    policy = TiePolicy.objects.filter(term_id=term.pk).values_list("rules", flat=True).first()
    return list(policy or [])


def bands_for(term: Term) -> list[Band]:
    """The block-year's own bands, else the province's, else the defaults (1 query)."""
    rows = list(
        ClassificationBand.objects.filter(
            Q(term_id=term.pk) | Q(term__isnull=True, province_id=term.block.province_id)
        ).order_by("-min_total")
    )
    own = [b for b in rows if b.term_id == term.pk]
    chosen = own or [b for b in rows if b.term_id is None]
    if not chosen:
        return [Band(str(label), low, floor, SHARE) for label, low, floor in DEFAULT_BANDS]
    return [Band(b.label, b.min_total, b.floor_percent, b.min_basis) for b in chosen]


def incidents_for(term: Term) -> dict[int, list[str]]:
    """Unit id → reasons it cannot be the leading unit (1 query)."""
    result: dict[int, list[str]] = defaultdict(list)
    for incident in Incident.objects.filter(term_id=term.pk, makes_ineligible=True).order_by("pk"):
        text = str(incident.get_kind_display())
        note = incident.note.strip().rstrip(".")
        if note:
            text = f"{text} ({note})"
        result[incident.unit_id].append(text)
    return dict(result)


def classify(
    row: RankingRow,
    criteria: Sequence[dict],
    bands: Sequence[Band],
    nominal_total: Decimal | None = None,
) -> tuple[str, str]:
    """The first band (highest minimum first) whose minimum and floors the row meets.

    A band's minimum in points depends on the scale (`Band.min_points(nominal_total)`).
    Returns (label, note); the note names the criterion that kept the unit out of a higher band
    its total alone would have reached. Compared in Decimal: a floor of 85 % of 10 is 8,50 exactly.
    """
    scored = [c for c in criteria if c["kind"] == "scored" and c["max_points"] > 0]
    note = ""
    for band in sorted(bands, key=lambda b: b.min_points(nominal_total), reverse=True):
        minimum = band.min_points(nominal_total)
        # A band starting at 0 also holds a total pushed below zero by deductions.
        if row.total < minimum and minimum > 0:
            continue
        below = [
            c["code"]
            for c in scored
            if row.points.get(c["code"], ZERO) * 100 < band.floor_percent * c["max_points"]
        ]
        if not below:
            return band.label, note
        if not note:
            note = _("Not “%(band)s”: criterion %(codes)s below %(floor)s%% of its maximum.") % {
                "band": band.label,
                "codes": ", ".join(below),
                "floor": _percent(band.floor_percent),
            }
    return "", note


def _percent(value: Decimal) -> str:
    return str(value.quantize(Decimal(1)) if value == value.to_integral_value() else value)


def apply_eligibility(
    rows: Sequence[RankingRow], extra: dict[int, UnitResult], incidents: dict[int, list[str]]
) -> int | None:
    """Mark ineligible units; the leading unit is the highest-ranked eligible one.

    Units ranked above (or level with) the leading unit but ineligible get a note saying why
    they were passed over. Returns the leading unit's id, or None when no unit is eligible or
    several eligible units share the best rank.
    """
    for row in rows:
        reasons = incidents.get(row.unit_id, [])
        extra[row.unit_id].incidents = reasons
        extra[row.unit_id].eligible = not reasons
    best = next((row for row in rows if extra[row.unit_id].eligible), None)
    if best is None:
        return None
    for row in rows:
        if row.rank <= best.rank and not extra[row.unit_id].eligible:
            extra[row.unit_id].passed_over_note = _(
                "Not the leading unit despite rank %(rank)s: %(reasons)s."
            ) % {"rank": row.rank, "reasons": "; ".join(extra[row.unit_id].incidents)}
    # The leading unit must be the top scorer: when eligible units share the best rank (every
    # tie-break rule exhausted), the scores do not name one, and the listing order (by name)
    # must not either. The block settles it (a further rule, or a correction).
    level = [row for row in rows if row.rank == best.rank and extra[row.unit_id].eligible]
    if len(level) > 1:
        for row in level:
            others = ", ".join(r.unit_name for r in level if r is not row)
            extra[row.unit_id].passed_over_note = _(
                "No leading unit yet: shares rank %(rank)s with %(others)s."
            ) % {"rank": row.rank, "others": others}
        return None
    extra[best.unit_id].leading = True
    return best.unit_id
