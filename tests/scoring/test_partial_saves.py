"""Saves change only what was sent (issue 9 item 7) and bounded integer fields (item 6).

A criterion field missing from a POST leaves that score as it is; a field sent empty clears
it. A version or a count beyond the database's range is a field error, never a 500.
"""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from audit.models import AuditEntry
from scoring import forms, selectors, services
from scoring.models import Evidence, Score, ScoreSheet
from tests.scoring.conftest import full_entries, pdf

pytestmark = pytest.mark.django_db


def _url(world, name="scoring:sheet"):
    return reverse(name, args=[world.block.pk, 2026, world.member_unit.pk])


def _drafted(world, o):
    sheet = o.member_sheet
    entries = full_entries(o)
    entries[o.scored[1].pk].note = "Có báo cáo"
    services.save_self_scores(
        sheet=sheet, entries=entries, version=sheet.version, actor=world.users["member"]
    )
    sheet.refresh_from_db()
    return sheet


def _own(sheet):
    return {
        s.criterion.code: (s.self_points, s.self_occurrences, s.self_note)
        for s in Score.objects.filter(sheet=sheet).select_related("criterion")
    }


def test_a_post_with_one_field_changes_only_that_score(world, clients, open_term):
    o = open_term
    sheet = _drafted(world, o)
    before = _own(sheet)

    response = clients["member"].post(
        _url(world), {"version": sheet.version, f"points_{o.scored[0].pk}": "7"}
    )

    assert response.status_code == 302
    after = _own(sheet)
    assert after["1"][0] == Decimal("7")
    assert {k: v for k, v in after.items() if k != "1"} == {
        k: v for k, v in before.items() if k != "1"
    }
    # The note of criterion 2 was not sent either: it stays.
    assert after["2"][2] == "Có báo cáo"


def test_a_post_with_only_the_version_and_a_file_keeps_every_score(world, clients, open_term):
    o = open_term
    sheet = _drafted(world, o)
    before = _own(sheet)

    response = clients["member"].post(
        _url(world), {"version": sheet.version, f"evidence_{o.scored[0].pk}": pdf()}
    )

    assert response.status_code == 302
    assert _own(sheet) == before
    assert Evidence.objects.filter(score__sheet=sheet).count() == 1
    assert not AuditEntry.objects.filter(
        action="scoring.score.self_scored", before__self_points="8.50"
    ).exists()


def test_an_empty_field_still_clears_the_score(world, clients, open_term):
    o = open_term
    sheet = _drafted(world, o)

    response = clients["member"].post(
        _url(world),
        {
            "version": sheet.version,
            f"points_{o.scored[1].pk}": "",
            f"note_{o.scored[1].pk}": "",
        },
    )

    assert response.status_code == 302
    after = _own(sheet)
    assert after["2"] == (None, None, "")
    assert after["1"][0] == Decimal("8.5")


def test_the_review_form_sends_only_the_criteria_posted(world, open_term):
    o = open_term
    sheet = _drafted(world, o)
    page = selectors.sheet_page(sheet)
    form = forms.ReviewForm(
        {"version": sheet.version, f"rpoints_{o.scored[0].pk}": "8"}, rows=page.rows
    )
    assert form.is_valid(), form.errors
    entries = form.entries()
    assert list(entries) == [o.scored[0].pk]
    # The reason field was not sent: None tells the service to keep the recorded one.
    assert entries[o.scored[0].pk].reason is None


def test_a_review_without_the_reason_field_keeps_the_recorded_reason(world, open_term):
    o = open_term
    sheet = _drafted(world, o)
    services.add_evidence(
        score=Score.objects.get(sheet=sheet, criterion=o.scored[0]),
        upload=pdf(),
        actor=world.users["member"],
    )
    services.submit_sheet(sheet=sheet, version=sheet.version, actor=world.users["member"])
    leader = world.users["leader"]
    sheet.refresh_from_db()
    services.review_scores(
        sheet=sheet,
        entries={o.scored[0].pk: services.ReviewEntry(points=Decimal("6"), reason="Thiếu")},
        version=sheet.version,
        actor=leader,
    )
    sheet.refresh_from_db()
    # Issue #10: the figure unchanged, the missing reason field keeps the recorded reason ...
    services.review_scores(
        sheet=sheet,
        entries={o.scored[0].pk: services.ReviewEntry(points=Decimal("6"), reason=None)},
        version=sheet.version,
        actor=leader,
    )
    score = Score.objects.get(sheet=sheet, criterion=o.scored[0])
    assert (score.reviewed_points, score.review_reason) == (Decimal("6"), "Thiếu")
    # ... but a changed figure is never saved under the previous reason.
    with pytest.raises(ValidationError) as exc:
        services.review_scores(
            sheet=sheet,
            entries={o.scored[0].pk: services.ReviewEntry(points=Decimal("5"), reason=None)},
            version=sheet.version,
            actor=leader,
        )
    assert exc.value.error_dict[f"reason_{o.scored[0].pk}"][0].code == "reason_required"
    score.refresh_from_db()
    assert (score.reviewed_points, score.review_reason) == (Decimal("6"), "Thiếu")


@pytest.mark.parametrize("version", [str(2**63), str(2**64), "-1", "99999999999999999999999"])
def test_a_version_beyond_64_bits_is_a_field_error(world, clients, open_term, version):
    o = open_term
    response = clients["member"].post(
        _url(world), {"version": version, f"points_{o.scored[0].pk}": "7"}
    )
    assert response.status_code == 200
    assert "version" in response.context["form"].errors
    assert not Score.objects.filter(sheet=o.member_sheet, self_points__isnull=False).exists()


def test_the_largest_64_bit_version_is_only_stale(world, clients, open_term):
    o = open_term
    response = clients["member"].post(
        _url(world), {"version": str(2**63 - 1), f"points_{o.scored[0].pk}": "7"}
    )
    assert response.status_code == 200
    assert response.context["conflicts"] == []
    assert "version" not in response.context["form"].errors
    assert response.context["form"].non_field_errors()


def test_submit_with_a_huge_version_is_a_field_error(world, clients, open_term):
    o = open_term
    sheet = _drafted(world, o)
    response = clients["member"].post(_url(world, "scoring:sheet_submit"), {"version": 2**63})
    assert response.status_code == 200
    assert "version" in response.context["form"].errors
    sheet.refresh_from_db()
    assert sheet.status == ScoreSheet.Status.DRAFT


def test_a_count_beyond_the_column_is_a_field_error(world, clients, open_term):
    o = open_term
    response = clients["member"].post(_url(world), {"version": 1, f"occ_{o.bonus.pk}": str(2**31)})
    assert response.status_code == 200
    assert f"occ_{o.bonus.pk}" in response.context["form"].errors
    assert not Score.objects.filter(sheet=o.member_sheet, self_occurrences__isnull=False).exists()
