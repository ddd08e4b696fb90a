"""The scoring demo: an open window, a draft with evidence, an answered query; idempotent."""

import pytest
from django.core.management import call_command

from audit.models import AuditEntry
from blocks.models import Term
from scoring import demo, services
from scoring.models import Evidence, Query, ScoreSheet

pytestmark = pytest.mark.django_db


def test_load_demo_is_idempotent(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call_command("seed_demo")
    logins = demo.load_demo()
    assert [u for u, _p, _r in logins] == ["vanhoa", "yte"]
    term = Term.objects.get(block__name=demo.SYNTHETIC_BLOCK, year=2019)
    assert services.window_is_open(term)
    # The draft with one file of evidence (the submitted sheets carry their required evidence).
    assert (
        Evidence.objects.filter(
            score__sheet__term=term, score__sheet__unit__name=demo.OFFICERS[0][2]
        ).count()
        == 1
    )
    query = Query.objects.get(score__sheet__term=term)
    assert query.answer and query.answered_by.username == "yte"
    counts = (AuditEntry.objects.count(), Evidence.objects.count(), Query.objects.count())
    demo.load_demo()
    assert (AuditEntry.objects.count(), Evidence.objects.count(), Query.objects.count()) == counts


def test_the_demo_sheets_went_through_the_services_of_a_real_year(settings, tmp_path):
    """Submitted and verified sheets carry their times and their steps in the audit trail."""
    settings.MEDIA_ROOT = tmp_path
    call_command("seed_demo")
    term = Term.objects.get(block__name=demo.SYNTHETIC_BLOCK, year=2019)
    sheets = {s.unit.name: s for s in term.sheets.select_related("unit", "verified_by__unit")}
    for name, status in demo.PROGRESS.items():
        sheet = sheets[name]
        if status == ScoreSheet.Status.SUBMITTED:  # the query raised on it took it under review
            assert sheet.status == ScoreSheet.Status.UNDER_REVIEW
        else:
            assert sheet.status == status
        assert sheet.submitted_at is not None and sheet.submitted_by.unit_id == sheet.unit_id
        if status == ScoreSheet.Status.VERIFIED:
            assert sheet.verified_at >= sheet.submitted_at
            assert sheet.verified_by.unit_id == term.leader_id
        moves = AuditEntry.objects.filter(
            action="scoring.sheet.status_changed", after__sheet_id=sheet.pk
        ).values_list("after__status", flat=True)
        assert ScoreSheet.Status.SUBMITTED in list(moves)
    assert sheets["Sở Lao động - Thương binh và Xã hội"].status == ScoreSheet.Status.NOT_STARTED
    assert sheets[demo.OFFICERS[0][2]].status == ScoreSheet.Status.DRAFT
