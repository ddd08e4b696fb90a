"""Writes on campaigns, pacts, registrations and scales, one module per capability.

Each service is atomic, audited, and refuses with a code (tests check the code and that
nothing was written). The public names are re-exported here, so callers write
`from campaigns import services; services.scale_approve(...)`.
"""

from campaigns.services.criteria import (
    CRITERION_FIELDS,
    criterion_create,
    criterion_delete,
    criterion_move,
    criterion_update,
    scale_replace_criteria,
)
from campaigns.services.movements import (
    CAMPAIGN_FIELDS,
    adoption_set,
    campaign_archive,
    campaign_create,
    campaign_document_add,
    campaign_update,
)
from campaigns.services.pact import (
    pact_save,
    pact_sign,
)
from campaigns.services.registrations import (
    registration_decide,
    registration_submit,
)
from campaigns.services.scale import (
    copy_criteria,
    ensure_draft,
    lock_scale,
    locked_scale,
    scale_approve,
    scale_create,
    scale_new_version,
    scale_return,
    scale_submit,
    scale_update_settings,
)

__all__ = [
    "CAMPAIGN_FIELDS",
    "CRITERION_FIELDS",
    "adoption_set",
    "campaign_archive",
    "campaign_create",
    "campaign_document_add",
    "campaign_update",
    "copy_criteria",
    "criterion_create",
    "criterion_delete",
    "criterion_move",
    "criterion_update",
    "ensure_draft",
    "lock_scale",
    "locked_scale",
    "pact_save",
    "pact_sign",
    "registration_decide",
    "registration_submit",
    "scale_approve",
    "scale_create",
    "scale_new_version",
    "scale_replace_criteria",
    "scale_return",
    "scale_submit",
    "scale_update_settings",
]
