"""Every write service refuses a published year (code term_published) and writes nothing."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from audit.models import AuditEntry
from blocks import freeze
from scoring import services
from scoring.models import Evidence, Query, ReminderLog, Score, ScoreSheet

pytestmark = pytest.mark.django_db
TZ = datetime.UTC


def _snapshot(term):
    sheets = list(ScoreSheet.objects.filter(term=term).values().order_by("pk"))
    scores = list(Score.objects.filter(sheet__term=term).values().order_by("pk"))
    queries = list(Query.objects.values().order_by("pk"))
    evidence = list(Evidence.objects.values().order_by("pk"))
    return sheets, scores, queries, evidence, AuditEntry.objects.count()


def test_every_write_service_refuses_a_published_year(world):
    term = world.published_term
    sheet = ScoreSheet.objects.filter(term=term).order_by("pk").first()
    score = sheet.scores.order_by("pk").first()
    leader, member = world.users["leader"], world.users["member"]
    with freeze.publishing(term):  # rows the year had before it was published
        query = Query.objects.create(score=score, question="?", raised_by=leader, answer="a")
        evidence = Evidence.objects.create(
            score=score,
            file="evidence/x.pdf",
            original_name="x.pdf",
            mime="application/pdf",
            size=1,
            uploaded_by=member,
        )
        term.scoring_opens_at = datetime.datetime(2000, 1, 1, tzinfo=TZ)
        term.scoring_closes_at = datetime.datetime(2100, 1, 1, tzinfo=TZ)
        term.save()
    before = _snapshot(term)
    opens, closes = term.scoring_opens_at, term.scoring_closes_at
    calls = {
        "open_scoring": lambda: services.open_scoring(
            term=term, opens_at=opens, closes_at=closes, actor=leader
        ),
        "extend_window": lambda: services.extend_window(
            term=term, closes_at=closes + datetime.timedelta(days=1), reason="x", actor=leader
        ),
        "save_self_scores": lambda: services.save_self_scores(
            sheet=sheet,
            entries={score.criterion_id: services.SelfEntry(points=Decimal("1"))},
            version=sheet.version,
            actor=member,
        ),
        "submit_sheet": lambda: services.submit_sheet(sheet=sheet, version=None, actor=member),
        "add_evidence": lambda: services.add_evidence(score=score, upload=None, actor=member),
        "remove_evidence": lambda: services.remove_evidence(evidence=evidence, actor=member),
        "review_scores": lambda: services.review_scores(
            sheet=sheet,
            entries={score.criterion_id: services.ReviewEntry(points=Decimal("1"), reason="x")},
            version=None,
            actor=leader,
        ),
        "return_sheet": lambda: services.return_sheet(sheet=sheet, reason="x", actor=leader),
        "verify_sheet": lambda: services.verify_sheet(sheet=sheet, actor=leader),
        "end_review": lambda: services.end_review(term=term, actor=leader),
        "raise_query": lambda: services.raise_query(score=score, question="?", actor=leader),
        "answer_query": lambda: services.answer_query(query=query, answer="a", actor=member),
        "resolve_query": lambda: services.resolve_query(query=query, resolution="r", actor=leader),
    }
    for name, call in calls.items():
        with pytest.raises(ValidationError) as exc:
            call()
        assert exc.value.error_list[0].code == "term_published", name
    assert _snapshot(term) == before


def test_reminders_skip_published_years(world):
    term = world.published_term
    now = datetime.datetime(2026, 1, 1, tzinfo=TZ)
    with freeze.publishing(term):  # a year published while its sheets were still drafts
        term.scoring_closes_at = now + datetime.timedelta(days=1)
        term.save()
        ScoreSheet.objects.filter(term=term).update(status=ScoreSheet.Status.DRAFT)
    assert services.send_reminders(days=3, now=now) == []
    assert not ReminderLog.objects.exists()
