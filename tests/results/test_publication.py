"""Publication: the rules before it, its irreversibility, corrections as new versions."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from audit.models import AuditEntry
from blocks.models import Term
from results import services
from results.models import Incident, Objection, PublishedResult, TiePolicy
from scoring.models import ScoreSheet
from tests.results.conftest import PDF_BYTES

pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 1, 20)


def _publish(term, actor, **kw):
    return services.publish_term(
        term=term, actor=actor, decision_number="12/QĐ", decision_date=DAY, **kw
    )


def _pdf():
    return SimpleUploadedFile("qd.pdf", PDF_BYTES, content_type="application/pdf")


def test_publish_freezes_the_results_and_locks_sheets(world):
    board = world.users["board"]
    TiePolicy.objects.create(term=world.term, rules=["full_marks"])
    publication = _publish(world.term, board, signed_file=_pdf())
    world.term.refresh_from_db()
    assert world.term.status == Term.Status.PUBLISHED
    assert publication.version == 1 and publication.signed_file
    assert set(ScoreSheet.objects.filter(term=world.term).values_list("status", flat=True)) == {
        ScoreSheet.Status.LOCKED
    }
    snapshot = publication.snapshot
    assert snapshot["tie_policy"] == ["full_marks"]
    assert snapshot["leading_unit"]["unit_id"] == world.leader_unit.pk
    assert snapshot["rows"][0]["classification"]
    entry = AuditEntry.objects.get(action="results.term.published", term_id=world.term.pk)
    assert entry.after["decision_number"] == "12/QĐ"


def test_publishing_twice_is_refused(world):
    with pytest.raises(ValidationError) as error:
        _publish(world.published_term, world.users["board"])
    assert error.value.code == "already_published"
    assert PublishedResult.objects.filter(term=world.published_term).count() == 1


def test_unverified_sheets_block_publication(world):
    ScoreSheet.objects.filter(term=world.term, unit=world.member_unit).update(
        status=ScoreSheet.Status.SUBMITTED
    )
    with pytest.raises(ValidationError) as error:
        _publish(world.term, world.users["board"])
    assert error.value.code == "sheets_not_verified"
    assert not PublishedResult.objects.filter(term=world.term).exists()


def test_a_signed_file_that_is_not_a_pdf_or_image_is_refused(world):
    fake = SimpleUploadedFile("qd.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    with pytest.raises(ValidationError) as error:
        _publish(world.term, world.users["board"], signed_file=fake)
    assert error.value.code == "file_type"
    world.term.refresh_from_db()
    assert world.term.status == Term.Status.SCORING
    assert not PublishedResult.objects.filter(term=world.term).exists()


def test_decision_number_required(world):
    with pytest.raises(ValidationError) as error:
        services.publish_term(
            term=world.term, actor=world.users["board"], decision_number=" ", decision_date=DAY
        )
    assert error.value.code == "decision_number_required"


def test_open_objection_window_blocks_publication(world):
    with time_machine.travel(datetime.datetime(2026, 1, 5, 9, tzinfo=datetime.UTC), tick=False):
        services.share_provisional(term=world.term, actor=world.users["leader"], objection_days=5)
        with pytest.raises(ValidationError) as error:
            _publish(world.term, world.users["board"])
        assert error.value.code == "objection_window_open"
    with time_machine.travel(datetime.datetime(2026, 1, 11, 9, tzinfo=datetime.UTC), tick=False):
        _publish(world.term, world.users["board"])
    world.term.refresh_from_db()
    assert world.term.is_published


def test_unanswered_objections_block_publication(world):
    with time_machine.travel(datetime.datetime(2026, 1, 5, 9, tzinfo=datetime.UTC), tick=False):
        services.share_provisional(term=world.term, actor=world.users["leader"], objection_days=3)
        objection = services.file_objection(
            term=world.term,
            actor=world.users["member"],
            unit=world.member_unit,
            criterion_code="1",
            text="Thiếu 0,5 điểm",
        )
    with time_machine.travel(datetime.datetime(2026, 1, 9, 9, tzinfo=datetime.UTC), tick=False):
        with pytest.raises(ValidationError) as error:
            _publish(world.term, world.users["board"])
        assert error.value.code == "objections_unanswered"
        services.answer_objection(
            objection=objection, actor=world.users["leader"], answer="Giữ nguyên"
        )
        _publish(world.term, world.users["board"])


@pytest.mark.parametrize(
    "call",
    [
        lambda w: services.set_tie_policy(term=w.published_term, actor=None, rules=["base"]),
        lambda w: services.record_incident(
            term=w.published_term, actor=None, unit=w.member_unit, kind="other", note="x"
        ),
        lambda w: services.share_provisional(term=w.published_term, actor=None),
        lambda w: services.file_objection(
            term=w.published_term, actor=None, unit=w.member_unit, criterion_code="1", text="x"
        ),
    ],
    ids=["tie_policy", "incident", "share", "objection"],
)
def test_every_results_write_refuses_a_published_year(world, call):
    before = AuditEntry.objects.count()
    with pytest.raises(ValidationError) as error:
        call(world)
    assert error.value.code == "term_published"
    assert AuditEntry.objects.count() == before
    assert not TiePolicy.objects.exists() and not Incident.objects.exists()
    assert not Objection.objects.exists()


def test_correction_is_a_new_version_and_the_first_stays(world):
    term = world.published_term
    first = PublishedResult.objects.get(term=term)
    old_row = next(r for r in first.snapshot["rows"] if r["unit_id"] == world.member_unit.pk)
    correction = services.correct_publication(
        term=term,
        actor=world.users["board"],
        decision_number="02/QĐ",
        decision_date=DAY,
        reason="Sai sót tổng hợp",
        adjustments={(world.member_unit.pk, "1"): Decimal("0")},
    )
    assert correction.version == 2
    assert list(PublishedResult.objects.filter(term=term).values_list("version", flat=True)) == [
        2,
        1,
    ]
    new_row = next(r for r in correction.snapshot["rows"] if r["unit_id"] == world.member_unit.pk)
    assert Decimal(new_row["total"]) == Decimal(old_row["total"]) - Decimal(old_row["points"]["1"])
    assert new_row["rank"] == 4  # fell to the bottom
    assert correction.snapshot["corrections"][0]["new"] == "0.00"  # two places, as stored
    first.refresh_from_db()
    assert first.snapshot == PublishedResult.objects.get(pk=first.pk).snapshot
    assert AuditEntry.objects.filter(action="results.term.corrected").count() == 1


@pytest.mark.parametrize(
    "kwargs,code",
    [
        ({"reason": ""}, "correction_reason_required"),
        ({"adjustments": {}}, "no_adjustments"),
        ({"adjustments": {(999999, "1"): Decimal("1")}}, "unknown_target"),
        ({"adjustments": "over"}, "points_out_of_range"),
    ],
)
def test_correction_refusals_write_nothing(world, kwargs, code):
    if kwargs.get("adjustments") == "over":
        kwargs = {"adjustments": {(world.member_unit.pk, "1"): Decimal("10.5")}}
    params = {
        "term": world.published_term,
        "actor": world.users["board"],
        "decision_number": "02/QĐ",
        "decision_date": DAY,
        "reason": "Sai sót",
        "adjustments": {(world.member_unit.pk, "1"): Decimal("1")},
        **kwargs,
    }
    with pytest.raises(ValidationError) as error:
        services.correct_publication(**params)
    assert error.value.code == code
    assert PublishedResult.objects.filter(term=world.published_term).count() == 1


def test_correction_of_an_unpublished_year_is_refused(world):
    with pytest.raises(ValidationError) as error:
        services.correct_publication(
            term=world.term,
            actor=None,
            decision_number="1",
            decision_date=DAY,
            reason="x",
            adjustments={(world.member_unit.pk, "1"): Decimal("1")},
        )
    assert error.value.code == "not_published"


def test_published_rows_cannot_be_updated_or_deleted(world):
    publication = PublishedResult.objects.get(term=world.published_term)
    with pytest.raises(TypeError):
        publication.save()
    with pytest.raises(TypeError):
        publication.delete()
    with pytest.raises(TypeError):
        PublishedResult.objects.filter(pk=publication.pk).update(decision_number="x")
