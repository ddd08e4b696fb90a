"""Registration: a member unit registers titles and targets; the leader approves or returns."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from campaigns import services
from campaigns.models import AwardType, Registration
from tests.campaigns.helpers import award_type, error_codes

pytestmark = pytest.mark.django_db


def _url(name, term, *args):
    return reverse(name, args=[term.block_id, term.year, *args])


def test_the_usual_award_types_are_seeded():
    names = set(AwardType.objects.values_list("name", flat=True))
    assert {
        "Cờ thi đua của UBND tỉnh",
        "Bằng khen của Chủ tịch UBND tỉnh",
        "Cờ thi đua của Chính phủ",
        "Bằng khen của Thủ tướng Chính phủ",
        "Tập thể lao động xuất sắc",
        "Tập thể lao động tiên tiến",
    } <= names
    assert AwardType.objects.get(code="co-chinh-phu").requires_leading_unit


def test_register_return_reregister_approve(world, clients):
    award = award_type()
    response = clients["member"].post(
        _url("campaigns:registration_edit", world.term),
        {"award_types": [award.pk], "targets": "Hoàn thành 100% kế hoạch"},
    )
    assert response.status_code == 302
    registration = Registration.objects.get()
    assert (registration.unit, registration.status) == (world.member_unit, "submitted")
    response = clients["leader"].post(
        _url("campaigns:registration_decide", world.term, registration.pk), {"decision": "return"}
    )
    registration.refresh_from_db()
    assert registration.status == "submitted"  # a return needs a reason
    clients["leader"].post(
        _url("campaigns:registration_decide", world.term, registration.pk),
        {"decision": "return", "reason": "Bổ sung chỉ tiêu"},
    )
    registration.refresh_from_db()
    assert (registration.status, registration.reason) == ("returned", "Bổ sung chỉ tiêu")
    clients["member"].post(
        _url("campaigns:registration_edit", world.term),
        {"award_types": [award.pk], "targets": "Hoàn thành 100% kế hoạch\nCó 1 sáng kiến"},
    )
    registration.refresh_from_db()
    assert registration.status == "submitted" and registration.reason == ""
    clients["leader"].post(
        _url("campaigns:registration_decide", world.term, registration.pk), {"decision": "approve"}
    )
    registration.refresh_from_db()
    assert registration.status == "approved"
    assert registration.decided_by == world.users["leader"]
    rows = clients["deputy"].get(_url("campaigns:registration_list", world.term)).context["rows"]
    assert {r.unit: r.registration for r in rows}[world.member_unit] == registration


def test_an_approved_registration_is_final(world):
    award = award_type()
    registration = services.registration_submit(
        term=world.term,
        unit=world.member_unit,
        actor=world.users["member"],
        award_types=[award],
        targets="A",
    )
    services.registration_decide(
        registration=registration, actor=world.users["leader"], approve=True
    )
    with pytest.raises(ValidationError) as exc:
        services.registration_submit(
            term=world.term,
            unit=world.member_unit,
            actor=world.users["member"],
            award_types=[award],
            targets="B",
        )
    assert error_codes(exc.value) == {"registration_approved"}
    registration.refresh_from_db()
    assert registration.targets == "A"


def test_a_registration_needs_a_title(world):
    with pytest.raises(ValidationError) as exc:
        services.registration_submit(
            term=world.term,
            unit=world.member_unit,
            actor=world.users["member"],
            award_types=[],
            targets="A",
        )
    assert error_codes(exc.value) == {"no_award_type"}
    assert not Registration.objects.exists()


def test_a_decided_registration_cannot_be_decided_again(world):
    registration = services.registration_submit(
        term=world.term,
        unit=world.member_unit,
        actor=world.users["member"],
        award_types=[award_type()],
        targets="A",
    )
    services.registration_decide(
        registration=registration, actor=world.users["leader"], approve=True
    )
    with pytest.raises(ValidationError) as exc:
        services.registration_decide(
            registration=registration, actor=world.users["leader"], approve=False, reason="x"
        )
    assert error_codes(exc.value) == {"not_submitted"}


def test_only_member_units_register(world):
    with pytest.raises(ValidationError) as exc:
        services.registration_submit(
            term=world.term,
            unit=world.outsider_unit,
            actor=world.users["outsider"],
            award_types=[award_type()],
            targets="A",
        )
    assert error_codes(exc.value) == {"not_member"}
