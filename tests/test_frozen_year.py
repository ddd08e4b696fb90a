"""A published block-year is frozen at the model layer (issue #9, item 2).

For every model the published ranking rests on: the shell's save() and delete(), the queryset's
update() and delete(), bulk_create() and bulk_update() all refuse (code "published") and write
nothing. The unpublished year next to it stays writable; publication and corrections go through.
"""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile

from blocks import freeze
from blocks.models import Term
from campaigns.models import Criterion, Scale
from results import services as result_services
from results.models import (
    ClassificationBand,
    Incident,
    Objection,
    ProvisionalRelease,
    PublishedResult,
    TiePolicy,
)
from scoring.models import Evidence, Query, Score, ScoreSheet


@pytest.fixture
def world(shared_world):
    """Built once for the module (see tests/conftest.py): each test's writes are rolled back."""
    return shared_world


pytestmark = pytest.mark.django_db


def _score(term):
    return Score.objects.filter(sheet__term=term).order_by("pk").first()


def _make(term, label, world):
    """One row of `label` in `term`, created the way the year had it before publication."""
    user = world.users["board"]
    unit = world.member_unit
    with freeze.publishing(term):
        if label == "term":
            return term
        if label == "scale":
            return Scale.objects.filter(term=term).first()
        if label == "criterion":
            return Criterion.objects.filter(scale__term=term).order_by("pk").first()
        if label == "sheet":
            return ScoreSheet.objects.filter(term=term).order_by("pk").first()
        if label == "score":
            return _score(term)
        if label == "evidence":
            return Evidence.objects.create(
                score=_score(term),
                file=ContentFile(b"%PDF-1.4", name="a.pdf"),
                original_name="a.pdf",
                mime="application/pdf",
                size=8,
                uploaded_by=user,
            )
        if label == "query":
            return Query.objects.create(score=_score(term), question="Vì sao?", raised_by=user)
        if label == "tie_policy":
            return TiePolicy.objects.update_or_create(term=term, defaults={"rules": ["base"]})[0]
        if label == "band":
            return ClassificationBand.objects.create(
                province=world.province, term=term, label="Xuất sắc", min_total=Decimal("90")
            )
        if label == "incident":
            return Incident.objects.create(term=term, unit=unit, kind="other", note="x")
        if label == "objection":
            return Objection.objects.create(term=term, unit=unit, criterion_code="1", text="x")
        if label == "release":
            now = datetime.datetime(2025, 1, 2, tzinfo=datetime.UTC)
            return ProvisionalRelease.objects.update_or_create(
                term=term, defaults={"shared_at": now, "closes_at": now}
            )[0]
        if label == "published":
            return PublishedResult.objects.get(term=term)
    raise AssertionError(label)


# label → (a field to change, a new value)
CASES = {
    "term": ("status", Term.Status.REVIEW),
    "scale": ("nominal_total", Decimal("50")),
    "criterion": ("max_points", Decimal("50")),
    "sheet": ("status", ScoreSheet.Status.DRAFT),
    "score": ("self_points", Decimal("0")),
    "evidence": ("description", "đổi"),
    "query": ("question", "đổi"),
    "tie_policy": ("rules", ["full_marks"]),
    "band": ("min_total", Decimal("1")),
    "incident": ("note", "đổi"),
    "objection": ("text", "đổi"),
    "release": ("objection_days", 9),
    "published": ("decision_number", "đổi"),
}
LABELS = list(CASES)


def _refused(call):
    """The call refuses: code "published" (published results keep their older TypeError for
    updates and deletes: they are never updated, even by a correction)."""
    with pytest.raises((ValidationError, TypeError)) as error:
        call()
    if isinstance(error.value, ValidationError):
        assert error.value.code == "published"


def _unchanged(obj, field, value):
    stored = type(obj)._base_manager.filter(pk=obj.pk).values_list(field, flat=True).get()
    assert stored != value


@pytest.fixture
def frozen(world, request):
    label = request.param
    obj = _make(world.published_term, label, world)
    obj.case = CASES[label]
    return obj


@pytest.mark.parametrize("frozen", LABELS, indirect=True)
def test_save_is_refused(frozen):
    field, value = frozen.case
    setattr(frozen, field, value)
    _refused(frozen.save)
    _unchanged(frozen, field, value)


# No form ever edits a published result: it has no full_clean path to show.
@pytest.mark.parametrize("frozen", LABELS[:-1], indirect=True)
def test_full_clean_says_why(frozen):
    with pytest.raises(ValidationError) as error:
        frozen.full_clean()
    assert "published" in [e.code for e in error.value.error_list]


@pytest.mark.parametrize("frozen", LABELS, indirect=True)
def test_delete_is_refused(frozen):
    _refused(frozen.delete)
    assert type(frozen).objects.filter(pk=frozen.pk).exists()


@pytest.mark.parametrize("frozen", LABELS, indirect=True)
def test_queryset_update_and_delete_are_refused(frozen):
    field, value = frozen.case
    rows = type(frozen).objects.filter(pk=frozen.pk)
    _refused(lambda: rows.update(**{field: value}))
    _unchanged(frozen, field, value)
    _refused(rows.delete)
    assert rows.exists()


@pytest.mark.parametrize("frozen", LABELS, indirect=True)
def test_bulk_update_is_refused(frozen):
    field, value = frozen.case
    setattr(frozen, field, value)
    _refused(lambda: type(frozen).objects.bulk_update([frozen], [field]))
    _unchanged(frozen, field, value)


def test_bulk_update_writes_nothing_of_a_batch_that_touches_a_published_year(world):
    """The check and the write are one statement: a batch of open-year rows with one row of a
    published year writes none of them, and the refusal names the year."""
    open_scores = list(Score.objects.filter(sheet__term=world.term).order_by("pk")[:3])
    batch = [*open_scores, _score(world.published_term)]
    for score in batch:
        score.self_note = "lô"
    with pytest.raises(ValidationError) as error:
        Score.objects.bulk_update(batch, ["self_note"])
    assert error.value.code == "published"
    assert str(world.published_term.year) in str(error.value.params["term"])
    assert not Score.objects.filter(self_note="lô").exists()
    # Without the published row, the batch is written, and the count is Django's.
    assert Score.objects.bulk_update(open_scores, ["self_note"]) == 3
    assert Score.objects.filter(self_note="lô").count() == 3


def test_bulk_update_cannot_move_rows_into_or_out_of_a_published_year(world):
    published_sheet = ScoreSheet.objects.filter(term=world.published_term).order_by("pk").first()
    open_sheet = ScoreSheet.objects.filter(term=world.term).order_by("pk").first()
    moving_in = Score.objects.filter(sheet=open_sheet).order_by("pk").first()
    moving_in.sheet = published_sheet
    _refused(lambda: Score.objects.bulk_update([moving_in], ["sheet"]))
    assert Score.objects.get(pk=moving_in.pk).sheet_id == open_sheet.pk
    moving_out = _score(world.published_term)
    stored_sheet = moving_out.sheet_id
    moving_out.sheet = open_sheet
    _refused(lambda: Score.objects.bulk_update([moving_out], ["sheet"]))
    assert Score.objects.get(pk=moving_out.pk).sheet_id == stored_sheet


def test_bulk_update_of_rows_that_are_gone_counts_them_as_django_does(world):
    score = Score.objects.filter(sheet__term=world.term).order_by("pk").first()
    gone = Score.objects.filter(sheet__term=world.term).order_by("-pk").first()
    Score.objects.filter(pk=gone.pk).delete()
    score.self_note = "còn"
    gone.self_note = "mất"
    assert Score.objects.bulk_update([score, gone], ["self_note"]) == 1
    assert Score.objects.get(pk=score.pk).self_note == "còn"


@pytest.mark.parametrize("frozen", [x for x in LABELS if x != "term"], indirect=True)
def test_bulk_create_is_refused(frozen):
    model = type(frozen)
    before = model.objects.count()
    frozen.pk = None
    frozen._state.adding = True
    _refused(lambda: model.objects.bulk_create([frozen]))
    assert model.objects.count() == before


@pytest.mark.parametrize("label", ["criterion", "incident", "objection", "band"])
def test_create_is_refused(world, label):
    obj = _make(world.published_term, label, world)
    model = type(obj)
    before = model.objects.count()
    obj.pk = None
    obj._state.adding = True
    if label == "criterion":
        obj.code = "NEW"
    _refused(obj.save)
    assert model.objects.count() == before


def test_a_row_cannot_be_moved_into_or_out_of_a_published_year(world):
    incident = _make(world.term, "incident", world)
    incident.term = world.published_term
    _refused(incident.save)
    frozen = _make(world.published_term, "incident", world)
    frozen.term = world.term
    _refused(frozen.save)
    assert Incident.objects.get(pk=frozen.pk).term_id == world.published_term.pk


def test_a_term_cannot_be_deleted_through_its_queryset_or_reassigned(world):
    term = world.published_term
    term.leader = world.member_unit
    _refused(term.save)
    _refused(lambda: Term.objects.filter(block=world.block).update(deputy=None))
    assert Term.objects.get(pk=term.pk).deputy_id == world.deputy_unit.pk


@pytest.mark.parametrize("label", LABELS[:-1])  # the unpublished year has no published result
def test_the_unpublished_year_stays_writable(world, label):
    obj = _make(world.term, label, world)
    field, value = CASES[label]
    type(obj).objects.filter(pk=obj.pk).update(**{field: value})
    setattr(obj, field, value)
    obj.save()
    assert type(obj).objects.filter(pk=obj.pk, **{field: value}).exists()


def test_the_escape_is_for_one_year_only(world):
    with freeze.publishing(world.term):
        _refused(
            lambda: Incident.objects.create(
                term=world.published_term, unit=world.member_unit, kind="other", note="x"
            )
        )
    with freeze.publishing(world.published_term):
        Incident.objects.create(
            term=world.published_term, unit=world.member_unit, kind="other", note="x"
        )
    # and it ends with its block
    _refused(
        lambda: Incident.objects.create(
            term=world.published_term, unit=world.member_unit, kind="other", note="x"
        )
    )


def test_a_published_result_takes_only_its_next_version(world):
    latest = PublishedResult.objects.get(term=world.published_term)
    skip = PublishedResult(
        term=world.published_term,
        version=3,
        decision_number="x",
        decision_date=datetime.date(2025, 2, 1),
        reason="x",
        snapshot=latest.snapshot,
    )
    _refused(skip.save)
    result_services.correct_publication(
        term=world.published_term,
        actor=world.users["board"],
        decision_number="02/QĐ",
        decision_date=datetime.date(2025, 2, 1),
        reason="Sửa điểm",
        adjustments={(world.member_unit.pk, "1"): Decimal("1")},
    )
    assert PublishedResult.objects.filter(term=world.published_term).count() == 2


def test_audit_entries_stay_writable(world):
    from audit.models import AuditEntry

    AuditEntry.objects.create(
        action="x", object_type="blocks.term", term_id=world.published_term.pk
    )
    assert AuditEntry.objects.filter(term_id=world.published_term.pk, action="x").exists()
