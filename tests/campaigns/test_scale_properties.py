"""Rules review: the scale's rules hold for any tree (hypothesis)."""

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from campaigns.models import Criterion, Scale
from campaigns.selectors import EXTRA_KINDS, SUMMED_KINDS, build_tree, flatten, scale_problems

points = st.integers(min_value=0, max_value=3000).map(lambda n: Decimal(n) / 100)


@st.composite
def trees(draw):
    """Groups (two levels) holding scored lines, plus bonus and deduction lines."""
    criteria: list[Criterion] = []

    def add(kind, parent=None, maximum=None):
        c = Criterion(
            pk=len(criteria) + 1,
            code=str(len(criteria) + 1),
            kind=kind,
            order=len(criteria),
            max_points=draw(points) if maximum is None else maximum,
            parent_id=parent.pk if parent else None,
        )
        criteria.append(c)
        return c

    for _top in range(draw(st.integers(min_value=1, max_value=4))):
        if draw(st.booleans()):
            group = add(Criterion.Kind.GROUP)
            for _child in range(draw(st.integers(min_value=0, max_value=3))):
                if draw(st.booleans()):
                    sub = add(Criterion.Kind.GROUP, group)
                    for _leaf in range(draw(st.integers(min_value=0, max_value=2))):
                        add(Criterion.Kind.SCORED, sub)
                else:
                    add(draw(st.sampled_from([Criterion.Kind.SCORED, *EXTRA_KINDS])), group)
        else:
            add(draw(st.sampled_from([Criterion.Kind.SCORED, *EXTRA_KINDS])))
    return criteria


@settings(max_examples=300, deadline=None)
@given(trees(), points, st.booleans())
def test_a_valid_scale_adds_up(criteria, declared, honest):
    tree = build_tree(criteria)
    nodes = flatten(tree)
    top_sum = sum((n.criterion.max_points for n in tree if n.kind in SUMMED_KINDS), Decimal(0))
    scale = Scale(nominal_total=top_sum if honest else declared)
    problems = scale_problems(scale, criteria)
    if not problems:
        # Children fit their group exactly, the nominal total is the sum of the top lines, and
        # bonus and deduction lines stay outside both.
        assert scale.nominal_total == top_sum
        assert any(n.kind == Criterion.Kind.SCORED for n in nodes)
        for node in nodes:
            if node.kind == Criterion.Kind.GROUP:
                summed = [c for c in node.children if c.kind in SUMMED_KINDS]
                assert summed
                assert sum((c.criterion.max_points for c in summed), Decimal(0)) == (
                    node.criterion.max_points
                )
    else:
        over = any(
            n.kind == Criterion.Kind.GROUP and n.children_total != n.criterion.max_points
            for n in nodes
        )
        assert (
            over
            or scale.nominal_total != top_sum
            or not any(n.kind == Criterion.Kind.SCORED for n in nodes)
            or any(
                n.kind == Criterion.Kind.GROUP
                and not any(c.kind in SUMMED_KINDS for c in n.children)
                for n in nodes
            )
        )
