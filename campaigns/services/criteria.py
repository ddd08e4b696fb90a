"""The scale's lines: add, change, delete, move, and replace them all (an import)."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, ProtectedError
from django.utils.translation import gettext as _

from audit.services import log_action
from blocks.services import ensure_term_writable
from campaigns import rules, selectors
from campaigns.models import (
    Criterion,
    Scale,
)
from campaigns.services.common import audit_value
from campaigns.services.scale import ensure_draft, locked_scale

CRITERION_FIELDS = (
    "code",
    "title",
    "kind",
    "parent_id",
    "max_points",
    "points_per_occurrence",
    "guidance",
    "evidence_required",
    "order",
)


def _criterion_state(criterion: Criterion) -> dict:
    return {name: audit_value(getattr(criterion, name)) for name in CRITERION_FIELDS}


def _renumber(scale: Scale) -> None:
    """Give every line its position in the tree's reading order (10, 20, …), so a flat sort by
    `order` (ranking columns, exports) reads the same as the tree."""
    nodes = selectors.flatten(selectors.build_tree(list(scale.criteria.all())))
    changed = []
    for index, node in enumerate(nodes, start=1):
        if node.criterion.order != index * 10:
            node.criterion.order = index * 10
            changed.append(node.criterion)
    Criterion.objects.bulk_update(changed, ["order"])


def _check_line(criterion: Criterion) -> None:
    """Refuse a line that breaks a rule of `campaigns.rules`, on the fields it names.

    Points per occurrence mean nothing on a group or a scored line: an edit that changes the
    kind to one of those drops the value instead of refusing it."""
    if criterion.kind not in rules.EXTRA_KINDS:
        criterion.points_per_occurrence = None
    depth, parent = 1, criterion.parent if criterion.parent_id else None
    while parent is not None:
        depth, parent = depth + 1, parent.parent
    problems = rules.line_problems(
        code=criterion.code,
        title=criterion.title,
        kind=criterion.kind,
        max_points=criterion.max_points,
        per=criterion.points_per_occurrence,
    )
    problems += [p for p in [rules.depth_problem(kind=criterion.kind, depth=depth)] if p]
    if problems:
        raise rules.as_validation_error(problems)


@transaction.atomic
def criterion_create(
    *,
    scale: Scale,
    actor,
    code: str,
    title: str,
    kind: str,
    max_points: Decimal,
    parent: Criterion | None = None,
    points_per_occurrence: Decimal | None = None,
    guidance: str = "",
    evidence_required: bool = False,
    request=None,
) -> Criterion:
    """Add a line at the end of its parent (or of the scale)."""
    scale = locked_scale(scale)
    ensure_term_writable(scale.term)
    ensure_draft(scale)
    if parent is not None and parent.scale_id != scale.pk:
        raise ValidationError(_("The parent belongs to another scale."), code="parent_scale")
    last = scale.criteria.aggregate(m=Max("order"))["m"] or 0
    criterion = Criterion(
        scale=scale,
        parent=parent,
        code=(code or "").strip(),
        title=(title or "").strip(),
        kind=kind,
        max_points=max_points,
        points_per_occurrence=points_per_occurrence,
        guidance=guidance or "",
        evidence_required=evidence_required,
        order=last + 10,
    )
    _check_line(criterion)
    criterion.full_clean()
    criterion.save()
    _renumber(scale)
    criterion.refresh_from_db()
    log_action(
        actor=actor,
        action="campaigns.criterion.created",
        obj=criterion,
        after=_criterion_state(criterion),
        request=request,
        term_id=scale.term_id,
    )
    return criterion


def _check_new_parent(criterion: Criterion, scale: Scale) -> None:
    """A line moves under a line of its own scale, never under itself or its own sub-lines."""
    if not criterion.parent_id:
        return
    if criterion.parent_id == criterion.pk or criterion.parent.scale_id != scale.pk:
        raise ValidationError(
            {"parent": ValidationError(_("Choose another parent."), code="parent_invalid")}
        )
    ancestor = criterion.parent
    while ancestor is not None:
        if ancestor.pk == criterion.pk:
            raise ValidationError(
                {
                    "parent": ValidationError(
                        _("A line cannot be moved under itself."), code="parent_invalid"
                    )
                }
            )
        ancestor = ancestor.parent


@transaction.atomic
def criterion_update(*, criterion: Criterion, actor, request=None, **changes) -> Criterion:
    """Change a line's fields (code, title, kind, parent, points, guidance, evidence)."""
    scale = locked_scale(criterion.scale)
    ensure_term_writable(scale.term)
    ensure_draft(scale)
    criterion = Criterion.objects.select_related("parent").get(pk=criterion.pk)
    before = _criterion_state(criterion)
    allowed = set(CRITERION_FIELDS) - {"order", "parent_id"} | {"parent"}
    for name, value in changes.items():
        if name not in allowed:
            raise TypeError(f"criterion_update() got an unexpected field {name!r}")
        setattr(criterion, name, value.strip() if isinstance(value, str) else value)
    _check_new_parent(criterion, scale)
    if criterion.kind != Criterion.Kind.GROUP and criterion.children.exists():
        raise ValidationError(
            {
                "kind": ValidationError(
                    _("This line has sub-lines: it must stay a group."), code="has_children"
                )
            }
        )
    _check_line(criterion)
    criterion.full_clean()
    criterion.save()
    _renumber(scale)
    criterion.refresh_from_db()
    after = _criterion_state(criterion)
    log_action(
        actor=actor,
        action="campaigns.criterion.changed",
        obj=criterion,
        before=before,
        after=after,
        request=request,
        term_id=scale.term_id,
    )
    return criterion


@transaction.atomic
def criterion_delete(*, criterion: Criterion, actor, request=None) -> None:
    scale = locked_scale(criterion.scale)
    ensure_term_writable(scale.term)
    ensure_draft(scale)
    if criterion.children.exists():
        raise ValidationError(
            _("Delete or move the lines of this group first."), code="group_not_empty"
        )
    before = _criterion_state(criterion)
    pk = criterion.pk
    try:
        criterion.delete()
    except ProtectedError as exc:
        raise ValidationError(
            _("This line already has scores and cannot be deleted."), code="criterion_in_use"
        ) from exc
    criterion.pk = pk
    _renumber(scale)
    log_action(
        actor=actor,
        action="campaigns.criterion.deleted",
        obj=criterion,
        before=before,
        request=request,
        term_id=scale.term_id,
    )


@transaction.atomic
def criterion_move(*, criterion: Criterion, actor, direction: str, request=None) -> Criterion:
    """Swap a line (with its sub-lines) with the sibling above or below it."""
    if direction not in ("up", "down"):
        raise ValidationError(_("Unknown direction."), code="bad_direction")
    scale = locked_scale(criterion.scale)
    ensure_term_writable(scale.term)
    ensure_draft(scale)
    siblings = list(
        Criterion.objects.filter(scale=scale, parent_id=criterion.parent_id).order_by(
            "order", "code"
        )
    )
    index = next(i for i, c in enumerate(siblings) if c.pk == criterion.pk)
    other = index - 1 if direction == "up" else index + 1
    if other < 0 or other >= len(siblings):
        raise ValidationError(_("This line cannot move further."), code="cannot_move")
    a, b = siblings[index], siblings[other]
    before = a.order
    a.order, b.order = b.order, a.order
    Criterion.objects.bulk_update([a, b], ["order"])
    _renumber(scale)
    a.refresh_from_db()
    log_action(
        actor=actor,
        action="campaigns.criterion.moved",
        obj=a,
        before={"order": before},
        after={"order": a.order, "direction": direction},
        request=request,
        term_id=scale.term_id,
    )
    return a


def _create_rows(scale: Scale, rows: list[dict]) -> int:
    """Save `rows` as lines of `scale`, parents before their children. Returns the count."""
    created: dict[str, Criterion] = {}
    pending = list(enumerate(rows))
    while pending:
        progressed = False
        for position, row in list(pending):
            parent_code = row.get("parent_code") or ""
            if parent_code and parent_code not in created:
                continue
            criterion = Criterion(
                scale=scale,
                parent=created.get(parent_code),
                code=row["code"],
                title=row["title"],
                kind=row["kind"],
                max_points=row["max_points"],
                points_per_occurrence=row.get("points_per_occurrence"),
                guidance=row.get("guidance", ""),
                evidence_required=row.get("evidence_required", False),
                order=(position + 1) * 10,
            )
            _check_line(criterion)
            criterion.full_clean()
            criterion.save()
            created[criterion.code] = criterion
            pending.remove((position, row))
            progressed = True
        if not progressed:
            raise ValidationError(_("The parents of some lines form a loop."), code="tree_cycle")
    return len(created)


@transaction.atomic
def scale_replace_criteria(*, scale: Scale, actor, rows: list[dict], request=None) -> int:
    """Replace every line of a draft scale with `rows` (from an import). All or nothing.

    Each row: code, parent_code, kind, title, max_points, points_per_occurrence, guidance,
    evidence_required. Parents are matched by code and may come after their children. The
    rows must make a valid scale (`campaigns.rules`: groups' maxima, the nominal total) before
    anything is deleted; each line is checked again as it is saved.
    """
    scale = locked_scale(scale)
    ensure_term_writable(scale.term)
    ensure_draft(scale)
    findings = rules.scale_findings(scale.nominal_total, rules.criteria_from_rows(rows))
    if findings:
        raise ValidationError([ValidationError(p.message, code="scale_invalid") for p in findings])
    before = len(scale.criteria.all())
    try:
        # Children first, so no row is left pointing at a deleted parent.
        scale.criteria.filter(parent__isnull=False).delete()
        scale.criteria.all().delete()
    except ProtectedError as exc:
        raise ValidationError(
            _("Lines of this scale already have scores: it cannot be replaced."),
            code="criterion_in_use",
        ) from exc
    count = _create_rows(scale, rows)
    _renumber(scale)
    log_action(
        actor=actor,
        action="campaigns.scale.imported",
        obj=scale,
        before={"criteria": before},
        after={"criteria": count},
        request=request,
        term_id=scale.term_id,
    )
    return count
