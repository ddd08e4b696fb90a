"""Corrections (issue 9): one ranking engine, two-place figures, every move explained."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from results import services
from results.models import PublishedResult
from results.services.corrections import explain, rerank

pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 2, 20)
COMPARED = ("rank", "total", "classification")


def _two_places(text: str) -> bool:
    return Decimal(text) == Decimal(text).quantize(Decimal("0.01")) and "." in text


def _correct(world, adjustments):
    return services.correct_publication(
        term=world.published_term,
        actor=world.users["board"],
        decision_number="02/QĐ",
        decision_date=DAY,
        reason="Sai sót tổng hợp",
        adjustments=adjustments,
    )


def test_every_unit_that_moved_is_explained_and_nothing_else_moved(world):
    first = PublishedResult.objects.get(term=world.published_term).snapshot
    corrected = world.member_unit.pk
    snapshot = _correct(world, {(corrected, "1"): Decimal("0")}).snapshot

    before = {r["unit_id"]: r for r in first["rows"]}
    changes = {c["unit_id"]: c for c in snapshot["changes"]}
    assert corrected in changes and changes[corrected]["corrected"]
    assert Decimal(changes[corrected]["new_total"]) == Decimal(
        before[corrected]["total"]
    ) - Decimal(before[corrected]["points"]["1"])
    for row in snapshot["rows"]:
        old = before[row["unit_id"]]
        moved = any(str(old[k]) != str(row[k]) for k in ("rank", "classification")) or Decimal(
            old["total"]
        ) != Decimal(row["total"])
        assert moved == (row["unit_id"] in changes), row["unit_name"]
        if row["unit_id"] != corrected:
            # Another unit's figures never change; only its place can, because of the correction.
            assert Decimal(row["total"]) == Decimal(old["total"])
            assert row["points"] == {k: f"{Decimal(v):.2f}" for k, v in old["points"].items()}
            if row["unit_id"] in changes:
                assert changes[row["unit_id"]]["because"] == [corrected]
                assert not changes[row["unit_id"]]["corrected"]
    # The member unit fell to the bottom, so at least one other unit moved up and says why.
    assert any(not c["corrected"] for c in snapshot["changes"])


def test_the_snapshot_stores_two_places(world):
    snapshot = _correct(world, {(world.member_unit.pk, "1"): Decimal("4.5")}).snapshot
    for row in snapshot["rows"]:
        for key in ("base", "bonus", "deduction", "total"):
            assert _two_places(row[key]), (key, row[key])
        assert all(_two_places(v) for v in row["points"].values())
    assert snapshot["corrections"][0]["new"] == "4.50"


def test_binary_noise_in_the_previous_version_moves_nobody(world):
    """A snapshot published with float sums ("91.1499999…") is read with two places: a
    correction that changes no figure changes no rank and no total."""
    term = world.published_term
    clean = PublishedResult.objects.get(term=term).snapshot
    noisy = {
        **clean,
        "rows": [
            {
                **r,
                "total": str(Decimal(r["total"]) - Decimal("0.0000000000001")),
                "points": {k: str(Decimal(v) + Decimal("1e-13")) for k, v in r["points"].items()},
            }
            for r in clean["rows"]
        ],
    }
    unit = world.member_unit.pk
    same = Decimal(next(r for r in clean["rows"] if r["unit_id"] == unit)["points"]["1"])
    adjustments = {(unit, "1"): same}
    new = rerank(term, noisy, adjustments)
    story = explain(noisy, new, adjustments)
    assert story["changes"] == []
    assert [(r["unit_id"], r["rank"], r["total"]) for r in new["rows"]] == [
        (r["unit_id"], r["rank"], f"{Decimal(r['total']):.2f}") for r in clean["rows"]
    ]


def test_a_correction_that_keeps_every_rank_explains_the_total_only(world):
    first = PublishedResult.objects.get(term=world.published_term).snapshot
    top, second = sorted(first["rows"], key=lambda r: r["rank"])[:2]
    gap = Decimal(top["total"]) - Decimal(second["total"])
    assert gap >= Decimal("0.02"), "the factory gives the first unit a lead"
    cut = (gap / 2).quantize(Decimal("0.01"))
    code, value = max(top["points"].items(), key=lambda item: Decimal(item[1]))
    assert Decimal(value) >= cut
    snapshot = _correct(world, {(top["unit_id"], code): Decimal(value) - cut}).snapshot
    assert [r["rank"] for r in snapshot["rows"]] == [r["rank"] for r in first["rows"]]
    assert [c["unit_id"] for c in snapshot["changes"]] == [top["unit_id"]]
    assert snapshot["changes"][0]["fields"] == ["total"]
    assert Decimal(snapshot["changes"][0]["new_total"]) == Decimal(top["total"]) - cut


def test_the_ranking_page_shows_what_the_correction_changed(world, clients):
    term = world.published_term
    _correct(world, {(world.member_unit.pk, "1"): Decimal("0")})
    response = clients["anonymous"].get(
        reverse("portal:term_ranking", args=[term.block_id, term.year])
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="correction-changes"' in html
    section = html.split('id="correction-changes"', 1)[1].split("</ul>", 1)[0]
    assert world.member_unit.name in section
