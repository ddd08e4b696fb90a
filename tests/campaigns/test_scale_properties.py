"""Rules review: the scale's rules hold for any tree (hypothesis).

Trees are built so that they add up (each group's maximum is what its lines and sub-groups are
worth, worked out while building them; the nominal total is what the top lines are worth), then
broken in one known way. `scale_problems` must accept every built tree and refuse every broken
one: the expected answer comes from the construction, not from the rule's own arithmetic.
"""

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from campaigns.models import Criterion, Scale
from campaigns.selectors import scale_problems

points = st.integers(min_value=1, max_value=3000).map(lambda n: Decimal(n) / 100)
EXTRAS = [Criterion.Kind.BONUS, Criterion.Kind.DEDUCTION]


class Builder:
    def __init__(self, draw):
        self.draw, self.criteria = draw, []

    def add(self, kind, parent=None, maximum=None) -> Criterion:
        c = Criterion(
            pk=len(self.criteria) + 1,
            code=str(len(self.criteria) + 1),
            kind=kind,
            order=len(self.criteria),
            max_points=self.draw(points) if maximum is None else maximum,
            parent_id=parent.pk if parent else None,
        )
        self.criteria.append(c)
        return c

    def extras(self, parent=None) -> None:
        """Bonus and deduction lines: outside every sum."""
        for _extra in range(self.draw(st.integers(min_value=0, max_value=1))):
            self.add(self.draw(st.sampled_from(EXTRAS)), parent)

    def group(self, parent=None, depth=1) -> Decimal:
        """A group and its lines; returns what the group is worth."""
        group = self.add(Criterion.Kind.GROUP, parent, maximum=Decimal(0))
        worth = Decimal(0)
        for _child in range(self.draw(st.integers(min_value=1, max_value=3))):
            if depth == 1 and self.draw(st.booleans()):
                worth += self.group(group, depth=2)
            else:
                worth += self.add(Criterion.Kind.SCORED, group).max_points
        self.extras(group)
        group.max_points = worth
        return worth


@st.composite
def valid_scales(draw) -> tuple[list[Criterion], Decimal]:
    """Criteria that add up, and their nominal total."""
    builder, nominal = Builder(draw), Decimal(0)
    for _top in range(draw(st.integers(min_value=1, max_value=4))):
        if draw(st.booleans()):
            nominal += builder.group()
        else:
            nominal += builder.add(Criterion.Kind.SCORED).max_points
    builder.extras()
    return builder.criteria, nominal


@settings(max_examples=300, deadline=None)
@given(valid_scales())
def test_a_scale_that_adds_up_has_no_problem(scale):
    criteria, nominal = scale
    assert scale_problems(Scale(nominal_total=nominal), criteria) == []


@settings(max_examples=300, deadline=None)
@given(valid_scales(), st.sampled_from([Decimal("0.01"), Decimal("-0.01"), Decimal(1)]))
def test_a_wrong_nominal_total_is_one_problem(scale, off):
    criteria, nominal = scale
    assert len(scale_problems(Scale(nominal_total=nominal + off), criteria)) == 1


@settings(max_examples=300, deadline=None)
@given(valid_scales(), st.data(), st.sampled_from([Decimal("0.01"), Decimal("-0.01")]))
def test_a_group_that_does_not_add_up_is_a_problem(scale, data, off):
    criteria, nominal = scale
    groups = [c for c in criteria if c.kind == Criterion.Kind.GROUP]
    if not groups:
        return
    group = data.draw(st.sampled_from(groups))
    group.max_points += off
    if group.parent_id is None:
        nominal += off  # keep the nominal total right: only the group is wrong
    assert scale_problems(Scale(nominal_total=nominal), criteria)


@settings(max_examples=100, deadline=None)
@given(valid_scales())
def test_an_empty_group_is_a_problem(scale):
    criteria, nominal = scale
    empty = Criterion(
        pk=len(criteria) + 1, code="E", kind=Criterion.Kind.GROUP, order=99, max_points=0
    )
    assert scale_problems(Scale(nominal_total=nominal), [*criteria, empty])


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(EXTRAS), points), min_size=0, max_size=4))
def test_a_scale_without_scored_lines_is_a_problem(lines):
    criteria = [
        Criterion(pk=i + 1, code=str(i + 1), kind=kind, order=i, max_points=maximum)
        for i, (kind, maximum) in enumerate(lines)
    ]
    assert scale_problems(Scale(nominal_total=Decimal(0)), criteria)
