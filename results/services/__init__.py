"""Writes of publication, one module per capability.

- `policy`: tie-break policy, classification bands, incidents;
- `provisional`: sharing provisional results, objections and their answers;
- `publish`: the first published version;
- `corrections`: corrected versions of a published year;
- `next_year`: "prepare the next year" with the tie-break policy and bands carried forward.

Every service is keyword-only, atomic, refuses with a coded ValidationError and records an audit
entry in the same transaction. Authorisation is the views' job (access helpers); the services
enforce the rules of the year's lifecycle. The names below are the public entry points.
"""

from results.services._common import OPEN_STATUSES, SIGNED_FILE_KINDS
from results.services.corrections import correct_publication
from results.services.next_year import carry_rules_forward
from results.services.policy import (
    record_incident,
    rules_locked,
    set_province_bands,
    set_term_bands,
    set_tie_policy,
)
from results.services.provisional import answer_objection, file_objection, share_provisional
from results.services.publish import publish_term

__all__ = [
    "OPEN_STATUSES",
    "SIGNED_FILE_KINDS",
    "answer_objection",
    "carry_rules_forward",
    "correct_publication",
    "file_objection",
    "publish_term",
    "record_incident",
    "rules_locked",
    "set_province_bands",
    "set_term_bands",
    "set_tie_policy",
    "share_provisional",
]
