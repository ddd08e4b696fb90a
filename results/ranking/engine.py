"""The one entry point: rank rows by the year's policy, classify them, name the leading unit."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from blocks.models import Term
from results.ranking.live import live_rows
from results.ranking.qualify import (
    Band,
    UnitResult,
    apply_eligibility,
    bands_for,
    classify,
    incidents_for,
    policy_for,
)
from results.ranking.rows import RankingRow, assign_ranks, build_rules


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
    """Rank `rows` by the policy, classify them and find the leading unit (no queries).

    Live data and the rows of a published snapshot (for a correction) both come through here,
    so a corrected version is ranked by exactly the same rules.
    """
    rules = build_rules(policy, criteria)
    for row in rows:
        row.rank, row.shared, row.tie_rules, row.tie_note = 0, False, None, ""
    ranked = assign_ranks(rows, rules)
    extra = {row.unit_id: UnitResult() for row in ranked}
    for row in ranked:
        label, note = classify(row, criteria, bands, nominal_total)
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


def term_results(term: Term, *, policy: Sequence[str] | None = None) -> TermResults:
    """The live results of a block-year.

    Queries: tie policy (1, unless given), bands (1), incidents (1), and the rows: criteria,
    sheets, scores (3).
    """
    policy = policy_for(term) if policy is None else list(policy)
    bands = bands_for(term)
    incidents = incidents_for(term)
    live = live_rows(term)
    return rank(
        term=term,
        rows=live.rows,
        criteria=live.criteria,
        nominal_total=live.nominal_total,
        policy=policy,
        bands=bands,
        incidents=incidents,
        pending=live.pending,
    )
