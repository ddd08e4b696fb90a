"""The next block-year in one action: the one entry point, `term_create_next`.

The new year itself (block, year, leader, deputy) is the blocks app's. What the block agreed on
and carries into it belongs to the apps above: the scale and the block's own movements
(campaigns), the tie-break policy and classification bands (results). Imports only point
downward, so those apps hand their steps to this module when Django starts
(`register_carry_forward`, called from their `AppConfig.ready`) instead of being imported
here. The steps run in the order the apps are installed, inside the same transaction.
"""

from collections.abc import Callable, Collection
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from audit.services import log_action
from blocks.models import Term, Unit

# A step copies something of `source` into `target` and returns what it copied (plain JSON
# values, kept in the audit entry). Called as step(source=, target=, actor=, request=).
CarryForward = Callable[..., dict[str, Any]]

_STEPS: dict[str, CarryForward] = {}


def register_carry_forward(name: str, step: CarryForward) -> None:
    """Make `step` part of every new year, under `name` ("scale", "campaigns", "rules").

    Registering a name again replaces its step (Django may call `ready()` twice in tests).
    """
    _STEPS[name] = step


def carry_forward_steps() -> tuple[str, ...]:
    """The names of the registered steps, in the order they run."""
    return tuple(_STEPS)


@transaction.atomic
def term_create_next(
    *,
    term: Term,
    actor,
    leader: Unit,
    deputy: Unit | None = None,
    carry: Collection[str] | None = None,
    request=None,
) -> Term:
    """Create Term(block, year + 1) after `term`, with `leader` and `deputy`, then carry
    forward what `carry` names (default: every registered step). All or nothing.

    Members are not copied: memberships are effective-dated, so the new year's members are
    whoever is a member during it. Leader and deputy must be members that year
    (`Term.clean`, code `not_member`). The suggestion for them comes from
    `blocks.selectors.rotation_suggestion`.
    """
    year = term.year + 1
    unknown = set(carry or ()) - set(_STEPS)
    if unknown:
        raise ValueError(f"Unknown carry-forward steps: {sorted(unknown)}")
    if Term.objects.filter(block_id=term.block_id, year=year).exists():
        raise ValidationError(
            _("The block already has a year %(year)s."), code="term_exists", params={"year": year}
        )
    new = Term(block=term.block, year=year, leader=leader, deputy=deputy, status=Term.Status.SETUP)
    new.full_clean()
    new.save()
    carried = {}
    for name, step in _STEPS.items():
        if carry is None or name in carry:
            carried[name] = step(source=term, target=new, actor=actor, request=request)
    log_action(
        actor=actor,
        action="blocks.term.created_from_previous",
        obj=new,
        after={
            "year": year,
            "leader_id": leader.pk,
            "deputy_id": deputy.pk if deputy else None,
            "from_term_id": term.pk,
            "carried": carried,
        },
        request=request,
        term_id=new.pk,
    )
    return new
