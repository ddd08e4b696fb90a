"""A published snapshot: written from ranked results, read back into rows for a correction.

Every figure is stored as a string with exactly two decimals ("91.15", never
"91.1499999999999"), and read back as the same `Decimal`.
"""

from collections.abc import Sequence
from decimal import Decimal

from results.ranking.engine import TermResults
from results.ranking.qualify import POINTS, Band
from results.ranking.rows import ZERO, RankingRow, q2


def _full_marks(points: dict[str, Decimal], criteria: Sequence[dict]) -> int:
    return sum(
        1
        for c in criteria
        if c["kind"] == "scored"
        and c["max_points"] > 0
        and points.get(c["code"]) == c["max_points"]
    )


def _row_from(data: dict, points: dict[str, Decimal], criteria: Sequence[dict]) -> RankingRow:
    kinds = {c["code"]: c["kind"] for c in criteria}

    def kind_sum(kind: str) -> Decimal:
        return q2(sum((v for code, v in points.items() if kinds.get(code) == kind), ZERO))

    return RankingRow(
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


def rows_from_snapshot(
    snapshot: dict, adjustments: dict[tuple[int, str], Decimal] | None = None
) -> tuple[list[RankingRow], list[dict], dict[int, list[str]]]:
    """Rebuild ranking rows from a published snapshot, with corrected points applied.

    Returns (rows, criteria, incidents as recorded in the snapshot).
    """
    adjustments = adjustments or {}
    criteria = [{**c, "max_points": q2(c["max_points"])} for c in snapshot["criteria"]]
    rows, incidents = [], {}
    for data in snapshot["rows"]:
        points = {code: q2(v) for code, v in data["points"].items()}
        for (unit_id, code), value in adjustments.items():
            if unit_id == data["unit_id"]:
                points[code] = q2(value)
        rows.append(_row_from(data, points, criteria))
        if data.get("incidents") and not data.get("eligible", True):
            incidents[data["unit_id"]] = list(data["incidents"])
    return rows, criteria, incidents


def _figure(value: Decimal | None) -> str | None:
    return None if value is None else str(q2(value))


def _row_snapshot(row: RankingRow, results: TermResults) -> dict:
    extra = results.extra[row.unit_id]
    return {
        "rank": row.rank,
        "shared": row.shared,
        "unit_id": row.unit_id,
        "unit_name": row.unit_name,
        "unit_short_name": row.unit_short_name,
        "base": _figure(row.base),
        "bonus": _figure(row.bonus),
        "deduction": _figure(row.deduction),
        "total": _figure(row.total),
        "full_marks": row.full_marks,
        "points": {code: _figure(v) for code, v in row.points.items()},
        "tie_rules": row.tie_rules,
        # In the language of the day of publication, for anyone reading the JSON; pages and
        # documents word the note again from `tie_rules` (results.selectors.as_decimals).
        "tie_note": row.tie_note,
        "classification": extra.classification,
        "classification_note": extra.classification_note,
        "eligible": extra.eligible,
        "incidents": extra.incidents,
        "leading": extra.leading,
        "passed_over_note": extra.passed_over_note,
    }


def band_snapshot(band: Band, nominal_total: Decimal | None) -> dict:
    """A band as published: how it was set (`min_total` with its `basis`) and what that was
    in points on the year's scale (`min_points`), which is what the documents print."""
    return {
        "label": band.label,
        "min_total": str(band.min_total),
        "basis": band.basis,
        "min_points": _figure(band.min_points(nominal_total)),
        "floor_percent": str(band.floor_percent),
    }


def bands_from_snapshot(snapshot: dict) -> list[Band]:
    """The bands a snapshot recorded; those published before the basis existed were points."""
    return [
        Band(
            b["label"],
            Decimal(b["min_total"]),
            Decimal(b["floor_percent"]),
            b.get("basis", POINTS),
        )
        for b in snapshot.get("bands", [])
    ]


def names_at_publication(term) -> dict:
    """Every name a document of the year prints, as it is today: frozen into the snapshot on
    the day of publication, so that a reprint after a province merger or a block rename is
    still the document that was issued. The issuing body is the block's leader unit (under the
    block's name), and it signs through its head: the role, not a person, is printed."""
    return {
        "province": term.block.province.name,
        "province_id": term.block.province_id,
        "block": term.block.name,
        "block_id": term.block_id,
        "leader": term.leader.name,
        "deputy": term.deputy.name if term.deputy else None,
        "issuer_top": term.block.name,
        "issuer": term.leader.name,
        "signer": term.leader.name,
    }


def results_snapshot(results: TermResults) -> dict:
    """The JSON a publication freezes: names at the time, figures as strings, and the reasons."""
    term = results.term
    leading = next((r for r in results.rows if r.unit_id == results.leading_unit_id), None)
    return {
        "criteria": [{**c, "max_points": _figure(c["max_points"])} for c in results.criteria],
        "nominal_total": _figure(results.nominal_total),
        "names": names_at_publication(term),
        "leader": term.leader.name,
        "leader_id": term.leader_id,
        "deputy": term.deputy.name if term.deputy else None,
        "deputy_id": term.deputy_id,
        "tie_policy": results.policy,
        "tie_policy_labels": results.policy_labels,
        "bands": [band_snapshot(b, results.nominal_total) for b in results.bands],
        "leading_unit": {"unit_id": leading.unit_id, "unit_name": leading.unit_name}
        if leading
        else None,
        "rows": [_row_snapshot(r, results) for r in results.rows],
    }
