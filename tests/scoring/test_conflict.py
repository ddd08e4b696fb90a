"""No lost updates: a save carrying an older version is refused and shows what changed."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from scoring import services
from scoring.models import Score

pytestmark = pytest.mark.django_db


def test_a_stale_save_is_refused_and_writes_nothing(world, open_term):
    o, sheet = open_term, open_term.member_sheet
    member = world.users["member"]
    services.save_self_scores(
        sheet=sheet,
        entries={o.scored[0].pk: services.SelfEntry(points=Decimal("9"))},
        version=1,
        actor=member,
    )
    with pytest.raises(ValidationError) as exc:
        services.save_self_scores(
            sheet=sheet,
            entries={o.scored[0].pk: services.SelfEntry(points=Decimal("4"))},
            version=1,
            actor=member,
        )
    assert exc.value.error_list[0].code == "stale_version"
    assert Score.objects.get(sheet=sheet, criterion=o.scored[0]).self_points == 9


def test_two_officers_editing_the_same_sheet(world, clients, open_term):
    from tests.factories import UserFactory

    o = open_term
    colleague = UserFactory(username="colleague", unit=world.member_unit, full_name="Trần Thị B")
    other = clients["anonymous"]
    other.force_login(colleague)
    url = reverse("scoring:sheet", args=[world.block.pk, 2026, world.member_unit.pk])
    # Both load the page at version 1; the colleague saves first.
    assert clients["member"].get(url).context["form"]["version"].value() == 1
    response = other.post(url, {"version": 1, f"points_{o.scored[0].pk}": "9"})
    assert response.status_code == 302
    response = clients["member"].post(url, {"version": 1, f"points_{o.scored[0].pk}": "6,5"})
    assert response.status_code == 200
    assert Score.objects.get(sheet=o.member_sheet, criterion=o.scored[0]).self_points == 9
    conflicts = response.context["conflicts"]
    assert [e.actor for e in conflicts] == [colleague, colleague]  # draft status, then score
    text = response.text
    assert "Trần Thị B" in text and 'id="conflicts"' in text
    # The form keeps what the member typed, now based on the current version.
    assert response.context["form"]["version"].value() == "2"
    assert 'value="6,5"' in text
    # Saving again is deliberate, after seeing the change: it goes through.
    response = clients["member"].post(url, {"version": 2, f"points_{o.scored[0].pk}": "6,5"})
    assert response.status_code == 302
    assert Score.objects.get(sheet=o.member_sheet, criterion=o.scored[0]).self_points == Decimal(
        "6.5"
    )


def test_a_stale_review_is_refused(world, open_term):
    o, sheet = open_term, open_term.member_sheet
    from scoring.models import ScoreSheet

    ScoreSheet.objects.filter(pk=sheet.pk).update(status=ScoreSheet.Status.SUBMITTED, version=5)
    with pytest.raises(ValidationError) as exc:
        services.review_scores(
            sheet=sheet,
            entries={o.scored[0].pk: services.ReviewEntry(points=Decimal("0"), reason="x")},
            version=4,
            actor=world.users["leader"],
        )
    assert exc.value.error_list[0].code == "stale_version"
    assert not Score.objects.filter(sheet=sheet, reviewed_points__isnull=False).exists()
