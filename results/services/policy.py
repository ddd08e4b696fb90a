"""The rules a block-year is ranked by: tie-break policy, classification bands, incidents."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from audit.services import log_action
from blocks.access import is_board_for
from blocks.models import Province, Term, Unit
from blocks.services import ensure_term_writable
from results import ranking
from results.models import ClassificationBand, Incident, TiePolicy
from results.services._common import actor_or_none, locked_term


def rules_locked(term: Term) -> bool:
    """The tie-break policy and the bands are agreed before scoring, like the scale: once the
    scoring window has opened (and until publication, which freezes everything) they are
    locked."""
    return term.status not in (Term.Status.SETUP, Term.Status.PUBLISHED)


def _check_rules_writable(term: Term, actor, reason: str) -> str:
    """Editable by the leader unit (policy) and the board (both) while the year is set up.

    Once scoring has opened, changing how units are ranked could favour a unit whose scores
    are already known: the leader unit can no longer do it (`rules_locked`), and the
    province's board may, before publication, only with a reason (`reason_required`), which
    the audit trail keeps. Returns the reason, stripped.
    """
    reason = (reason or "").strip()
    if not rules_locked(term):
        return reason
    if actor is None or not is_board_for(actor, term.block):
        raise ValidationError(
            _(
                "The tie-break rules and the classification bands are locked since scoring "
                "opened. Only the province's emulation board can change them, with a reason."
            ),
            code="rules_locked",
        )
    if not reason:
        raise ValidationError(
            {
                "reason": ValidationError(
                    _("Scoring has opened: say why the rules change."), code="reason_required"
                )
            }
        )
    return reason


@transaction.atomic
def set_tie_policy(
    *, term: Term, actor, rules: list[str], reason: str = "", request=None
) -> TiePolicy:
    """Choose the ordered tie-break rules of a block-year: freely while it is set up, then
    only by the board with a reason (`_check_rules_writable`), never once published."""
    term = locked_term(term)
    ensure_term_writable(term)
    reason = _check_rules_writable(term, actor, reason)
    if len(set(rules)) != len(rules):
        raise ValidationError(_("Each rule can be used only once."), code="duplicate_rule")
    live = ranking.term_results(term, policy=[])
    known = {code for code, _label in ranking.rule_choices(live.criteria)}
    unknown = [code for code in rules if code not in known]
    if unknown:
        raise ValidationError(
            _("Unknown tie-break rule: %(codes)s."),
            code="unknown_rule",
            params={"codes": ", ".join(unknown)},
        )
    policy, _created = TiePolicy.objects.get_or_create(term=term)
    before = list(policy.rules)
    policy.rules = list(rules)
    policy.updated_by = actor_or_none(actor)
    policy.full_clean()
    policy.save()
    log_action(
        actor=actor,
        action="results.tie_policy.changed",
        obj=policy,
        before={"rules": before},
        after={"rules": policy.rules},
        reason=reason,
        request=request,
        term_id=term.pk,
    )
    return policy


@transaction.atomic
def record_incident(
    *,
    term: Term,
    actor,
    unit: Unit,
    kind: str,
    note: str,
    makes_ineligible: bool = True,
    request=None,
) -> Incident:
    """Record an incident of a member unit (e.g. a disciplined leadership) for the year."""
    term = locked_term(term)
    ensure_term_writable(term)
    if unit.pk not in term.member_unit_ids():
        raise ValidationError(
            _("This unit is not a member of the block that year."), code="not_member"
        )
    incident = Incident(
        term=term,
        unit=unit,
        kind=kind,
        note=note.strip(),
        makes_ineligible=makes_ineligible,
        recorded_by=actor_or_none(actor),
    )
    incident.full_clean()
    incident.save()
    log_action(
        actor=actor,
        action="results.incident.recorded",
        obj=incident,
        after={
            "unit_id": unit.pk,
            "kind": kind,
            "makes_ineligible": makes_ineligible,
            "note": incident.note,
        },
        request=request,
        term_id=term.pk,
    )
    return incident


BandSpec = tuple  # (label, minimum, floor %) or (label, minimum, floor %, basis)


def _band_rows(bands: list[BandSpec]) -> list[tuple[str, Decimal, Decimal, str]]:
    """Normalise and check the bands a board or block submits (codes `duplicate_band`,
    `duplicate_band_minimum`). Without a basis a minimum is points, as it always was."""
    rows = [
        (b[0].strip(), b[1], b[2], b[3] if len(b) > 3 else ClassificationBand.Basis.POINTS)
        for b in bands
    ]
    labels = [label for label, _low, _floor, _basis in rows]
    if len(set(labels)) != len(labels):
        raise ValidationError(_("Each band needs its own label."), code="duplicate_band")
    if len({(low, basis) for _label, low, _floor, basis in rows}) != len(rows):
        raise ValidationError(
            _("Two bands cannot have the same minimum total."), code="duplicate_band_minimum"
        )
    return rows


def _band_audit(band) -> dict:
    return {
        "label": band.label,
        "min_total": str(band.min_total),
        "basis": band.min_basis,
        "floor_percent": str(band.floor_percent),
    }


def _replace_bands(existing, *, province_id: int, term: Term | None, rows) -> list:
    """Delete `existing` and write `rows` in their place; returns (before, created)."""
    before = [_band_audit(b) for b in existing.order_by("-min_total")]
    existing.delete()
    created = []
    for label, low, floor, basis in rows:
        band = ClassificationBand(
            province_id=province_id,
            term=term,
            label=label,
            min_total=low,
            min_basis=basis,
            floor_percent=floor,
        )
        band.full_clean()
        band.save()
        created.append(band)
    return before, created


@transaction.atomic
def set_term_bands(
    *, term: Term, actor, bands: list[BandSpec], reason: str = "", request=None
) -> list[ClassificationBand]:
    """Replace the block-year's own classification bands: (label, minimum, floor %[, basis]).

    The basis is `ClassificationBand.Basis`: a share of the scale's nominal total or points
    (the default). An empty list removes them, so the province's bands (or the defaults) apply
    again. Locked like the tie-break policy once scoring opens (`_check_rules_writable`).
    """
    term = locked_term(term)
    ensure_term_writable(term)
    reason = _check_rules_writable(term, actor, reason)
    rows = _band_rows(bands)
    before, created = _replace_bands(
        ClassificationBand.objects.filter(term=term),
        province_id=term.block.province_id,
        term=term,
        rows=rows,
    )
    log_action(
        actor=actor,
        action="results.bands.changed",
        obj=term,
        before={"bands": before},
        after={"bands": [_band_audit(b) for b in created]},
        reason=reason,
        request=request,
        term_id=term.pk,
    )
    return created


@transaction.atomic
def set_province_bands(
    *, province: Province, actor, bands: list[BandSpec], request=None
) -> list[ClassificationBand]:
    """Replace the province's default bands, used by every block-year without its own.

    Published years are not touched: their bands are in their snapshot. An empty list removes
    them, so the defaults apply again.
    """
    province = Province.objects.select_for_update().get(pk=province.pk)
    rows = _band_rows(bands)
    before, created = _replace_bands(
        ClassificationBand.objects.filter(province=province, term__isnull=True),
        province_id=province.pk,
        term=None,
        rows=rows,
    )
    log_action(
        actor=actor,
        action="results.province_bands.changed",
        obj=province,
        before={"bands": before},
        after={"bands": [_band_audit(b) for b in created]},
        request=request,
    )
    return created
