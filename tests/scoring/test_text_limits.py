"""An over-long reason on the scoring pages is refused on the form, and nothing is written
(issue #12, part 3; the generated checks are in tests/test_text_limits.py)."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from audit.models import AuditEntry
from emulation import limits
from emulation.forms import FORM_ERROR_STATUS
from scoring import services as scoring_services
from scoring.models import Score, ScoreSheet
from tests.scoring.conftest import full_entries, pdf

pytestmark = pytest.mark.django_db
TOO_LONG_REASON = "Lý do " + "x" * limits.REASON


@pytest.fixture
def submitted(world, open_term):
    o, sheet = open_term, open_term.member_sheet
    scoring_services.save_self_scores(
        sheet=sheet,
        entries=full_entries(o),
        uploads={o.scored[0].pk: [pdf()]},
        version=1,
        actor=world.users["member"],
    )
    scoring_services.submit_sheet(sheet=sheet, version=2, actor=world.users["member"])
    sheet.refresh_from_db()
    return sheet


def _sheet_url(name, sheet):
    return reverse(name, args=[sheet.term.block_id, sheet.term.year, sheet.unit_id])


def test_an_over_long_return_reason_is_refused_with_a_message(world, clients, submitted):
    entries = AuditEntry.objects.count()
    response = clients["leader"].post(
        _sheet_url("scoring:sheet_return", submitted), {"reason": TOO_LONG_REASON}, follow=True
    )
    text = response.content.decode()
    assert str(limits.REASON) in text.replace(".", "")  # "2.000" or "2000": the limit is said
    submitted.refresh_from_db()
    assert submitted.status == ScoreSheet.Status.SUBMITTED
    assert AuditEntry.objects.count() == entries


def test_an_over_long_review_reason_is_a_form_error(world, clients, open_term, submitted):
    criterion = open_term.scored[1]
    entries = AuditEntry.objects.count()
    response = clients["leader"].post(
        _sheet_url("scoring:sheet_review", submitted),
        {
            "version": submitted.version,
            f"rpoints_{criterion.pk}": "5",
            f"reason_{criterion.pk}": TOO_LONG_REASON,
        },
    )
    assert response.status_code == FORM_ERROR_STATUS
    errors = response.context["form"].errors.as_data()[f"reason_{criterion.pk}"]
    assert errors[0].code == "max_length"
    score = Score.objects.get(sheet=submitted, criterion=criterion)
    assert score.reviewed_points is None and score.review_reason == ""
    assert AuditEntry.objects.count() == entries


def test_an_over_long_review_reason_is_refused_by_the_service(world, open_term, submitted):
    criterion = open_term.scored[1]
    entry = scoring_services.ReviewEntry(points=Decimal("5"), reason=TOO_LONG_REASON)
    with pytest.raises(ValidationError):
        scoring_services.review_scores(
            sheet=submitted,
            entries={criterion.pk: entry},
            version=submitted.version,
            actor=world.users["leader"],
        )
    assert Score.objects.get(sheet=submitted, criterion=criterion).review_reason == ""
