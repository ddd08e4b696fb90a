"""The conference in the demo data, through the services like everything else.

- Khối thi đua Kinh tế - Kỹ thuật, 22/01/2019 (the seed article): the year-end conference of
  2018, the 8 units present, a show-of-hands vote electing Ban Quản lý Khu kinh tế tỉnh leader
  unit for 2019 and the flag handed over by Sở Nông nghiệp và Phát triển nông thôn. The article
  says the units "thống nhất, biểu quyết"; the counts are invented and the ballot says so.
- The invented block Văn hóa - Xã hội: a mid-year meeting with an open secret ballot, so that
  `yte` and `vanhoa` can try voting.

Idempotent: a block-year that already has its meeting is left as it is.
"""

import datetime
import zoneinfo

from accounts.models import User
from blocks.models import Block, Membership, Term
from conference import services
from conference.models import Ballot, Meeting

TZ = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
KTKT = "Khối thi đua Kinh tế - Kỹ thuật"
VHXH = "Khối thi đua Văn hóa - Xã hội (dữ liệu minh họa)"
NEW_LEADER = "Ban Quản lý Khu kinh tế tỉnh"


def load_demo() -> None:
    _ktkt_conference()
    _vhxh_open_ballot()


def _ktkt_conference() -> None:
    term = Term.objects.filter(block__name=KTKT, year=2018).select_related("block").first()
    if term is None or Meeting.objects.filter(term=term).exists():
        return
    import time_machine  # a development dependency, like seed_demo itself

    # Recorded at the conference, after the 2018 ranking was published there (10:00): the
    # audit trail and the stamps read as that morning, not as the day the demo was loaded.
    with time_machine.travel(datetime.datetime(2019, 1, 22, 10, 10, tzinfo=TZ), tick=True):
        _record_ktkt_conference(term)


def _record_ktkt_conference(term: Term) -> None:
    board = User.objects.get(username="bantdkt")
    day = datetime.date(2019, 1, 22)
    meeting = services.create_meeting(
        term=term,
        actor=board,
        held_on=day,
        starts_at=datetime.time(8, 0),
        place="Tây Ninh",
        chair_name="Đại diện lãnh đạo Sở Nông nghiệp và Phát triển nông thôn (Khối trưởng 2018)",
        chair_title="",
        secretary_name="Cán bộ thi đua của Khối trưởng",
        secretary_title="",
        agenda="\n".join(
            [
                "Tổng kết công tác thi đua năm 2018 của Khối",
                "Công bố kết quả chấm điểm, xếp hạng năm 2018",
                "Biểu quyết bầu Khối trưởng năm 2019",
                "Trao cờ Khối trưởng",
                "Phát động phong trào thi đua năm 2019",
            ]
        ),
        observers="Bà Nguyễn Thị Thủy, Phó Trưởng Ban Thi đua - Khen thưởng tỉnh",
        minutes_number="01/BB-KTKT",
    )
    members = [
        m.unit for m in Membership.objects.filter(block=term.block).on(day).select_related("unit")
    ]
    services.record_attendance(
        meeting=meeting, actor=board, rows=[(unit, True, "") for unit in members]
    )
    new_leader = next(u for u in members if u.name == NEW_LEADER)
    ballot = services.create_ballot(
        meeting=meeting,
        actor=board,
        subject=Ballot.Subject.LEADER,
        title="Bầu Khối trưởng Khối thi đua Kinh tế - Kỹ thuật năm 2019",
        method=Ballot.Method.HANDS,
        base=Ballot.Base.PRESENT,
        candidates=[new_leader],
        note=(
            "Số phiếu biểu quyết là dữ liệu minh họa: bài báo chỉ cho biết các đơn vị "
            "đã thống nhất, biểu quyết bầu Ban Quản lý Khu kinh tế tỉnh."
        ),
    )
    ballot = services.open_ballot(
        ballot=ballot, actor=board, opened_at=datetime.datetime(2019, 1, 22, 10, 15, tzinfo=TZ)
    )
    counts = {
        o.pk: (len(members) if o.unit_id == new_leader.pk else 0) for o in ballot.options.all()
    }
    services.record_counts(ballot=ballot, actor=board, counts=counts)
    ballot = services.close_ballot(
        ballot=ballot, actor=board, closed_at=datetime.datetime(2019, 1, 22, 10, 20, tzinfo=TZ)
    )
    meeting.refresh_from_db()
    services.record_handover(
        meeting=meeting,
        actor=board,
        handed_on=day,
        place="Tây Ninh",
        note="Hội nghị tổng kết công tác thi đua năm 2018; biểu quyết bầu Khối trưởng 2019.",
        ballot=ballot,
    )


def _vhxh_open_ballot() -> None:
    block = Block.objects.filter(name=VHXH).first()
    term = Term.objects.filter(block=block, year=2019).first() if block else None
    if term is None or Meeting.objects.filter(term=term).exists():
        return
    leader_officer = User.objects.filter(unit_id=term.leader_id).order_by("pk").first()
    meeting = services.create_meeting(
        term=term,
        actor=leader_officer,
        kind=Meeting.Kind.MID_YEAR,
        held_on=datetime.date(2019, 7, 15),
        starts_at=datetime.time(8, 30),
        place="Hội trường Sở Y tế (dữ liệu minh họa)",
        chair_name="Đại diện lãnh đạo Sở Y tế (dữ liệu minh họa)",
        secretary_name="Cán bộ thi đua Sở Y tế (dữ liệu minh họa)",
        agenda="Sơ kết 6 tháng đầu năm 2019\nThông qua kế hoạch hoạt động chung 6 tháng cuối năm",
    )
    ballot = services.create_ballot(
        meeting=meeting,
        actor=leader_officer,
        subject=Ballot.Subject.MOTION,
        title="Thông qua kế hoạch hoạt động chung của Khối 6 tháng cuối năm 2019",
        method=Ballot.Method.SECRET,
        base=Ballot.Base.ALL,
        note="Dữ liệu minh họa: bỏ phiếu kín trực tuyến, để thử bỏ phiếu với yte và vanhoa.",
    )
    services.open_ballot(ballot=ballot, actor=leader_officer)
