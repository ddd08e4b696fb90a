"""The ranking engine of a block-year: the one place ranks, ties, bands and the leading unit are
computed, for live data and for published snapshots alike.

Entry point: `term_results(term, *, policy=None)`. The modules, each importing only downward
(results → scoring → campaigns → blocks):

- `rows`: ranking rows, exact two-decimal totals, tie-break rules, competition ranks;
- `live`: rows from the verified sheets (3 queries, sums in Decimal);
- `qualify`: tie policy, classification bands, incidents and the leading unit;
- `engine`: `rank` (no queries) and `term_results`;
- `snapshot`: the published JSON and the rows rebuilt from it for a correction.
"""

from results.ranking.engine import TermResults, rank, term_results
from results.ranking.live import LiveRows, criterion_dicts, live_rows
from results.ranking.qualify import (
    DEFAULT_BANDS,
    Band,
    UnitResult,
    apply_eligibility,
    bands_for,
    classify,
    incidents_for,
    policy_for,
)
from results.ranking.rows import (
    BASIC_RULES,
    ZERO,
    RankingRow,
    TieRule,
    assign_ranks,
    build_rules,
    q2,
    rule_choices,
    rule_labels,
    tie_note_for,
    tie_rules_from,
)
from results.ranking.snapshot import (
    band_snapshot,
    bands_from_snapshot,
    names_at_publication,
    results_snapshot,
    rows_from_snapshot,
)

__all__ = [
    "BASIC_RULES",
    "DEFAULT_BANDS",
    "ZERO",
    "Band",
    "LiveRows",
    "RankingRow",
    "TermResults",
    "TieRule",
    "UnitResult",
    "apply_eligibility",
    "assign_ranks",
    "band_snapshot",
    "bands_for",
    "bands_from_snapshot",
    "build_rules",
    "classify",
    "criterion_dicts",
    "incidents_for",
    "live_rows",
    "names_at_publication",
    "policy_for",
    "q2",
    "rank",
    "results_snapshot",
    "rows_from_snapshot",
    "rule_choices",
    "rule_labels",
    "term_results",
    "tie_note_for",
    "tie_rules_from",
]
