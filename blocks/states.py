"""State machines written down: each model's transition table, and one way to move along it.

A model with a life cycle carries `TRANSITIONS = Machine(...)` next to its `Status` choices:
the allowed moves, the time and actor fields each state stamps, the fields it empties (a sheet
sent back to draft loses its submitted time) and the audit action. `transition()` is the one
helper that moves an object: it checks the move, stamps and clears, applies the caller's extra
fields, runs `full_clean`, saves and records the audit entry, in the caller's transaction.
"""

import dataclasses
from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


@dataclasses.dataclass(frozen=True)
class Machine:
    """One model's states: `edges` are the allowed (from, to) moves.

    `stamps[state]` = (time field, actor field) set on entering `state` (either may be None);
    `clears[state]` = fields emptied on entering it; `reasons[state]` = the field that keeps the
    reason given for entering it (a returned scale's); `actions[state]` = the audit action for
    entering it when it is not the machine's general `action`. `derived` means the state is not
    stored but read from the stamps (an objection is answered when it has an answer time).
    """

    edges: frozenset[tuple[str, str]]
    action: str
    field: str = "status"
    stamps: Mapping[str, tuple[str | None, str | None]] = dataclasses.field(default_factory=dict)
    clears: Mapping[str, tuple[str, ...]] = dataclasses.field(default_factory=dict)
    reasons: Mapping[str, str] = dataclasses.field(default_factory=dict)
    actions: Mapping[str, str] = dataclasses.field(default_factory=dict)
    audit_id_key: str | None = None
    derived: bool = False

    def allows(self, current: str, target: str) -> bool:
        return (current, target) in self.edges

    def targets(self, current: str) -> set[str]:
        return {to for start, to in self.edges if start == current}


def _empty(obj, name: str) -> None:
    model_field = obj._meta.get_field(name)
    setattr(obj, model_field.attname, None if model_field.null else "")


def _term_id(obj) -> int | None:
    if obj._meta.label_lower == "blocks.term":
        return obj.pk
    term_id = getattr(obj, "term_id", None)
    if term_id is None and hasattr(obj, "sheet"):
        term_id = obj.sheet.term_id
    return term_id


def transition(
    obj,
    to: str,
    *,
    actor,
    reason: str = "",
    request=None,
    log_before: dict | None = None,
    log_after: dict | None = None,
    action: str | None = None,
    **fields,
):
    """Move `obj` to state `to` and save it; refuse a move its table does not allow.

    Extra keyword arguments are set on the object before it is checked and saved (a sheet's
    bumped version, an objection's answer); `log_before`/`log_after` add to the audit entry, and
    `action` names it when the move is one step of a larger act that has its own name (opening
    the scoring window, publishing).
    A new (unsaved) object enters its first state by the table's move from its default state
    to `to` (a registration: submitted → submitted). Call inside the service's transaction.

    Longer than fifty lines on purpose, most of it this docstring and the signature: the check,
    the stamping, the validation, the save and the audit entry are the one sequence every status
    change in the project goes through, and reading it whole is the point.
    """
    from audit.services import log_action  # the models import this module; audit's load late

    machine: Machine = type(obj).TRANSITIONS
    adding = obj._state.adding
    before = getattr(obj, machine.field)
    if not machine.allows(before, to):
        raise ValidationError(
            _("This cannot move from %(current)s to %(target)s."),
            code="bad_transition",
            params={"current": before, "target": to},
        )
    for name in machine.clears.get(to, ()):
        _empty(obj, name)
    at_field, by_field = machine.stamps.get(to, (None, None))
    if at_field:
        setattr(obj, at_field, timezone.now())
    if by_field:
        setattr(obj, by_field, actor if getattr(actor, "is_authenticated", False) else None)
    if to in machine.reasons:
        setattr(obj, machine.reasons[to], reason.strip())
    for name, value in fields.items():
        setattr(obj, name, value)
    if not machine.derived:
        setattr(obj, machine.field, to)
    obj.full_clean()
    obj.save()
    after = {machine.field: to, **(log_after or {})}
    if machine.audit_id_key:
        after[machine.audit_id_key] = obj.pk
    log_action(
        actor=actor,
        action=action or machine.actions.get(to, machine.action),
        obj=obj,
        # A new object enters its first state: its audit entry has no "before".
        before=None if adding else {machine.field: before, **(log_before or {})},
        after=after,
        reason=reason,
        request=request,
        term_id=_term_id(obj),
    )
    return obj
