"""The rules a block-year is ranked by: tie-break policy, classification bands, incidents."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from audit.services import log_action
from blocks.models import Term, Unit
from blocks.services import ensure_term_writable
from results import ranking
from results.models import ClassificationBand, Incident, TiePolicy
from results.services._common import actor_or_none, locked_term


@transaction.atomic
def set_tie_policy(*, term: Term, actor, rules: list[str], request=None) -> TiePolicy:
    """Choose the ordered tie-break rules of a block-year (before publication)."""
    term = locked_term(term)
    ensure_term_writable(term)
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


@transaction.atomic
def set_term_bands(
    *, term: Term, actor, bands: list[tuple[str, Decimal, Decimal]], request=None
) -> list[ClassificationBand]:
    """Replace the block-year's own classification bands: (label, minimum total, floor %).

    An empty list removes them, so the province's bands (or the defaults) apply again.
    """
    term = locked_term(term)
    ensure_term_writable(term)
    labels = [label.strip() for label, _low, _floor in bands]
    if len(set(labels)) != len(labels):
        raise ValidationError(_("Each band needs its own label."), code="duplicate_band")
    if len({low for _label, low, _floor in bands}) != len(bands):
        raise ValidationError(
            _("Two bands cannot have the same minimum total."), code="duplicate_band_minimum"
        )
    existing = list(ClassificationBand.objects.filter(term=term).order_by("-min_total"))
    before = [
        {"label": b.label, "min_total": str(b.min_total), "floor_percent": str(b.floor_percent)}
        for b in existing
    ]
    ClassificationBand.objects.filter(term=term).delete()
    created = []
    for label, low, floor in bands:
        band = ClassificationBand(
            province_id=term.block.province_id,
            term=term,
            label=label.strip(),
            min_total=low,
            floor_percent=floor,
        )
        band.full_clean()
        band.save()
        created.append(band)
    log_action(
        actor=actor,
        action="results.bands.changed",
        obj=term,
        before={"bands": before},
        after={
            "bands": [
                {"label": label, "min_total": str(low), "floor_percent": str(floor)}
                for label, low, floor in bands
            ]
        },
        request=request,
        term_id=term.pk,
    )
    return created
