"""Reads of the scale pages: the version in force, the editor, the versions diff."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Case, Subquery, Value, When
from django.utils.translation import gettext as _

from blocks.models import Term
from campaigns import rules
from campaigns.models import (
    Criterion,
    Scale,
)
from campaigns.rules import Node, build_tree, flatten, nominal_sum, points_text


def current_scale_id(term_id) -> Subquery:
    """The id of `current_scale(term)` as a subquery, for reads that join on it in one query
    (the ranking, the review grid): the same rule, one definition."""
    settled = Case(
        When(status__in=(Scale.Status.APPROVED, Scale.Status.LOCKED), then=Value(1)),
        default=Value(0),
    )
    return Subquery(
        Scale.objects.filter(term_id=term_id)
        .annotate(settled=settled)
        .order_by("-settled", "-version")
        .values("pk")[:1]
    )


def current_scale(term: Term) -> Scale | None:
    """The version new score sheets are scored against, and the ranking reads.

    The latest approved or locked version; while none is approved yet (the setup of a year), the
    latest version. A draft v(n+1) being prepared after the lock does not replace the locked
    v(n) until the board approves it.
    """
    return Scale.objects.filter(pk=current_scale_id(term.pk)).first()


def latest_scale(term: Term) -> Scale | None:
    """The newest version, whatever its status: the one the editor works on."""
    return Scale.objects.filter(term=term).order_by("-version").first()


# --- The scale's tree and its rules (campaigns.rules, re-exported for the pages) -----------


def scale_problems(scale: Scale, criteria: list[Criterion]) -> list[str]:
    """Everything that keeps the scale from being submitted or approved; empty when valid."""
    return [p.message for p in rules.scale_findings(scale.nominal_total, criteria)]


@dataclass
class ScalePage:
    term: Term
    scale: Scale | None
    versions: list[Scale]
    nodes: list[Node]  # flattened, in order
    total: Decimal
    problems: list[str]
    groups: list[Criterion]  # possible parents for a new line

    @property
    def is_latest(self) -> bool:
        return bool(self.scale and self.versions and self.versions[0].pk == self.scale.pk)


def scale_page(term: Term, *, version: int | None = None) -> ScalePage:
    """The scale editor: all versions (1 query), the chosen version's criteria (1 query)."""
    versions = list(
        Scale.objects.filter(term=term)
        .select_related("approved_by", "submitted_by")
        .order_by("-version")
    )
    scale = next((s for s in versions if version is None or s.version == version), None)
    if scale is None:
        return ScalePage(term, None, versions, [], Decimal("0"), [], [])
    criteria = list(scale.criteria.all())
    tree = build_tree(criteria)
    groups = [c for c in sorted(criteria, key=lambda c: (c.order, c.code)) if c.kind == "group"]
    return ScalePage(
        term=term,
        scale=scale,
        versions=versions,
        nodes=flatten(tree),
        total=nominal_sum(tree),
        problems=scale_problems(scale, criteria),
        groups=groups,
    )


# --- Versions and their differences -------------------------------------------------------

DIFF_FIELDS = (
    "title",
    "kind",
    "parent",
    "max_points",
    "points_per_occurrence",
    "evidence_required",
    "guidance",
)


@dataclass
class Change:
    code: str
    title: str
    fields: list[tuple[str, str, str]]  # (label, old, new)


@dataclass
class ScaleDiff:
    old: Scale
    new: Scale
    added: list[Criterion]
    removed: list[Criterion]
    changed: list[Change]


def _display(criterion: Criterion, name: str, codes: dict[int, str]) -> str:
    value = getattr(criterion, name if name != "parent" else "parent_id")
    if name == "parent":
        return codes.get(value, "—") if value else "—"
    if name == "kind":
        return criterion.get_kind_display()
    if name == "evidence_required":
        return _("yes") if value else _("no")
    if value is None:
        return "—"
    if isinstance(value, Decimal):
        return points_text(value)
    return str(value)


def scale_diff(old: Scale, new: Scale) -> ScaleDiff:
    """Criteria added, removed and changed (old → new), matched by code (1 query)."""
    rows = list(Criterion.objects.filter(scale__in=[old, new]).order_by("order", "code"))
    codes = {c.pk: c.code for c in rows}
    before = {c.code: c for c in rows if c.scale_id == old.pk}
    after = {c.code: c for c in rows if c.scale_id == new.pk}
    added = [c for code, c in after.items() if code not in before]
    removed = [c for code, c in before.items() if code not in after]
    changed = []
    for code, criterion in after.items():
        previous = before.get(code)
        if previous is None:
            continue
        fields = []
        for name in DIFF_FIELDS:
            a, b = _display(previous, name, codes), _display(criterion, name, codes)
            if a != b:
                fields.append((str(Criterion._meta.get_field(name).verbose_name), a, b))
        if fields:
            changed.append(Change(code, criterion.title, fields))
    return ScaleDiff(old, new, added, removed, changed)


# --- Campaigns ----------------------------------------------------------------------------
