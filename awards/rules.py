"""Which rule an award type follows when a block proposes it, and which awards rank lower.

The rule is read from the award type's existing `level` and `requires_leading_unit`, so the
list of award types stays editable in the admin without a new field:

- not reserved (`requires_leading_unit` off): any member unit of the block-year;
- reserved, Government level (Cờ thi đua của Chính phủ): the block's leading unit of a published
  year, and at most the province's share of its block-leading units that year
  (`AwardPolicy.government_flag_share`, 20 % unless the board sets another);
- reserved, any other level (Cờ thi đua của UBND tỉnh): the block's leading unit of a published
  year.

Unit-level titles (Tập thể lao động xuất sắc…) are conferred by a unit's own governing body, not
proposed by the block, so they are not offered.
"""

from campaigns.models import AwardType

ANY_MEMBER = "member"
LEADING_UNIT = "leading_unit"
GOVERNMENT_FLAG = "government_flag"

PROPOSABLE_LEVELS = (
    AwardType.Level.BLOCK,
    AwardType.Level.PROVINCIAL,
    AwardType.Level.GOVERNMENT,
)

# The higher the level, the higher the award; within a level, the `order` of the list (the
# flag before the certificate of merit).
_LEVEL_RANK = {
    AwardType.Level.GOVERNMENT: 0,
    AwardType.Level.PROVINCIAL: 1,
    AwardType.Level.BLOCK: 2,
    AwardType.Level.UNIT: 3,
}


def rule_of(award: AwardType) -> str:
    if not award.requires_leading_unit:
        return ANY_MEMBER
    if award.level == AwardType.Level.GOVERNMENT:
        return GOVERNMENT_FLAG
    return LEADING_UNIT


def is_proposable(award: AwardType) -> bool:
    return award.active and award.level in PROPOSABLE_LEVELS


def standing(award: AwardType) -> tuple[int, int]:
    """Sort key from the highest award to the lowest."""
    return (_LEVEL_RANK.get(award.level, len(_LEVEL_RANK)), award.order)


def is_lower(award: AwardType, than: AwardType) -> bool:
    """Whether `award` ranks below `than` (what a downgrade may grant)."""
    return award.pk != than.pk and standing(award) > standing(than)
