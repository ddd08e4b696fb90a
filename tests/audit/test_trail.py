"""The audit trail in the browser: who sees what, filters, paging, export, append-only."""

import datetime
import io

import pytest
from django.db import connection, transaction
from django.urls import reverse
from openpyxl import load_workbook

from audit.services import log_action
from tests.factories import BlockFactory, UnitFactory, UserFactory

pytestmark = pytest.mark.django_db


def _log(actor, obj, action="test.thing.changed", reason="", term_id=None):
    with transaction.atomic():
        return log_action(actor=actor, action=action, obj=obj, reason=reason, term_id=term_id)


def _actions(response):
    return [entry.action for entry in response.context["page"]]


def test_board_sees_its_province_not_another(client, world):
    stranger = UserFactory(username="far", unit=UnitFactory())  # another province
    _log(world.users["leader"], world.term, action="mine.leader")
    _log(stranger, stranger, action="other.province")
    client.force_login(world.users["board"])
    actions = _actions(client.get(reverse("audit:audit_list")))
    assert "mine.leader" in actions
    assert "other.province" not in actions


def test_an_officer_sees_only_their_unit(client, world):
    colleague = UserFactory(username="colleague", unit=world.member_unit)
    _log(colleague, world.term, action="mine.colleague")
    _log(world.users["leader"], world.term, action="other.leader")
    client.force_login(world.users["member"])
    actions = _actions(client.get(reverse("audit:audit_list")))
    assert actions == ["mine.colleague"]
    # Nor can the officer widen the scope with a filter of another unit.
    response = client.get(reverse("audit:audit_list"), {"unit": world.leader_unit.pk})
    assert _actions(response) == ["mine.colleague"]


def test_filters(client, world):
    other_term_block = BlockFactory(province=world.province)
    _log(world.users["leader"], world.term, action="scoring.a", term_id=world.term.pk)
    _log(world.users["member"], world.term, action="scoring.b", term_id=world.term.pk)
    _log(world.users["member"], other_term_block, action="blocks.c")
    client.force_login(world.users["board"])
    url = reverse("audit:audit_list")
    assert set(_actions(client.get(url, {"block": world.block.pk}))) >= {"scoring.a", "scoring.b"}
    assert "blocks.c" not in _actions(client.get(url, {"block": world.block.pk}))
    assert set(_actions(client.get(url, {"unit": world.member_unit.pk}))) == {
        "scoring.b",
        "blocks.c",
    }
    assert set(_actions(client.get(url, {"user": "leader", "action": "scoring"}))) == {"scoring.a"}
    assert _actions(client.get(url, {"action": "blocks."})) == ["blocks.c"]
    today = datetime.date.today()
    assert len(_actions(client.get(url, {"date_from": today + datetime.timedelta(days=2)}))) == 0
    response = client.get(url, {"date_from": "2025-02-01", "date_to": "2025-01-01"})
    assert response.context["form"].errors and _actions(response) == []


def test_paging(client, world):
    for i in range(60):
        _log(world.users["leader"], world.term, action=f"bulk.{i}")
    client.force_login(world.users["board"])
    first = client.get(reverse("audit:audit_list"), {"action": "bulk."})
    second = client.get(reverse("audit:audit_list"), {"action": "bulk.", "page": 2})
    assert len(first.context["page"]) == 50 and len(second.context["page"]) == 10


@pytest.mark.parametrize("entries", [1, 40])
def test_audit_list_query_count(client, world, django_assert_num_queries, entries):
    for i in range(entries):
        _log(world.users["leader"], world.term, action=f"n.{i}")
    client.force_login(world.users["board"])
    # session, user, count, page of entries (with actor and unit), the filter's blocks and
    # units, the layout's board province.
    with django_assert_num_queries(7):
        client.get(reverse("audit:audit_list"), {"action": "n."})


def test_export_writes_user_text_as_text(client, world):
    _log(world.users["leader"], world.term, action="x.formula", reason='=HYPERLINK("http://e")')
    client.force_login(world.users["board"])
    response = client.get(reverse("audit:audit_export"), {"action": "x."})
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.max_row == 2
    reason = sheet.cell(row=2, column=9)
    assert reason.value == '=HYPERLINK("http://e")' and reason.data_type == "s"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL only")
def test_database_refuses_update_and_delete(world):
    from django.db import DatabaseError

    entry = _log(world.users["leader"], world.term)
    for sql in (
        "UPDATE audit_auditentry SET reason = 'rewritten' WHERE id = %s",
        "DELETE FROM audit_auditentry WHERE id = %s",
    ):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [entry.pk])
    entry.refresh_from_db()
    assert entry.reason == ""


def test_a_council_member_sees_their_blocks_years_only(client, world):
    other_block_term = world.other_block.terms.first()
    _log(world.users["leader"], world.term, action="in.block", term_id=world.term.pk)
    _log(world.users["board"], world.province, action="no.term")
    if other_block_term is not None:
        _log(
            world.users["outsider"],
            other_block_term,
            action="other.block",
            term_id=other_block_term.pk,
        )
    client.force_login(world.users["council"])
    actions = _actions(client.get(reverse("audit:audit_list")))
    assert "in.block" in actions
    assert "no.term" not in actions and "other.block" not in actions
