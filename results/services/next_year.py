"""Year N+1 takes over the rules the block agreed on (issue #14 item 2).

The new year is created by `blocks.services.term_create_next`, which runs the step here
(registered in `results.apps.ResultsConfig.ready`): the tie-break policy and the
classification bands, which live in results.
"""

from django.db import transaction

from audit.services import log_action
from blocks.models import Term
from results.models import ClassificationBand, TiePolicy
from results.services._common import actor_or_none


def carry_rules_step(*, source: Term, target: Term, actor, request=None) -> dict:
    """The next-year step "rules" (`blocks.services.term_create_next`)."""
    copied = carry_rules_forward(source=source, target=target, actor=actor, request=request)
    return {"rules": copied["rules"], "bands": len(copied["bands"])}


@transaction.atomic
def carry_rules_forward(*, source: Term, target: Term, actor, request=None) -> dict:
    """Copy the tie-break policy and the year's own bands of `source` into `target`.

    A year without its own bands uses the province's, so there is nothing to copy for it; the
    new year then uses the province's too. Returns what was copied (also in the audit entry).
    """
    rules = list(
        TiePolicy.objects.filter(term=source).values_list("rules", flat=True).first() or []
    )
    if rules:
        policy = TiePolicy(term=target, rules=rules, updated_by=actor_or_none(actor))
        policy.full_clean()
        policy.save()
    bands = []
    for band in ClassificationBand.objects.filter(term=source).order_by("-min_total"):
        copy = ClassificationBand(
            **_band_fields(band), province_id=target.block.province_id, term=target
        )
        copy.full_clean()
        copy.save()
        bands.append({name: str(value) for name, value in _band_fields(copy).items()})
    copied = {"from_term_id": source.pk, "rules": rules, "bands": bands}
    log_action(
        actor=actor,
        action="results.rules.carried_forward",
        obj=target,
        after=copied,
        request=request,
        term_id=target.pk,
    )
    return copied


def _band_fields(band: ClassificationBand) -> dict:
    """Every field of a band but its identity and owner: copied whole, so a field added to the
    band later (a share of the nominal total, say) is carried forward too."""
    skip = {"id", "province", "term"}
    return {
        f.attname: getattr(band, f.attname)
        for f in ClassificationBand._meta.concrete_fields
        if f.name not in skip
    }
