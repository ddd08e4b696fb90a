"""The data generator at a small size: counts, a published ranking readable, an open year."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import reverse

from accounts.models import User
from blocks.models import Block, Province, Term, Unit
from campaigns.models import Criterion
from datagen.generator import PASSWORD, year_statuses
from results.models import PublishedResult
from scoring.models import Score, ScoreSheet

SMALL = {"provinces": 2, "blocks": 2, "units": 4, "criteria": 5, "years": 4}


def _generate(seed: int = 7, **sizes) -> str:
    out = io.StringIO()
    call_command("generate_data", seed=seed, stdout=out, **{**SMALL, **sizes})
    return out.getvalue()


def _fingerprint() -> list:
    """What a seed decides: names, leaders, statuses and points (not primary keys)."""
    return [
        sorted(Unit.objects.values_list("name", "kind")),
        sorted(Term.objects.values_list("block__name", "block__province__code", "year", "status",
                                        "leader__name")),
        sorted(ScoreSheet.objects.values_list("unit__name", "term__year", "status")),
        sorted(
            Score.objects.values_list(
                "sheet__unit__name", "sheet__term__year", "criterion__code", "self_points",
                "reviewed_points",
            )
        ),
    ]  # fmt: skip


@pytest.mark.django_db
def test_generates_the_requested_sizes_with_a_progress_bar():
    out = _generate()
    assert Province.objects.count() == 2
    assert Block.objects.count() == 4
    assert Unit.objects.count() == 16
    # One officer per unit and one board account per province.
    assert User.objects.filter(unit__isnull=False).count() == 16
    assert User.objects.filter(board_province__isnull=False).count() == 2
    assert Term.objects.count() == 4 * 4
    by_status = {s: Term.objects.filter(status=s).count() for s in Term.Status.values}
    assert by_status[Term.Status.PUBLISHED] == 8
    assert by_status[Term.Status.REVIEW] == 4
    assert by_status[Term.Status.SCORING] == 4
    assert ScoreSheet.objects.count() == 16 * 4
    # Five scored criteria in one group, a bonus and a deduction line per scale.
    assert Criterion.objects.filter(kind=Criterion.Kind.SCORED).count() == 5 * 16
    assert Criterion.objects.filter(kind=Criterion.Kind.GROUP).count() == 16
    assert PublishedResult.objects.count() == 8
    assert "[######" in out and "100%" in out
    assert "Generated 2 provinces" in out


@pytest.mark.django_db
def test_published_years_went_through_publication_and_are_readable(client):
    _generate()
    term = Term.objects.filter(status=Term.Status.PUBLISHED).select_related("block").first()
    publication = PublishedResult.objects.get(term=term)
    assert len(publication.snapshot["rows"]) == 4
    assert set(term.sheets.values_list("status", flat=True)) == {ScoreSheet.Status.LOCKED}
    response = client.get(reverse("portal:term_ranking", args=[term.block_id, term.year]))
    assert response.status_code == 200
    top = publication.snapshot["rows"][0]
    assert top["unit_name"] in response.content.decode()


@pytest.mark.django_db
def test_the_open_year_has_an_open_window_and_officers_can_open_their_sheet(client):
    _generate()
    sheet = (
        ScoreSheet.objects.filter(term__status=Term.Status.SCORING, status=ScoreSheet.Status.DRAFT)
        .select_related("term")
        .first()
    )
    assert sheet is not None
    assert sheet.scores.exists()
    officer = User.objects.get(unit=sheet.unit)
    assert officer.check_password(PASSWORD)
    client.force_login(officer)
    url = reverse("scoring:sheet", args=[sheet.term.block_id, sheet.term.year, sheet.unit_id])
    response = client.get(url)
    assert response.status_code == 200
    review = Term.objects.filter(status=Term.Status.REVIEW).first()
    assert review.sheets.exclude(status=ScoreSheet.Status.NOT_STARTED).count() == 4


def _wipe() -> None:
    """Empty the generated country (published results refuse deletion through the ORM).

    On PostgreSQL the audit table's append-only trigger is switched off for this test's own
    transaction only (the test database's owner may; the application's role may not).
    """
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no pending checks on the table
            cursor.execute("ALTER TABLE audit_auditentry DISABLE TRIGGER USER")
        for table in (
            "audit_auditentry", "scoring_score", "scoring_scoresheet",
            "campaigns_criterion", "campaigns_scale",
            "results_publishedresult", "blocks_term", "blocks_membership",
            "accounts_user_council_blocks", "accounts_user", "blocks_block", "blocks_unit",
            "blocks_province",
        ):  # fmt: skip
            cursor.execute(f"DELETE FROM {table}")
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("ALTER TABLE audit_auditentry ENABLE TRIGGER USER")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")


@pytest.mark.django_db
def test_the_same_seed_gives_the_same_data():
    _generate(seed=11, provinces=1, years=3)
    first = _fingerprint()
    _wipe()
    _generate(seed=11, provinces=1, years=3)
    assert _fingerprint() == first
    _wipe()
    _generate(seed=12, provinces=1, years=3)
    assert _fingerprint()[3] != first[3]


@pytest.mark.django_db
def test_refuses_a_second_run_and_bad_sizes():
    _generate(provinces=1, years=1)
    with pytest.raises(CommandError, match="already here"):
        _generate(provinces=1, years=1)
    with pytest.raises(CommandError, match="--units"):
        call_command("generate_data", units=1, stdout=io.StringIO())


def test_year_statuses_oldest_first():
    assert year_statuses(2025, 4) == [
        (2022, Term.Status.PUBLISHED),
        (2023, Term.Status.PUBLISHED),
        (2024, Term.Status.REVIEW),
        (2025, Term.Status.SCORING),
    ]
    assert year_statuses(2025, 1) == [(2025, Term.Status.SCORING)]
