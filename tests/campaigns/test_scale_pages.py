"""The scale editor's pages: adding lines with a decimal comma, submit/approve by HTTP, versions
and diff pages, and the pinned query count (the same for 5 and 50 criteria)."""

from decimal import Decimal

import pytest
from django.urls import reverse

from campaigns import services
from campaigns.models import Scale
from tests.campaigns.conftest import build_valid_scale
from tests.factories import CriterionFactory

pytestmark = pytest.mark.django_db


def _url(name, term, *args):
    return reverse(name, args=[term.block_id, term.year, *args])


def test_add_a_line_with_a_decimal_comma(world, draft, clients):
    response = clients["leader"].post(
        _url("campaigns:scale_line_create", draft.term),
        {
            "kind": "scored",
            "code": "1",
            "title": "Tiêu chí",
            "max_points": "8,5",
            "evidence_required": "on",
        },
    )
    assert response.status_code == 302
    line = draft.criteria.get()
    assert line.max_points == Decimal("8.5") and line.evidence_required


def test_a_bad_number_is_an_error_on_the_form(world, draft, clients):
    response = clients["leader"].post(
        _url("campaigns:scale_line_create", draft.term),
        {"kind": "scored", "code": "1", "title": "T", "max_points": "mười"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["max_points"]
    assert not draft.criteria.exists()


def test_a_service_refusal_lands_on_the_form(world, draft, clients):
    response = clients["leader"].post(
        _url("campaigns:scale_line_create", draft.term),
        {
            "kind": "bonus",
            "code": "T",
            "title": "T",
            "max_points": "2",
            "points_per_occurrence": "5",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["points_per_occurrence"]


def test_edit_a_line_into_a_group(world, draft, clients):
    build_valid_scale(draft, world.users["leader"], groups=2)
    line = draft.criteria.get(code="2.2")
    group = draft.criteria.get(code="G1")
    response = clients["board"].post(
        _url("campaigns:scale_line_edit", draft.term, line.pk),
        {
            "parent": str(group.pk),
            "kind": "scored",
            "code": "1.3",
            "title": "Chuyển",
            "max_points": "1",
        },
    )
    assert response.status_code == 302
    line.refresh_from_db()
    assert (line.parent, line.code) == (group, "1.3")


def test_submit_and_approve_over_http(world, draft, clients):
    build_valid_scale(draft, world.users["leader"])
    assert clients["leader"].post(_url("campaigns:scale_submit", draft.term)).status_code == 302
    draft.refresh_from_db()
    assert draft.status == Scale.Status.SUBMITTED
    assert clients["leader"].post(_url("campaigns:scale_approve", draft.term)).status_code == 403
    clients["board"].post(_url("campaigns:scale_approve", draft.term))
    draft.refresh_from_db()
    assert draft.status == Scale.Status.APPROVED


def test_an_invalid_scale_is_not_submitted(world, draft, clients):
    services.criterion_create(
        scale=draft,
        actor=world.users["leader"],
        code="1",
        title="1",
        kind="scored",
        max_points=Decimal("50"),
    )
    response = clients["leader"].post(_url("campaigns:scale_submit", draft.term), follow=True)
    draft.refresh_from_db()
    assert draft.status == Scale.Status.DRAFT
    assert "100" in response.text  # the message names the declared total


def test_member_sees_the_scale_read_only(world, draft, clients):
    build_valid_scale(draft, world.users["leader"], groups=1)
    response = clients["member"].get(_url("campaigns:scale_editor", draft.term))
    assert response.status_code == 200
    assert not response.context["editing"]
    assert "add-line" not in response.text


def test_versions_page_shows_the_diff(world, clients):
    locked = world.term.scales.get()
    new = services.scale_new_version(scale=locked, actor=world.users["leader"], reason="Đổi")
    services.criterion_update(
        criterion=new.criteria.get(code="3"), actor=world.users["leader"], title="Mới"
    )
    response = clients["member"].get(_url("campaigns:scale_versions", world.term))
    assert response.status_code == 200
    diff = response.context["diff"]
    assert (diff.old, diff.new) == (locked, new)
    assert "Mới" in response.text
    response = clients["member"].get(_url("campaigns:scale_versions", world.term) + "?old=1&new=7")
    assert response.status_code == 404


def test_an_old_version_can_be_viewed(world, clients):
    services.scale_new_version(
        scale=world.term.scales.get(), actor=world.users["leader"], reason="Đổi"
    )
    response = clients["member"].get(_url("campaigns:scale_editor", world.term) + "?version=1")
    assert response.context["page"].scale.version == 1


@pytest.mark.parametrize("criteria", [5, 50])
def test_scale_editor_query_count(world, draft, client, django_assert_num_queries, criteria):
    for index in range(criteria):
        CriterionFactory(scale=draft, code=f"{index + 1}", order=index * 10)
    client.force_login(world.users["leader"])
    # session (1), user with their unit for the navigation bar (1), term with
    # block/province/leader/deputy (1) (the leader unit's officer: no council check), versions
    # with their approver and submitter (1), criteria (1)
    with django_assert_num_queries(5):
        response = client.get(_url("campaigns:scale_editor", draft.term))
    assert response.status_code == 200
    assert len(response.context["page"].nodes) == criteria
    assert response.context["editing"]


@pytest.mark.parametrize("criteria", [5, 50])
def test_scale_editor_query_count_for_a_member(world, client, django_assert_num_queries, criteria):
    scale = world.term.scales.get()
    for index in range(criteria):
        CriterionFactory(scale=scale, code=f"X{index}", order=100 + index)
    client.force_login(world.users["member"])
    # session (1), user with their unit for the navigation bar (1), term with the unit's
    # membership and council seat (1), versions (1), criteria (1)
    with django_assert_num_queries(5):
        response = client.get(_url("campaigns:scale_editor", world.term))
    assert response.status_code == 200
