"""Movements: create, edit, archive, documents checked by content, adoption by units."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from audit.models import AuditEntry
from campaigns import services
from campaigns.models import Campaign, CampaignAdoption, CampaignDocument
from tests.campaigns.helpers import PDF_BYTES, block_campaign, error_codes, outside_campaign

pytestmark = pytest.mark.django_db


def _url(name, term, *args):
    return reverse(name, args=[term.block_id, term.year, *args])


def test_leader_creates_a_special_campaign_with_vietnamese_dates(world, client):
    client.force_login(world.users["leader"])
    response = client.post(
        _url("campaigns:campaign_create", world.term),
        {
            "level": "block",
            "kind": "special",
            "name": "Đợt thi đua đặc biệt",
            "theme": "Lập công dâng Bác",
            "launched_on": "01/01/2025",
            "ends_on": "30/06/2025",
            "launched_by": "Khối thi đua",
        },
    )
    assert response.status_code == 302
    campaign = Campaign.objects.get(name="Đợt thi đua đặc biệt")
    assert campaign.term == world.term and campaign.block == world.block
    assert campaign.ends_on == datetime.date(2025, 6, 30)
    assert AuditEntry.objects.filter(action="campaigns.campaign.created").count() == 1


def test_a_special_campaign_needs_an_end_date(world, client):
    client.force_login(world.users["leader"])
    response = client.post(
        _url("campaigns:campaign_create", world.term),
        {"level": "block", "kind": "special", "name": "X"},
    )
    assert response.status_code == 200
    assert "ends_on" in response.context["form"].errors
    assert not Campaign.objects.filter(name="X").exists()


def test_only_the_board_records_provincial_movements(world):
    with pytest.raises(ValidationError) as exc:
        services.campaign_create(
            term=world.term,
            actor=world.users["leader"],
            level="provincial",
            kind="regular",
            name="Tỉnh",
        )
    assert error_codes(exc.value) == {"level_not_allowed"}
    campaign = services.campaign_create(
        term=world.term,
        actor=world.users["board"],
        board=True,
        level="provincial",
        kind="regular",
        name="Tỉnh",
    )
    assert campaign.province == world.province and campaign.term is None


def test_a_unit_movement_needs_a_member_unit(world):
    with pytest.raises(ValidationError) as exc:
        services.campaign_create(
            term=world.term,
            actor=world.users["leader"],
            level="unit",
            kind="regular",
            name="Của đơn vị",
            unit=world.outsider_unit,
        )
    assert error_codes(exc.value) == {"unit_required"}
    assert not Campaign.objects.filter(name="Của đơn vị").exists()


def test_edit_and_archive(world, client):
    campaign = block_campaign(world)
    client.force_login(world.users["leader"])
    response = client.post(
        _url("campaigns:campaign_edit", world.term, campaign.pk),
        {"level": "block", "kind": "thematic", "name": "Đổi tên"},
    )
    assert response.status_code == 302
    campaign.refresh_from_db()
    assert (campaign.name, campaign.kind) == ("Đổi tên", "thematic")
    client.post(_url("campaigns:campaign_archive", world.term, campaign.pk))
    campaign.refresh_from_db()
    assert campaign.archived
    page = client.get(_url("campaigns:campaign_list", world.term)).context["page"]
    assert campaign in page.archived and campaign not in page.own


def test_a_leader_cannot_edit_a_central_movement(world, client):
    campaign = outside_campaign(world)
    client.force_login(world.users["leader"])
    assert client.get(_url("campaigns:campaign_edit", world.term, campaign.pk)).status_code == 403


def test_another_years_campaign_is_a_404(world, client):
    other = block_campaign(world, term=world.published_term)
    client.force_login(world.users["leader"])
    assert client.get(_url("campaigns:campaign_detail", world.term, other.pk)).status_code == 404


def test_documents_are_checked_by_content_and_served_to_members(world, client):
    campaign = block_campaign(world)
    client.force_login(world.users["leader"])
    url = _url("campaigns:campaign_document_upload", world.term, campaign.pk)
    fake = SimpleUploadedFile("ke-hoach.pdf", b"MZ\x90\x00 not a pdf at all")
    response = client.post(url, {"title": "Giả", "file": fake})
    assert response.status_code == 200
    assert response.context["document_form"].errors
    assert not CampaignDocument.objects.exists()
    good = SimpleUploadedFile("ke-hoach.pdf", PDF_BYTES)
    assert client.post(url, {"title": "Kế hoạch", "file": good}).status_code == 302
    document = CampaignDocument.objects.get()
    assert document.content_type == "application/pdf" and document.original_name == "ke-hoach.pdf"
    client.force_login(world.users["member"])
    response = client.get(_url("campaigns:campaign_document_download", world.term, document.pk))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert response["Cache-Control"] == "private, no-store"
    client.force_login(world.users["outsider"])
    response = client.get(_url("campaigns:campaign_document_download", world.term, document.pk))
    assert response.status_code == 404


def test_a_member_sets_its_own_adoption_only(world, client):
    outside = outside_campaign(world)
    own = block_campaign(world)
    client.force_login(world.users["member"])
    url = _url("campaigns:adoption_set", world.term)
    response = client.post(
        url,
        {
            "campaign": outside.pk,
            "unit": world.member_unit.pk,
            "mode": "integrated",
            "integrated_into": own.pk,
        },
    )
    assert response.status_code == 302
    adoption = CampaignAdoption.objects.get()
    assert (adoption.unit, adoption.mode, adoption.integrated_into) == (
        world.member_unit,
        "integrated",
        own,
    )
    response = client.post(
        url, {"campaign": outside.pk, "unit": world.deputy_unit.pk, "mode": "separate"}
    )
    assert response.status_code == 403
    client.post(url, {"campaign": outside.pk, "unit": world.member_unit.pk, "mode": ""})
    assert not CampaignAdoption.objects.exists()


def test_integrated_needs_a_target(world):
    with pytest.raises(ValidationError) as exc:
        services.adoption_set(
            term=world.term,
            campaign=outside_campaign(world),
            unit=world.member_unit,
            mode="integrated",
            actor=world.users["member"],
        )
    assert error_codes(exc.value) == {"integrated_target"}
    assert not CampaignAdoption.objects.exists()


def test_the_list_shows_each_units_adoption(world, client):
    outside = outside_campaign(world)
    services.adoption_set(
        term=world.term, campaign=outside, unit=None, mode="separate", actor=world.users["board"]
    )
    client.force_login(world.users["member"])
    page = client.get(_url("campaigns:campaign_list", world.term)).context["page"]
    assert outside in page.outside
    row = next(r for r in page.rows if r["unit"] == world.member_unit)
    assert row["cells"][0]["adoption"].mode == "separate"


def test_published_year_refuses_changes(world):
    with pytest.raises(ValidationError) as exc:
        services.campaign_create(
            term=world.published_term,
            actor=world.users["board"],
            board=True,
            level="block",
            kind="regular",
            name="Muộn",
        )
    assert error_codes(exc.value) == {"term_published"}


def test_the_adoption_form_offers_every_mode_and_the_whole_block(world, client):
    outside_campaign(world)
    client.force_login(world.users["leader"])
    response = client.get(_url("campaigns:campaign_list", world.term))
    html = response.text
    for value, _label in CampaignAdoption.Mode.choices:
        # one option per mode in every form: the whole block's row and each member's
        assert html.count(f'<option value="{value}"') == 1 + len(response.context["page"].rows)
    assert 'id="adoption-whole-block"' in html and 'data-unit="block"' in html


def test_a_member_sees_the_whole_block_row_but_cannot_change_it(world, client):
    outside_campaign(world)
    client.force_login(world.users["member"])
    html = client.get(_url("campaigns:campaign_list", world.term)).text
    assert 'id="adoption-whole-block"' in html and 'data-unit="block"' not in html
    assert f'data-unit="{world.member_unit.pk}"' in html


def test_the_whole_block_adoption_posted_from_the_form(world, client):
    outside = outside_campaign(world)
    own = block_campaign(world)
    client.force_login(world.users["leader"])
    response = client.post(
        _url("campaigns:adoption_set", world.term),
        {"campaign": outside.pk, "unit": "", "mode": "integrated", "integrated_into": own.pk},
    )
    assert response.status_code == 302
    adoption = CampaignAdoption.objects.get()
    assert (adoption.unit, adoption.mode, adoption.integrated_into) == (None, "integrated", own)
    page = client.get(_url("campaigns:campaign_list", world.term)).context["page"]
    assert page.block_row["cells"][0]["adoption"] == adoption
