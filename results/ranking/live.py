"""The rows of a live ranking, read from the verified (or locked) sheets of a block-year.

Three queries, however many units and criteria: the criteria of the scale the sheets were
scored against (1), the sheets with their units (1) and the counted scores (1). The sums are
done here in `Decimal` from the decimal columns (exact on every database) rather than by SQL
SUM, which SQLite computes in floating point. On 30 units × 12 criteria this is also one query
fewer than the aggregate plus breakdown it replaces (the per-criterion breakdown is read anyway).
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from blocks.models import Term
from campaigns.models import Criterion
from campaigns.selectors import current_scale_id
from emulation.collation import sorted_vi
from results.ranking.rows import RankingRow, q2
from scoring.models import Score, ScoreSheet
from scoring.selectors import COUNTED_STATUSES

_KIND_FIELD = {
    Criterion.Kind.SCORED: "base",
    Criterion.Kind.BONUS: "bonus",
    Criterion.Kind.DEDUCTION: "deduction",
}


@dataclass
class LiveRows:
    criteria: list[dict]  # code, title, kind, max_points (Decimal), parent (a code)
    nominal_total: Decimal | None
    rows: list[RankingRow]
    pending: list[ScoreSheet] = field(default_factory=list)


def _criteria(term: Term) -> tuple[list[dict], Decimal | None, int | None]:
    criteria = list(
        Criterion.objects.filter(scale_id=current_scale_id(term.pk))
        .select_related("scale")
        .order_by("order", "code")
    )
    nominal_total = q2(criteria[0].scale.nominal_total) if criteria else None
    scale_id = criteria[0].scale_id if criteria else None
    return criterion_dicts(criteria), nominal_total, scale_id


def criterion_dicts(criteria: Sequence[Criterion]) -> list[dict]:
    """Criteria as the engine and the snapshot read them: the parent named by its code."""
    codes = {c.pk: c.code for c in criteria}
    return [
        {
            "code": c.code,
            "title": c.title,
            "kind": c.kind,
            "max_points": q2(c.max_points),
            "parent": codes.get(c.parent_id),
        }
        for c in criteria
    ]


def live_rows(term: Term) -> LiveRows:
    """Unranked rows for the counted sheets, plus the sheets still pending (3 queries).

    One version only: a sheet on another version than the current one is pending (approving a
    version moves every sheet onto it, so this is a guard), and only scores on the current
    version's criteria count (the lines a version removed keep their scores, not counted).
    """
    criteria, nominal_total, scale_id = _criteria(term)
    sheets = sorted_vi(
        ScoreSheet.objects.filter(term=term).select_related("unit"), key=lambda s: s.unit.name
    )
    rows: dict[int, RankingRow] = {
        s.pk: RankingRow(
            unit_id=s.unit_id,
            unit_name=s.unit.name,
            unit_short_name=s.unit.short_name,
            sheet_id=s.pk,
        )
        for s in sheets
        if s.status in COUNTED_STATUSES and s.scale_id == scale_id
    }
    scores = Score.objects.filter(
        sheet__term=term,
        sheet__status__in=COUNTED_STATUSES,
        sheet__scale_id=scale_id,
        criterion__scale_id=scale_id,
    )
    for sheet_id, code, kind, max_points, own, reviewed in scores.values_list(
        "sheet_id",
        "criterion__code",
        "criterion__kind",
        "criterion__max_points",
        "self_points",
        "reviewed_points",
    ).order_by():
        row = rows[sheet_id]
        final = q2(reviewed if reviewed is not None else own)
        row.points[code] = final
        attribute = _KIND_FIELD.get(kind)
        if attribute is not None:
            setattr(row, attribute, getattr(row, attribute) + final)
        if kind == Criterion.Kind.SCORED and max_points > 0 and final == max_points:
            row.full_marks += 1
    pending = [s for s in sheets if s.pk not in rows]
    return LiveRows(criteria, nominal_total, list(rows.values()), pending)
