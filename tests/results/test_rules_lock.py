"""The tie-break policy and the bands carried into the next year are editable while it is set
up, then locked like the scale once scoring opens (issue #14, part 2). The board alone may
still change them before publication, with a reason kept in the audit trail."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from audit.models import AuditEntry
from blocks.models import Term
from blocks.services import term_create_next
from campaigns.models import Scale
from results import services
from results.models import ClassificationBand, TiePolicy
from scoring import services as scoring_services

pytestmark = pytest.mark.django_db

TZ = datetime.timezone(datetime.timedelta(hours=7))
BANDS = [("Xuất sắc", Decimal("27"), Decimal("85")), ("Khác", Decimal("0"), Decimal("0"))]


def _codes(error: ValidationError) -> set[str]:
    if hasattr(error, "error_dict"):
        return {e.code for errors in error.error_dict.values() for e in errors}
    return {e.code for e in error.error_list}


@pytest.fixture
def next_year(world):
    """2026, prepared from 2025 with its rules, its copied scale approved by the board."""
    services.set_tie_policy(
        term=world.term, actor=world.users["board"], rules=["full_marks"], reason="Hội nghị"
    )
    services.set_term_bands(term=world.term, actor=world.users["board"], bands=BANDS, reason="x")
    new = term_create_next(term=world.term, actor=world.users["board"], leader=world.leader_unit)
    assert new.status == Term.Status.SETUP
    assert TiePolicy.objects.get(term=new).rules == ["full_marks"]
    assert new.classification_bands.count() == 2
    scale = new.scales.get()
    Scale.objects.filter(pk=scale.pk).update(status=Scale.Status.APPROVED)
    return new


def _open(term, world):
    with time_machine.travel(datetime.datetime(2026, 10, 20, 9, tzinfo=TZ), tick=False):
        scoring_services.open_scoring(
            term=term,
            opens_at=datetime.datetime(2026, 11, 1, 8, tzinfo=TZ),
            closes_at=datetime.datetime(2026, 12, 1, 17, tzinfo=TZ),
            actor=world.users["leader"],
        )
    term.refresh_from_db()
    assert term.status == Term.Status.SCORING


def test_the_copy_is_editable_until_scoring_opens_then_locked(world, next_year):
    leader, board = world.users["leader"], world.users["board"]
    # Set up: the leader unit changes the policy, the board the bands, no reason asked.
    services.set_tie_policy(term=next_year, actor=leader, rules=["base", "full_marks"])
    services.set_term_bands(term=next_year, actor=board, bands=BANDS[:1])
    assert not services.rules_locked(next_year)

    _open(next_year, world)
    assert services.rules_locked(next_year)
    entries = AuditEntry.objects.count()
    with pytest.raises(ValidationError) as exc:
        services.set_tie_policy(term=next_year, actor=leader, rules=["fewer_deductions"])
    assert _codes(exc.value) == {"rules_locked"}
    with pytest.raises(ValidationError) as exc:
        services.set_term_bands(term=next_year, actor=leader, bands=[])
    assert _codes(exc.value) == {"rules_locked"}
    # The board too needs a reason now.
    with pytest.raises(ValidationError) as exc:
        services.set_term_bands(term=next_year, actor=board, bands=[], reason="  ")
    assert _codes(exc.value) == {"reason_required"}
    with pytest.raises(ValidationError) as exc:
        services.set_tie_policy(term=next_year, actor=board, rules=["base"])
    assert _codes(exc.value) == {"reason_required"}
    # Nothing was written by the refusals.
    assert TiePolicy.objects.get(term=next_year).rules == ["base", "full_marks"]
    assert list(next_year.classification_bands.values_list("label", flat=True)) == ["Xuất sắc"]
    assert AuditEntry.objects.count() == entries

    services.set_tie_policy(
        term=next_year, actor=board, rules=["base"], reason="Kết luận hội nghị khối"
    )
    entry = AuditEntry.objects.filter(
        action="results.tie_policy.changed", term_id=next_year.pk
    ).latest("id")
    assert entry.reason == "Kết luận hội nghị khối" and entry.actor == board
    assert entry.after == {"rules": ["base"]}


def test_the_leader_sees_why_and_is_offered_nothing(world, next_year, clients):
    url = reverse("results:workspace", args=[next_year.block_id, next_year.year])
    action = reverse("results:tie_policy", args=[next_year.block_id, next_year.year])
    page = clients["leader"].get(url).content.decode()
    assert action in page and 'id="policy-locked"' not in page

    _open(next_year, world)
    page = clients["leader"].get(url).content.decode()
    assert 'id="policy-locked"' in page
    assert action not in page  # no form
    assert 'id="policy-in-force"' in page
    response = clients["leader"].post(action, {"rule_1": "base"})
    assert response.status_code == 200
    assert "rules_locked" not in response.content.decode()  # the message, not the code
    assert response.context["policy_form"].non_field_errors()
    assert TiePolicy.objects.get(term=next_year).rules == ["full_marks"]


def test_the_board_is_asked_for_a_reason_on_the_page(world, next_year, clients):
    _open(next_year, world)
    url = reverse("results:workspace", args=[next_year.block_id, next_year.year])
    page = clients["board"].get(url)
    assert 'id="bands-locked"' in page.content.decode()
    assert "reason" in page.context["policy_form"].fields
    action = reverse("results:tie_policy", args=[next_year.block_id, next_year.year])
    response = clients["board"].post(action, {"rule_1": "base"})
    assert response.status_code == 200
    assert response.context["policy_form"].errors["reason"]
    response = clients["board"].post(action, {"rule_1": "base", "reason": "Theo hội nghị"})
    assert response.status_code == 302
    assert TiePolicy.objects.get(term=next_year).rules == ["base"]


def test_bands_posted_without_a_reason_after_opening_are_refused(world, next_year, clients):
    _open(next_year, world)
    url = reverse("results:bands", args=[next_year.block_id, next_year.year])
    data = {
        "bands-TOTAL_FORMS": "1",
        "bands-INITIAL_FORMS": "0",
        "bands-0-label": "Mới",
        "bands-0-min_total": "50",
        "bands-0-floor_percent": "0",
    }
    response = clients["board"].post(url, data)
    assert response.status_code == 200
    assert not ClassificationBand.objects.filter(term=next_year, label="Mới").exists()
    assert clients["board"].post(url, {**data, "reason": "Sửa nhầm"}).status_code == 302
    assert ClassificationBand.objects.filter(term=next_year, label="Mới").exists()
