"""Reads of the year-setup pages, each in a fixed number of queries, by capability.

The scale's tree and its validation live in `campaigns.rules` (pure functions over a list of
criteria), so the editor, the services and the import share one definition of "a valid scale";
the tree helpers are re-exported here for the callers that read them from the selectors.
"""

from campaigns.rules import (
    EXTRA_KINDS,
    MAX_DEPTH,
    SUMMED_KINDS,
    Node,
    build_tree,
    flatten,
    nominal_sum,
    points_text,
)
from campaigns.selectors.movements import (
    CampaignsPage,
    campaign_detail,
    campaigns_page,
    outside_campaigns,
    term_members,
)
from campaigns.selectors.next_year import (
    NextYearDefaults,
    next_year_defaults,
)
from campaigns.selectors.pact import (
    REGISTRATION_DECISIONS,
    PactPage,
    PactRow,
    RegistrationRow,
    pact_page,
    registrations_page,
)
from campaigns.selectors.scale import (
    DIFF_FIELDS,
    Change,
    ScaleDiff,
    ScalePage,
    current_scale,
    current_scale_id,
    latest_scale,
    scale_diff,
    scale_page,
    scale_problems,
)

__all__ = [
    "CampaignsPage",
    "Change",
    "DIFF_FIELDS",
    "EXTRA_KINDS",
    "MAX_DEPTH",
    "NextYearDefaults",
    "Node",
    "PactPage",
    "PactRow",
    "REGISTRATION_DECISIONS",
    "RegistrationRow",
    "SUMMED_KINDS",
    "ScaleDiff",
    "ScalePage",
    "build_tree",
    "campaign_detail",
    "campaigns_page",
    "current_scale",
    "current_scale_id",
    "flatten",
    "latest_scale",
    "next_year_defaults",
    "nominal_sum",
    "outside_campaigns",
    "pact_page",
    "points_text",
    "registrations_page",
    "scale_diff",
    "scale_page",
    "scale_problems",
    "term_members",
]
