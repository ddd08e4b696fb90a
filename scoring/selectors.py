"""Reads that shape scoring data for pages and reports.

The ranking is computed from verified sheets in a fixed number of queries, however many units
and criteria the block has: the latest scale's criteria (1), the sheets (1), the totals as one
aggregate (1) and, for the per-criterion breakdown, the scores (1).
"""

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Case, DecimalField, F, Q, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from blocks.models import Term
from campaigns.models import Criterion, Scale
from scoring.models import Score, ScoreSheet

ZERO = Decimal("0")
COUNTED_STATUSES = (ScoreSheet.Status.VERIFIED, ScoreSheet.Status.LOCKED)
_DECIMAL = DecimalField(max_digits=8, decimal_places=2)
FINAL_POINTS = Coalesce(F("reviewed_points"), F("self_points"), Value(ZERO), output_field=_DECIMAL)


@dataclass
class RankingRow:
    unit_id: int
    unit_name: str
    unit_short_name: str
    sheet_id: int
    base: Decimal = ZERO
    bonus: Decimal = ZERO
    deduction: Decimal = ZERO
    points: dict[str, Decimal] = field(default_factory=dict)  # criterion code → final points
    full_marks: int = 0
    rank: int = 0
    shared: bool = False
    tie_note: str = ""

    @property
    def total(self) -> Decimal:
        # Never clamped: bonus can take a unit past the nominal maximum (97 + 10 = 107).
        return self.base + self.bonus - self.deduction


@dataclass(frozen=True)
class TieRule:
    """One rule of an ordered tie-break policy: a higher key wins."""

    code: str
    label: str
    key: Callable[[RankingRow], Decimal | int]


def _group_rule(code: str, criteria: Sequence[Criterion]) -> TieRule | None:
    group = next((c for c in criteria if c.code == code and c.kind == Criterion.Kind.GROUP), None)
    if group is None:
        return None
    leaf_codes = {c.code for c in criteria if c.parent_id == group.pk}
    return TieRule(
        code=f"group:{code}",
        label=str(_("higher score in group %(group)s") % {"group": group.title}),
        key=lambda row: sum((row.points.get(c, ZERO) for c in leaf_codes), ZERO),
    )


def tie_rules(codes: Sequence[str], criteria: Sequence[Criterion]) -> list[TieRule]:
    """Turn a configured policy (rule codes, in order) into rules."""
    rules: list[TieRule] = []
    for code in codes:
        if code == "full_marks":
            rules.append(
                TieRule(code, str(_("more criteria at full marks")), lambda r: r.full_marks)
            )
        elif code == "fewer_deductions":
            rules.append(TieRule(code, str(_("fewer deduction points")), lambda r: -r.deduction))
        elif code == "base":
            rules.append(TieRule(code, str(_("higher base score")), lambda r: r.base))
        elif code.startswith("group:"):
            rule = _group_rule(code.split(":", 1)[1], criteria)
            if rule:
                rules.append(rule)
    return rules


@dataclass
class Ranking:
    term: Term
    scale: Scale | None
    criteria: list[Criterion]
    rows: list[RankingRow]
    pending: list[ScoreSheet]

    @property
    def leaf_criteria(self) -> list[Criterion]:
        return [c for c in self.criteria if c.kind == Criterion.Kind.SCORED]

    @property
    def bonus_criteria(self) -> list[Criterion]:
        return [c for c in self.criteria if c.kind == Criterion.Kind.BONUS]

    @property
    def deduction_criteria(self) -> list[Criterion]:
        return [c for c in self.criteria if c.kind == Criterion.Kind.DEDUCTION]


def assign_ranks(rows: list[RankingRow], rules: Sequence[TieRule] = ()) -> list[RankingRow]:
    """Sort rows by total, break ties by `rules` in order, share the rank of what is left.

    Competition ranking: two units tied for 2nd both get 2 and the next gets 4 ("1, 2, 2, 4").
    Each row of a tie records which rule decided it, or that the rank is shared.
    """

    def key(row: RankingRow):
        return (row.total, *(rule.key(row) for rule in rules))

    # Alphabetical first, so units sharing a rank are listed by name (the sort is stable).
    ordered = sorted(sorted(rows, key=lambda r: r.unit_name), key=key, reverse=True)
    for index, row in enumerate(ordered):
        previous = ordered[index - 1] if index else None
        if previous is not None and key(previous) == key(row):
            row.rank, row.shared, previous.shared = previous.rank, True, True
        else:
            row.rank = index + 1
    by_total: dict[Decimal, list[RankingRow]] = defaultdict(list)
    for row in ordered:
        by_total[row.total].append(row)
    for tied in by_total.values():
        if len(tied) < 2:
            continue
        for row in tied:
            row.tie_note = _explain_tie(row, tied, rules)
    return ordered


def _explain_tie(row: RankingRow, tied: list[RankingRow], rules: Sequence[TieRule]) -> str:
    if not row.shared:
        for rule in rules:
            if len({rule.key(r) for r in tied}) > 1:
                return str(_("Tie on total broken by: %(rule)s.") % {"rule": rule.label})
    return str(_("Tied on every rule: rank shared."))


def compute_ranking(
    term: Term, *, tie_policy: Sequence[str] = (), with_breakdown: bool = True
) -> Ranking:
    """The live ranking of a block-year from its verified (or locked) sheets."""
    criteria = list(
        Criterion.objects.filter(
            scale_id=Subquery(
                Scale.objects.filter(term_id=term.pk).order_by("-version").values("pk")[:1]
            )
        )
        .select_related("scale")
        .order_by("order", "code")
    )
    scale = criteria[0].scale if criteria else None
    sheets = list(
        ScoreSheet.objects.filter(term=term).select_related("unit").order_by("unit__name")
    )
    counted = {s.pk: s for s in sheets if s.status in COUNTED_STATUSES}
    pending = [s for s in sheets if s.pk not in counted]

    def kind_sum(kind: str):
        return Coalesce(
            Sum(Case(When(criterion__kind=kind, then=FINAL_POINTS), output_field=_DECIMAL)),
            Value(ZERO),
            output_field=_DECIMAL,
        )

    totals = (
        Score.objects.filter(sheet__term=term, sheet__status__in=COUNTED_STATUSES)
        .values("sheet_id")
        .annotate(
            base=kind_sum(Criterion.Kind.SCORED),
            bonus=kind_sum(Criterion.Kind.BONUS),
            deduction=kind_sum(Criterion.Kind.DEDUCTION),
            full_marks=Sum(
                Case(
                    When(
                        Q(criterion__kind=Criterion.Kind.SCORED)
                        & Q(criterion__max_points__gt=0)
                        & Q(
                            Q(reviewed_points=F("criterion__max_points"))
                            | Q(
                                reviewed_points__isnull=True,
                                self_points=F("criterion__max_points"),
                            )
                        ),
                        then=Value(1),
                    ),
                    default=Value(0),
                )
            ),
        )
        .order_by()
    )
    rows: dict[int, RankingRow] = {}
    for sheet in counted.values():
        rows[sheet.pk] = RankingRow(
            unit_id=sheet.unit_id,
            unit_name=sheet.unit.name,
            unit_short_name=sheet.unit.short_name,
            sheet_id=sheet.pk,
        )
    for item in totals:
        row = rows[item["sheet_id"]]
        row.base, row.bonus, row.deduction = item["base"], item["bonus"], item["deduction"]
        row.full_marks = item["full_marks"] or 0
    if with_breakdown and rows:
        for item in Score.objects.filter(
            sheet__term=term, sheet__status__in=COUNTED_STATUSES
        ).values_list("sheet_id", "criterion__code", FINAL_POINTS):
            rows[item[0]].points[item[1]] = item[2]
    ranked = assign_ranks(list(rows.values()), tie_rules(tie_policy, criteria))
    return Ranking(term=term, scale=scale, criteria=criteria, rows=ranked, pending=pending)


def ranking_snapshot(ranking: Ranking) -> dict:
    """The JSON a publication freezes: names at the time, figures as strings."""
    return {
        "criteria": [
            {
                "code": c.code,
                "title": c.title,
                "kind": c.kind,
                "max_points": str(c.max_points),
                "parent": next((p.code for p in ranking.criteria if p.pk == c.parent_id), None),
            }
            for c in ranking.criteria
        ],
        "nominal_total": str(ranking.scale.nominal_total) if ranking.scale else None,
        "leader": ranking.term.leader.name,
        "deputy": ranking.term.deputy.name if ranking.term.deputy else None,
        "rows": [
            {
                "rank": r.rank,
                "shared": r.shared,
                "unit_id": r.unit_id,
                "unit_name": r.unit_name,
                "unit_short_name": r.unit_short_name,
                "base": str(r.base),
                "bonus": str(r.bonus),
                "deduction": str(r.deduction),
                "total": str(r.total),
                "points": {code: str(v) for code, v in r.points.items()},
                "tie_note": r.tie_note,
            }
            for r in ranking.rows
        ],
    }
