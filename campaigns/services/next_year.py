"""Prepare year N+1 from year N in one action."""

import datetime
import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from audit.services import log_action
from blocks.models import Term, Unit
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


@transaction.atomic
def create_next_term(
    *,
    term: Term,
    actor,
    leader: Unit,
    deputy: Unit | None = None,
    copy_scale: bool = True,
    copy_campaigns: bool = True,
    request=None,
) -> Term:
    """Create Term(block, year + 1) from `term`: leader and deputy, the scale as a v1 draft
    with the same criteria tree, and the block's own movements as new campaigns of the new year.

    Members are not copied: memberships are effective-dated, so the new year's members are
    whoever is a member during it. All or nothing.
    """
    year = term.year + 1
    if Term.objects.filter(block_id=term.block_id, year=year).exists():
        raise ValidationError(
            _("The block already has a year %(year)s."), code="term_exists", params={"year": year}
        )
    new = Term(block=term.block, year=year, leader=leader, deputy=deputy, status=Term.Status.SETUP)
    new.full_clean()
    new.save()
    copied_scale, criteria = _copy_scale(term, new) if copy_scale else (None, 0)
    campaigns = _copy_block_campaigns(term, new) if copy_campaigns else []
    log_action(
        actor=actor,
        action="campaigns.term.created_from_previous",
        obj=new,
        after={
            "year": year,
            "leader_id": leader.pk,
            "deputy_id": deputy.pk if deputy else None,
            "from_term_id": term.pk,
            "scale_id": copied_scale.pk if copied_scale else None,
            "criteria": criteria,
            "campaign_ids": campaigns,
        },
        request=request,
        term_id=new.pk,
    )
    return new


def _next_name(text: str, old_year: int, new_year: int) -> str:
    """Move the year numbers of a copied name or theme on with the year: "năm 2019" becomes
    "năm 2020", "31/12/2019" becomes "31/12/2020", "2019-2020" becomes "2020-2021".

    Only whole four-digit numbers equal to the old year or the one after are moved, so a
    founding year ("từ 1995") or a code ("2019123") stays as it is; the two are shifted in one
    pass so that "2019-2020" does not become "2021-2021".
    """
    shift = {str(old_year): str(new_year), str(old_year + 1): str(new_year + 1)}
    return re.sub(r"(?<!\d)(\d{4})(?!\d)", lambda m: shift.get(m.group(1), m.group(1)), text)
