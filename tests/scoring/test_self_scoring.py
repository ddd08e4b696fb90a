"""Self-scoring: the service's rules, the page's number input, totals and submission."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from audit.models import AuditEntry
from scoring import services
from scoring.models import Evidence, Score, ScoreSheet
from tests.scoring.conftest import full_entries, pdf

pytestmark = pytest.mark.django_db


def _points(sheet, criterion):
    return Score.objects.get(sheet=sheet, criterion=criterion).self_points


def _url(world, name="scoring:sheet"):
    return reverse(name, args=[world.block.pk, 2026, world.member_unit.pk])


def test_saving_a_draft_stores_points_counts_and_logs(world, open_term):
    o, sheet = open_term, open_term.member_sheet
    services.save_self_scores(
        sheet=sheet, entries=full_entries(o), version=sheet.version, actor=world.users["member"]
    )
    sheet.refresh_from_db()
    assert sheet.status == ScoreSheet.Status.DRAFT and sheet.version == 2
    assert _points(sheet, o.scored[0]) == Decimal("8.5")
    bonus = Score.objects.get(sheet=sheet, criterion=o.bonus)
    assert (bonus.self_occurrences, bonus.self_points) == (1, Decimal("2"))
    entries = AuditEntry.objects.filter(action="scoring.score.self_scored", term_id=o.term.pk)
    assert entries.count() == 5
    first = entries.get(object_id=str(Score.objects.get(sheet=sheet, criterion=o.scored[0]).pk))
    assert first.before["self_points"] is None and first.after["self_points"] == "8.50"
    assert first.actor == world.users["member"]
    assert AuditEntry.objects.filter(
        action="scoring.sheet.status_changed", after__status="draft"
    ).exists()


def test_counted_items_are_capped_at_their_maximum(world, open_term):
    o, sheet = open_term, open_term.member_sheet
    services.save_self_scores(
        sheet=sheet,
        entries={o.bonus.pk: services.SelfEntry(occurrences=4)},
        version=sheet.version,
        actor=world.users["member"],
    )
    assert _points(sheet, o.bonus) == Decimal("5")  # 4 × 2 = 8, capped at 5


@pytest.mark.parametrize(
    "points,code", [(Decimal("10.5"), "above_max"), (Decimal("-1"), "negative")]
)
def test_out_of_range_points_are_refused_on_their_field(world, open_term, points, code):
    o, sheet = open_term, open_term.member_sheet
    entries = full_entries(o)
    entries[o.scored[0].pk] = services.SelfEntry(points=points)
    with pytest.raises(ValidationError) as exc:
        services.save_self_scores(
            sheet=sheet, entries=entries, version=sheet.version, actor=world.users["member"]
        )
    assert exc.value.error_dict[f"points_{o.scored[0].pk}"][0].code == code
    sheet.refresh_from_db()
    assert sheet.status == ScoreSheet.Status.NOT_STARTED and sheet.version == 1
    assert not Score.objects.filter(sheet=sheet, self_points__isnull=False).exists()
    assert not AuditEntry.objects.filter(action="scoring.score.self_scored").exists()


@pytest.mark.parametrize("typed", ["8,5", "8.5", " 8,50 "])
def test_the_page_reads_a_comma_or_a_dot(world, clients, open_term, typed):
    o = open_term
    response = clients["member"].post(
        _url(world), {"version": 1, f"points_{o.scored[0].pk}": typed}
    )
    assert response.status_code == 302
    assert _points(o.member_sheet, o.scored[0]) == Decimal("8.5")


@pytest.mark.parametrize(
    "typed,message",
    [("abc", "Nhập một số"), ("11", "Tối đa"), ("-2", "âm")],
)
def test_bad_input_shows_on_the_field_and_saves_nothing(world, clients, open_term, typed, message):
    o = open_term
    response = clients["member"].post(
        _url(world),
        {"version": 1, f"points_{o.scored[0].pk}": typed, f"points_{o.scored[1].pk}": "15"},
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert f"points_{o.scored[0].pk}" in errors
    assert message.lower() in " ".join(errors[f"points_{o.scored[0].pk}"]).lower()
    assert not Score.objects.filter(sheet=o.member_sheet, self_points__isnull=False).exists()


def test_the_page_shows_maximum_guidance_and_server_side_totals(world, clients, open_term):
    o, sheet = open_term, open_term.member_sheet
    services.save_self_scores(
        sheet=sheet, entries=full_entries(o), version=1, actor=world.users["member"]
    )
    response = clients["member"].get(_url(world))
    page = response.context["page"]
    assert page.self_totals.base == Decimal("35.5")
    assert page.self_totals.bonus == 2 and page.self_totals.deduction == 1
    text = response.text
    assert 'id="total-total">36,5<' in text
    assert "Báo cáo đúng hạn." in text  # guidance
    assert 'value="8,5"' in text
    assert "scoring/sheet.js" in text


def test_upload_with_the_draft_and_submission_rules(world, clients, open_term):
    o, sheet = open_term, open_term.member_sheet
    services.save_self_scores(
        sheet=sheet, entries=full_entries(o), version=1, actor=world.users["member"]
    )
    sheet.refresh_from_db()
    # Criterion 1 requires evidence: submission is blocked and the page says which one.
    response = clients["member"].get(_url(world, "scoring:sheet_submit"))
    assert [c.code for c in response.context["page"].missing_evidence] == ["1"]
    response = clients["member"].post(_url(world, "scoring:sheet_submit"), {"version": 2})
    assert response.status_code == 200
    assert "1. " in response.context["form"].non_field_errors()[0]
    sheet.refresh_from_db()
    assert sheet.status == ScoreSheet.Status.DRAFT

    response = clients["member"].post(
        _url(world), {"version": 2, f"evidence_{o.scored[0].pk}": pdf(), **_current(o)}
    )
    assert response.status_code == 302
    evidence = Evidence.objects.get(score__sheet=sheet)
    assert evidence.mime == "application/pdf" and evidence.uploaded_by == world.users["member"]
    assert AuditEntry.objects.filter(action="scoring.evidence.added").count() == 1

    response = clients["member"].post(_url(world, "scoring:sheet_submit"), {"version": 2})
    assert response.status_code == 302, response.context["form"].errors
    sheet.refresh_from_db()
    assert sheet.status == ScoreSheet.Status.SUBMITTED
    assert sheet.submitted_by == world.users["member"]
    # Submitted: the unit can no longer edit.
    with pytest.raises(ValidationError) as exc:
        services.save_self_scores(
            sheet=sheet, entries=full_entries(o), version=3, actor=world.users["member"]
        )
    assert exc.value.error_list[0].code == "bad_transition"


def _current(o):
    return {
        f"points_{o.scored[0].pk}": "8,5",
        f"points_{o.scored[1].pk}": "18",
        f"points_{o.scored[2].pk}": "9",
        f"occ_{o.bonus.pk}": "1",
        f"points_{o.deduction.pk}": "1",
    }


def test_submission_needs_every_criterion_scored(world, open_term):
    o, sheet = open_term, open_term.member_sheet
    services.save_self_scores(
        sheet=sheet,
        entries={o.scored[0].pk: services.SelfEntry(points=Decimal("5"))},
        version=1,
        actor=world.users["member"],
    )
    with pytest.raises(ValidationError) as exc:
        services.submit_sheet(sheet=sheet, version=2, actor=world.users["member"])
    assert exc.value.error_list[0].code == "scores_missing"
    sheet.refresh_from_db()
    assert sheet.status == ScoreSheet.Status.DRAFT


def test_a_bad_file_is_refused_and_nothing_is_saved(world, clients, open_term):
    from django.core.files.uploadedfile import SimpleUploadedFile

    o = open_term
    fake = SimpleUploadedFile("virus.pdf", b"MZ\x90\x00 not a pdf at all", "application/pdf")
    response = clients["member"].post(
        _url(world), {"version": 1, f"evidence_{o.scored[0].pk}": fake, **_current(o)}
    )
    assert response.status_code == 200
    assert f"evidence_{o.scored[0].pk}" in response.context["form"].errors
    assert not Evidence.objects.exists()
    assert not Score.objects.filter(sheet=o.member_sheet, self_points__isnull=False).exists()


def test_the_window_closed_page_is_read_only(world, clients, open_term):
    import time_machine

    from tests.scoring.conftest import CLOSES

    with time_machine.travel(CLOSES, tick=False):
        clients["member"].force_login(world.users["member"])
        response = clients["member"].get(_url(world))
        assert response.context["roles"]["can_edit"] is False
        assert 'id="self-score-form"' not in response.text
        response = clients["member"].post(_url(world), {"version": 1, **_current(open_term)})
        assert response.status_code == 200
        assert not Score.objects.filter(
            sheet=open_term.member_sheet, self_points__isnull=False
        ).exists()


def test_the_sheet_page_lists_missing_evidence(world, clients, open_term):
    response = clients["member"].get(_url(world))
    assert 'id="missing-evidence"' in response.text
    assert [c.code for c in response.context["page"].missing_evidence] == ["1"]
