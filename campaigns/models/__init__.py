"""The models of the year setup, by capability.

The two upload-path functions are defined here, before the submodules are imported, because
the migrations name them `campaigns.models.campaign_document_path` and
`campaigns.models.pact_document_path`: defined anywhere else they would change every
`upload_to` the migrations recorded.
"""

import uuid
from pathlib import Path


def campaign_document_path(instance: "CampaignDocument", filename: str) -> str:
    # The stored name never reuses the uploader's: it only keeps the extension.
    suffix = Path(filename).suffix.lower()
    return f"campaigns/{instance.campaign_id}/{uuid.uuid4().hex}{suffix}"


def pact_document_path(instance: "Pact", filename: str) -> str:
    suffix = Path(filename).suffix.lower()
    return f"pacts/{instance.term_id}/{uuid.uuid4().hex}{suffix}"


from campaigns.models.movements import (  # noqa: E402
    Campaign,
    CampaignAdoption,
    CampaignDocument,
)
from campaigns.models.pact import Pact, PactSignature  # noqa: E402
from campaigns.models.registrations import AwardType, Registration  # noqa: E402
from campaigns.models.scale import Criterion, Scale  # noqa: E402

__all__ = [
    "AwardType",
    "Campaign",
    "CampaignAdoption",
    "CampaignDocument",
    "Criterion",
    "Pact",
    "PactSignature",
    "Registration",
    "Scale",
    "campaign_document_path",
    "pact_document_path",
]
