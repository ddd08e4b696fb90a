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


# --- Titles a unit may aim for (issue #15): the leading unit's titles ---------------------


def _flags():
    return list(AwardType.objects.filter(requires_leading_unit=True, active=True))


def test_the_leading_unit_of_the_last_published_year_is_known(world):
    from campaigns import titles

    leading = titles.previous_leading_unit(world.term)
    # make_scored_term scores the first member highest: it led 2024.
    assert (leading.unit_id, leading.year) == (world.leader_unit.pk, 2024)


def test_a_member_is_offered_no_leading_unit_title_and_told_why(world, clients):
    response = clients["member"].get(_url("campaigns:registration_edit", world.term))
    offered = set(response.context["form"].fields["award_types"].queryset)
    reserved = {award for award, _why in response.context["reserved"]}
    assert _flags() and set(_flags()) == reserved
    assert not offered & reserved
    assert AwardType.objects.get(code="tap-the-lao-dong-xuat-sac") in offered
    assert world.leader_unit.name in response.context["reserved"][0][1]
    assert 'id="reserved-titles"' in response.text


def test_the_leading_unit_is_offered_every_title(world, clients):
    response = clients["leader"].get(_url("campaigns:registration_edit", world.term))
    offered = set(response.context["form"].fields["award_types"].queryset)
    assert set(_flags()) <= offered
    assert response.context["reserved"] == []


def test_a_member_posting_a_reserved_title_gets_a_form_error(world, clients):
    flag = AwardType.objects.get(code="co-ubnd-tinh")
    response = clients["member"].post(
        _url("campaigns:registration_edit", world.term),
        {"award_types": [flag.pk], "targets": "Dẫn đầu"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["award_types"]
    assert not Registration.objects.exists()


def test_the_service_refuses_a_reserved_title(world):
    flag = AwardType.objects.get(code="co-chinh-phu")
    with pytest.raises(ValidationError) as exc:
        services.registration_submit(
            term=world.term,
            unit=world.member_unit,
            actor=world.users["member"],
            award_types=[flag, award_type()],
            targets="Dẫn đầu",
        )
    assert error_codes(exc.value) == {"title_reserved"}
    assert not Registration.objects.exists()
    registration = services.registration_submit(
        term=world.term,
        unit=world.leader_unit,
        actor=world.users["leader"],
        award_types=[flag],
        targets="Dẫn đầu",
    )
    assert list(registration.award_types.all()) == [flag]


def test_with_no_published_year_everyone_may_aim_for_the_flags(world):
    from campaigns import titles

    first = world.published_term  # 2024: nothing published before it
    choices = titles.title_choices(first, world.member_unit)
    assert set(_flags()) <= set(choices.offered) and choices.reserved == []


def test_return_reasons_stay_visible_after_approval(world, clients):
    award = award_type()
    registration = services.registration_submit(
        term=world.term,
        unit=world.member_unit,
        actor=world.users["member"],
        award_types=[award],
        targets="Hoàn thành kế hoạch",
    )
    services.registration_decide(
        registration=registration,
        actor=world.users["leader"],
        approve=False,
        reason="Thiếu chỉ tiêu sáng kiến",
    )
    services.registration_submit(
        term=world.term,
        unit=world.member_unit,
        actor=world.users["member"],
        award_types=[award],
        targets="Hoàn thành kế hoạch\nCó 1 sáng kiến",
    )
    services.registration_decide(
        registration=registration, actor=world.users["leader"], approve=True
    )
    response = clients["member"].get(_url("campaigns:registration_list", world.term))
    row = next(r for r in response.context["rows"] if r.unit == world.member_unit)
    assert row.registration.status == "approved" and row.registration.reason == ""
    assert [e.reason for e in row.returns] == ["Thiếu chỉ tiêu sáng kiến"]
    assert [e.action.rsplit(".", 1)[1] for e in row.history] == ["returned", "approved"]
    assert "Thiếu chỉ tiêu sáng kiến" in response.text
