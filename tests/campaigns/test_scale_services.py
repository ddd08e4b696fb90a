"""Scale rules: lines, validation, submission, approval, lock, versions and their diff."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from audit.models import AuditEntry
from campaigns import selectors, services
from campaigns.models import Criterion, Scale
from tests.campaigns.conftest import build_valid_scale

pytestmark = pytest.mark.django_db


def codes(exc: pytest.ExceptionInfo) -> set[str]:
    error = exc.value
    if hasattr(error, "error_dict"):
        return {e.code for errors in error.error_dict.values() for e in errors}
    return {e.code for e in error.error_list}


def test_a_valid_scale_has_no_problems_and_orders_lines_as_a_tree(world, draft):
    build_valid_scale(draft, world.users["leader"])
    criteria = list(draft.criteria.all())
    assert selectors.scale_problems(draft, criteria) == []
    ordered = [c.code for c in sorted(criteria, key=lambda c: c.order)]
    assert ordered[:4] == ["G1", "1.1", "1.2", "G2"]
    assert ordered[-2:] == ["T1", "D1"]


def test_validation_reports_sum_and_group_problems(world, draft):
    leader = world.users["leader"]
    group = services.criterion_create(
        scale=draft, actor=leader, code="A", title="A", kind="group", max_points=Decimal("20")
    )
    services.criterion_create(
        scale=draft,
        actor=leader,
        parent=group,
        code="A1",
        title="A1",
        kind="scored",
        max_points=Decimal("25"),
    )
    services.criterion_create(
        scale=draft, actor=leader, code="E", title="Trống", kind="group", max_points=Decimal("5")
    )
    problems = selectors.scale_problems(draft, list(draft.criteria.all()))
    text = " ".join(problems)
    assert "A" in text and "25" in text  # children above the group's maximum
    assert "E" in text  # empty group
    assert "100" in text  # 25 ≠ 100 declared


def test_bonus_and_deduction_stay_outside_the_nominal_total(world, draft):
    build_valid_scale(draft, world.users["leader"])
    page = selectors.scale_page(draft.term)
    assert page.total == Decimal("100")
    assert page.problems == []


def test_points_per_occurrence_cannot_exceed_the_cap(world, draft):
    with pytest.raises(ValidationError) as exc:
        services.criterion_create(
            scale=draft,
            actor=world.users["leader"],
            code="T",
            title="T",
            kind="bonus",
            max_points=Decimal("3"),
            points_per_occurrence=Decimal("5"),
        )
    assert codes(exc) == {"per_occurrence_above_cap"}
    assert not draft.criteria.exists()


def test_lines_go_at_most_three_levels_deep(world, draft):
    leader = world.users["leader"]
    top = services.criterion_create(
        scale=draft, actor=leader, code="A", title="A", kind="group", max_points=Decimal("10")
    )
    middle = services.criterion_create(
        scale=draft,
        actor=leader,
        parent=top,
        code="A1",
        title="A1",
        kind="group",
        max_points=Decimal("10"),
    )
    services.criterion_create(
        scale=draft,
        actor=leader,
        parent=middle,
        code="A1a",
        title="a",
        kind="scored",
        max_points=Decimal("10"),
    )
    with pytest.raises(ValidationError) as exc:
        services.criterion_create(
            scale=draft,
            actor=leader,
            parent=middle,
            code="A1b",
            title="b",
            kind="group",
            max_points=Decimal("1"),
        )
    assert codes(exc) == {"too_deep"}


def test_only_a_group_contains_lines(world, draft):
    leader = world.users["leader"]
    leaf = services.criterion_create(
        scale=draft, actor=leader, code="1", title="1", kind="scored", max_points=Decimal("10")
    )
    with pytest.raises(ValidationError) as exc:
        services.criterion_create(
            scale=draft,
            actor=leader,
            parent=leaf,
            code="1a",
            title="a",
            kind="scored",
            max_points=Decimal("5"),
        )
    assert "parent_kind" in codes(exc)


def test_duplicate_codes_are_refused(world, draft):
    leader = world.users["leader"]
    services.criterion_create(
        scale=draft, actor=leader, code="1", title="1", kind="scored", max_points=Decimal("10")
    )
    with pytest.raises(ValidationError):
        services.criterion_create(
            scale=draft, actor=leader, code="1", title="bis", kind="scored", max_points=Decimal("5")
        )
    assert draft.criteria.count() == 1


def test_move_swaps_siblings_with_their_children(world, draft):
    build_valid_scale(draft, world.users["leader"], groups=2)
    g2 = draft.criteria.get(code="G2")
    services.criterion_move(criterion=g2, actor=world.users["leader"], direction="up")
    ordered = list(draft.criteria.order_by("order").values_list("code", flat=True))
    assert ordered[:6] == ["G2", "2.1", "2.2", "G1", "1.1", "1.2"]
    with pytest.raises(ValidationError) as exc:
        services.criterion_move(
            criterion=draft.criteria.get(code="G2"), actor=world.users["leader"], direction="up"
        )
    assert codes(exc) == {"cannot_move"}


def test_a_group_with_lines_cannot_be_deleted(world, draft):
    build_valid_scale(draft, world.users["leader"], groups=1)
    count = draft.criteria.count()
    with pytest.raises(ValidationError) as exc:
        services.criterion_delete(
            criterion=draft.criteria.get(code="G1"), actor=world.users["leader"]
        )
    assert codes(exc) == {"group_not_empty"}
    assert draft.criteria.count() == count


def test_update_refuses_moving_a_line_under_itself(world, draft):
    build_valid_scale(draft, world.users["leader"], groups=2)
    g1 = draft.criteria.get(code="G1")
    with pytest.raises(ValidationError):
        services.criterion_update(criterion=g1, actor=world.users["leader"], parent=g1)
    g1.refresh_from_db()
    assert g1.parent_id is None


def test_submit_refuses_an_invalid_scale_and_writes_nothing(world, draft):
    services.criterion_create(
        scale=draft,
        actor=world.users["leader"],
        code="1",
        title="1",
        kind="scored",
        max_points=Decimal("90"),
    )
    audit_before = AuditEntry.objects.count()
    with pytest.raises(ValidationError) as exc:
        services.scale_submit(scale=draft, actor=world.users["leader"])
    assert codes(exc) == {"scale_invalid"}
    draft.refresh_from_db()
    assert draft.status == Scale.Status.DRAFT and draft.submitted_at is None
    assert AuditEntry.objects.count() == audit_before


def test_draft_submitted_approved_locked(world, draft):
    leader, board = world.users["leader"], world.users["board"]
    build_valid_scale(draft, leader)
    services.scale_submit(scale=draft, actor=leader)
    with pytest.raises(ValidationError) as exc:
        services.criterion_create(
            scale=draft, actor=leader, code="X", title="X", kind="scored", max_points=Decimal("1")
        )
    assert codes(exc) == {"scale_not_draft"}
    with pytest.raises(ValidationError) as exc:
        services.lock_scale(scale=draft, actor=board)
    assert codes(exc) == {"scale_not_approved"}
    services.scale_approve(scale=draft, actor=board)
    draft.refresh_from_db()
    assert draft.status == Scale.Status.APPROVED and draft.approved_by == board
    services.lock_scale(scale=draft, actor=leader)
    draft.refresh_from_db()
    assert draft.status == Scale.Status.LOCKED
    actions = list(
        AuditEntry.objects.filter(object_type="campaigns.scale", object_id=str(draft.pk))
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions[-3:] == [
        "campaigns.scale.submitted",
        "campaigns.scale.approved",
        "campaigns.scale.locked",
    ]


def test_return_needs_a_reason(world, draft):
    build_valid_scale(draft, world.users["leader"])
    services.scale_submit(scale=draft, actor=world.users["leader"])
    with pytest.raises(ValidationError) as exc:
        services.scale_return(scale=draft, actor=world.users["board"], reason="  ")
    assert codes(exc) == {"reason_required"}
    services.scale_return(scale=draft, actor=world.users["board"], reason="Thiếu tiêu chí CCHC")
    draft.refresh_from_db()
    assert draft.status == Scale.Status.DRAFT and draft.return_reason == "Thiếu tiêu chí CCHC"


def test_approve_refuses_a_draft(world, draft):
    with pytest.raises(ValidationError) as exc:
        services.scale_approve(scale=draft, actor=world.users["board"])
    assert codes(exc) == {"not_submitted"}


def test_new_version_after_lock_needs_a_reason_and_copies_the_tree(world):
    locked = world.term.scales.get()
    leader = world.users["leader"]
    with pytest.raises(ValidationError) as exc:
        services.scale_new_version(scale=locked, actor=leader, reason="")
    assert codes(exc) == {"reason_required"}
    assert world.term.scales.count() == 1
    new = services.scale_new_version(scale=locked, actor=leader, reason="Thêm tiêu chí 4")
    assert (new.version, new.status, new.reason) == (2, Scale.Status.DRAFT, "Thêm tiêu chí 4")
    assert sorted(new.criteria.values_list("code", flat=True)) == sorted(
        locked.criteria.values_list("code", flat=True)
    )
    # The locked version stays what new sheets are scored against until v2 is approved.
    assert selectors.current_scale(world.term) == locked
    assert selectors.latest_scale(world.term) == new
    with pytest.raises(ValidationError) as exc:
        services.scale_new_version(scale=locked, actor=leader, reason="again")
    assert codes(exc) == {"version_exists"}


def test_an_approved_new_version_takes_effect_at_once_when_scoring_is_open(world):
    locked = world.term.scales.get()
    leader, board = world.users["leader"], world.users["board"]
    new = services.scale_new_version(scale=locked, actor=leader, reason="Sửa điểm tiêu chí 3")
    criterion = new.criteria.get(code="3")
    services.criterion_update(criterion=criterion, actor=leader, title="Tiêu chí 3 (sửa)")
    services.scale_update_settings(scale=new, actor=leader, nominal_total=Decimal("30"))
    services.scale_submit(scale=new, actor=leader)
    services.scale_approve(scale=new, actor=board)
    new.refresh_from_db()
    assert new.status == Scale.Status.LOCKED
    assert selectors.current_scale(world.term) == new
    # One version per year: the existing sheets moved onto it (scoring.services.versions).
    assert set(world.term.sheets.values_list("scale__version", flat=True)) == {2}


def test_diff_lists_added_removed_and_changed_lines(world):
    locked = world.term.scales.get()
    leader = world.users["leader"]
    new = services.scale_new_version(scale=locked, actor=leader, reason="Điều chỉnh")
    services.criterion_update(
        criterion=new.criteria.get(code="1"), actor=leader, max_points=Decimal("8")
    )
    services.criterion_delete(criterion=new.criteria.get(code="2"), actor=leader)
    services.criterion_create(
        scale=new, actor=leader, code="4", title="Mới", kind="scored", max_points=Decimal("2")
    )
    diff = selectors.scale_diff(locked, new)
    assert [c.code for c in diff.added] == ["4"]
    assert [c.code for c in diff.removed] == ["2"]
    assert [(c.code, c.fields[0][1:]) for c in diff.changed] == [("1", ("10", "8"))]


def test_nothing_changes_in_a_published_year(world):
    scale = world.published_term.scales.get()
    with pytest.raises(ValidationError) as exc:
        services.scale_new_version(scale=scale, actor=world.users["board"], reason="x")
    assert codes(exc) == {"term_published"}
    assert world.published_term.scales.count() == 1


def test_current_scale_falls_back_to_the_draft_during_setup(world, draft):
    assert selectors.current_scale(draft.term) == draft


def test_audit_records_line_changes_with_decimals_as_strings(world, draft):
    line = services.criterion_create(
        scale=draft,
        actor=world.users["leader"],
        code="1",
        title="1",
        kind="scored",
        max_points=Decimal("8.5"),
    )
    services.criterion_update(criterion=line, actor=world.users["leader"], max_points=Decimal("9"))
    entry = AuditEntry.objects.filter(action="campaigns.criterion.changed").get()
    assert entry.before["max_points"] == "8.50" and entry.after["max_points"] == "9.00"
    assert entry.term_id == draft.term_id
    assert Criterion.objects.get(pk=line.pk).max_points == Decimal("9")
