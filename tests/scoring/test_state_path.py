"""Rules review: a sheet only ever moves along the domain's path.

not started → draft → submitted → under review ⇄ needs explanation → verified → locked,
plus the documented return (back to draft, with a reason) and reopen (before publication).
"""

import pytest

from audit.models import AuditEntry
from scoring import services
from scoring.models import ScoreSheet
from tests.scoring.test_review import submitted  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db
S = ScoreSheet.Status

# The table lives next to the model (issue #9): the services' moves must stay on it.
EDGES = ScoreSheet.TRANSITIONS.edges


def test_the_table_is_the_domain_path():
    assert {
        (S.NOT_STARTED, S.DRAFT),
        (S.DRAFT, S.SUBMITTED),
        (S.SUBMITTED, S.UNDER_REVIEW),
        (S.UNDER_REVIEW, S.NEEDS_EXPLANATION),
        (S.NEEDS_EXPLANATION, S.UNDER_REVIEW),
        (S.UNDER_REVIEW, S.VERIFIED),
        (S.VERIFIED, S.LOCKED),
        (S.SUBMITTED, S.DRAFT),
        (S.UNDER_REVIEW, S.DRAFT),
        (S.NEEDS_EXPLANATION, S.DRAFT),
        (S.VERIFIED, S.UNDER_REVIEW),
        (S.LOCKED, S.UNDER_REVIEW),
    } == EDGES


def _path(sheet):
    entries = AuditEntry.objects.filter(
        action="scoring.sheet.status_changed", after__sheet_id=sheet.pk
    ).order_by("pk")
    return [(e.before["status"], e.after["status"]) for e in entries]


def test_verifying_a_submitted_sheet_passes_through_review(world, open_term, submitted):  # noqa: F811
    services.verify_sheet(sheet=submitted, actor=world.users["leader"])
    path = _path(submitted)
    assert path[-2:] == [(S.SUBMITTED, S.UNDER_REVIEW), (S.UNDER_REVIEW, S.VERIFIED)]
    assert set(path) <= EDGES


def test_a_query_on_a_submitted_sheet_passes_through_review(world, open_term, submitted):  # noqa: F811
    score = submitted.scores.first()
    services.raise_query(score=score, question="Vì sao?", actor=world.users["leader"])
    path = _path(submitted)
    assert path[-2:] == [(S.SUBMITTED, S.UNDER_REVIEW), (S.UNDER_REVIEW, S.NEEDS_EXPLANATION)]
    query = score.queries.get()
    services.answer_query(query=query, answer="Đã bổ sung.", actor=world.users["member"])
    services.resolve_query(query=query, resolution="Đồng ý.", actor=world.users["leader"])
    services.verify_sheet(sheet=submitted, actor=world.users["leader"])
    assert set(_path(submitted)) <= EDGES
