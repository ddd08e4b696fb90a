"""What the next year's page proposes: the scale in force, and the leader and deputy that
the block's rotation policy suggests (`blocks.selectors.rotation_suggestion`)."""

from dataclasses import dataclass

from blocks.models import Block, Membership, Term, Unit
from blocks.selectors import rotation_suggestion
from campaigns.models import (
    Campaign,
    Scale,
)
from emulation.collation import vi


@dataclass
class NextYearDefaults:
    year: int
    members: list[Unit]
    leader: Unit | None
    deputy: Unit | None
    scale: Scale | None
    criteria_count: int
    campaigns: list[Campaign]
    exists: bool
    # A version newer than the one copied (a draft or one waiting for approval): not copied.
    newer_draft: Scale | None = None

    @property
    def scale_in_force(self) -> bool:
        """The copied version is approved or locked (not merely the latest draft)."""
        return self.scale is not None and self.scale.status in (
            Scale.Status.APPROVED,
            Scale.Status.LOCKED,
        )

    @property
    def elected(self) -> bool:
        """The conference elects the leader and deputy: nothing is suggested."""
        return self.policy == Block.Rotation.ELECTION

    policy: str = ""
    reason: str = ""


def next_year_defaults(term: Term) -> NextYearDefaults:
    """What "new year in one action" will create, with leader and deputy from the rotation."""
    year = term.year + 1
    members = list(
        dict.fromkeys(
            m.unit
            # the year to come has no row yet: an unsaved block-year stands for it
            for m in Membership.objects.of_term(Term(block_id=term.block_id, year=year))
            .select_related("unit")
            .order_by(vi("unit__name"))
        )
    )
    # only members of the year to come are suggested
    suggestion = rotation_suggestion(term)
    versions = list(Scale.objects.filter(term=term).order_by("-version"))
    settled = [v for v in versions if v.status in (Scale.Status.APPROVED, Scale.Status.LOCKED)]
    scale = settled[0] if settled else (versions[0] if versions else None)
    newer = versions[0] if versions and scale is not None and versions[0] != scale else None
    return NextYearDefaults(
        year=year,
        members=members,
        leader=suggestion.leader,
        deputy=suggestion.deputy,
        scale=scale,
        criteria_count=scale.criteria.count() if scale else 0,
        campaigns=list(
            Campaign.objects.filter(term=term, level=Campaign.Level.BLOCK, archived=False).order_by(
                vi("name")
            )
        ),
        exists=Term.objects.filter(block_id=term.block_id, year=year).exists(),
        newer_draft=newer,
        policy=suggestion.policy,
        reason=suggestion.reason,
    )
