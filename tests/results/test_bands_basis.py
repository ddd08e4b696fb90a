"""Bands relative to the scale (issue #14 item 3): a minimum is a share of the scale's nominal
total or absolute points, as the board chooses; floors stay shares of each criterion's maximum.
The province's default bands are edited in the app; the bands in force print under the ranking.
"""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from audit.models import AuditEntry
from campaigns.models import Criterion
from results import ranking, selectors, services
from results.models import ClassificationBand
from scoring.models import Score
from tests.factories import (
    BlockFactory,
    CriterionFactory,
    MembershipFactory,
    ScaleFactory,
    ScoreSheetFactory,
    TermFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
SHARE, POINTS = ClassificationBand.Basis.SHARE, ClassificationBand.Basis.POINTS


def _year(nominal: Decimal, maxima: list[Decimal], totals: list[list[Decimal]], bonus=None):
    """A block-year whose scale has scored criteria of `maxima` (plus a bonus line of `bonus`
    points when given) and one verified sheet per entry of `totals` (points per line)."""
    block = BlockFactory()
    units = [MembershipFactory(block=block, unit__province=block.province).unit for _ in totals]
    term = TermFactory(block=block, year=2025, leader=units[0])
    scale = ScaleFactory(term=term, nominal_total=nominal)
    lines = [
        CriterionFactory(scale=scale, code=str(i + 1), order=i, max_points=m)
        for i, m in enumerate(maxima)
    ]
    if bonus is not None:
        lines.append(
            CriterionFactory(
                scale=scale, code="T", order=90, kind=Criterion.Kind.BONUS, max_points=bonus
            )
        )
    for unit, figures in zip(units, totals, strict=True):
        sheet = ScoreSheetFactory(term=term, unit=unit, scale=scale)
        pairs = zip(lines, figures, strict=True)
        Score.objects.bulk_create(
            [Score(sheet=sheet, criterion=c, self_points=v) for c, v in pairs]
        )
    return term, units


def _classes(term) -> dict[int, str]:
    results = ranking.term_results(term)
    return {row.unit_id: results.extra[row.unit_id].classification for row in results.rows}


def _board(term):
    return UserFactory(username=f"board-{term.pk}", board_province=term.block.province)


D = Decimal


def _set_bands(term, bands):
    """The board's bands for a year already scored: its path after scoring opened, with a
    reason (set before scoring, no reason is asked)."""
    services.set_term_bands(term=term, actor=_board(term), bands=bands, reason="Theo thang điểm")


def test_a_share_on_a_150_point_scale(world):
    # 135 is 90 % of 150; 134,5 is not. As absolute points, 90 would let both in.
    term, (top, second) = _year(
        D(150), [D(50)] * 3, [[D(45), D(45), D(45)], [D(45), D(45), D("44.5")]]
    )
    bands = [("Xuất sắc", D(90), D(85), SHARE), ("Khác", D(0), D(0), SHARE)]
    _set_bands(term, bands)
    assert _classes(term) == {top.pk: "Xuất sắc", second.pk: "Khác"}

    _set_bands(term, [("Xuất sắc", D(90), D(85), POINTS), ("Khác", D(0), D(0), POINTS)])
    assert _classes(term) == {top.pk: "Xuất sắc", second.pk: "Xuất sắc"}


def test_a_share_on_100_plus_bonus(world):
    # Nominal 100 (bonus on top): 90 % is 90 points, reached with 85 + 5 bonus.
    term, (with_bonus, without) = _year(
        D(100), [D(50), D(50)], [[D(45), D(40), D(5)], [D(45), D(44), D(0)]], bonus=D(10)
    )
    bands = [("Xuất sắc", D(90), D(80), SHARE), ("Khác", D(0), D(0), SHARE)]
    _set_bands(term, bands)
    assert _classes(term) == {with_bonus.pk: "Xuất sắc", without.pk: "Khác"}


def test_the_default_bands_are_shares_of_the_scale(world):
    # 130 of 150 is 86,7 %: "well completed" (80 %), not excellent as 90 absolute points was.
    term, (unit,) = _year(D(150), [D(50)] * 3, [[D(44), D(43), D(43)]])
    assert _classes(term) == {unit.pk: str(ranking.DEFAULT_BANDS[1][0])}


def test_per_criterion_floors_stay_shares_of_each_maximum(world):
    # 140 of 150 reaches 90 %, but line 3 at 40/50 is below the 85 % floor (42,5).
    term, (unit,) = _year(D(150), [D(50)] * 3, [[D(50), D(50), D(40)]])
    bands = [("Xuất sắc", D(90), D(85), SHARE), ("Khác", D(0), D(0), SHARE)]
    _set_bands(term, bands)
    results = ranking.term_results(term)
    assert results.extra[unit.pk].classification == "Khác"
    assert "3" in results.extra[unit.pk].classification_note


def test_the_snapshot_records_the_basis_and_the_points_and_prints_both(world):
    term, _units = _year(D(150), [D(50)] * 3, [[D(45), D(45), D(45)]])
    _set_bands(term, [("Xuất sắc", D(90), D(85), SHARE)])
    page = selectors.ranking_page(term)
    band = page.table["bands"][0]
    assert (band["basis"], band["min_total"], band["min_points"]) == ("share", "90.00", "135.00")
    assert ranking.bands_from_snapshot(page.table)[0].basis == SHARE
    assert "135" in page.band_lines[0] and "90" in page.band_lines[0]


def test_an_old_snapshot_without_a_basis_reads_as_points():
    old = {"bands": [{"label": "A", "min_total": "90", "floor_percent": "85"}]}
    (band,) = ranking.bands_from_snapshot(old)
    assert band.basis == POINTS and band.min_points(D(150)) == D(90)
    assert "90" in selectors.band_line(old["bands"][0])


def test_a_share_above_100_is_refused_and_nothing_is_written(world):
    board = world.users["board"]
    with pytest.raises(ValidationError) as exc:
        services.set_province_bands(
            province=world.province, actor=board, bands=[("A", D(120), D(0), SHARE)]
        )
    assert "band_share_range" in {e.code for e in exc.value.error_dict["min_total"]}
    assert not ClassificationBand.objects.filter(province=world.province).exists()


def test_duplicate_labels_are_refused_for_the_province(world):
    with pytest.raises(ValidationError) as exc:
        services.set_province_bands(
            province=world.province,
            actor=world.users["board"],
            bands=[("A", D(90), D(0), SHARE), ("A", D(80), D(0), SHARE)],
        )
    assert exc.value.code == "duplicate_band"
    assert not ClassificationBand.objects.filter(province=world.province).exists()


# --- The province's default bands page -----------------------------------------------------


def _url(world) -> str:
    return reverse("results:province_bands", args=[world.province.pk])


def _post(n_forms: int, rows: list[dict]) -> dict:
    data = {"bands-TOTAL_FORMS": str(n_forms), "bands-INITIAL_FORMS": "0"}
    for i, row in enumerate(rows):
        data.update({f"bands-{i}-{key}": value for key, value in row.items()})
    return data


@pytest.mark.parametrize("bands", [0, 4, 8])
def test_the_page_query_count_does_not_grow(world, clients, django_assert_num_queries, bands):
    for i in range(bands):
        ClassificationBand.objects.create(
            province=world.province, label=f"B{i}", min_total=D(i * 10), min_basis=SHARE
        )
    client = clients["board"]
    # session (1), user (1), province (1), its bands (1), the menu's board province (1)
    with django_assert_num_queries(5):
        response = client.get(_url(world))
    assert response.status_code == 200


def test_the_page_offers_the_defaults_as_shares(world, clients):
    response = clients["board"].get(_url(world))
    forms = response.context["formset"].forms
    assert forms[0].initial["min_basis"] == SHARE
    assert forms[0].initial["min_total"] == D(90)


def test_board_saves_the_province_bands(world, clients):
    response = clients["board"].post(
        _url(world),
        _post(
            2,
            [
                {
                    "label": "Xuất sắc",
                    "min_total": "90",
                    "min_basis": "share",
                    "floor_percent": "85",
                },
                {"label": "Khá", "min_total": "60,5", "min_basis": "points", "floor_percent": "0"},
            ],
        ),
    )
    assert response.status_code == 302
    saved = list(
        ClassificationBand.objects.filter(province=world.province, term__isnull=True)
        .order_by("-min_total")
        .values_list("label", "min_total", "min_basis")
    )
    assert saved == [("Xuất sắc", D(90), SHARE), ("Khá", D("60.5"), POINTS)]
    entry = AuditEntry.objects.get(action="results.province_bands.changed")
    assert entry.after["bands"][0]["basis"] == "share"
    # The 2025 year has no bands of its own: the province's apply.
    assert [b.label for b in ranking.bands_for(world.term)] == ["Xuất sắc", "Khá"]


def test_bad_input_shows_on_the_form_and_writes_nothing(world, clients):
    response = clients["board"].post(
        _url(world),
        _post(1, [{"label": "A", "min_total": "120", "min_basis": "share", "floor_percent": "0"}]),
    )
    assert response.status_code == 200
    assert response.context["formset"].forms[0].errors["min_total"]
    assert not ClassificationBand.objects.filter(province=world.province).exists()
    assert not AuditEntry.objects.filter(action="results.province_bands.changed").exists()
