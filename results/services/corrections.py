"""Corrections: a new published version of a published block-year, re-ranked and explained.

The scores of a published year stay read-only; a correction lives in the new version. It starts
from the latest snapshot, replaces the corrected points, and ranks again with the one engine
(`results.ranking.rank`) under the policy and bands the snapshot recorded. The new version says
what changed: the corrected points, and every unit whose rank, total, classification or
leading-unit standing differs from the previous version, with the reason, so that nothing moves
silently.
"""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from audit.services import log_action
from blocks.models import Term
from results import ranking
from results.models import PublishedResult
from results.services._common import CENT, check_signed_file, locked_term, save_version, two_places

# What a reader compares between two versions of a unit's row.
_COMPARED = ("rank", "shared", "total", "classification", "eligible", "leading")


def _check_request(
    previous: PublishedResult | None,
    *,
    reason: str,
    decision_number: str,
    adjustments: dict[tuple[int, str], Decimal],
) -> None:
    if previous is None:
        raise ValidationError(_("These results are not published yet."), code="not_published")
    if not reason.strip():
        raise ValidationError(
            _("A corrected version needs a reason."), code="correction_reason_required"
        )
    if not decision_number.strip():
        raise ValidationError(_("Enter the decision number."), code="decision_number_required")
    if not adjustments:
        raise ValidationError(_("Enter at least one corrected score."), code="no_adjustments")
    snapshot = previous.snapshot
    criteria = {c["code"]: c for c in snapshot["criteria"] if c["kind"] != "group"}
    unit_ids = {row["unit_id"] for row in snapshot["rows"]}
    for (unit_id, code), value in adjustments.items():
        if unit_id not in unit_ids or code not in criteria:
            raise ValidationError(
                _("Choose a ranked unit and a criterion of the scale."), code="unknown_target"
            )
        if value < 0 or value > Decimal(criteria[code]["max_points"]):
            raise ValidationError(
                _("Points must be between 0 and %(max)s."),
                code="points_out_of_range",
                params={"max": criteria[code]["max_points"]},
            )
        if value != value.quantize(CENT):
            raise ValidationError(_("Use at most two decimals."), code="decimals")


def rerank(term: Term, snapshot: dict, adjustments: dict[tuple[int, str], Decimal]) -> dict:
    """The snapshot of `term` ranked again with corrected points, by the rules it recorded.

    The previous figures are read with two places, so a unit nobody corrected keeps exactly
    the total it was published with.
    """
    snapshot = two_places(snapshot)
    rows, criteria, incidents = ranking.rows_from_snapshot(snapshot, adjustments)
    bands = ranking.bands_from_snapshot(snapshot)
    results = ranking.rank(
        term=term,
        rows=rows,
        criteria=criteria,
        nominal_total=Decimal(snapshot["nominal_total"]) if snapshot["nominal_total"] else None,
        policy=snapshot.get("tie_policy", []),
        bands=bands or ranking.bands_for(term),
        incidents=incidents,
    )
    new = two_places(ranking.results_snapshot(results))
    # The names as first published (province, block, leader, deputy, issuer), not as they are
    # called today: a unit renamed (or a province merged) since keeps the name it had then.
    for key in ("names", "leader", "leader_id", "deputy", "deputy_id"):
        if key in snapshot:
            new[key] = snapshot[key]
    return new


def explain(old: dict, new: dict, adjustments: dict[tuple[int, str], Decimal]) -> dict:
    """What the corrected version changes, for the page, the documents and the audit trail.

    `corrections`: each corrected point (unit, criterion, old → new). `changes`: every unit
    whose rank, shared rank, total, classification, eligibility or leading standing moved,
    with `corrected` true for a unit whose own points were corrected and, for the others,
    `because` naming the corrected units (their figures moved this one).
    """
    old_rows = {r["unit_id"]: r for r in two_places(old)["rows"]}
    corrected_ids = sorted({unit_id for unit_id, _code in adjustments})
    corrections = [
        {
            "unit_id": unit_id,
            "unit_name": old_rows[unit_id]["unit_name"],
            "criterion": code,
            "old": old_rows[unit_id]["points"].get(code, "0.00"),
            "new": str(value.quantize(CENT)),
        }
        for (unit_id, code), value in adjustments.items()
    ]
    changes = []
    for row in new["rows"]:
        before = old_rows[row["unit_id"]]
        moved = [key for key in _COMPARED if before.get(key) != row.get(key)]
        if not moved:
            continue
        corrected = row["unit_id"] in corrected_ids
        changes.append(
            {
                "unit_id": row["unit_id"],
                "unit_name": row["unit_name"],
                "fields": moved,
                "old_rank": before["rank"],
                "new_rank": row["rank"],
                "old_total": before["total"],
                "new_total": row["total"],
                "corrected": corrected,
                "because": [] if corrected else corrected_ids,
            }
        )
    return {"corrections": corrections, "changes": changes}


def _log_correction(
    previous: PublishedResult, publication: PublishedResult, *, actor, reason: str, request
) -> None:
    log_action(
        actor=actor,
        action="results.term.corrected",
        obj=publication,
        before={"version": previous.version, "leading_unit": previous.snapshot["leading_unit"]},
        after={
            "version": publication.version,
            "decision_number": publication.decision_number,
            "decision_date": publication.decision_date.isoformat(),
            "corrections": publication.snapshot["corrections"],
            "changes": publication.snapshot["changes"],
            "leading_unit": publication.snapshot["leading_unit"],
        },
        reason=reason,
        request=request,
        term_id=publication.term_id,
    )


@transaction.atomic
def correct_publication(
    *,
    term: Term,
    actor,
    decision_number: str,
    decision_date: datetime.date,
    reason: str,
    adjustments: dict[tuple[int, str], Decimal],
    signed_file=None,
    request=None,
) -> PublishedResult:
    """Publish a corrected version: the latest snapshot with some points corrected, re-ranked.

    The new version records the reason, the corrected points and what moved because of them
    (`explain`). Earlier versions stay visible.
    """
    term = locked_term(term)
    previous = PublishedResult.objects.filter(term=term).order_by("-version").first()
    _check_request(
        previous, reason=reason, decision_number=decision_number, adjustments=adjustments
    )
    check_signed_file(signed_file)
    snapshot = rerank(term, previous.snapshot, adjustments)
    snapshot.update(explain(previous.snapshot, snapshot, adjustments))
    publication = save_version(
        term=term,
        version=previous.version + 1,
        decision_number=decision_number,
        decision_date=decision_date,
        reason=reason,
        snapshot=snapshot,
        actor=actor,
        signed_file=signed_file,
    )
    _log_correction(previous, publication, actor=actor, reason=reason, request=request)
    return publication
