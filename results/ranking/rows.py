"""Ranking rows, tie-break rules and competition ranks: pure arithmetic, no queries.

Every figure is a `Decimal` with two places (`q2`): totals are added in Python from the decimal
columns, never by the database, so SQLite and PostgreSQL rank alike (SQLite's SUM adds
decimals as floats and would show 91,15 as 91,1499999…).
"""

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from emulation.collation import sorted_vi

ZERO = Decimal("0.00")
CENT = Decimal("0.01")

# Rule codes offered in the policy form; "group:<code>" and "criterion:<code>" are added per scale.
BASIC_RULES = ("full_marks", "fewer_deductions", "base")


def q2(value: Decimal | int | str | None) -> Decimal:
    """`value` as a Decimal with exactly two places (None counts as zero)."""
    if value is None:
        return ZERO
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass
class RankingRow:
    unit_id: int
    unit_name: str
    unit_short_name: str
    sheet_id: int
    base: Decimal = ZERO
    bonus: Decimal = ZERO
    deduction: Decimal = ZERO
    points: dict[str, Decimal] = field(default_factory=dict)  # criterion code → final points
    full_marks: int = 0
    rank: int = 0
    shared: bool = False
    tie_note: str = ""

    @property
    def total(self) -> Decimal:
        # Never clamped: bonus can take a unit past the nominal maximum (97 + 10 = 107).
        return q2(self.base + self.bonus - self.deduction)


@dataclass(frozen=True)
class TieRule:
    """One rule of an ordered tie-break policy: a higher key wins."""

    code: str
    label: str
    key: Callable[[RankingRow], Decimal | int]


def _sum_of(codes: set[str]) -> Callable[[RankingRow], Decimal]:
    return lambda row: q2(sum((row.points.get(c, ZERO) for c in codes), ZERO))


def _group_rule(code: str, criteria: Sequence[dict]) -> TieRule | None:
    group = next((c for c in criteria if c["code"] == code and c["kind"] == "group"), None)
    if group is None:
        return None
    # Every scored line under the group, however deep (group → criterion → sub-criterion);
    # bonus and deduction lines stay outside a group's score, as they stay outside its maximum.
    children: dict[str | None, list[dict]] = defaultdict(list)
    for c in criteria:
        children[c.get("parent")].append(c)
    leaf_codes: set[str] = set()
    stack = list(children.get(code, []))
    while stack:
        node = stack.pop()
        if node["kind"] == "scored":
            leaf_codes.add(node["code"])
        stack.extend(children.get(node["code"], []))
    return TieRule(
        code=f"group:{code}",
        label=_("higher score in group %(group)s") % {"group": group["title"]},
        key=_sum_of(leaf_codes),
    )


def _criterion_rule(code: str, criteria: Sequence[dict]) -> TieRule | None:
    criterion = next((c for c in criteria if c["code"] == code and c["kind"] != "group"), None)
    if criterion is None:
        return None
    return TieRule(
        code=f"criterion:{code}",
        label=_("higher score on criterion %(code)s") % {"code": code},
        key=lambda row: row.points.get(code, ZERO),
    )


def _basic_rule(code: str) -> TieRule | None:
    if code == "full_marks":
        return TieRule(code, _("more criteria at full marks"), lambda r: r.full_marks)
    if code == "fewer_deductions":
        return TieRule(code, _("fewer deduction points"), lambda r: -r.deduction)
    if code == "base":
        return TieRule(code, _("higher base score"), lambda r: r.base)
    return None


def build_rules(codes: Sequence[str], criteria: Sequence[dict]) -> list[TieRule]:
    """Policy codes → rules, in order; unknown codes (a group no longer in the scale) are
    skipped. `criteria` are dicts: code, title, kind, max_points, parent (a code)."""
    rules: list[TieRule] = []
    for code in codes:
        if code.startswith("group:"):
            rule = _group_rule(code.split(":", 1)[1], criteria)
        elif code.startswith("criterion:"):
            rule = _criterion_rule(code.split(":", 1)[1], criteria)
        else:
            rule = _basic_rule(code)
        if rule is not None:
            rules.append(rule)
    return rules


def rule_choices(criteria: Sequence[dict]) -> list[tuple[str, str]]:
    """Every rule the policy form offers for this scale: (code, label)."""
    codes = list(BASIC_RULES)
    codes += [f"group:{c['code']}" for c in criteria if c["kind"] == "group"]
    codes += [f"criterion:{c['code']}" for c in criteria if c["kind"] == "scored"]
    return [(rule.code, rule.label) for rule in build_rules(codes, criteria)]


def assign_ranks(rows: list[RankingRow], rules: Sequence[TieRule] = ()) -> list[RankingRow]:
    """Sort rows by total, break ties by `rules` in order, share the rank of what is left.

    Competition ranking: two units tied for 2nd both get 2 and the next gets 4 ("1, 2, 2, 4").
    Each row of a tie records which rule decided it, or that the rank is shared.
    """

    def key(row: RankingRow):
        return (row.total, *(rule.key(row) for rule in rules))

    # Alphabetical first, in Vietnamese order, so units sharing a rank are listed by name
    # (the sort is stable).
    ordered = sorted(sorted_vi(rows, key=lambda r: r.unit_name), key=key, reverse=True)
    for index, row in enumerate(ordered):
        previous = ordered[index - 1] if index else None
        if previous is not None and key(previous) == key(row):
            row.rank, row.shared, previous.shared = previous.rank, True, True
        else:
            row.rank = index + 1
    by_total: dict[Decimal, list[RankingRow]] = defaultdict(list)
    for row in ordered:
        by_total[row.total].append(row)
    for tied in by_total.values():
        if len(tied) < 2:
            continue
        for row in tied:
            row.tie_note = _explain_tie(row, tied, rules)
    return ordered


def _explain_tie(row: RankingRow, tied: list[RankingRow], rules: Sequence[TieRule]) -> str:
    """Name every rule that set this row apart from the others level with it on total.

    With A ahead on the first rule and B, C level on it but split by the second, A's note
    names the first rule and B's and C's name both: each row says what decided its place.
    """
    needed: set[int] = set()
    level_on_every_rule = False
    for other in tied:
        if other is row:
            continue
        index = next((i for i, r in enumerate(rules) if r.key(row) != r.key(other)), None)
        if index is None:
            level_on_every_rule = True
        else:
            needed.add(index)
    if row.shared or level_on_every_rule or not needed:
        return _("Tied on every rule: rank shared.")
    labels = "; ".join(rules[i].label for i in sorted(needed))
    return _("Tie on total broken by: %(rule)s.") % {"rule": labels}
