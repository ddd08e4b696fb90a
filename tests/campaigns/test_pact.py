"""The pact: written by the leader, signed by each member unit, frozen once signed."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from campaigns import services
from campaigns.models import Pact, PactSignature
from tests.campaigns.helpers import error_codes
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def _url(name, term):
    return reverse(name, args=[term.block_id, term.year])


def test_leader_writes_members_sign_page_shows_who_has_not(world, clients):
    response = clients["leader"].post(
        _url("campaigns:pact_edit", world.term),
        {"title": "Giao ước thi đua 2025", "commitments": "Hoàn thành nhiệm vụ\nBáo cáo đúng hạn"},
    )
    assert response.status_code == 302
    pact = Pact.objects.get(term=world.term)
    assert pact.commitment_lines == ["Hoàn thành nhiệm vụ", "Báo cáo đúng hạn"]
    response = clients["member"].post(
        _url("campaigns:pact_sign", world.term),
        {"signer_name": "Nguyễn Văn An", "signer_title": "Giám đốc"},
    )
    assert response.status_code == 302
    signature = PactSignature.objects.get()
    assert (signature.unit, signature.signer_title) == (world.member_unit, "Giám đốc")
    page = clients["council"].get(_url("campaigns:pact_detail", world.term)).context["page"]
    signed = {row.unit for row in page.rows if row.signature}
    assert signed == {world.member_unit}
    assert page.signed_count == 1 and len(page.rows) == 4


def test_a_unit_signs_once(world):
    pact = services.pact_save(
        term=world.term, actor=world.users["leader"], title="G", text="Nội dung"
    )
    services.pact_sign(
        pact=pact,
        unit=world.member_unit,
        actor=world.users["member"],
        signer_name="A",
        signer_title="GĐ",
    )
    with pytest.raises(ValidationError) as exc:
        services.pact_sign(
            pact=pact,
            unit=world.member_unit,
            actor=world.users["member"],
            signer_name="B",
            signer_title="PGĐ",
        )
    assert error_codes(exc.value) == {"already_signed"}
    assert PactSignature.objects.get().signer_name == "A"


def test_signer_name_and_title_are_required(world):
    pact = services.pact_save(term=world.term, actor=world.users["leader"], title="G", text="x")
    with pytest.raises(ValidationError):
        services.pact_sign(
            pact=pact,
            unit=world.member_unit,
            actor=world.users["member"],
            signer_name="",
            signer_title="",
        )
    assert not PactSignature.objects.exists()


def test_outsiders_units_cannot_sign(world):
    pact = services.pact_save(term=world.term, actor=world.users["leader"], title="G", text="x")
    with pytest.raises(ValidationError) as exc:
        services.pact_sign(
            pact=pact,
            unit=world.outsider_unit,
            actor=world.users["outsider"],
            signer_name="A",
            signer_title="B",
        )
    assert error_codes(exc.value) == {"not_member"}


def test_the_pact_is_frozen_once_signed(world):
    pact = services.pact_save(term=world.term, actor=world.users["leader"], title="G", text="v1")
    services.pact_sign(
        pact=pact,
        unit=world.member_unit,
        actor=world.users["member"],
        signer_name="A",
        signer_title="B",
    )
    with pytest.raises(ValidationError) as exc:
        services.pact_save(term=world.term, actor=world.users["leader"], title="G", text="v2")
    assert error_codes(exc.value) == {"pact_signed"}
    pact.refresh_from_db()
    assert pact.text == "v1"


def test_an_empty_pact_is_refused(world):
    with pytest.raises(ValidationError) as exc:
        services.pact_save(term=world.term, actor=world.users["leader"], title="G")
    assert error_codes(exc.value) == {"pact_empty"}
    assert not Pact.objects.exists()


def test_a_signed_document_is_checked_and_downloadable(world, clients):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.campaigns.helpers import PDF_BYTES

    bad = SimpleUploadedFile("giao-uoc.pdf", b"<html>nope</html>")
    response = clients["leader"].post(
        _url("campaigns:pact_edit", world.term), {"title": "G", "document": bad}
    )
    assert response.status_code == 200 and not Pact.objects.exists()
    good = SimpleUploadedFile("giao-uoc.pdf", PDF_BYTES)
    clients["leader"].post(
        _url("campaigns:pact_edit", world.term), {"title": "G", "document": good}
    )
    response = clients["member"].get(_url("campaigns:pact_document", world.term))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES


@pytest.mark.parametrize("units", [4, 40])
def test_pact_page_query_count(world, client, django_assert_num_queries, units):
    pact = services.pact_save(term=world.term, actor=world.users["leader"], title="G", text="x")
    for _ in range(units - 4):
        unit = MembershipFactory(block=world.block, unit__province=world.province).unit
        services.pact_sign(
            pact=pact, unit=unit, actor=world.users["board"], signer_name="A", signer_title="B"
        )
    client.force_login(world.users["member"])
    # session (1), user with their unit for the navigation bar (1), term with
    # block/province/leader/deputy, the unit's membership and the user's council seat (1),
    # pact with its last editor (1), signatures (1), members of the year (1)
    with django_assert_num_queries(6):
        response = client.get(_url("campaigns:pact_detail", world.term))
    assert response.status_code == 200
    assert len(response.context["page"].rows) == units


def test_a_signed_pact_says_why_it_can_no_longer_be_edited(world, clients):
    from tests.campaigns.helpers import pact

    written = pact(world)
    edit_link = _url("campaigns:pact_edit", world.term)
    before = clients["leader"].get(_url("campaigns:pact_detail", world.term)).text
    assert edit_link in before and 'id="pact-locked"' not in before
    services.pact_sign(
        pact=written,
        unit=world.deputy_unit,
        actor=world.users["deputy"],
        signer_name="Trần Thị Bình",
        signer_title="Giám đốc",
    )
    after = clients["leader"].get(_url("campaigns:pact_detail", world.term))
    assert f'href="{edit_link}"' not in after.text
    assert 'id="pact-locked"' in after.text
    assert after.context["page"].first_signed.unit == world.deputy_unit
    locked = after.text.split('id="pact-locked"')[1].split("</div>")[0]
    assert world.deputy_unit.name in locked and "1" in locked
