"""The full ranking engine of a block-year, built on `scoring.selectors`.

scoring gives the totals (base + bonus − deduction, never clamped), competition ranks and the
tie-break mechanics. Here we add what the block and the board configure and qualify:

- the tie-break policy of the year (`TiePolicy`), including rules scoring does not know
  (`criterion:<code>`: higher score on one named criterion);
- classification bands (xếp loại) with per-criterion floors, per province or per block-year,
  defaulting to the four bands of the domain document;
- eligibility: recorded incidents bar a unit from being the leading unit; the leading unit is
  the highest-ranked eligible unit and every unit passed over says why.

The same engine ranks live data (from the verified sheets) and the rows of a published snapshot
(for a correction), so a corrected version is ranked by exactly the same rules.
"""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from blocks.models import Term
from campaigns.models import Criterion
from results.models import ClassificationBand, Incident, TiePolicy
from scoring.selectors import (
    ZERO,
    Ranking,
    RankingRow,
    TieRule,
    assign_ranks,
    compute_ranking,
    tie_rules,
)

# The published 2025 draft quoted in the domain document (shared/domain.md §3).
DEFAULT_BANDS = [
    # label, minimum total, floor % on every criterion
    (gettext_lazy("Excellently completed"), Decimal("90"), Decimal("85")),
    (gettext_lazy("Well completed"), Decimal("80"), Decimal("80")),
    (gettext_lazy("Completed"), Decimal("70"), Decimal("70")),
    (gettext_lazy("Not completed"), Decimal("0"), Decimal("0")),
]

# Rule codes offered in the policy form; "group:<code>" and "criterion:<code>" are added per scale.
BASIC_RULES = ("full_marks", "fewer_deductions", "base")


@dataclass(frozen=True)
class Band:
    label: str
    min_total: Decimal
    floor_percent: Decimal


@dataclass
class UnitResult:
    """What the engine adds to a ranking row."""

    classification: str = ""
    classification_note: str = ""  # e.g. which criterion fell below the floor of a higher band
    eligible: bool = True
    incidents: list[str] = field(default_factory=list)
    leading: bool = False
    passed_over_note: str = ""


@dataclass
class TermResults:
    term: Term
    criteria: list[dict]  # code, title, kind, max_points (Decimal), parent
    nominal_total: Decimal | None
    rows: list[RankingRow]
    extra: dict[int, UnitResult]  # unit id → classification, eligibility, …
    policy: list[str]
    policy_labels: list[str]
    bands: list[Band]
    leading_unit_id: int | None
    pending: list = field(default_factory=list)


def _criterion_rule(code: str, criteria: Sequence[dict]) -> TieRule | None:
    criterion = next((c for c in criteria if c["code"] == code and c["kind"] != "group"), None)
    if criterion is None:
        return None
    return TieRule(
        code=f"criterion:{code}",
        label=_("higher score on criterion %(code)s") % {"code": code},
        key=lambda row: row.points.get(code, ZERO),
    )


class _CriterionStub:
    """What scoring's `tie_rules` reads of a criterion, rebuilt from snapshot dicts."""

    def __init__(self, data: dict, pk: int, parent_pk: int | None):
        self.code, self.title, self.kind = data["code"], data["title"], data["kind"]
        self.pk, self.parent_id = pk, parent_pk


def build_rules(codes: Sequence[str], criteria: Sequence[dict]) -> list[TieRule]:
    """Policy codes → rules, in order; unknown codes (a group no longer in the scale) are
    skipped."""
    pks = {c["code"]: index + 1 for index, c in enumerate(criteria)}
    stubs = [_CriterionStub(c, pks[c["code"]], pks.get(c.get("parent"))) for c in criteria]
    rules: list[TieRule] = []
    for code in codes:
        if code.startswith("criterion:"):
            rule = _criterion_rule(code.split(":", 1)[1], criteria)
            if rule:
                rules.append(rule)
        else:
            rules.extend(tie_rules([code], stubs))
    return rules


def rule_choices(criteria: Sequence[dict]) -> list[tuple[str, str]]:
    """Every rule the policy form offers for this scale: (code, label)."""
    codes = list(BASIC_RULES)
    codes += [f"group:{c['code']}" for c in criteria if c["kind"] == "group"]
    codes += [f"criterion:{c['code']}" for c in criteria if c["kind"] == "scored"]
    return [(rule.code, rule.label) for rule in build_rules(codes, criteria)]


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
        return [Band(str(label), low, floor) for label, low, floor in DEFAULT_BANDS]
    return [Band(b.label, b.min_total, b.floor_percent) for b in chosen]


def classify(row: RankingRow, criteria: Sequence[dict], bands: Sequence[Band]) -> tuple[str, str]:
    """The first band (highest minimum first) whose minimum and floors the row meets.

    Returns (label, note); the note names the criterion that kept the unit out of a higher band
    its total alone would have reached.
    """
    scored = [c for c in criteria if c["kind"] == "scored" and c["max_points"] > 0]
    note = ""
    for band in sorted(bands, key=lambda b: b.min_total, reverse=True):
        # A band starting at 0 also holds a total pushed below zero by deductions.
        if row.total < band.min_total and band.min_total > 0:
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


def policy_for(term: Term) -> list[str]:
    policy = TiePolicy.objects.filter(term_id=term.pk).values_list("rules", flat=True).first()
    return list(policy or [])


def rank(
    *,
    term: Term,
    rows: list[RankingRow],
    criteria: list[dict],
    nominal_total: Decimal | None,
    policy: Sequence[str],
    bands: Sequence[Band],
    incidents: dict[int, list[str]],
    pending: list | None = None,
) -> TermResults:
    """Rank `rows` by the policy, classify them and find the leading unit (no queries)."""
    rules = build_rules(policy, criteria)
    for row in rows:
        row.rank, row.shared, row.tie_note = 0, False, ""
    ranked = assign_ranks(rows, rules)
    extra = {row.unit_id: UnitResult() for row in ranked}
    for row in ranked:
        label, note = classify(row, criteria, bands)
        extra[row.unit_id].classification = label
        extra[row.unit_id].classification_note = note
    leading = apply_eligibility(ranked, extra, incidents)
    return TermResults(
        term=term,
        criteria=criteria,
        nominal_total=nominal_total,
        rows=ranked,
        extra=extra,
        policy=list(policy),
        policy_labels=[r.label for r in rules],
        bands=list(bands),
        leading_unit_id=leading,
        pending=pending or [],
    )


def _criteria_dicts(ranking: Ranking) -> list[dict]:
    codes = {c.pk: c.code for c in ranking.criteria}
    return [
        {
            "code": c.code,
            "title": c.title,
            "kind": c.kind,
            "max_points": c.max_points,
            "parent": codes.get(c.parent_id),
        }
        for c in ranking.criteria
    ]


def term_results(term: Term, *, policy: Sequence[str] | None = None) -> TermResults:
    """The live results of a block-year.

    Queries: tie policy (1, unless given), bands (1), incidents (1), and the ranking from
    scoring: criteria, sheets, totals, breakdown (4).
    """
    policy = policy_for(term) if policy is None else list(policy)
    bands = bands_for(term)
    incidents = incidents_for(term)
    ranking = compute_ranking(term)
    return rank(
        term=term,
        rows=ranking.rows,
        criteria=_criteria_dicts(ranking),
        nominal_total=ranking.scale.nominal_total if ranking.scale else None,
        policy=policy,
        bands=bands,
        incidents=incidents,
        pending=ranking.pending,
    )


def _full_marks(points: dict[str, Decimal], criteria: Sequence[dict]) -> int:
    return sum(
        1
        for c in criteria
        if c["kind"] == Criterion.Kind.SCORED
        and c["max_points"] > 0
        and points.get(c["code"]) == c["max_points"]
    )


def rows_from_snapshot(
    snapshot: dict, adjustments: dict[tuple[int, str], Decimal] | None = None
) -> tuple[list[RankingRow], list[dict], dict[int, list[str]]]:
    """Rebuild ranking rows from a published snapshot, with corrected points applied.

    Returns (rows, criteria, incidents as recorded in the snapshot).
    """
    adjustments = adjustments or {}
    criteria = [{**c, "max_points": Decimal(c["max_points"])} for c in snapshot["criteria"]]
    kinds = {c["code"]: c["kind"] for c in criteria}
    rows, incidents = [], {}
    for data in snapshot["rows"]:
        points = {code: Decimal(v) for code, v in data["points"].items()}
        for (unit_id, code), value in adjustments.items():
            if unit_id == data["unit_id"]:
                points[code] = value

        def kind_sum(kind: str, points=points) -> Decimal:
            return sum((v for code, v in points.items() if kinds.get(code) == kind), ZERO)

        rows.append(
            RankingRow(
                unit_id=data["unit_id"],
                unit_name=data["unit_name"],
                unit_short_name=data.get("unit_short_name", ""),
                sheet_id=data.get("sheet_id", 0),
                base=kind_sum("scored"),
                bonus=kind_sum("bonus"),
                deduction=kind_sum("deduction"),
                points=points,
                full_marks=_full_marks(points, criteria),
            )
        )
        if data.get("incidents") and not data.get("eligible", True):
            incidents[data["unit_id"]] = list(data["incidents"])
    return rows, criteria, incidents


def results_snapshot(results: TermResults) -> dict:
    """The JSON a publication freezes: names at the time, figures as strings, and the reasons."""
    term = results.term
    leading = next((r for r in results.rows if r.unit_id == results.leading_unit_id), None)
    return {
        "criteria": [{**c, "max_points": str(c["max_points"])} for c in results.criteria],
        "nominal_total": str(results.nominal_total) if results.nominal_total is not None else None,
        "leader": term.leader.name,
        "leader_id": term.leader_id,
        "deputy": term.deputy.name if term.deputy else None,
        "deputy_id": term.deputy_id,
        "tie_policy": results.policy,
        "tie_policy_labels": results.policy_labels,
        "bands": [
            {"label": b.label, "min_total": str(b.min_total), "floor_percent": str(b.floor_percent)}
            for b in results.bands
        ],
        "leading_unit": {"unit_id": leading.unit_id, "unit_name": leading.unit_name}
        if leading
        else None,
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
                "full_marks": r.full_marks,
                "points": {code: str(v) for code, v in r.points.items()},
                "tie_note": r.tie_note,
                "classification": results.extra[r.unit_id].classification,
                "classification_note": results.extra[r.unit_id].classification_note,
                "eligible": results.extra[r.unit_id].eligible,
                "incidents": results.extra[r.unit_id].incidents,
                "leading": results.extra[r.unit_id].leading,
                "passed_over_note": results.extra[r.unit_id].passed_over_note,
            }
            for r in results.rows
        ],
    }
