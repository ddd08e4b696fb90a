"""The rules of a scale, in one place: what makes one line right, and what makes the whole
scale valid (groups adding up to their maximum, top-level lines to the nominal total).

Pure functions over unsaved or saved criteria, no queries. The editor's form, the services and
the Excel importer all call them, so "a valid line" and "a valid scale" mean the same thing
wherever a scale is written. Each problem names the field it is about and has a code, so a
caller can put it on a form field, raise it as a `ValidationError`, or report it as a cell of
a workbook (row and column).
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext as _

from campaigns.models import Criterion

MAX_DEPTH = 3  # group → criterion → sub-criterion
SUMMED_KINDS = (Criterion.Kind.GROUP, Criterion.Kind.SCORED)
EXTRA_KINDS = (Criterion.Kind.BONUS, Criterion.Kind.DEDUCTION)
CODE_MAX_LENGTH = 20
TITLE_MAX_LENGTH = 500
POINTS_MAX = Decimal("9999.99")  # the model's DecimalField(max_digits=6, decimal_places=2)


@dataclass(frozen=True)
class Problem:
    """One broken rule: the field it is about ("" for the scale as a whole), a code for tests
    and callers, the message for people, and the line it is about when there is one."""

    field: str
    code: str
    message: str
    criterion: Criterion | None = None


def as_validation_error(problems: list[Problem]) -> ValidationError:
    """The problems as one `ValidationError`, each on the field it names (a form shows it
    there; `apply_service_error` puts it back on the field)."""
    by_field: dict[str, list[ValidationError]] = {}
    for problem in problems:
        name = problem.field or NON_FIELD_ERRORS
        by_field.setdefault(name, []).append(ValidationError(problem.message, code=problem.code))
    return ValidationError(by_field)


# --- One line ------------------------------------------------------------------------------


def _points_problem(name: str, value) -> Problem | None:
    value = Decimal(str(value))
    if value < 0:
        return Problem(name, "negative_points", _("The points cannot be negative."))
    if value > POINTS_MAX or value != value.quantize(Decimal("0.01")):
        return Problem(
            name, "points_format", _("The points are at most 9999.99, with two decimals.")
        )
    return None


def line_problems(
    *, code: str, title: str, kind: str, max_points: Decimal, per: Decimal | None
) -> list[Problem]:
    """Every rule one line breaks on its own (its place in the tree is `tree_problems`)."""
    problems = []
    if not code:
        problems.append(Problem("code", "code_missing", _("The code is missing.")))
    elif len(code) > CODE_MAX_LENGTH:
        problems.append(
            Problem("code", "code_too_long", _("The code is longer than 20 characters."))
        )
    if not title:
        problems.append(Problem("title", "title_missing", _("The title is missing.")))
    elif len(title) > TITLE_MAX_LENGTH:
        problems.append(
            Problem("title", "title_too_long", _("The title is longer than 500 characters."))
        )
    problems.append(_points_problem("max_points", max_points))
    if per is not None:
        problems.append(per_occurrence_problem(kind=kind, max_points=max_points, per=per))
    return [p for p in problems if p is not None]


def per_occurrence_problem(*, kind: str, max_points: Decimal, per: Decimal) -> Problem | None:
    """Points per occurrence: bonus and deduction lines only, positive, at most the cap."""
    name = "points_per_occurrence"
    if kind not in EXTRA_KINDS:
        return Problem(
            name,
            "per_occurrence_not_extra",
            _("Only bonus and deduction lines have points per occurrence."),
        )
    if per <= 0:
        return Problem(
            name, "per_occurrence_not_positive", _("The points per occurrence must be positive.")
        )
    if per > max_points:
        return Problem(
            name, "per_occurrence_above_cap", _("Points per occurrence cannot exceed the cap.")
        )
    return _points_problem(name, per)


def depth_problem(*, kind: str, depth: int) -> Problem | None:
    """A line `depth` levels down (1 = top level): at most three levels, groups not at the
    bottom one."""
    if depth > MAX_DEPTH:
        return Problem(
            "parent",
            "too_deep",
            _("Lines go at most three levels deep: group → criterion → sub-criterion."),
        )
    if kind == Criterion.Kind.GROUP and depth >= MAX_DEPTH:
        return Problem("parent", "too_deep", _("A group cannot go this deep."))
    return None


# --- The tree and the whole scale ----------------------------------------------------------


@dataclass
class Node:
    criterion: Criterion
    depth: int
    children: list["Node"] = field(default_factory=list)
    children_total: Decimal = Decimal("0")
    first: bool = False
    last: bool = False

    @property
    def kind(self) -> str:
        return self.criterion.kind


def build_tree(criteria: list[Criterion]) -> list[Node]:
    """Top-level nodes with their children, in the scale's order (no queries)."""
    ordered = sorted(criteria, key=lambda c: (c.order, c.code))
    by_parent: dict[int | None, list[Criterion]] = {}
    for criterion in ordered:
        by_parent.setdefault(criterion.parent_id, []).append(criterion)

    def make(parent_id: int | None, depth: int) -> list[Node]:
        siblings = by_parent.get(parent_id, [])
        nodes = []
        for index, criterion in enumerate(siblings):
            node = Node(criterion, depth, make(criterion.pk, depth + 1))
            node.children_total = sum(
                (c.criterion.max_points for c in node.children if c.kind in SUMMED_KINDS),
                Decimal("0"),
            )
            node.first = index == 0
            node.last = index == len(siblings) - 1
            nodes.append(node)
        return nodes

    return make(None, 1)


def flatten(nodes: list[Node]) -> list[Node]:
    result = []
    for node in nodes:
        result.append(node)
        result.extend(flatten(node.children))
    return result


def nominal_sum(nodes: list[Node]) -> Decimal:
    """The sum of the top-level groups and criteria: bonus and deduction lines stay outside."""
    return sum((n.criterion.max_points for n in nodes if n.kind in SUMMED_KINDS), Decimal("0"))


def points_text(value: Decimal) -> str:
    from blocks.templatetags.thidua import points

    return points(value)


def _group_problem(node: Node) -> Problem | None:
    c = node.criterion
    values = {
        "code": c.code,
        "sum": points_text(node.children_total),
        "max": points_text(c.max_points),
    }
    if not any(child.kind in SUMMED_KINDS for child in node.children):
        return Problem("", "group_empty", _("Group %(code)s has no criteria.") % values, c)
    if node.children_total > c.max_points:
        message = _(
            "The criteria of %(code)s add up to %(sum)s points, more than its maximum of %(max)s."
        )
        return Problem("max_points", "group_above_max", message % values, c)
    if node.children_total < c.max_points:
        message = _(
            "The criteria of %(code)s add up to %(sum)s points, less than its maximum of %(max)s."
        )
        return Problem("max_points", "group_below_max", message % values, c)
    return None


def scale_findings(nominal_total: Decimal, criteria: list[Criterion]) -> list[Problem]:
    """Everything that keeps a scale of these lines from being submitted or approved (and a
    file of these lines from being imported); empty when valid."""
    tree = build_tree(criteria)
    nodes = flatten(tree)
    problems: list[Problem | None] = []
    if not any(n.kind == Criterion.Kind.SCORED for n in nodes):
        problems.append(Problem("", "no_scored", _("The scale has no scored criterion.")))
    for node in nodes:
        c = node.criterion
        if node.depth > MAX_DEPTH:
            message = _("%(code)s is nested deeper than group → criterion → sub-criterion.")
            problems.append(Problem("parent", "too_deep", message % {"code": c.code}, c))
        if c.kind == Criterion.Kind.GROUP:
            problems.append(_group_problem(node))
    total = nominal_sum(tree)
    if total != nominal_total:
        message = _(
            "The criteria add up to %(sum)s points but the declared nominal total is %(total)s."
        )
        values = {"sum": points_text(total), "total": points_text(nominal_total)}
        problems.append(Problem("nominal_total", "nominal_total", message % values))
    return [p for p in problems if p is not None]


def criteria_from_rows(rows: list[dict]) -> list[Criterion]:
    """Unsaved lines built from an import's rows (code, parent_code, kind, max_points, …), with
    stand-in ids so the tree can be checked before anything is written. Not for saving."""
    ids = {row["code"]: index for index, row in enumerate(rows, start=1)}
    criteria = []
    for index, row in enumerate(rows, start=1):
        criterion = Criterion(
            code=row["code"],
            title=row["title"],
            kind=row["kind"],
            max_points=row["max_points"],
            points_per_occurrence=row.get("points_per_occurrence"),
            order=index * 10,
        )
        criterion.pk = index
        criterion.parent_id = ids.get(row.get("parent_code") or "")
        criteria.append(criterion)
    return criteria
