"""Rules review: a published result keeps each unit's name at the time of publication."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from blocks.models import Unit
from results import services
from results.models import PublishedResult

pytestmark = pytest.mark.django_db


def test_renaming_a_unit_after_publication_keeps_the_old_name_everywhere(world, client):
    old = world.member_unit.name
    services.publish_term(
        term=world.term,
        actor=world.users["board"],
        decision_number="7/QĐ",
        decision_date=datetime.date(2026, 1, 20),
    )
    Unit.objects.filter(pk=world.member_unit.pk).update(name="Sở Công Thương (sau sáp nhập)")
    url = reverse("portal:term_ranking", args=[world.block.pk, world.term.year])
    response = client.get(url)
    assert response.status_code == 200
    assert old in response.text
    assert "sau sáp nhập" not in response.text
    snapshot = PublishedResult.objects.get(term=world.term).snapshot
    assert old in {row["unit_name"] for row in snapshot["rows"]}


def test_a_correction_after_a_rename_keeps_the_names_at_the_time(world):
    board = world.users["board"]
    services.publish_term(
        term=world.term,
        actor=board,
        decision_number="7/QĐ",
        decision_date=datetime.date(2026, 1, 20),
    )
    old_member, old_leader = world.member_unit.name, world.leader_unit.name
    Unit.objects.filter(pk=world.member_unit.pk).update(name="Tên mới của thành viên")
    Unit.objects.filter(pk=world.leader_unit.pk).update(name="Tên mới của khối trưởng")
    correction = services.correct_publication(
        term=world.term,
        actor=board,
        decision_number="9/QĐ",
        decision_date=datetime.date(2026, 2, 2),
        reason="Sửa điểm tiêu chí 1",
        adjustments={(world.member_unit.pk, "1"): Decimal("9")},
    )
    snapshot = correction.snapshot
    names = {row["unit_name"] for row in snapshot["rows"]}
    assert old_member in names and old_leader in names
    assert snapshot["leader"] == old_leader
    assert "Tên mới" not in str(snapshot)


def test_a_correction_refuses_more_than_two_decimals_and_writes_nothing(world):
    from django.core.exceptions import ValidationError

    board = world.users["board"]
    services.publish_term(
        term=world.term,
        actor=board,
        decision_number="7/QĐ",
        decision_date=datetime.date(2026, 1, 20),
    )
    with pytest.raises(ValidationError) as error:
        services.correct_publication(
            term=world.term,
            actor=board,
            decision_number="9/QĐ",
            decision_date=datetime.date(2026, 2, 2),
            reason="Sửa điểm",
            adjustments={(world.member_unit.pk, "1"): Decimal("8.555")},
        )
    assert error.value.code == "decimals"
    assert PublishedResult.objects.filter(term=world.term).count() == 1


def test_publication_records_each_sheet_it_locks(world):
    from audit.models import AuditEntry
    from scoring.models import ScoreSheet

    verified = list(
        ScoreSheet.objects.filter(term=world.term).exclude(status=ScoreSheet.Status.LOCKED)
    )
    assert verified
    services.publish_term(
        term=world.term,
        actor=world.users["board"],
        decision_number="7/QĐ",
        decision_date=datetime.date(2026, 1, 20),
    )
    for sheet in verified:
        entry = AuditEntry.objects.get(
            action="scoring.sheet.status_changed", after__sheet_id=sheet.pk, term_id=world.term.pk
        )
        assert entry.before == {"status": sheet.status} and entry.after["status"] == "locked"
        assert entry.actor == world.users["board"]
