"""Central movements are shared by every province: the board of one province must not rename,
archive, re-level or attach files to them (only a superuser may), and may not record new ones.
Provincial movements belong to their province's board."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from campaigns.models import Campaign, CampaignDocument
from tests.campaigns.helpers import PDF_BYTES, outside_campaign

pytestmark = pytest.mark.django_db


def _url(name, term, *args):
    return reverse(name, args=[term.block_id, term.year, *args])


def _edit_data(**extra):
    return {"level": "provincial", "kind": "thematic", "name": "Chiếm dụng", **extra}


def test_a_provincial_board_cannot_edit_a_central_movement(world, clients):
    central = outside_campaign(world)
    client = clients["board"]
    assert client.get(_url("campaigns:campaign_edit", world.term, central.pk)).status_code == 403
    response = client.post(_url("campaigns:campaign_edit", world.term, central.pk), _edit_data())
    assert response.status_code == 403
    central.refresh_from_db()
    assert (central.level, central.province_id, central.name) == (
        "central",
        None,
        "Chung tay vì người nghèo",
    )


def test_a_provincial_board_cannot_archive_or_attach_to_a_central_movement(world, clients):
    central = outside_campaign(world)
    client = clients["board"]
    response = client.post(
        _url("campaigns:campaign_archive", world.term, central.pk), {"archived": "1"}
    )
    assert response.status_code == 403
    upload = SimpleUploadedFile("x.pdf", PDF_BYTES)
    response = client.post(
        _url("campaigns:campaign_document_upload", world.term, central.pk),
        {"title": "x", "file": upload},
    )
    assert response.status_code == 403
    central.refresh_from_db()
    assert not central.archived and not CampaignDocument.objects.exists()


def test_a_provincial_board_cannot_record_a_central_movement(world, clients):
    response = clients["board"].post(
        _url("campaigns:campaign_create", world.term), _edit_data(level="central", name="Toàn quốc")
    )
    assert response.status_code == 200
    assert response.context["form"].errors["level"]
    assert not Campaign.objects.filter(name="Toàn quốc").exists()


def test_the_board_still_edits_its_provincial_movements(world, clients):
    provincial = Campaign.objects.create(
        level="provincial", name="Tây Ninh chung sức", province=world.province
    )
    response = clients["board"].post(
        _url("campaigns:campaign_edit", world.term, provincial.pk), _edit_data(name="Đổi tên")
    )
    assert response.status_code == 302
    provincial.refresh_from_db()
    assert (provincial.name, provincial.province_id) == ("Đổi tên", world.province.pk)


def test_the_superuser_edits_a_central_movement(world, clients):
    central = outside_campaign(world)
    response = clients["superuser"].post(
        _url("campaigns:campaign_edit", world.term, central.pk),
        _edit_data(level="central", name="Chung tay vì người nghèo 2025"),
    )
    assert response.status_code == 302
    central.refresh_from_db()
    assert (central.name, central.province_id) == ("Chung tay vì người nghèo 2025", None)
