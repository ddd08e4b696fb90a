"""Reads of the year-setup pages, each in a fixed number of queries.

The scale's tree and its validation live in `campaigns.rules` (pure functions over a list of
criteria), so the editor, the services and the import share one definition of "a valid scale".
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Case, Prefetch, Q, Subquery, Value, When
from django.utils.translation import gettext as _

from audit.models import AuditEntry
from blocks.models import Block, Membership, Term, Unit
from campaigns import rules
from campaigns.models import (
    AwardType,
    Campaign,
    CampaignAdoption,
    CampaignDocument,
    Criterion,
    Pact,
    PactSignature,
    Registration,
    Scale,
)
from campaigns.rules import (  # noqa: F401  (re-exported: callers read the tree from here)
    EXTRA_KINDS,
    MAX_DEPTH,
    SUMMED_KINDS,
    Node,
    build_tree,
    flatten,
    nominal_sum,
    points_text,
)


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


@dataclass
class CampaignsPage:
    term: Term
    own: list[Campaign]
    outside: list[Campaign]
    members: list[Unit]
    adoption: dict[tuple[int, int | None], CampaignAdoption]  # (campaign, unit) → adoption
    archived: list[Campaign]

    def cell(self, campaign: Campaign, unit: Unit) -> CampaignAdoption | None:
        """The unit's own adoption, else the whole block's."""
        return self.adoption.get((campaign.pk, unit.pk)) or self.adoption.get((campaign.pk, None))

    @property
    def block_row(self) -> dict:
        """The whole block's adoption of each outside movement (unit None): what every member
        follows unless it has its own row."""
        return {
            "unit": None,
            "cells": [
                {"campaign": c, "adoption": self.adoption.get((c.pk, None))} for c in self.outside
            ],
        }

    @property
    def rows(self) -> list[dict]:
        return [
            {
                "unit": unit,
                "cells": [{"campaign": c, "adoption": self.cell(c, unit)} for c in self.outside],
            }
            for unit in self.members
        ]


def term_members(term: Term) -> list[Unit]:
    """The block's member units during the term's year (1 query)."""
    return [
        m.unit
        for m in Membership.objects.of_term(term)
        .select_related("unit")
        .order_by("unit__name", "valid_from")
    ]


def outside_campaigns(term: Term):
    """Central and provincial movements this block-year can adopt: not archived, open during
    the year, of the block's province or nationwide."""
    start = datetime.date(term.year, 1, 1)
    end = datetime.date(term.year, 12, 31)
    return Campaign.objects.filter(
        Q(level__in=[Campaign.Level.CENTRAL, Campaign.Level.PROVINCIAL]),
        Q(province__isnull=True) | Q(province_id=term.block.province_id),
        Q(launched_on__isnull=True) | Q(launched_on__lte=end),
        Q(ends_on__isnull=True) | Q(ends_on__gte=start),
        archived=False,
    ).order_by("level", "name")


def campaigns_page(term: Term) -> CampaignsPage:
    """Own movements (1), outside movements (1), adoptions (1), members (1)."""
    own_all = list(
        Campaign.objects.filter(term=term)
        .select_related("unit")
        .order_by("level", "-launched_on", "name")
    )
    adoptions = list(
        CampaignAdoption.objects.filter(term=term).select_related("integrated_into", "campaign")
    )
    adopted = {a.campaign for a in adoptions}
    outside = {c.pk: c for c in outside_campaigns(term)}
    for campaign in adopted:
        outside.setdefault(campaign.pk, campaign)
    members = list(dict.fromkeys(term_members(term)))
    return CampaignsPage(
        term=term,
        own=[c for c in own_all if not c.archived],
        outside=sorted(outside.values(), key=lambda c: (c.level, c.name)),
        members=members,
        adoption={(a.campaign_id, a.unit_id): a for a in adoptions},
        archived=[c for c in own_all if c.archived],
    )


def campaign_detail(campaign: Campaign) -> list[CampaignDocument]:
    return list(campaign.documents.select_related("uploaded_by").order_by("uploaded_at"))


# --- Pact ---------------------------------------------------------------------------------


@dataclass
class PactRow:
    unit: Unit
    signature: PactSignature | None


@dataclass
class PactPage:
    term: Term
    pact: Pact | None
    rows: list[PactRow]

    @property
    def signed_count(self) -> int:
        return sum(1 for r in self.rows if r.signature)

    @property
    def first_signed(self) -> PactRow | None:
        """The member whose signature froze the pact's text (the earliest), with it."""
        signed = [r for r in self.rows if r.signature]
        return min(signed, key=lambda r: r.signature.signed_at) if signed else None


def pact_page(term: Term) -> PactPage:
    """The pact (1), its signatures (1), the members of the year (1)."""
    pact = Pact.objects.filter(term=term).select_related("updated_by").first()
    signatures: dict[int, PactSignature] = {}
    if pact is not None:
        signatures = {s.unit_id: s for s in pact.signatures.select_related("recorded_by")}
    members = list(dict.fromkeys(term_members(term)))
    return PactPage(term, pact, [PactRow(u, signatures.get(u.pk)) for u in members])


# --- Registrations ------------------------------------------------------------------------


REGISTRATION_DECISIONS = ("campaigns.registration.returned", "campaigns.registration.approved")


@dataclass
class RegistrationRow:
    unit: Unit
    registration: Registration | None
    # The decisions taken on it, oldest first (audit entries): a return's reason stays
    # visible after the registration is sent again and approved.
    history: list[AuditEntry] = field(default_factory=list)

    @property
    def returns(self) -> list[AuditEntry]:
        return [e for e in self.history if e.action == REGISTRATION_DECISIONS[0]]


def registrations_page(term: Term) -> list[RegistrationRow]:
    """Members (1), registrations (1) with their award types (1), their decisions (1)."""
    members = list(dict.fromkeys(term_members(term)))
    registrations = {
        r.unit_id: r
        for r in Registration.objects.filter(term=term)
        .select_related("decided_by", "submitted_by")
        .prefetch_related(Prefetch("award_types", queryset=AwardType.objects.order_by("order")))
    }
    history: dict[str, list[AuditEntry]] = {}
    for entry in (
        AuditEntry.objects.filter(
            term_id=term.pk,
            object_type=Registration._meta.label_lower,
            action__in=REGISTRATION_DECISIONS,
        )
        .select_related("actor")
        .order_by("at", "pk")
    ):
        history.setdefault(entry.object_id, []).append(entry)
    rows = []
    for unit in members:
        registration = registrations.get(unit.pk)
        entries = history.get(str(registration.pk), []) if registration else []
        rows.append(RegistrationRow(unit, registration, entries))
    return rows


# --- The next year ------------------------------------------------------------------------


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


def _rotation_next(block: Block, year: int, current: Unit) -> tuple[Unit | None, Unit | None]:
    """The next two on the ordered rotation list after `current`, among `year`'s members.

    The turn passes on from the current leader's place on the list even when that unit has
    left the block; units that are not members in `year` are skipped (1 query).
    """
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    listed = list(
        Membership.objects.filter(block=block, rotation_position__isnull=False)
        .select_related("unit")
        .order_by("rotation_position", "-valid_from")
    )
    current_position = next(
        (
            m.rotation_position
            for m in sorted(listed, key=lambda m: m.valid_from, reverse=True)
            if m.unit_id == current.pk
        ),
        None,
    )
    ordered: list[tuple[int, Unit]] = []
    for m in listed:
        member = m.valid_from <= end and (m.valid_to is None or m.valid_to >= start)
        if member and all(u.pk != m.unit_id for _pos, u in ordered):
            ordered.append((m.rotation_position, m.unit))
    if not ordered:
        return None, None
    if current_position is None:
        index = 0
    else:
        index = next(
            (i for i, (position, _unit) in enumerate(ordered) if position > current_position), 0
        )
    leader = ordered[index][1]
    deputy = ordered[(index + 1) % len(ordered)][1] if len(ordered) > 1 else None
    return leader, deputy


def next_year_defaults(term: Term) -> NextYearDefaults:
    """What "new year in one action" will create, with leader and deputy from the rotation."""
    year = term.year + 1
    members = list(
        dict.fromkeys(
            m.unit
            # the year to come has no row yet: an unsaved block-year stands for it
            for m in Membership.objects.of_term(Term(block_id=term.block_id, year=year))
            .select_related("unit")
            .order_by("unit__name")
        )
    )
    member_ids = {u.pk for u in members}
    leader = deputy = None
    policy = term.block.rotation_policy
    if policy == Block.Rotation.DEPUTY_PROMOTES:
        leader = term.deputy
    elif policy == Block.Rotation.ORDERED:
        leader, deputy = _rotation_next(term.block, year, term.leader)
    if leader is not None and leader.pk not in member_ids:
        leader = None
    if deputy is not None and deputy.pk not in member_ids:
        deputy = None
    versions = list(Scale.objects.filter(term=term).order_by("-version"))
    settled = [v for v in versions if v.status in (Scale.Status.APPROVED, Scale.Status.LOCKED)]
    scale = settled[0] if settled else (versions[0] if versions else None)
    newer = versions[0] if versions and scale is not None and versions[0] != scale else None
    return NextYearDefaults(
        year=year,
        members=members,
        leader=leader,
        deputy=deputy,
        scale=scale,
        criteria_count=scale.criteria.count() if scale else 0,
        campaigns=list(
            Campaign.objects.filter(term=term, level=Campaign.Level.BLOCK, archived=False).order_by(
                "name"
            )
        ),
        exists=Term.objects.filter(block_id=term.block_id, year=year).exists(),
        newer_draft=newer,
        policy=policy,
    )
