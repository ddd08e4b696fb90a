"""State machines written down in code (issue #9, item 3): each table next to its model and the
one `transition()` helper that checks the move, stamps and clears, runs full_clean, saves and
records the audit entry."""

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from audit.models import AuditEntry
from blocks.models import Term
from blocks.states import transition
from campaigns.models import Registration, Scale
from results.models import Objection
from scoring.models import ScoreSheet

pytestmark = pytest.mark.django_db
S = ScoreSheet.Status


def _sheet(world) -> ScoreSheet:
    return ScoreSheet.objects.filter(term=world.term, unit=world.member_unit).get()


def _refused(code, call):
    with pytest.raises(ValidationError) as error, transaction.atomic():
        call()
    assert code in [e.code for e in error.value.error_list]


@pytest.mark.parametrize("model", [ScoreSheet, Term, Scale, Registration, Objection])
def test_every_machine_has_a_table_over_its_own_states(model):
    states = set(model.Status.values)
    assert model.TRANSITIONS.edges
    for start, end in model.TRANSITIONS.edges:
        assert {start, end} <= states
    for state in (*model.TRANSITIONS.stamps, *model.TRANSITIONS.clears):
        assert state in states


def test_a_sheet_moves_and_is_logged(world):
    sheet = _sheet(world)
    leader = world.users["leader"]
    with transaction.atomic():
        transition(
            sheet, S.UNDER_REVIEW, actor=leader, reason="Khiếu nại", version=sheet.version + 1
        )
    sheet.refresh_from_db()
    assert (sheet.status, sheet.verified_at, sheet.verified_by) == (S.UNDER_REVIEW, None, None)
    entry = AuditEntry.objects.filter(action="scoring.sheet.status_changed").latest("pk")
    assert entry.before == {"status": S.VERIFIED}
    assert entry.after == {"status": S.UNDER_REVIEW, "sheet_id": sheet.pk}
    assert (entry.actor, entry.reason, entry.term_id) == (leader, "Khiếu nại", world.term.pk)


def test_a_returned_sheet_loses_its_submitted_time(world):
    sheet = _sheet(world)
    member, leader = world.users["member"], world.users["leader"]
    ScoreSheet.objects.filter(pk=sheet.pk).update(status=S.DRAFT, verified_at=None)
    sheet.refresh_from_db()
    with transaction.atomic():
        transition(sheet, S.SUBMITTED, actor=member)
    assert sheet.submitted_by == member and sheet.submitted_at is not None
    with transaction.atomic():
        transition(sheet, S.DRAFT, actor=leader, reason="Thiếu minh chứng")
    sheet.refresh_from_db()
    assert (sheet.status, sheet.submitted_at, sheet.submitted_by) == (S.DRAFT, None, None)


def test_a_move_off_the_table_is_refused_and_nothing_is_written(world):
    sheet = _sheet(world)
    entries = AuditEntry.objects.count()
    _refused("bad_transition", lambda: transition(sheet, S.DRAFT, actor=world.users["leader"]))
    assert ScoreSheet.objects.get(pk=sheet.pk).status == S.VERIFIED
    assert AuditEntry.objects.count() == entries


def test_a_published_year_refuses_every_move(world):
    sheet = ScoreSheet.objects.filter(term=world.published_term).first()
    _refused("published", lambda: transition(sheet, S.UNDER_REVIEW, actor=world.users["board"]))
    term = world.published_term
    _refused("bad_transition", lambda: transition(term, Term.Status.REVIEW, actor=None))
    assert ScoreSheet.objects.get(pk=sheet.pk).status == S.LOCKED


def test_the_block_year_path(world):
    term = world.term
    board = world.users["board"]
    with transaction.atomic():
        transition(term, Term.Status.REVIEW, actor=board)
        transition(term, Term.Status.PROVISIONAL, actor=board)
    _refused("bad_transition", lambda: transition(term, Term.Status.SCORING, actor=board))
    with transaction.atomic():
        transition(term, Term.Status.PUBLISHED, actor=board)
    assert Term.objects.get(pk=term.pk).status == Term.Status.PUBLISHED
    moves = AuditEntry.objects.filter(action="blocks.term.status_changed", term_id=term.pk)
    assert moves.count() == 3


def test_the_scale_path_stamps_and_clears(world):
    board, leader = world.users["board"], world.users["leader"]
    scale = Scale.objects.create(term=world.term, version=2, status=Scale.Status.DRAFT)
    with transaction.atomic():
        transition(scale, Scale.Status.SUBMITTED, actor=leader)
    assert (scale.submitted_by, scale.return_reason) == (leader, "")
    with transaction.atomic():
        transition(scale, Scale.Status.DRAFT, actor=board, reason=" Sửa tiêu chí 2 ")
    scale.refresh_from_db()
    assert (scale.return_reason, scale.submitted_at, scale.submitted_by) == (
        "Sửa tiêu chí 2",
        None,
        None,
    )
    with transaction.atomic():
        transition(scale, Scale.Status.SUBMITTED, actor=leader)
        transition(scale, Scale.Status.APPROVED, actor=board)
        transition(scale, Scale.Status.LOCKED, actor=board)
    scale.refresh_from_db()
    assert (scale.status, scale.return_reason, scale.approved_by) == (
        Scale.Status.LOCKED,
        "",
        board,
    )
    _refused("bad_transition", lambda: transition(scale, Scale.Status.DRAFT, actor=board))


def test_the_registration_path_runs_full_clean(world):
    member, leader = world.users["member"], world.users["leader"]
    registration = Registration.objects.create(
        term=world.term,
        unit=world.member_unit,
        targets="Hoàn thành 100% chỉ tiêu",
        submitted_by=member,
        submitted_at=timezone.now(),
    )
    # A return needs its reason: the model's constraint, checked by full_clean before saving.
    with pytest.raises(ValidationError), transaction.atomic():
        transition(registration, Registration.Status.RETURNED, actor=leader)
    assert Registration.objects.get(pk=registration.pk).status == Registration.Status.SUBMITTED
    registration.refresh_from_db()
    with transaction.atomic():
        transition(registration, Registration.Status.RETURNED, actor=leader, reason="Thiếu")
    assert (registration.reason, registration.decided_by) == ("Thiếu", leader)
    with transaction.atomic():
        transition(registration, Registration.Status.SUBMITTED, actor=member)
    registration.refresh_from_db()
    assert (registration.reason, registration.decided_at, registration.decided_by) == (
        "",
        None,
        None,
    )
    with transaction.atomic():
        transition(registration, Registration.Status.APPROVED, actor=leader)
    assert Registration.objects.get(pk=registration.pk).decided_by == leader


def test_an_objection_is_answered_and_never_unanswered(world):
    leader = world.users["leader"]
    objection = Objection.objects.create(
        term=world.term, unit=world.member_unit, criterion_code="1", text="Điểm tiêu chí 1"
    )
    assert objection.status == Objection.Status.FILED
    with transaction.atomic():
        transition(objection, Objection.Status.ANSWERED, actor=leader, answer="Giữ nguyên")
    objection.refresh_from_db()
    assert (objection.status, objection.answer, objection.answered_by) == (
        Objection.Status.ANSWERED,
        "Giữ nguyên",
        leader,
    )
    _refused(
        "bad_transition",
        lambda: transition(objection, Objection.Status.FILED, actor=leader, answer=""),
    )
    assert Objection.objects.get(pk=objection.pk).answer == "Giữ nguyên"
    with transaction.atomic():
        transition(objection, Objection.Status.ANSWERED, actor=leader, answer="Đã điều chỉnh")
    assert Objection.objects.get(pk=objection.pk).answer == "Đã điều chỉnh"
