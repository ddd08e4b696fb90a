"""Pinned query counts: the meeting page, the ballot page and the screen's live fragment read
the same number of queries whatever the number of units, ballots and votes."""

import datetime

import pytest
from django.urls import reverse

from conference import services
from conference.models import Ballot
from tests.conference.conftest import Conf
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def _grow(conf: Conf, units: int, ballots: int) -> Ballot:
    """`units` more members (each with an officer), attendance, and `ballots` closed secret
    ballots where everyone voted; returns an open one with a vote in it."""
    w = conf.world
    for i in range(units):
        unit = MembershipFactory(
            block=w.block, unit__province=w.province, valid_from=datetime.date(2020, 1, 1)
        ).unit
        conf.units.append(unit)
        conf.officers[unit.pk] = UserFactory(username=f"extra{i}", unit=unit)
    conf.attend(conf.units)
    for n in range(ballots):
        ballot = conf.opened(title=f"Biểu quyết {n}", base="present")
        for unit in conf.units:
            conf.vote(ballot, unit)
        services.close_ballot(ballot=ballot, actor=conf.runner)
    election = conf.opened(subject="leader", title="Bầu Khối trưởng", candidates=conf.units[:3])
    conf.vote(election, conf.units[0], candidate=conf.units[2])
    return election


SIZES = [(0, 1), (6, 4)]


@pytest.mark.parametrize("units, ballots", SIZES)
def test_meeting_page_query_count(conf, clients, django_assert_num_queries, units, ballots):
    _grow(conf, units, ballots)
    url = reverse(
        "conference:meeting", args=[conf.world.block.pk, conf.meeting.term.year, conf.meeting.pk]
    )
    # session (1), user (1), term with the member's membership and council seat (1), meeting
    # (1); attendance:
    # members on the day (1) and what was recorded (1); ballots (1) with their options (1); the
    # viewer's electorate rows (1); the handover (1); the user's unit comes with the user
    with django_assert_num_queries(10):
        response = clients["member"].get(url)
    assert response.status_code == 200


@pytest.mark.parametrize("units, ballots", SIZES)
def test_ballot_page_query_count(conf, clients, django_assert_num_queries, units, ballots):
    ballot = _grow(conf, units, ballots)
    url = reverse(
        "conference:ballot",
        args=[conf.world.block.pk, conf.meeting.term.year, conf.meeting.pk, ballot.pk],
    )
    # session (1), user (1), term with the membership and council seat (1), meeting (1),
    # ballot (1); options (1),
    # the electorate with who voted (1), the next round (1); the vote form's choices (1); the
    # user's unit for the menu comes with the user
    with django_assert_num_queries(9):
        response = clients["member"].get(url)
    assert response.status_code == 200


@pytest.mark.parametrize("units, ballots", SIZES)
def test_screen_fragment_query_count(conf, clients, django_assert_num_queries, units, ballots):
    _grow(conf, units, ballots)
    url = reverse(
        "conference:screen_live",
        args=[conf.world.block.pk, conf.meeting.term.year, conf.meeting.pk],
    )
    # session (1), user (1), term (1; the leader unit's officer: no council check), meeting (1),
    # ballots with turnout (1), their options (1)
    with django_assert_num_queries(6):
        response = clients["leader"].get(url)
    assert response.status_code == 200
    assert "Bầu Khối trưởng" in response.content.decode()


def test_the_screen_shows_turnout_never_counts_while_open(conf, clients):
    ballot = _grow(conf, 0, 0)
    url = reverse(
        "conference:screen_live",
        args=[conf.world.block.pk, conf.meeting.term.year, conf.meeting.pk],
    )
    page = clients["leader"].get(url).content.decode()
    assert "1/4 đơn vị đã biểu quyết" in page
    assert conf.units[2].name not in page  # a candidate's count would name it
    services.close_ballot(ballot=ballot, actor=conf.runner)
    page = clients["leader"].get(url).content.decode()
    assert conf.units[2].name in page
