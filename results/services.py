"""Writes of the results app: tie policy, incidents, provisional results, objections, publication.

Every service is keyword-only, atomic, refuses with a coded ValidationError and records an audit
entry in the same transaction. Authorisation is the views' job (access helpers); the services
enforce the rules of the year's lifecycle.
"""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import log_action
from blocks.models import Term, Unit
from blocks.services import ensure_term_writable
from emulation.uploads import validate_upload
from results import ranking
from results.models import (
    ClassificationBand,
    Incident,
    Objection,
    ProvisionalRelease,
    PublishedResult,
    TiePolicy,
)
from scoring.models import ScoreSheet
from scoring.selectors import COUNTED_STATUSES

SIGNED_FILE_KINDS = ("pdf", "image")
# Before provisional results are shared: the year can still be ranked and corrected freely.
OPEN_STATUSES = (Term.Status.SETUP, Term.Status.SCORING, Term.Status.REVIEW)


def _locked_term(term: Term) -> Term:
    return (
        Term.objects.select_for_update(of=("self",))
        .select_related("block__province", "leader", "deputy")
        .get(pk=term.pk)
    )


def _actor(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


@transaction.atomic
def set_tie_policy(*, term: Term, actor, rules: list[str], request=None) -> TiePolicy:
    """Choose the ordered tie-break rules of a block-year (before publication)."""
    term = _locked_term(term)
    ensure_term_writable(term)
    if len(set(rules)) != len(rules):
        raise ValidationError(_("Each rule can be used only once."), code="duplicate_rule")
    live = ranking.term_results(term, policy=[])
    known = {code for code, _label in ranking.rule_choices(live.criteria)}
    unknown = [code for code in rules if code not in known]
    if unknown:
        raise ValidationError(
            _("Unknown tie-break rule: %(codes)s."),
            code="unknown_rule",
            params={"codes": ", ".join(unknown)},
        )
    policy, _created = TiePolicy.objects.get_or_create(term=term)
    before = list(policy.rules)
    policy.rules = list(rules)
    policy.updated_by = _actor(actor)
    policy.full_clean()
    policy.save()
    log_action(
        actor=actor,
        action="results.tie_policy.changed",
        obj=policy,
        before={"rules": before},
        after={"rules": policy.rules},
        request=request,
        term_id=term.pk,
    )
    return policy


@transaction.atomic
def record_incident(
    *,
    term: Term,
    actor,
    unit: Unit,
    kind: str,
    note: str,
    makes_ineligible: bool = True,
    request=None,
) -> Incident:
    """Record an incident of a member unit (e.g. a disciplined leadership) for the year."""
    term = _locked_term(term)
    ensure_term_writable(term)
    if unit.pk not in term.member_unit_ids():
        raise ValidationError(
            _("This unit is not a member of the block that year."), code="not_member"
        )
    incident = Incident(
        term=term,
        unit=unit,
        kind=kind,
        note=note.strip(),
        makes_ineligible=makes_ineligible,
        recorded_by=_actor(actor),
    )
    incident.full_clean()
    incident.save()
    log_action(
        actor=actor,
        action="results.incident.recorded",
        obj=incident,
        after={
            "unit_id": unit.pk,
            "kind": kind,
            "makes_ineligible": makes_ineligible,
            "note": incident.note,
        },
        request=request,
        term_id=term.pk,
    )
    return incident


def _unverified(term: Term) -> int:
    sheets = list(ScoreSheet.objects.filter(term=term).values_list("status", flat=True))
    if not sheets:
        raise ValidationError(_("There are no score sheets yet."), code="no_sheets")
    return sum(1 for status in sheets if status not in COUNTED_STATUSES)


@transaction.atomic
def share_provisional(
    *, term: Term, actor, objection_days: int = 0, request=None
) -> ProvisionalRelease:
    """The leader shares the provisional results with the members, opening the objection window.

    Every sheet must be verified. Sharing again (after answering objections and correcting
    scores) restarts the window.
    """
    term = _locked_term(term)
    ensure_term_writable(term)
    if objection_days < 0 or objection_days > 60:
        raise ValidationError(
            _("The objection window is between 0 and 60 days."), code="objection_days_range"
        )
    unverified = _unverified(term)
    if unverified:
        raise ValidationError(
            _("%(count)d score sheet(s) are not verified yet."),
            code="sheets_not_verified",
            params={"count": unverified},
        )
    now = timezone.now()
    release = ProvisionalRelease.objects.filter(term=term).first() or ProvisionalRelease(term=term)
    before = (
        {"shared_at": release.shared_at.isoformat(), "objection_days": release.objection_days}
        if release.pk
        else None
    )
    release.shared_at = now
    release.shared_by = _actor(actor)
    release.objection_days = objection_days
    release.closes_at = now + datetime.timedelta(days=objection_days)
    release.full_clean()
    release.save()
    old_status = term.status
    term.status = Term.Status.PROVISIONAL
    term.save(update_fields=["status"])
    log_action(
        actor=actor,
        action="results.provisional.shared",
        obj=release,
        before={"term_status": old_status, "release": before},
        after={
            "term_status": term.status,
            "shared_at": now.isoformat(),
            "objection_days": objection_days,
            "closes_at": release.closes_at.isoformat(),
        },
        request=request,
        term_id=term.pk,
    )
    return release


@transaction.atomic
def file_objection(
    *, term: Term, actor, unit: Unit, criterion_code: str, text: str, request=None
) -> Objection:
    """A member unit objects to its provisional result on one criterion, within the window."""
    term = _locked_term(term)
    ensure_term_writable(term)
    release = ProvisionalRelease.objects.filter(term=term).first()
    if term.status != Term.Status.PROVISIONAL or release is None:
        raise ValidationError(
            _("The provisional results have not been shared."), code="not_provisional"
        )
    if not release.is_open(timezone.now()):
        raise ValidationError(_("The objection window is closed."), code="objection_window_closed")
    if unit.pk not in term.member_unit_ids():
        raise ValidationError(
            _("This unit is not a member of the block that year."), code="not_member"
        )
    codes = {c["code"] for c in ranking.term_results(term).criteria if c["kind"] != "group"}
    if criterion_code not in codes:
        raise ValidationError(_("Choose a criterion of the scale."), code="unknown_criterion")
    if not text.strip():
        raise ValidationError(_("Explain the objection."), code="objection_text_required")
    objection = Objection(
        term=term,
        unit=unit,
        criterion_code=criterion_code,
        text=text.strip(),
        filed_by=_actor(actor),
    )
    objection.full_clean()
    objection.save()
    log_action(
        actor=actor,
        action="results.objection.filed",
        obj=objection,
        after={"unit_id": unit.pk, "criterion": criterion_code, "text": objection.text},
        request=request,
        term_id=term.pk,
    )
    return objection


@transaction.atomic
def answer_objection(*, objection: Objection, actor, answer: str, request=None) -> Objection:
    """The leader unit (or the board) answers an objection."""
    term = _locked_term(objection.term)
    ensure_term_writable(term)
    objection = Objection.objects.select_for_update().get(pk=objection.pk)
    if not answer.strip():
        raise ValidationError(_("Enter the answer."), code="answer_required")
    before = {"answer": objection.answer} if objection.is_answered else None
    objection.answer = answer.strip()
    objection.answered_by = _actor(actor)
    objection.answered_at = timezone.now()
    objection.full_clean()
    objection.save()
    log_action(
        actor=actor,
        action="results.objection.answered",
        obj=objection,
        before=before,
        after={"answer": objection.answer},
        request=request,
        term_id=term.pk,
    )
    return objection


def _check_signed_file(signed_file) -> None:
    if signed_file is not None:
        validate_upload(signed_file, kinds=SIGNED_FILE_KINDS)


@transaction.atomic
def publish_term(
    *,
    term: Term,
    actor,
    decision_number: str,
    decision_date: datetime.date,
    signed_file=None,
    reason: str = "",
    tie_policy: tuple[str, ...] | None = None,
    request=None,
) -> PublishedResult:
    """Freeze the results of `term` as published version 1 and make the year read-only.

    Needs every member sheet verified; if provisional results were shared, the objection window
    must be over and every objection answered. Sheets are locked in the same transaction.
    Irreversible: a second call is refused; a correction goes through `correct_publication`.
    """
    term = _locked_term(term)
    if term.status == Term.Status.PUBLISHED or PublishedResult.objects.filter(term=term).exists():
        raise ValidationError(
            _("These results are already published; publish a correction instead."),
            code="already_published",
        )
    ensure_term_writable(term)
    if not decision_number.strip():
        raise ValidationError(_("Enter the decision number."), code="decision_number_required")
    unverified = _unverified(term)
    if unverified:
        raise ValidationError(
            _("%(count)d score sheet(s) are not verified yet."),
            code="sheets_not_verified",
            params={"count": unverified},
        )
    release = ProvisionalRelease.objects.filter(term=term).first()
    if release is not None and release.is_open(timezone.now()):
        raise ValidationError(
            _("The objection window is still open."), code="objection_window_open"
        )
    if Objection.objects.filter(term=term, answered_at__isnull=True).exists():
        raise ValidationError(
            _("Every objection must be answered before publication."),
            code="objections_unanswered",
        )
    _check_signed_file(signed_file)
    results = ranking.term_results(term, policy=tie_policy)
    publication = PublishedResult(
        term=term,
        version=1,
        decision_number=decision_number.strip(),
        decision_date=decision_date,
        reason=reason.strip(),
        snapshot=ranking.results_snapshot(results),
        published_by=_actor(actor),
    )
    if signed_file is not None:
        publication.signed_file = signed_file
    publication.full_clean()
    publication.save()
    # Each sheet's lock is recorded like any other state change, so its history panel shows it.
    for sheet in ScoreSheet.objects.filter(term=term).exclude(status=ScoreSheet.Status.LOCKED):
        before_status = sheet.status
        sheet.status = ScoreSheet.Status.LOCKED
        sheet.version += 1
        sheet.save(update_fields=["status", "version", "updated_at"])
        log_action(
            actor=actor,
            action="scoring.sheet.status_changed",
            obj=sheet,
            before={"status": before_status},
            after={"status": sheet.status, "sheet_id": sheet.pk, "sheet_version": sheet.version},
            reason=_("Results published."),
            request=request,
            term_id=term.pk,
        )
    old_status = term.status
    term.status = Term.Status.PUBLISHED
    term.save(update_fields=["status"])
    log_action(
        actor=actor,
        action="results.term.published",
        obj=publication,
        before={"term_status": old_status, "version": None},
        after={
            "term_status": term.status,
            "version": publication.version,
            "decision_number": publication.decision_number,
            "decision_date": publication.decision_date.isoformat(),
            "leading_unit": publication.snapshot["leading_unit"],
        },
        reason=reason,
        request=request,
        term_id=term.pk,
    )
    return publication


@transaction.atomic
def correct_publication(
    *,
    term: Term,
    actor,
    decision_number: str,
    decision_date: datetime.date,
    reason: str,
    adjustments: dict[tuple[int, str], Decimal],
    signed_file=None,
    request=None,
) -> PublishedResult:
    """Publish a corrected version: the latest snapshot with some points corrected, re-ranked.

    The scores of a published year stay read-only; the correction lives in the new version,
    which records the reason and the corrected points. Earlier versions stay visible.
    """
    term = _locked_term(term)
    previous = PublishedResult.objects.filter(term=term).order_by("-version").first()
    if previous is None:
        raise ValidationError(_("These results are not published yet."), code="not_published")
    if not reason.strip():
        raise ValidationError(
            _("A corrected version needs a reason."), code="correction_reason_required"
        )
    if not decision_number.strip():
        raise ValidationError(_("Enter the decision number."), code="decision_number_required")
    if not adjustments:
        raise ValidationError(_("Enter at least one corrected score."), code="no_adjustments")
    snapshot = previous.snapshot
    criteria = {c["code"]: c for c in snapshot["criteria"] if c["kind"] != "group"}
    unit_ids = {row["unit_id"] for row in snapshot["rows"]}
    for (unit_id, code), value in adjustments.items():
        if unit_id not in unit_ids or code not in criteria:
            raise ValidationError(
                _("Choose a ranked unit and a criterion of the scale."), code="unknown_target"
            )
        if value < 0 or value > Decimal(criteria[code]["max_points"]):
            raise ValidationError(
                _("Points must be between 0 and %(max)s."),
                code="points_out_of_range",
                params={"max": criteria[code]["max_points"]},
            )
        if value != value.quantize(Decimal("0.01")):
            raise ValidationError(_("Use at most two decimals."), code="decimals")
    _check_signed_file(signed_file)
    rows, criteria_list, incidents = ranking.rows_from_snapshot(snapshot, adjustments)
    results = ranking.rank(
        term=term,
        rows=rows,
        criteria=criteria_list,
        nominal_total=Decimal(snapshot["nominal_total"]) if snapshot["nominal_total"] else None,
        policy=snapshot.get("tie_policy", []),
        bands=[
            ranking.Band(b["label"], Decimal(b["min_total"]), Decimal(b["floor_percent"]))
            for b in snapshot.get("bands", [])
        ]
        or ranking.bands_for(term),
        incidents=incidents,
    )
    new_snapshot = ranking.results_snapshot(results)
    # The year's leader and deputy as published, not as the units are called today: a unit
    # renamed (or merged) since keeps the name it had at the time.
    for key in ("leader", "leader_id", "deputy", "deputy_id"):
        if key in snapshot:
            new_snapshot[key] = snapshot[key]
    new_snapshot["corrections"] = [
        {
            "unit_id": unit_id,
            "criterion": code,
            "old": str(
                next(r for r in snapshot["rows"] if r["unit_id"] == unit_id)["points"].get(
                    code, "0"
                )
            ),
            "new": str(value),
        }
        for (unit_id, code), value in adjustments.items()
    ]
    publication = PublishedResult(
        term=term,
        version=previous.version + 1,
        decision_number=decision_number.strip(),
        decision_date=decision_date,
        reason=reason.strip(),
        snapshot=new_snapshot,
        published_by=_actor(actor),
    )
    if signed_file is not None:
        publication.signed_file = signed_file
    publication.full_clean()
    publication.save()
    log_action(
        actor=actor,
        action="results.term.corrected",
        obj=publication,
        before={"version": previous.version},
        after={
            "version": publication.version,
            "decision_number": publication.decision_number,
            "decision_date": publication.decision_date.isoformat(),
            "corrections": new_snapshot["corrections"],
        },
        reason=reason,
        request=request,
        term_id=term.pk,
    )
    return publication


@transaction.atomic
def set_term_bands(
    *, term: Term, actor, bands: list[tuple[str, Decimal, Decimal]], request=None
) -> list[ClassificationBand]:
    """Replace the block-year's own classification bands: (label, minimum total, floor %).

    An empty list removes them, so the province's bands (or the defaults) apply again.
    """
    term = _locked_term(term)
    ensure_term_writable(term)
    labels = [label.strip() for label, _low, _floor in bands]
    if len(set(labels)) != len(labels):
        raise ValidationError(_("Each band needs its own label."), code="duplicate_band")
    if len({low for _label, low, _floor in bands}) != len(bands):
        raise ValidationError(
            _("Two bands cannot have the same minimum total."), code="duplicate_band_minimum"
        )
    existing = list(ClassificationBand.objects.filter(term=term).order_by("-min_total"))
    before = [
        {"label": b.label, "min_total": str(b.min_total), "floor_percent": str(b.floor_percent)}
        for b in existing
    ]
    ClassificationBand.objects.filter(term=term).delete()
    created = []
    for label, low, floor in bands:
        band = ClassificationBand(
            province_id=term.block.province_id,
            term=term,
            label=label.strip(),
            min_total=low,
            floor_percent=floor,
        )
        band.full_clean()
        band.save()
        created.append(band)
    log_action(
        actor=actor,
        action="results.bands.changed",
        obj=term,
        before={"bands": before},
        after={
            "bands": [
                {"label": label, "min_total": str(low), "floor_percent": str(floor)}
                for label, low, floor in bands
            ]
        },
        request=request,
        term_id=term.pk,
    )
    return created
