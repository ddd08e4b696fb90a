"""The insiders' publication page and its actions (views)."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from blocks.models import Term
from emulation.forms import FORM_ERROR_STATUS
from results import services
from results.models import Incident, PublishedResult, TiePolicy
from tests.factories import make_scored_term
from tests.results.conftest import PDF_BYTES

pytestmark = pytest.mark.django_db


def _url(name, term, *extra):
    return reverse(name, args=[term.block_id, term.year, *extra])


def _before_scoring(term):
    """The year's rules are set while it is being set up (they lock when scoring opens)."""
    Term.objects.filter(pk=term.pk).update(status=Term.Status.SETUP)
    term.refresh_from_db()


def test_leader_sets_the_tie_policy(world, clients):
    _before_scoring(world.term)
    response = clients["leader"].post(
        _url("results:tie_policy", world.term), {"rule_1": "criterion:2", "rule_2": "full_marks"}
    )
    assert response.status_code == 302
    assert TiePolicy.objects.get(term=world.term).rules == ["criterion:2", "full_marks"]
    page = clients["deputy"].get(_url("portal:term_ranking", world.term))
    assert page.context["page"].table["tie_policy"] == ["criterion:2", "full_marks"]


def test_duplicate_rules_show_an_error(world, clients):
    response = clients["leader"].post(
        _url("results:tie_policy", world.term), {"rule_1": "base", "rule_2": "base"}
    )
    assert response.status_code == FORM_ERROR_STATUS
    assert response.context["policy_form"].errors
    assert not TiePolicy.objects.exists()


def test_board_records_an_incident_and_the_ranking_explains_it(world, clients):
    response = clients["board"].post(
        _url("results:incident_add", world.term),
        {
            "unit": world.leader_unit.pk,
            "kind": "discipline",
            "makes_ineligible": "on",
            "note": "Giám đốc bị kỷ luật",
        },
    )
    assert response.status_code == 302
    assert Incident.objects.get().unit == world.leader_unit
    page = clients["deputy"].get(_url("portal:term_ranking", world.term))
    assert "Không là đơn vị dẫn đầu dù xếp hạng 1" in page.text
    assert page.context["page"].table["leading_unit"]["unit_id"] == world.deputy_unit.pk


def test_incident_for_a_non_member_is_refused_on_the_form(world, clients):
    response = clients["board"].post(
        _url("results:incident_add", world.term),
        {"unit": world.outsider_unit.pk, "kind": "other", "note": "x"},
    )
    assert response.status_code == FORM_ERROR_STATUS
    assert not Incident.objects.exists()


def test_board_publishes_with_a_signed_file_and_anyone_downloads_it(world, clients):
    response = clients["board"].post(
        _url("results:publish", world.term),
        {
            "decision_number": "15/QĐ-BTĐKT",
            "decision_date": "26/01/2026",
            "signed_file": SimpleUploadedFile("qd.pdf", PDF_BYTES, "application/pdf"),
            "confirmed": "1",
        },
    )
    assert response.status_code == 302
    publication = PublishedResult.objects.get(term=world.term)
    assert publication.decision_date == datetime.date(2026, 1, 26)
    download = clients["anonymous"].get(_url("documents:decision_file", world.term, 1))
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    assert download["Cache-Control"] == "private, no-store"


def test_publish_form_refuses_a_disguised_file(world, clients):
    response = clients["board"].post(
        _url("results:publish", world.term),
        {
            "decision_number": "15/QĐ",
            "decision_date": "26/01/2026",
            "signed_file": SimpleUploadedFile("qd.pdf", b"<html>x</html>", "application/pdf"),
            "confirmed": "1",
        },
    )
    assert response.status_code == FORM_ERROR_STATUS
    assert response.context["form"].non_field_errors()
    world.term.refresh_from_db()
    assert world.term.status == Term.Status.SCORING


def test_publish_form_needs_the_signed_file(world, clients):
    response = clients["board"].post(
        _url("results:publish", world.term),
        {"decision_number": "15/QĐ", "decision_date": "26/01/2026", "confirmed": "1"},
    )
    assert response.status_code == FORM_ERROR_STATUS
    assert "signed_file" in response.context["form"].errors


def test_decision_file_of_an_unpublished_version_is_not_found(world, clients):
    assert clients["board"].get(_url("documents:decision_file", world.term, 1)).status_code == 404


def test_correction_through_the_page_shows_both_versions(world, clients):
    response = clients["board"].post(
        _url("results:correct", world.published_term),
        {
            "decision_number": "03/QĐ",
            "decision_date": "01/02/2025",
            "reason": "Cộng sót điểm tiêu chí 2",
            "unit": world.member_unit.pk,
            "criterion_code": "2",
            "points": "10",
        },
    )
    assert response.status_code == 302
    page = clients["anonymous"].get(_url("portal:term_ranking", world.published_term))
    assert page.context["page"].publication.version == 2
    assert "Cộng sót điểm tiêu chí 2" in page.text
    assert "?version=1" in page.text
    first = clients["anonymous"].get(
        _url("portal:term_ranking", world.published_term) + "?version=1"
    )
    assert first.context["page"].publication.version == 1


def test_correction_with_bad_points_is_an_error_on_the_form(world, clients):
    response = clients["board"].post(
        _url("results:correct", world.published_term),
        {
            "decision_number": "03/QĐ",
            "decision_date": "01/02/2025",
            "reason": "x",
            "unit": world.member_unit.pk,
            "criterion_code": "2",
            "points": "11",
        },
    )
    assert response.status_code == FORM_ERROR_STATUS
    assert response.context["correction_form"].non_field_errors()
    assert PublishedResult.objects.filter(term=world.published_term).count() == 1


def test_answer_refused_after_publication_is_a_message(world, clients):
    with_objection = world.term
    services.share_provisional(term=with_objection, actor=world.users["leader"], objection_days=1)
    objection = services.file_objection(
        term=with_objection,
        actor=world.users["member"],
        unit=world.member_unit,
        criterion_code="1",
        text="x",
    )
    Term.objects.filter(pk=with_objection.pk).update(status=Term.Status.PUBLISHED)
    response = clients["leader"].post(
        _url("results:objection_answer", with_objection, objection.pk), {"answer": "ok"}
    )
    assert response.status_code == 302
    objection.refresh_from_db()
    assert not objection.is_answered


@pytest.mark.parametrize("units,criteria", [(3, 3), (25, 12)])
def test_workspace_query_count(world, clients, django_assert_num_queries, units, criteria):
    term = make_scored_term(units=units, criteria=criteria, year=2021, block=world.block)
    client = clients["superuser"]
    # session (1), user (1), term (1), release (1), objections (1), incidents (1),
    # live results: tie policy, bands, incidents, criteria, sheets, counted scores (6),
    # the member units of the incident form, memberships as a subquery (1)
    with django_assert_num_queries(13):
        response = client.get(_url("results:workspace", term))
    assert response.status_code == 200


def _bands_post(rows):
    data = {"bands-TOTAL_FORMS": str(len(rows)), "bands-INITIAL_FORMS": "0"}
    for index, (label, low, floor, delete) in enumerate(rows):
        data |= {
            f"bands-{index}-label": label,
            f"bands-{index}-min_total": low,
            f"bands-{index}-floor_percent": floor,
        }
        if delete:
            data[f"bands-{index}-DELETE"] = "on"
    return data


def test_board_sets_the_year_bands_and_the_ranking_uses_them(world, clients):
    url = _url("results:bands", world.term)
    bands = _bands_post(
        [("Xuất sắc", "27", "85", False), ("Đạt", "0", "0", False), ("Bỏ", "5", "0", True)]
    )
    # Scoring is open: the board may still change them, with a reason.
    refused = clients["board"].post(url, bands)
    assert refused.status_code == FORM_ERROR_STATUS
    assert not world.term.classification_bands.exists()
    response = clients["board"].post(url, {**bands, "reason": "Thang điểm 30 điểm"})
    assert response.status_code == 302
    assert list(world.term.classification_bands.values_list("label", flat=True)) == [
        "Xuất sắc",
        "Đạt",
    ]
    page = clients["deputy"].get(_url("portal:term_ranking", world.term))
    labels = {r["unit_name"]: r["classification"] for r in page.context["page"].table["rows"]}
    assert labels[world.leader_unit.name] == "Xuất sắc"  # 9 + 9 + 9 = 27, every 90 %
    assert labels[world.member_unit.name] == "Đạt"  # 7 × 3 = 21
    # Deleting every row falls back to the defaults.
    back = {**_bands_post([("x", "1", "1", True)]), "reason": "Theo khung của tỉnh"}
    assert clients["board"].post(url, back).status_code == 302
    assert not world.term.classification_bands.exists()


def test_bands_with_a_decimal_comma_and_errors(world, clients):
    _before_scoring(world.term)
    url = _url("results:bands", world.term)
    ok = clients["board"].post(url, _bands_post([("Tốt", "26,5", "80,5", False)]))
    assert ok.status_code == 302
    band = world.term.classification_bands.get()
    assert str(band.min_total) == "26.50" and str(band.floor_percent) == "80.50"
    bad = clients["board"].post(url, _bands_post([("A", "10", "101", False)]))
    assert bad.status_code == FORM_ERROR_STATUS
    duplicate = clients["board"].post(
        url, _bands_post([("A", "10", "0", False), ("B", "10", "0", False)])
    )
    assert duplicate.status_code == FORM_ERROR_STATUS
    assert world.term.classification_bands.get().label == "Tốt"


def test_the_ranking_page_says_which_rule_broke_a_tie(world, clients):
    from decimal import Decimal

    from scoring.models import Score

    # Leader and deputy both at 26: the deputy has 10 on criterion 1, the leader 9 + 9 + 8.
    Score.objects.filter(
        sheet__term=world.term, sheet__unit=world.leader_unit, criterion__code="3"
    ).update(self_points=Decimal("8"))
    Score.objects.filter(
        sheet__term=world.term, sheet__unit=world.deputy_unit, criterion__code="1"
    ).update(self_points=Decimal("10"))
    _before_scoring(world.term)
    services.set_tie_policy(term=world.term, actor=world.users["leader"], rules=["criterion:1"])
    page = clients["deputy"].get(_url("portal:term_ranking", world.term))
    rows = page.context["page"].table["rows"]
    assert [r["unit_id"] for r in rows[:2]] == [world.deputy_unit.pk, world.leader_unit.pk]
    assert "Bằng tổng điểm, phân hạng theo: điểm tiêu chí 1 cao hơn." in page.text
