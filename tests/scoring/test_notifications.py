"""E-mail at the moments that need someone's action (issue #10): after the commit, never for a
refused change, never to someone who opted out."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from scoring import services
from scoring.models import ScoreSheet
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(world, open_term):
    sheet = open_term.member_sheet
    ScoreSheet.objects.filter(pk=sheet.pk).update(status=ScoreSheet.Status.SUBMITTED)
    sheet.refresh_from_db()
    return sheet


def test_a_returned_sheet_mails_the_unit_after_commit(
    world, submitted, django_capture_on_commit_callbacks
):
    member = world.users["member"]
    member.email = "member@example.org"
    member.save()
    UserFactory(
        username="quiet",
        unit=world.member_unit,
        email="quiet@example.org",
        email_notifications=False,
    )
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.return_sheet(
            sheet=submitted, reason="Thiếu minh chứng", actor=world.users["leader"]
        )
    assert len(callbacks) == 1
    assert [m.to for m in mail.outbox] == [["member@example.org"]]
    assert "Thiếu minh chứng" in mail.outbox[0].body


def test_a_refused_return_mails_nobody(world, submitted, django_capture_on_commit_callbacks):
    world.users["member"].email = "member@example.org"
    world.users["member"].save()
    capture = django_capture_on_commit_callbacks(execute=True)
    with capture as callbacks, pytest.raises(ValidationError):
        services.return_sheet(sheet=submitted, reason=" ", actor=world.users["leader"])
    assert callbacks == [] and mail.outbox == []


def test_the_opt_out_page(world, clients):
    url = reverse("accounts:notification_settings")
    assert clients["member"].get(url).status_code == 200
    response = clients["member"].post(url, {})
    assert response.status_code == 302, response.context["form"].errors
    world.users["member"].refresh_from_db()
    assert world.users["member"].email_notifications is False
