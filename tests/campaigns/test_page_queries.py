"""Pinned query counts of the year-setup pages: the same for few and many units, movements,
documents, registrations and criteria.

Every count starts with: session (1), user with their unit for the navigation bar (1), and the
term with block/province/leader/deputy and, for a unit's officer, the unit's membership of it
and the person's seat on the block's council (1).
"""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from campaigns import services
from campaigns.models import Campaign, CampaignAdoption, CampaignDocument, Registration
from tests.campaigns.helpers import PDF_BYTES, award_type, block_campaign, outside_campaign
from tests.factories import CampaignFactory, MembershipFactory

pytestmark = pytest.mark.django_db

SIZES = [1, 12]


def _url(name, term, *args):
    return reverse(name, args=[term.block_id, term.year, *args])


def _more_units(world, n):
    return [
        MembershipFactory(block=world.block, unit__province=world.province).unit for _ in range(n)
    ]


@pytest.mark.parametrize("n", SIZES)
def test_campaign_list(world, client, django_assert_num_queries, n):
    units = _more_units(world, n)
    for index in range(n):
        Campaign.objects.create(
            level="block", name=f"Riêng {index}", block=world.block, term=world.term
        )
        outside = CampaignFactory(level="provincial", province=world.province)
        for unit in units:
            CampaignAdoption.objects.create(
                term=world.term, campaign=outside, unit=unit, mode="separate"
            )
    client.force_login(world.users["member"])
    # common (3) + own movements (1), adoptions (1), outside movements (1), members (1)
    with django_assert_num_queries(7):
        response = client.get(_url("campaigns:campaign_list", world.term))
    assert response.status_code == 200


@pytest.mark.parametrize("n", SIZES)
def test_campaign_detail(world, client, django_assert_num_queries, n):
    campaign = block_campaign(world)
    for index in range(n):
        document = CampaignDocument(
            campaign=campaign,
            title=f"Tài liệu {index}",
            original_name="a.pdf",
            content_type="application/pdf",
            size=10,
            uploaded_by=world.users["leader"],
        )
        document.file.save("a.pdf", ContentFile(PDF_BYTES), save=True)
    client.force_login(world.users["member"])
    # common (3) + the movement (1), its documents with their uploader (1)
    with django_assert_num_queries(5):
        response = client.get(_url("campaigns:campaign_detail", world.term, campaign.pk))
    assert response.status_code == 200


@pytest.mark.parametrize("n", SIZES)
def test_registration_list(world, client, django_assert_num_queries, n):
    award = award_type()
    for unit in _more_units(world, n):
        registration = Registration.objects.create(
            term=world.term,
            unit=unit,
            targets="A",
            submitted_by=world.users["board"],
            submitted_at=timezone.now(),
        )
        registration.award_types.set([award])
    client.force_login(world.users["member"])
    # common (3) + members (1), registrations with submitter/decider (1), their titles (1),
    # their decisions with who took them (1)
    with django_assert_num_queries(7):
        response = client.get(_url("campaigns:registration_list", world.term))
    assert response.status_code == 200


@pytest.mark.parametrize("n", SIZES)
def test_scale_versions(world, client, django_assert_num_queries, n):
    scale = world.term.scales.get()
    new = services.scale_new_version(scale=scale, actor=world.users["leader"], reason="Đổi")
    for index in range(n):
        services.criterion_create(
            scale=new,
            actor=world.users["leader"],
            code=f"N{index}",
            title="Mới",
            kind="scored",
            max_points=1,
        )
    client.force_login(world.users["member"])
    # common (3) + versions with their approver (1), the criteria of both versions (1)
    with django_assert_num_queries(5):
        response = client.get(_url("campaigns:scale_versions", world.term))
    assert response.status_code == 200


@pytest.mark.parametrize("n", SIZES)
def test_term_next(world, client, django_assert_num_queries, n):
    _more_units(world, n)
    for index in range(n):
        Campaign.objects.create(
            level="block", name=f"Riêng {index}", block=world.block, term=world.term
        )
    outside_campaign(world)
    client.force_login(world.users["leader"])
    # session (1), user with their unit (1), term (1) (the leader unit: no council check),
    # members next year (1), the scale's versions (1), the copied one's line count (1),
    # movements to copy (1), does the year exist (1), tie-break policy (1), the year's bands
    # (1), leader and deputy choices (2)
    with django_assert_num_queries(12):
        response = client.get(_url("results:term_next", world.term))
    assert response.status_code == 200


@pytest.mark.parametrize("n", SIZES)
def test_registration_form(world, client, django_assert_num_queries, n):
    from campaigns.models import AwardType

    for index in range(n):
        AwardType.objects.create(code=f"danh-hieu-{index}", name=f"Danh hiệu {index}", level="unit")
    client.force_login(world.users["member"])
    # common (3) + the unit's membership (1), its registration (1), the leading unit of the last
    # published year (1), the active titles (1); the offered choices are rendered from that list
    with django_assert_num_queries(7):
        response = client.get(_url("campaigns:registration_edit", world.term))
    assert response.status_code == 200
    assert len(response.context["form"].fields["award_types"].choices) >= n
