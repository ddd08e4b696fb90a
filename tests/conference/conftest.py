"""The conference of the shared world's published year (2024, closing it and opening 2025).

`conf` gives the meeting, the four member units of Khối A on the day of the meeting with one
officer each, and helpers to prepare and open ballots.
"""

import datetime
from dataclasses import dataclass

import pytest

from accounts.models import User
from blocks.models import Membership, Unit
from conference import services
from conference.models import Ballot, Meeting
from tests.factories import UserFactory

MEETING_DAY = datetime.date(2025, 1, 22)


@dataclass
class Conf:
    world: object
    meeting: Meeting
    units: list[Unit]  # the block's members, leader first
    officers: dict[int, User]  # unit id → its officer
    runner: User  # the leader unit's officer

    def ballot(self, **kwargs) -> Ballot:
        kwargs.setdefault("subject", Ballot.Subject.MOTION)
        kwargs.setdefault("title", "Thông qua chương trình hội nghị")
        kwargs.setdefault("method", Ballot.Method.SECRET)
        return services.create_ballot(meeting=self.meeting, actor=self.runner, **kwargs)

    def opened(self, **kwargs) -> Ballot:
        ballot = self.ballot(**kwargs)
        return services.open_ballot(ballot=ballot, actor=self.runner)

    def option(self, ballot: Ballot, kind: str = "yes", unit: Unit | None = None):
        if unit is not None:
            return ballot.options.get(unit=unit)
        return ballot.options.get(kind=kind)

    def vote(self, ballot: Ballot, unit: Unit, kind: str = "yes", candidate: Unit | None = None):
        option = self.option(ballot, kind, candidate)
        return services.cast_vote(ballot=ballot, actor=self.officers[unit.pk], option=option)

    def attend(self, present_units) -> None:
        present = {u.pk for u in present_units}
        services.record_attendance(
            meeting=self.meeting,
            actor=self.runner,
            rows=[(u, u.pk in present, "") for u in self.units],
        )


def make_conf(world) -> Conf:
    term = world.published_term
    units = [
        m.unit
        for m in Membership.objects.filter(block=world.block).select_related("unit").order_by("pk")
    ]
    officers = {
        world.leader_unit.pk: world.users["leader"],
        world.deputy_unit.pk: world.users["deputy"],
        world.member_unit.pk: world.users["member"],
    }
    for unit in units:
        if unit.pk not in officers:
            officers[unit.pk] = UserFactory(username=f"officer{unit.pk}", unit=unit)
    meeting = services.create_meeting(
        term=term,
        actor=world.users["leader"],
        held_on=MEETING_DAY,
        place="Hội trường Khối A",
        chair_name="Nguyễn Văn Chủ",
        chair_title="Giám đốc",
        secretary_name="Trần Thị Thư",
        secretary_title="Chuyên viên",
        agenda="Tổng kết năm 2024\nBầu Khối trưởng 2025",
        minutes_number="01/BB-KA",
    )
    return Conf(world, meeting, units, officers, world.users["leader"])


@pytest.fixture
def conf(world) -> Conf:
    return make_conf(world)
