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
    # A tie on total: the codes of the rules that decided this row's place ([] = rank shared);
    # None when no other unit has the same total. The note is the same in words, in the
    # language of the moment; pages re-word it from the codes (`tie_note_for`).
    tie_rules: list[str] | None = None
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
    # Labels are translated when the rule is built: build rules where the page is rendered,
    # never keep a label in stored data (an English page would show the Vietnamese name).
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


def rule_labels(codes: Sequence[str], criteria: Sequence[dict] = ()) -> list[str]:
    """The names of the rules `codes`, in the active language. A group or criterion not in
    `criteria` is named by its code."""
    labels = []
    for code in codes:
        rules = build_rules([code], criteria)
        if rules:
            labels.append(rules[0].label)
        elif code.startswith("group:"):
            labels.append(_("higher score in group %(group)s") % {"group": code.split(":", 1)[1]})
        elif code.startswith("criterion:"):
            labels.append(_("higher score on criterion %(code)s") % {"code": code.split(":", 1)[1]})
        else:
            labels.append(code)
    return labels


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
            row.tie_rules = _deciding_rules(row, tied, rules)
            row.tie_note = tie_note_for(row.tie_rules, rules)
    return ordered


def _deciding_rules(row: RankingRow, tied: list[RankingRow], rules: Sequence[TieRule]) -> list[str]:
    """The codes of every rule that set this row apart from the others level with it on total,
    in policy order; [] when the rank is shared.

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
        return []
    return [rules[i].code for i in sorted(needed)]


def tie_note_for(codes: Sequence[str] | None, rules: Sequence[TieRule]) -> str:
    """The tie note of a row in the active language: "" without a tie, else the rules that
    broke it or that the rank is shared."""
    if codes is None:
        return ""
    by_code = {rule.code: rule for rule in rules}
    labels = [by_code[c].label if c in by_code else c for c in codes]
    if not labels:
        return _("Tied on every rule: rank shared.")
    return _("Tie on total broken by: %(rule)s.") % {"rule": "; ".join(labels)}


def tie_rules_from(rows: list[RankingRow], rules: Sequence[TieRule]) -> None:
    """Work out `tie_rules` of ranked rows whose snapshot predates the field (from the same
    figures the ranking used, so the answer is the one published)."""
    by_total: dict[Decimal, list[RankingRow]] = defaultdict(list)
    for row in rows:
        by_total[row.total].append(row)
    for tied in by_total.values():
        for row in tied:
            row.tie_rules = _deciding_rules(row, tied, rules) if len(tied) > 1 else None
