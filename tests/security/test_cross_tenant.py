"""Object-id mixing (IDOR): every inner id in a URL or a form is fetched THROUGH the block-year
(and the unit) of the URL. Ids from another block's year, or from the same block's other year,
are a 404 for the very people who have every right on the URL's own year, and nothing is
written (no audit entry, which every change writes).
"""

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.urls import reverse

from audit.models import AuditEntry
from campaigns.models import Campaign, CampaignDocument
from emulation.forms import FORM_ERROR_STATUS
from results.models import Incident, PublishedResult
from scoring.models import Evidence


@pytest.fixture
def world(shared_world):
    """Built once for the module (see tests/conftest.py): each test's writes are rolled back."""
    return shared_world


pytestmark = pytest.mark.django_db

MEMBER, LEADER, BOARD, ROOT = "member", "leader", "board", "superuser"
MANAGERS = (LEADER, BOARD, ROOT)
EVERYONE = (MEMBER, LEADER, BOARD, ROOT)


@dataclass
class Case:
    name: str
    args: Callable  # (world, foreign) → list of extra URL args after block pk and year
    personas: tuple
    method: str = "get"
    data: Callable | None = None  # (world, foreign) → dict
    expect: int = 404

    @property
    def id(self) -> str:
        return f"{self.method}-{self.name}-{self.args.__name__}"


def f_unit(w, f):
    return [f.unit.pk]


def own_unit_f_criterion(w, f):
    return [w.member_unit.pk, f.criterion.pk]


def own_unit_old_criterion(w, f):
    return [w.member_unit.pk, f.old_criterion.pk]


def own_unit_f_query(w, f):
    return [w.member_unit.pk, f.query.pk]


def own_unit_old_query(w, f):
    return [w.member_unit.pk, f.old_query.pk]


def own_unit_f_evidence(w, f):
    return [w.member_unit.pk, f.evidence.pk]


def own_unit_old_evidence(w, f):
    return [w.member_unit.pk, f.old_evidence.pk]


def f_campaign(w, f):
    return [f.campaign.pk]


def f_document(w, f):
    return [f.document.pk]


def f_registration(w, f):
    return [f.registration.pk]


def f_criterion(w, f):
    return [f.criterion.pk]


def old_criterion(w, f):
    return [f.old_criterion.pk]


def f_objection(w, f):
    return [f.objection.pk]


def none(w, f):
    return []


def _text(**extra):
    return lambda w, f: {"reason": "x", "question": "x", "answer": "x", "resolution": "x", **extra}


CASES = [
    # Scoring: a unit that is not a member of this block-year.
    *[Case(n, f_unit, EVERYONE) for n in ("scoring:sheet", "scoring:sheet_submit")],
    Case("scoring:sheet_review", f_unit, MANAGERS),
    *[
        Case(n, f_unit, MANAGERS, "post", _text())
        for n in ("scoring:sheet_return", "scoring:sheet_verify", "scoring:sheet_reopen")
    ],
    Case("scoring:sheet", f_unit, (MEMBER,), "post", _text(version="1")),
    # Scoring: a criterion, query or file of another year's sheet, under the member's own unit.
    *[
        Case("scoring:score_history", a, EVERYONE)
        for a in (own_unit_f_criterion, own_unit_old_criterion)
    ],
    *[
        Case("scoring:query_raise", a, MANAGERS, "post", _text())
        for a in (own_unit_f_criterion, own_unit_old_criterion)
    ],
    *[
        Case("scoring:query_answer", a, (MEMBER,), "post", _text())
        for a in (own_unit_f_query, own_unit_old_query)
    ],
    *[
        Case("scoring:query_resolve", a, MANAGERS, "post", _text())
        for a in (own_unit_f_query, own_unit_old_query)
    ],
    *[Case("scoring:evidence", a, EVERYONE) for a in (own_unit_f_evidence, own_unit_old_evidence)],
    *[
        Case("scoring:evidence_remove", a, (MEMBER,), "post")
        for a in (own_unit_f_evidence, own_unit_old_evidence)
    ],
    # Campaigns: another block's movement, document, registration, scale line.
    Case("campaigns:campaign_detail", f_campaign, EVERYONE),
    Case("campaigns:campaign_edit", f_campaign, MANAGERS),
    Case("campaigns:campaign_edit", f_campaign, MANAGERS, "post", lambda w, f: {"name": "x"}),
    Case("campaigns:campaign_archive", f_campaign, MANAGERS, "post"),
    Case("campaigns:campaign_document_upload", f_campaign, MANAGERS, "post"),
    Case("campaigns:campaign_document_download", f_document, EVERYONE),
    Case(
        "campaigns:adoption_set",
        none,
        MANAGERS,
        "post",
        lambda w, f: {"campaign": f.campaign.pk, "unit": "", "mode": "separate"},
    ),
    Case(
        "campaigns:adoption_set",
        none,
        MANAGERS,
        "post",
        lambda w, f: {
            "campaign": _central(w).pk,
            "unit": f.unit.pk,
            "mode": "separate",
        },
    ),
    Case(
        "campaigns:registration_decide",
        f_registration,
        MANAGERS,
        "post",
        lambda w, f: {"decision": "approve", "reason": ""},
    ),
    *[
        Case(n, a, MANAGERS, m, lambda w, f: {"direction": "up"})
        for n, m in (
            ("campaigns:scale_line_edit", "get"),
            ("campaigns:scale_line_edit", "post"),
            ("campaigns:scale_line_delete", "post"),
            ("campaigns:scale_line_move", "post"),
        )
        for a in (f_criterion, old_criterion)
    ],
    # Results: another year's objection, a unit outside the block.
    Case("results:objection_answer", f_objection, MANAGERS, "post", _text()),
    Case("documents:unit_pdf", f_unit, MANAGERS),
    Case("documents:unit_docx", f_unit, MANAGERS),
]


def _central(world) -> Campaign:
    campaign, _ = Campaign.objects.get_or_create(
        name="Chung tay vì người nghèo", defaults={"level": Campaign.Level.CENTRAL}
    )
    return campaign


def _state():
    return (
        AuditEntry.objects.count(),
        Evidence.objects.filter(removed_at__isnull=True).count(),
        CampaignDocument.objects.count(),
        Campaign.objects.filter(archived=True).count(),
    )


@pytest.mark.parametrize(
    ("case", "persona"),
    [pytest.param(c, p, id=f"{c.id}-{p}") for c in CASES for p in c.personas],
)
def test_ids_of_another_year_are_a_404(world, foreign, clients, case, persona):
    term = world.term
    url = reverse(case.name, args=[term.block_id, term.year, *case.args(world, foreign)])
    data = case.data(world, foreign) if case.data else {}
    before = _state()
    response = getattr(clients[persona], case.method)(url, data)
    assert response.status_code == case.expect, (case.id, persona, response.status_code)
    assert _state() == before


def test_another_years_objects_still_answer_their_own_urls(world, foreign, clients):
    """The ids above are real: through their own block-year they open (the test is not vacuous)."""
    term = foreign.term
    client = clients[BOARD]
    for name, extra in (
        ("scoring:evidence", [foreign.unit.pk, foreign.evidence.pk]),
        ("campaigns:campaign_document_download", [foreign.document.pk]),
        ("campaigns:campaign_detail", [foreign.campaign.pk]),
        ("scoring:score_history", [foreign.unit.pk, foreign.criterion.pk]),
    ):
        response = client.get(reverse(name, args=[term.block_id, term.year, *extra]))
        assert response.status_code == 200, name
    old = world.published_term
    response = clients[MEMBER].get(
        reverse(
            "scoring:evidence",
            args=[old.block_id, old.year, world.member_unit.pk, foreign.old_evidence.pk],
        )
    )
    assert response.status_code == 200


def test_incident_for_a_unit_outside_the_block_is_refused(world, foreign, clients):
    term = world.term
    url = reverse("results:incident_add", args=[term.block_id, term.year])
    response = clients[BOARD].post(
        url, {"unit": foreign.unit.pk, "kind": "discipline", "note": "x", "makes_ineligible": "on"}
    )
    assert response.status_code == FORM_ERROR_STATUS
    assert "unit" in response.context["incident_form"].errors
    assert not Incident.objects.exists()


def test_correction_for_a_unit_outside_the_block_is_refused(world, foreign, clients):
    term = world.published_term
    url = reverse("results:correct", args=[term.block_id, term.year])
    response = clients[BOARD].post(
        url,
        {
            "decision_number": "02/QĐ",
            "decision_date": "20/02/2025",
            "reason": "x",
            "unit": foreign.unit.pk,
            "criterion_code": "1",
            "points": "1",
        },
    )
    assert response.status_code == FORM_ERROR_STATUS
    assert "unit" in response.context["correction_form"].errors
    assert PublishedResult.objects.filter(term=term).count() == 1


def _peer_evidence(world):
    from scoring.models import Score
    from tests.security.conftest import _evidence

    score = Score.objects.filter(sheet__term=world.term, sheet__unit=world.deputy_unit)[0]
    return _evidence(score, world.users["deputy"])


def _peer_query(world):
    from scoring.models import Query, Score

    score = Score.objects.filter(sheet__term=world.term, sheet__unit=world.deputy_unit)[0]
    return Query.objects.create(score=score, question="?", raised_by=world.users["leader"])


@pytest.mark.parametrize(
    ("name", "extra", "method"),
    [
        ("scoring:sheet", lambda w: [], "get"),
        ("scoring:sheet", lambda w: [], "post"),
        ("scoring:sheet_submit", lambda w: [], "post"),
        ("scoring:evidence", lambda w: [_peer_evidence(w).pk], "get"),
        ("scoring:evidence_remove", lambda w: [_peer_evidence(w).pk], "post"),
        ("scoring:query_answer", lambda w: [_peer_query(w).pk], "post"),
    ],
    ids=lambda v: v if isinstance(v, str) else "",
)
@pytest.mark.parametrize("persona", ["member", "council"])
def test_a_unit_never_reads_or_writes_a_peers_sheet(world, clients, name, extra, method, persona):
    """The deputy's sheet, through the deputy's own URLs: another member (or a council member,
    who only reads) gets 403 on every write, and members 403 on the reads too."""
    term = world.term
    url = reverse(name, args=[term.block_id, term.year, world.deputy_unit.pk, *extra(world)])
    before = _state()
    response = getattr(clients[persona], method)(url, {"version": "1", "answer": "x"})
    if persona == "council" and method == "get":
        assert response.status_code == 200
    else:
        assert response.status_code == 403
    assert _state() == before
