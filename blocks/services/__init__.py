"""Writes on blocks, units, memberships and block-years, by capability:

- `common`: `ensure_term_writable`, which every app's services call before touching a year.
- `organisation`: blocks and clusters, memberships, the rotation list, new units.
- `reorganise`: a unit's merger, split or rename (`unit_reorganise`).
- `leadership`: the acting deputy (delegations) and the year's membership cut-off.
- `next_year`: the next block-year in one action (`term_create_next`), with what other apps
  carry forward (`register_carry_forward`).
"""

from blocks.services.common import ensure_status_writable, ensure_term_writable
from blocks.services.leadership import delegation_grant, delegation_revoke, term_set_cutoff
from blocks.services.next_year import register_carry_forward, term_create_next
from blocks.services.organisation import (
    block_create,
    block_set_archived,
    block_update,
    membership_add,
    membership_end,
    rotation_order_set,
    unit_create,
)
from blocks.services.reorganise import unit_reorganise

__all__ = [
    "ensure_status_writable",
    "block_create",
    "block_set_archived",
    "block_update",
    "delegation_grant",
    "delegation_revoke",
    "ensure_term_writable",
    "membership_add",
    "membership_end",
    "register_carry_forward",
    "rotation_order_set",
    "term_create_next",
    "term_set_cutoff",
    "unit_create",
    "unit_reorganise",
]
