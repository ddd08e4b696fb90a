"""Reads of publication: the ranking table a page or a document shows (published snapshot or
live results) and the insiders' workspace, each in a fixed number of queries."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.notify import recipients, unit_users
from blocks.models import Membership, Province, Term
from blocks.templatetags.thidua import points as show_points
from emulation.collation import vi
from results import ranking
from results.models import ClassificationBand, Objection, ProvisionalRelease, PublishedResult
from scoring.models import ScoreSheet
from scoring.selectors import COUNTED_STATUSES


def as_decimals(snapshot: dict) -> dict:
    """Snapshot figures are stored as strings; pages and exports want numbers.

    The tie-break rules are stored as codes and named here, in the language of the page: a
    ranking published in Vietnamese reads in English in English mode (issue #10). Snapshots
    from before `tie_rules` was stored get it worked out from their figures.
    """
    rows = []
    for row in snapshot.get("rows", []):
        converted = dict(row)
        for key in ("base", "bonus", "deduction", "total"):
            converted[key] = Decimal(row[key])
        converted["points"] = {k: Decimal(v) for k, v in row.get("points", {}).items()}
        rows.append(converted)
    criteria = [dict(c, max_points=Decimal(c["max_points"])) for c in snapshot.get("criteria", [])]
    policy = list(snapshot.get("tie_policy") or [])
    rules = ranking.build_rules(policy, criteria)
    if any("tie_rules" not in row for row in rows):
        _derive_tie_rules(rows, criteria, rules)
    for row in rows:
        row["tie_note"] = ranking.tie_note_for(row.get("tie_rules"), rules)
    labels = ranking.rule_labels(policy, criteria)
    return {**snapshot, "rows": rows, "criteria": criteria, "tie_policy_labels": labels}


def _derive_tie_rules(rows: list[dict], criteria: list[dict], rules) -> None:
    rebuilt, _criteria, _incidents = ranking.rows_from_snapshot(
        {"criteria": criteria, "rows": [{**r, "incidents": []} for r in rows]}
    )
    for row, rank_row in zip(rows, rebuilt, strict=True):
        rank_row.shared = row.get("shared", False)
    ranking.tie_rules_from(rebuilt, rules)
    for row, rank_row in zip(rows, rebuilt, strict=True):
        row["tie_rules"] = rank_row.tie_rules


def current_province(province: Province) -> Province:
    """The province as it is today: after a merger, the one it was merged into (a query per
    merger followed, none when the province was never merged)."""
    seen = {province.pk}
    while province.successor_id and province.successor_id not in seen:
        province = province.successor
        seen.add(province.pk)
    return province


def current_names(term: Term) -> dict:
    """Today's names of what a document of `term` prints (see `ranking.names_at_publication`)."""
    names = ranking.names_at_publication(term)
    names["province"] = current_province(term.block.province).name
    return names


def band_line(band: dict) -> str:
    """One band in force as every ranking prints it (page, PDF, spreadsheet, Word).

    A share shows the points it came to on the year's scale as well: "total ≥ 135 (90 % of the
    nominal total)". Snapshots from before the basis existed hold points only.
    """
    floor = show_points(Decimal(band["floor_percent"]))
    if band.get("basis") == ClassificationBand.Basis.SHARE:
        return _(
            "%(label)s: total ≥ %(points)s (%(share)s%% of the nominal total), every criterion "
            "≥ %(floor)s%% of its maximum"
        ) % {
            "label": band["label"],
            "points": show_points(Decimal(band.get("min_points") or band["min_total"])),
            "share": show_points(Decimal(band["min_total"])),
            "floor": floor,
        }
    return _("%(label)s: total ≥ %(points)s, every criterion ≥ %(floor)s%% of its maximum") % {
        "label": band["label"],
        "points": show_points(Decimal(band["min_total"])),
        "floor": floor,
    }


@dataclass
class RankingPage:
    term: Term
    publication: PublishedResult | None
    versions: list[PublishedResult]
    table: dict  # criteria + rows, the same shape for published and live rankings
    pending: list

    @property
    def names(self) -> dict:
        """The names the documents print: as published (frozen in the snapshot), else today's.

        A snapshot from before the names were frozen has the leader and deputy only; the rest
        falls back to today's names.
        """
        today = current_names(self.term)
        if self.publication is None:
            return today
        frozen = {**today, **{k: self.table[k] for k in ("leader", "deputy") if k in self.table}}
        frozen.update(self.table.get("names") or {})
        return frozen

    @property
    def renamed(self) -> list[dict]:
        """Published names that differ from today's: what the portal shows as "nay là …"."""
        if self.publication is None:
            return []
        then, now = self.names, current_names(self.term)
        return [
            {"key": key, "then": then[key], "now": now[key]}
            for key in ("province", "block", "leader", "deputy")
            if then.get(key) and now.get(key) and then[key] != now[key]
        ]

    @property
    def band_lines(self) -> list[str]:
        """The bands in force, printed under the ranking."""
        return [band_line(b) for b in self.table.get("bands", [])]

    @property
    def scored_criteria(self) -> list[dict]:
        return [c for c in self.table["criteria"] if c["kind"] == "scored"]

    @property
    def groups(self) -> list[dict]:
        return [c for c in self.table["criteria"] if c["kind"] == "group"]

    @property
    def has_bonus(self) -> bool:
        return any(c["kind"] == "bonus" for c in self.table["criteria"])

    @property
    def has_deduction(self) -> bool:
        return any(c["kind"] == "deduction" for c in self.table["criteria"])


def ranking_page(term: Term, *, version: int | None = None) -> RankingPage:
    """Published: the frozen snapshot (1 query for all versions). Otherwise: the live results
    (tie policy, bands, incidents, and the 4 queries of the ranking: 7)."""
    if term.is_published:
        versions = list(
            PublishedResult.objects.filter(term=term)
            .select_related("published_by")
            .order_by("-version")
        )
        chosen = next((p for p in versions if version is None or p.version == version), None)
        if chosen is not None:
            return RankingPage(term, chosen, versions, as_decimals(chosen.snapshot), [])
    results = ranking.term_results(term)
    table = as_decimals(ranking.results_snapshot(results))
    return RankingPage(term, None, [], table, results.pending)


@dataclass
class Workspace:
    """The insiders' publication page of a block-year."""

    term: Term
    page: RankingPage
    release: ProvisionalRelease | None
    objections: list[Objection]
    incidents: list
    policy: list[str]
    rule_choices: list[tuple[str, str]]

    @property
    def unanswered(self) -> int:
        return sum(1 for o in self.objections if not o.is_answered)


def workspace(term: Term) -> Workspace:
    """Release (1), objections (1), incidents (1), then the ranking page: published snapshot (1)
    or live results (7). The live tie policy comes from the ranking, not a second query."""
    release = ProvisionalRelease.objects.filter(term=term).first()
    objections = list(
        Objection.objects.filter(term=term)
        .select_related("unit", "filed_by", "answered_by")
        # By unit in Vietnamese order, each unit's objections in the order filed.
        .order_by(vi("unit__name"), "filed_at", "pk")
    )
    incidents = list(term.incidents.select_related("unit").order_by(vi("unit__name"), "pk"))
    page = ranking_page(term)
    policy = list(page.table.get("tie_policy") or [])
    criteria = list(page.table["criteria"])
    return Workspace(
        term, page, release, objections, incidents, policy, ranking.rule_choices(criteria)
    )


def requested_version(request) -> int | None:
    """The published version asked for in `?version=`; anything else means the latest."""
    value = request.GET.get("version", "")
    return int(value) if value.isdigit() else None


@dataclass
class ProvinceBands:
    province: Province
    bands: list[ClassificationBand]
    defaults: bool  # no bands of its own: the built-in defaults apply

    @property
    def initial(self) -> list[dict]:
        if self.defaults:
            return [
                {
                    "label": str(label),
                    "min_total": low,
                    "min_basis": ClassificationBand.Basis.SHARE,
                    "floor_percent": floor,
                }
                for label, low, floor in ranking.DEFAULT_BANDS
            ]
        return [
            {
                "label": b.label,
                "min_total": b.min_total,
                "min_basis": b.min_basis,
                "floor_percent": b.floor_percent,
            }
            for b in self.bands
        ]


def province_bands(province: Province) -> ProvinceBands:
    """The province's default bands (1 query), or the built-in defaults when it has none."""
    bands = list(
        ClassificationBand.objects.filter(province=province, term__isnull=True).order_by(
            "-min_total", "pk"
        )
    )
    return ProvinceBands(province, bands, not bands)


# --- What sharing and publishing will do (the confirmation step, emulation/confirm.py) -------


def _member_ids(term: Term) -> list[int]:
    return list(Membership.objects.of_term(term).values_list("unit_id", flat=True).distinct())


def _emailed(unit_ids: list[int]) -> str:
    count = len(recipients(unit_users(unit_ids)))
    return ngettext(
        "%(count)d officer of the member units is e-mailed.",
        "%(count)d officers of the member units are e-mailed.",
        count,
    ) % {"count": count}


def share_consequences(term: Term, objection_days: int) -> list[str]:
    """Members (1), recipients (1), release (1), sheets (1)."""
    members = _member_ids(term)
    lines = [
        ngettext(
            "The %(count)d member unit sees the provisional ranking.",
            "All %(count)d member units see the provisional ranking.",
            len(members),
        )
        % {"count": len(members)}
    ]
    if objection_days:
        closes = timezone.localtime() + datetime.timedelta(days=objection_days)
        lines.append(
            ngettext(
                "Objections are open for %(days)d day, until about %(when)s; the board cannot "
                "publish before the window closes and every objection is answered.",
                "Objections are open for %(days)d days, until about %(when)s; the board cannot "
                "publish before the window closes and every objection is answered.",
                objection_days,
            )
            % {"days": objection_days, "when": date_format(closes, "SHORT_DATETIME_FORMAT")}
        )
    else:
        lines.append(_("No objection window: the board can publish at once."))
    lines.append(_emailed(members))
    lines.append(
        _(
            "Nothing becomes read-only yet: an upheld objection is handled by reopening the "
            "unit's sheet, with a reason."
        )
    )
    if ProvisionalRelease.objects.filter(term=term).exists():
        lines.append(_("The results were shared before: sharing again restarts the window."))
    unverified = _unverified(term)
    if unverified:
        lines.append(
            ngettext(
                "%(count)d sheet is not verified yet: sharing will be refused until it is.",
                "%(count)d sheets are not verified yet: sharing will be refused until they are.",
                unverified,
            )
            % {"count": unverified}
        )
    return lines


def _unverified(term: Term) -> int:
    statuses = ScoreSheet.objects.filter(term=term).values_list("status", flat=True)
    return sum(1 for status in statuses if status not in COUNTED_STATUSES)


def publish_consequences(term: Term) -> list[str]:
    """Sheets (1), members (1), recipients (1)."""
    statuses = list(ScoreSheet.objects.filter(term=term).values_list("status", flat=True))
    unverified = sum(1 for status in statuses if status not in COUNTED_STATUSES)
    members = _member_ids(term)
    lines = [
        _(
            "The ranking becomes public: anyone can read it and download its documents "
            "without signing in."
        ),
        ngettext(
            "The %(count)d score sheet is locked, and everything of the year becomes "
            "read-only for good.",
            "All %(count)d score sheets are locked, and everything of the year (scores, "
            "scale, pact, registrations, documents' header) becomes read-only for good.",
            len(statuses),
        )
        % {"count": len(statuses)},
        _(
            "A later change is a correction: a new published version with a reason, the "
            "earlier one staying visible."
        ),
        _emailed(members),
    ]
    if unverified:
        lines.append(
            ngettext(
                "%(count)d sheet is not verified yet: publication will be refused until it is.",
                "%(count)d sheets are not verified yet: publication will be refused until they "
                "are.",
                unverified,
            )
            % {"count": unverified}
        )
    return lines
