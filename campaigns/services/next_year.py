"""What year N+1 takes over from year N in campaigns: the scale and the block's own movements.

The new year is created by `blocks.services.term_create_next`; the two steps here are handed to
it at start-up (`campaigns.apps.CampaignsConfig.ready`).
"""

import datetime
import re

from django.utils.translation import gettext as _

from blocks.models import Term
from campaigns import selectors
from campaigns.models import (
    Campaign,
    Scale,
)
from campaigns.services.scale import copy_criteria


def _next_year_date(day: datetime.date | None) -> datetime.date | None:
    if day is None:
        return None
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


def _copy_scale(term: Term, new: Term) -> tuple[Scale | None, int]:
    """The scale in force in `term` as a v1 draft of `new`, with its criteria tree, and their
    count.

    The version in force is the approved or locked one (`selectors.current_scale`): a newer
    draft was never agreed by the board, so it is not what the block scored by (issue #15).
    With no approved version yet, the latest draft is the only one there is.
    """
    source = selectors.current_scale(term)
    if source is None:
        return None, 0
    copied = Scale(
        term=new,
        version=1,
        status=Scale.Status.DRAFT,
        nominal_total=source.nominal_total,
        reason=_("Copied from %(year)s, version %(version)s.")
        % {"year": term.year, "version": source.version},
    )
    copied.full_clean()
    copied.save()
    return copied, copy_criteria(source, copied)


def _copy_block_campaigns(term: Term, new: Term) -> list[int]:
    """The block's own, not archived movements of `term` as movements of `new`, a year on."""
    copies = []
    for campaign in Campaign.objects.filter(
        term=term, level=Campaign.Level.BLOCK, archived=False
    ).order_by("pk"):
        copy = Campaign(
            level=campaign.level,
            kind=campaign.kind,
            name=_next_name(campaign.name, term.year, new.year),
            theme=_next_name(campaign.theme, term.year, new.year),
            launched_on=_next_year_date(campaign.launched_on),
            ends_on=_next_year_date(campaign.ends_on),
            launched_by=campaign.launched_by,
            province_id=campaign.province_id,
            block_id=campaign.block_id,
            term=new,
            copied_from=campaign,
        )
        copy.full_clean()
        copy.save()
        copies.append(copy.pk)
    return copies


def carry_scale_forward(*, source: Term, target: Term, actor, request=None) -> dict:
    """The next-year step "scale" (`blocks.services.term_create_next`): the scale in force in
    `source` as a v1 draft of `target`, with its criteria tree."""
    copied, criteria = _copy_scale(source, target)
    return {"scale_id": copied.pk if copied else None, "criteria": criteria}


def carry_campaigns_forward(*, source: Term, target: Term, actor, request=None) -> dict:
    """The next-year step "campaigns": the block's own movements of `source`, a year on."""
    return {"campaign_ids": _copy_block_campaigns(source, target)}


def _next_name(text: str, old_year: int, new_year: int) -> str:
    """Move the year numbers of a copied name or theme on with the year: "năm 2019" becomes
    "năm 2020", "31/12/2019" becomes "31/12/2020", "2019-2020" becomes "2020-2021".

    Only whole four-digit numbers equal to the old year or the one after are moved, so a
    founding year ("từ 1995") or a code ("2019123") stays as it is; the two are shifted in one
    pass so that "2019-2020" does not become "2021-2021".
    """
    shift = {str(old_year): str(new_year), str(old_year + 1): str(new_year + 1)}
    return re.sub(r"(?<!\d)(\d{4})(?!\d)", lambda m: shift.get(m.group(1), m.group(1)), text)
