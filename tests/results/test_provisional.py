"""Provisional results: sharing, the objection window, objections and answers."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from audit.models import AuditEntry
from blocks.models import Term
from emulation.forms import FORM_ERROR_STATUS
from results import services
from results.models import Objection, ProvisionalRelease
from scoring.models import ScoreSheet

pytestmark = pytest.mark.django_db
MONDAY = datetime.datetime(2026, 1, 5, 2, 0, tzinfo=datetime.UTC)


def _object(world, code="1", text="Đề nghị xem lại tiêu chí 1"):
    return services.file_objection(
        term=world.term,
        actor=world.users["member"],
        unit=world.member_unit,
        criterion_code=code,
        text=text,
    )


@time_machine.travel(MONDAY, tick=False)
def test_share_opens_the_window_and_sets_the_status(world):
    release = services.share_provisional(
        term=world.term, actor=world.users["leader"], objection_days=5
    )
    world.term.refresh_from_db()
    assert world.term.status == Term.Status.PROVISIONAL
    assert release.closes_at == MONDAY + datetime.timedelta(days=5)
    assert AuditEntry.objects.filter(action="results.provisional.shared").count() == 1


def test_sharing_again_restarts_the_window_through_the_year_table(world):
    leader = world.users["leader"]
    with time_machine.travel(MONDAY, tick=False):
        services.share_provisional(term=world.term, actor=leader, objection_days=5)
    later = MONDAY + datetime.timedelta(days=1)
    with time_machine.travel(later, tick=False):
        release = services.share_provisional(term=world.term, actor=leader, objection_days=2)
    assert release.closes_at == later + datetime.timedelta(days=2)
    entries = AuditEntry.objects.filter(action="results.provisional.shared").order_by("id")
    assert [(e.before["status"], e.after["status"]) for e in entries] == [
        (world.term.status, Term.Status.PROVISIONAL),
        (Term.Status.PROVISIONAL, Term.Status.PROVISIONAL),
    ]
    assert entries[1].object_type == "blocks.term" and entries[1].after["release_id"] == release.pk


def test_share_needs_every_sheet_verified(world):
    ScoreSheet.objects.filter(term=world.term, unit=world.member_unit).update(status="draft")
    with pytest.raises(ValidationError) as error:
        services.share_provisional(term=world.term, actor=world.users["leader"])
    assert error.value.code == "sheets_not_verified"
    assert not ProvisionalRelease.objects.exists()
    world.term.refresh_from_db()
    assert world.term.status == Term.Status.SCORING


def test_objection_before_sharing_is_refused(world):
    with pytest.raises(ValidationError) as error:
        _object(world)
    assert error.value.code == "not_provisional"
    assert not Objection.objects.exists()


def test_objection_within_and_after_the_window(world):
    with time_machine.travel(MONDAY, tick=False):
        services.share_provisional(term=world.term, actor=world.users["leader"], objection_days=2)
        objection = _object(world)
        assert objection.criterion_code == "1"
    with time_machine.travel(MONDAY + datetime.timedelta(days=2, seconds=1), tick=False):
        with pytest.raises(ValidationError) as error:
            _object(world, code="2")
        assert error.value.code == "objection_window_closed"
    assert Objection.objects.count() == 1


@time_machine.travel(MONDAY, tick=False)
def test_objection_on_an_unknown_criterion_is_refused(world):
    services.share_provisional(term=world.term, actor=world.users["leader"], objection_days=2)
    with pytest.raises(ValidationError) as error:
        _object(world, code="99")
    assert error.value.code == "unknown_criterion"


@time_machine.travel(MONDAY, tick=False)
def test_answer_is_recorded_and_audited(world):
    services.share_provisional(term=world.term, actor=world.users["leader"], objection_days=2)
    objection = _object(world)
    with pytest.raises(ValidationError) as error:
        services.answer_objection(objection=objection, actor=world.users["leader"], answer=" ")
    assert error.value.code == "answer_required"
    services.answer_objection(
        objection=objection, actor=world.users["leader"], answer="Đã cộng 0,5 điểm."
    )
    objection.refresh_from_db()
    assert objection.is_answered and objection.answered_by == world.users["leader"]
    assert AuditEntry.objects.filter(action="results.objection.answered").count() == 1


@time_machine.travel(MONDAY, tick=False)
def test_member_files_an_objection_through_the_page(world, clients):
    services.share_provisional(term=world.term, actor=world.users["leader"], objection_days=2)
    url = reverse("results:workspace", args=[world.block.pk, world.term.year])
    page = clients["member"].get(url)
    assert "results/objections/" in page.text  # the form is offered
    response = clients["member"].post(
        reverse("results:objection_add", args=[world.block.pk, world.term.year]),
        {"criterion_code": "2", "text": "Thiếu minh chứng đã nộp"},
    )
    assert response.status_code == 302
    objection = Objection.objects.get()
    assert objection.unit == world.member_unit and objection.filed_by == world.users["member"]
    leader_page = clients["leader"].get(url)
    assert "Thiếu minh chứng đã nộp" in leader_page.text
    assert f"objections/{objection.pk}/answer/" in leader_page.text


def test_invalid_share_form_shows_an_error_not_a_500(world, clients):
    url = reverse("results:share", args=[world.block.pk, world.term.year])
    response = clients["leader"].post(url, {"objection_days": "-3", "confirmed": "1"})
    assert response.status_code == FORM_ERROR_STATUS
    assert response.context["share_form"].errors


def test_service_refusal_shows_on_the_form(world, clients):
    ScoreSheet.objects.filter(term=world.term, unit=world.member_unit).update(status="draft")
    url = reverse("results:share", args=[world.block.pk, world.term.year])
    response = clients["leader"].post(url, {"objection_days": "3", "confirmed": "1"})
    assert response.status_code == FORM_ERROR_STATUS
    assert response.context["share_form"].non_field_errors()
