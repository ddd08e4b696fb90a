"""A whole-sheet save costs a handful of queries, the same for 5 criteria and for 40 (issue #13):
one check of the sheet in Python, one `bulk_update` of the changed scores, one `bulk_create` of
their audit records, under the sheet's row lock and version check. Same rules and messages as
the per-score save it replaced; the published-year freeze still holds."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse

from audit.models import AuditEntry
from blocks import freeze
from blocks.models import Term
from scoring import services
from scoring.models import Score, ScoreSheet
from scoring.services.common import (
    OWN,
    bump_version,
    check_changes,
    collect_changes,
    ensure_scores,
    locked_sheet,
    save_changes,
)
from tests.factories import BlockFactory, UserFactory, make_scored_term
from tests.scoring.conftest import CLOSES, OPENS

pytestmark = pytest.mark.django_db


def _open_year(world, criteria: int, status=ScoreSheet.Status.DRAFT):
    """A block-year of 4 units and `criteria` scored criteria (plus a bonus and a deduction),
    scoring open; the second unit's sheet and an officer of that unit."""
    term = make_scored_term(
        units=4,
        criteria=criteria,
        year=2026,
        block=BlockFactory(province=world.province),
        status=status,
    )
    Term.objects.filter(pk=term.pk).update(
        status=Term.Status.SCORING, scoring_opens_at=OPENS, scoring_closes_at=CLOSES
    )
    sheet = ScoreSheet.objects.filter(term=term).exclude(unit=term.leader).order_by("pk")[0]
    officer = UserFactory(username=f"officer-{criteria}", unit=sheet.unit)
    leader = UserFactory(username=f"leader-{criteria}", unit=term.leader)
    return term, sheet, officer, leader


def _self_entries(sheet, points: str):
    return {
        s.criterion_id: services.SelfEntry(
            points=Decimal(points) if s.criterion.kind == "scored" else Decimal(0)
        )
        for s in sheet.scores.select_related("criterion")
    }


def _url(sheet, name="scoring:sheet"):
    return reverse(name, args=[sheet.term.block_id, sheet.term.year, sheet.unit_id])


def _form_data(sheet, points: str) -> dict:
    data = {"version": sheet.version}
    for score in sheet.scores.select_related("criterion"):
        data[f"points_{score.criterion_id}"] = points if score.criterion.kind == "scored" else "0"
    return data


@pytest.mark.parametrize("criteria", [5, 40])
def test_the_self_scoring_service_costs_the_same_for_5_and_40_criteria(
    world, inside, django_assert_num_queries, criteria
):
    term, sheet, officer, _leader = _open_year(world, criteria)
    # savepoint (1); the sheet, locked, with its term, block, unit and scale: the term's status
    # is checked on it (1); the sheet's scores (1) and leaf criteria (1); the version bump's UPDATE
    # (1: the same year is checked by the scores' write); the scores' bulk_update: one UPDATE
    # that writes nothing if the rows, as named or as stored, are in a published year (1); the
    # audit records' INSERT (1); release the savepoint (1)
    entries = _self_entries(sheet, "7.5")
    with django_assert_num_queries(8):
        services.save_self_scores(sheet=sheet, entries=entries, version=1, actor=officer)
    assert Score.objects.filter(sheet=sheet, self_points=Decimal("7.5")).count() == criteria
    assert AuditEntry.objects.filter(action="scoring.score.self_scored").count() == criteria


@pytest.mark.parametrize("criteria", [5, 40])
def test_the_whole_sheet_post_costs_the_same_for_5_and_40_criteria(
    world, inside, client, django_assert_num_queries, criteria
):
    term, sheet, officer, _leader = _open_year(world, criteria)
    client.force_login(officer)
    data, url = _form_data(sheet, "8,5"), _url(sheet)
    # session (1), user (1), the sheet with its year (1); the form's criteria (1; the scores,
    # the evidence and the queries are only read when the page is shown again); the save, as
    # above, without the leaf criteria: the form's are passed to it (7)
    with django_assert_num_queries(11):
        response = client.post(url, data)
    assert response.status_code == 302
    assert Score.objects.filter(sheet=sheet, self_points=Decimal("8.5")).count() == criteria


@pytest.mark.parametrize("criteria", [5, 40])
def test_the_unit_s_own_editable_sheet_costs_the_same_for_5_and_40_criteria(
    world, inside, client, django_assert_num_queries, criteria
):
    term, _sheet, _officer, _leader = _open_year(world, criteria)
    others = ScoreSheet.objects.filter(term=term).exclude(unit__in=[term.leader_id, term.deputy_id])
    sheet = others.order_by("pk").first()
    officer = UserFactory(username=f"member-{criteria}", unit=sheet.unit)
    client.force_login(officer)
    url = _url(sheet)
    # session (1), user with the menu's unit (1), the sheet with its year, the unit's
    # membership of it and the user's council seat (1); the page: criteria, scores, evidence
    # (3; the queries only show on the read-only table), the history (1)
    with django_assert_num_queries(7):
        response = client.get(url)
    assert response.status_code == 200
    assert 'id="self-score-form"' in response.content.decode()


@pytest.mark.parametrize("criteria", [5, 40])
def test_the_review_save_costs_the_same_for_5_and_40_criteria(
    world, inside, django_assert_num_queries, criteria
):
    term, sheet, _officer, leader = _open_year(
        world, criteria, status=ScoreSheet.Status.UNDER_REVIEW
    )
    entries = {
        s.criterion_id: services.ReviewEntry(points=Decimal("5"), reason="Thiếu minh chứng.")
        for s in sheet.scores.filter(criterion__kind="scored")
    }
    # as the unit's save above
    with django_assert_num_queries(8):
        services.review_scores(sheet=sheet, entries=entries, version=1, actor=leader)
    assert Score.objects.filter(sheet=sheet, reviewed_points=Decimal("5")).count() == criteria
    entry = AuditEntry.objects.filter(action="scoring.score.reviewed").first()
    assert entry.reason == "Thiếu minh chứng."


@pytest.mark.parametrize(
    "typed,stored,message",
    [
        ("8,5", Decimal("8.5"), None),
        ("8.25", Decimal("8.25"), None),
        ("abc", None, "Nhập một số, ví dụ 8,5."),
        ("10,5", None, "Tối đa 10 điểm cho tiêu chí này."),
        ("-1", None, "Điểm không được là số âm."),
        ("8,555", None, "Chỉ dùng tối đa hai chữ số thập phân."),
    ],
)
def test_the_same_messages_on_bad_values(world, inside, client, typed, stored, message):
    term, sheet, officer, _leader = _open_year(world, 5)
    first = sheet.scores.get(criterion__code="1")
    before = first.self_points
    client.force_login(officer)
    response = client.post(_url(sheet), {"version": 1, f"points_{first.criterion_id}": typed})
    first.refresh_from_db()
    if message is None:
        assert response.status_code == 302
        assert first.self_points == stored
        return
    assert response.status_code == 200
    assert response.context["form"].errors[f"points_{first.criterion_id}"] == [message]
    assert first.self_points == before  # nothing was written
    assert not AuditEntry.objects.filter(action="scoring.score.self_scored").exists()
    sheet.refresh_from_db()
    assert sheet.version == 1


def test_an_empty_field_clears_the_score_and_one_bad_field_saves_nothing(world, inside, client):
    term, sheet, officer, _leader = _open_year(world, 5)
    one, two = sheet.scores.filter(criterion__kind="scored").order_by("criterion__order")[:2]
    client.force_login(officer)
    response = client.post(
        _url(sheet),
        {"version": 1, f"points_{one.criterion_id}": "", f"points_{two.criterion_id}": "99"},
    )
    assert response.status_code == 200
    one.refresh_from_db()
    assert one.self_points is not None  # the good field was not saved either
    response = client.post(_url(sheet), {"version": 1, f"points_{one.criterion_id}": ""})
    assert response.status_code == 302
    one.refresh_from_db()
    assert one.self_points is None
    entry = AuditEntry.objects.get(action="scoring.score.self_scored")
    assert entry.after["self_points"] is None and entry.before["self_points"] is not None


def test_a_criterion_of_another_scale_is_refused_on_its_row(world, inside):
    """`Score.clean`'s rule, now checked in memory for the whole sheet (code criterion_scale)."""
    term, sheet, officer, _leader = _open_year(world, 5)
    other_term, other_sheet, _o, _l = _open_year(world, 6)
    stray = other_sheet.scores.select_related("criterion").first()
    Score.objects.filter(pk=stray.pk).update(sheet=sheet)  # a row the sheet should not have
    with pytest.raises(ValidationError) as exc:
        services.save_self_scores(
            sheet=sheet,
            entries={stray.criterion_id: services.SelfEntry(points=Decimal("1"))},
            version=1,
            actor=officer,
        )
    assert exc.value.error_dict[f"points_{stray.criterion_id}"][0].code == "criterion_scale"
    assert not AuditEntry.objects.filter(action="scoring.score.self_scored").exists()


def test_the_freeze_holds_under_the_bulk_write(world, inside):
    """Even past the service's own check, the bulk write refuses a published year."""
    term, sheet, officer, _leader = _open_year(world, 5)
    locked = ScoreSheet.objects.select_related("term").get(pk=sheet.pk)
    scores = ensure_scores(locked)
    _errors, changes = collect_changes(
        scores, {c: services.SelfEntry(points=Decimal("1")) for c in scores}, OWN
    )
    assert changes
    Term.objects.filter(pk=term.pk).update(status=Term.Status.PUBLISHED)
    before = list(Score.objects.filter(sheet=sheet).values_list("self_points", flat=True))
    with pytest.raises(freeze.FrozenYearError):
        save_changes(
            locked,
            changes,
            side=OWN,
            action="scoring.score.self_scored",
            actor=officer,
            request=None,
        )
    after = list(Score.objects.filter(sheet=sheet).values_list("self_points", flat=True))
    assert after == before
    assert not AuditEntry.objects.filter(action="scoring.score.self_scored").exists()


def test_a_version_bump_goes_back_with_a_refused_bulk_write(world, inside):
    """The version bump skips the sheet's own freeze check: the scores' write checks the same
    year in the same transaction, and its refusal takes the bump back with it."""
    term, sheet, officer, _leader = _open_year(world, 5)
    with pytest.raises(freeze.FrozenYearError), transaction.atomic():
        locked = locked_sheet(sheet)
        scores = ensure_scores(locked)
        _errors, changes = collect_changes(
            scores, {c: services.SelfEntry(points=Decimal("1")) for c in scores}, OWN
        )
        check_changes(locked, changes, OWN)
        Term.objects.filter(pk=term.pk).update(status=Term.Status.PUBLISHED)
        bump_version(locked)
        save_changes(
            locked,
            changes,
            side=OWN,
            action="scoring.score.self_scored",
            actor=officer,
            request=None,
        )
    sheet.refresh_from_db()
    assert sheet.version == 1


def test_the_service_refuses_a_published_year_once(world, inside, django_assert_num_queries):
    term, sheet, officer, _leader = _open_year(world, 40)
    Term.objects.filter(pk=term.pk).update(status=Term.Status.PUBLISHED)
    entries = _self_entries(sheet, "1")
    # savepoint, the locked sheet (its term's status refused on it), rollback to and release
    # the savepoint: one check for the sheet, none per row
    with django_assert_num_queries(4), pytest.raises(ValidationError) as exc:
        services.save_self_scores(sheet=sheet, entries=entries, version=1, actor=officer)
    assert exc.value.error_list[0].code == "term_published"
