"""The acting deputy: the leader delegates to its deputy with dates, or the board assigns it;
while a delegation is in force the deputy's officers hold every leader power
(`blocks.access.can_lead_term`), before and after it they do not; revocation is recorded."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEntry
from blocks import access, services
from blocks.models import Delegation, Term
from emulation.forms import error_codes

pytestmark = pytest.mark.django_db

MAY = datetime.datetime(2025, 5, 10, 9, tzinfo=datetime.UTC)


def _grant(world, *, actor="leader", start=(2025, 6, 1), end=(2025, 6, 30), **kwargs):
    return services.delegation_grant(
        term=world.term,
        starts_on=datetime.date(*start),
        ends_on=datetime.date(*end),
        reason=kwargs.pop("reason", "Khối trưởng đi công tác"),
        source=kwargs.pop("source", Delegation.Source.LEADER),
        actor=world.users[actor],
        **kwargs,
    )


def _leader_pages(world) -> list[str]:
    """Leader actions behind `can_manage_term`: preparing the next year, reviewing a sheet."""
    return [
        reverse("results:term_next", args=[world.block.pk, 2025]),
        reverse("scoring:sheet_review", args=[world.block.pk, 2025, world.member_unit.pk]),
    ]


def test_deputy_is_refused_then_acts_within_the_dates_then_is_refused_again(world, client):
    client.force_login(world.users["deputy"])
    with time_machine.travel(MAY, tick=False):
        _grant(world)
        for url in _leader_pages(world):
            assert client.get(url).status_code == 403, url
    with time_machine.travel(datetime.datetime(2025, 6, 15, 9, tzinfo=datetime.UTC), tick=False):
        for url in _leader_pages(world):
            assert client.get(url).status_code == 200, url
    with time_machine.travel(datetime.datetime(2025, 7, 1, 9, tzinfo=datetime.UTC), tick=False):
        for url in _leader_pages(world):
            assert client.get(url).status_code == 403, url


def test_a_member_never_acts_even_with_a_delegation_in_force(world, client):
    with time_machine.travel(MAY, tick=False):
        _grant(world, start=(2025, 5, 1))
        client.force_login(world.users["member"])
        assert client.get(_leader_pages(world)[0]).status_code == 403


def test_revocation_ends_the_powers_at_once_and_is_recorded(world, client):
    client.force_login(world.users["deputy"])
    with time_machine.travel(MAY, tick=False):
        delegation = _grant(world, start=(2025, 5, 1))
        assert client.get(_leader_pages(world)[0]).status_code == 200
        services.delegation_revoke(
            delegation=delegation, reason="Khối trưởng đã trở lại", actor=world.users["board"]
        )
        assert client.get(_leader_pages(world)[0]).status_code == 403
    delegation.refresh_from_db()
    assert delegation.revoked_by == world.users["board"] and delegation.is_revoked
    actions = set(AuditEntry.objects.filter(term_id=world.term.pk).values_list("action", flat=True))
    assert {"blocks.delegation.granted", "blocks.delegation.revoked"} <= actions
    # In force on the days before the revocation, not from its day on.
    assert access.can_lead_term(world.users["deputy"], world.term, on=datetime.date(2025, 5, 9))
    today = timezone.localdate()
    assert not access.can_lead_term(world.users["deputy"], world.term, on=today)


def test_can_lead_term_on_a_date(world):
    with time_machine.travel(MAY, tick=False):
        _grant(world)
    deputy = world.users["deputy"]
    assert not access.can_lead_term(deputy, world.term, on=datetime.date(2025, 5, 31))
    assert access.can_lead_term(deputy, world.term, on=datetime.date(2025, 6, 1))
    assert access.can_lead_term(deputy, world.term, on=datetime.date(2025, 6, 30))
    assert not access.can_lead_term(deputy, world.term, on=datetime.date(2025, 7, 1))
    assert access.can_lead_term(world.users["leader"], world.term, on=datetime.date(2025, 5, 31))
    assert not access.can_lead_term(world.users["board"], world.term)  # the board manages


def test_the_board_assigns_and_the_page_says_so(world, client):
    client.force_login(world.users["board"])
    with time_machine.travel(MAY, tick=False):
        url = reverse("blocks:delegation_create", args=[world.block.pk, 2025])
        response = client.post(
            url, {"starts_on": "10/05/2025", "ends_on": "31/05/2025", "reason": "Phân công"}
        )
        assert response.status_code == 302
        delegation = Delegation.objects.get(term=world.term)
        assert delegation.source == Delegation.Source.BOARD
        assert delegation.deputy == world.deputy_unit
        page = client.get(reverse("blocks:term_leadership", args=[world.block.pk, 2025]))
    assert 'id="acting-now"' in page.text and world.deputy_unit.name in page.text
    assert "31/05/2025" in page.text


def test_the_leader_grants_from_the_page(world, client):
    client.force_login(world.users["leader"])
    with time_machine.travel(MAY, tick=False):
        client.post(
            reverse("blocks:delegation_create", args=[world.block.pk, 2025]),
            {"starts_on": "10/05/2025", "ends_on": "31/05/2025", "reason": "Đi học"},
        )
    assert Delegation.objects.get(term=world.term).source == Delegation.Source.LEADER


@pytest.mark.parametrize(
    "change, code",
    [
        ({"start": (2025, 6, 30), "end": (2025, 6, 1)}, "dates_order"),
        ({"start": (2025, 1, 1), "end": (2025, 2, 1)}, "ends_in_past"),
        ({"reason": "  "}, "reason_required"),
    ],
)
def test_refusals_write_nothing(world, change, code):
    with time_machine.travel(MAY, tick=False), pytest.raises(ValidationError) as exc:
        _grant(world, **change)
    assert code in error_codes(exc.value)
    assert not Delegation.objects.exists()
    assert not AuditEntry.objects.filter(action="blocks.delegation.granted").exists()


def test_overlapping_delegations_are_refused(world):
    with time_machine.travel(MAY, tick=False):
        _grant(world)
        with pytest.raises(ValidationError) as exc:
            _grant(world, start=(2025, 6, 20), end=(2025, 7, 10))
    assert error_codes(exc.value) == {"delegation_overlap"}
    assert Delegation.objects.count() == 1


def test_no_deputy_no_delegation(world):
    Term.objects.filter(pk=world.term.pk).update(deputy=None)
    world.term.refresh_from_db()
    with time_machine.travel(MAY, tick=False), pytest.raises(ValidationError) as exc:
        _grant(world)
    assert error_codes(exc.value) == {"no_deputy"}


def test_a_published_year_takes_no_delegation(world):
    with pytest.raises(ValidationError) as exc:
        services.delegation_grant(
            term=world.published_term,
            starts_on=datetime.date(2099, 1, 1),
            ends_on=datetime.date(2099, 1, 2),
            reason="x",
            source=Delegation.Source.BOARD,
            actor=world.users["board"],
        )
    assert error_codes(exc.value) == {"term_published"}


def test_revoking_twice_is_refused(world):
    with time_machine.travel(MAY, tick=False):
        delegation = _grant(world)
        services.delegation_revoke(
            delegation=delegation, reason="Hết việc", actor=world.users["leader"]
        )
        with pytest.raises(ValidationError) as exc:
            services.delegation_revoke(
                delegation=delegation, reason="Lần nữa", actor=world.users["leader"]
            )
    assert error_codes(exc.value) == {"already_revoked"}


def test_a_form_error_is_shown_on_the_page(world, client):
    client.force_login(world.users["leader"])
    with time_machine.travel(MAY, tick=False):
        _grant(world)
        response = client.post(
            reverse("blocks:delegation_create", args=[world.block.pk, 2025]),
            {"starts_on": "20/06/2025", "ends_on": "10/07/2025", "reason": "Chồng lấn"},
        )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert Delegation.objects.count() == 1


def test_the_deputy_cannot_extend_its_own_delegation(world, client):
    client.force_login(world.users["deputy"])
    with time_machine.travel(MAY, tick=False):
        _grant(world, start=(2025, 5, 1))
        url = reverse("blocks:delegation_create", args=[world.block.pk, 2025])
        assert client.get(url).status_code == 403


def test_the_acting_deputy_sees_the_leaders_review_tasks(world):
    from portal.worklist import worklist
    from scoring.models import ScoreSheet

    ScoreSheet.objects.filter(term=world.term, unit=world.member_unit).update(
        status=ScoreSheet.Status.SUBMITTED
    )
    deputy = world.users["deputy"]
    urls = lambda: {t.url for t in worklist(deputy, timezone.now()).tasks}  # noqa: E731
    review = reverse("scoring:review", args=[world.block.pk, 2025])
    with time_machine.travel(MAY, tick=False):
        assert review not in urls()
        _grant(world, start=(2025, 5, 1))
        assert review in urls()
