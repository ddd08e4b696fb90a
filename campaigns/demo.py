"""Demo data for the year setup, on top of the seed loaded by demo.loader (call after it).

For the 2018 Kinh tế - Kỹ thuật year: the block's two movements are attached to the year, the
pact with its commitments and the eight signatures, and each unit's registration. The pact's
wording, the signers and the registrations are invented for the demo (the article says only
that the block signed a pact); names of signers are generic titles, not real people.

Idempotent: rows are looked up by their natural keys, nothing is duplicated on a second run.
The 2018 year is published, so this writes through the ORM, not the services (which refuse to
change a published year).
"""

import datetime

from django.db import transaction

from accounts.models import User
from blocks.models import Block, Term
from campaigns.models import AwardType, Campaign, Pact, PactSignature, Registration

BLOCK_NAME = "Khối thi đua Kinh tế - Kỹ thuật"

PACT_TEXT = (
    "Thực hiện phong trào thi đua yêu nước năm 2018, các đơn vị thành viên Khối thi đua Kinh tế "
    "- Kỹ thuật tỉnh Tây Ninh thống nhất ký kết giao ước thi đua với các nội dung sau."
)
PACT_COMMITMENTS = "\n".join(
    [
        "Hoàn thành xuất sắc nhiệm vụ chính trị, chỉ tiêu kế hoạch được UBND tỉnh giao năm 2018.",
        "Tổ chức phát động phong trào thi đua thường xuyên và đợt thi đua đặc biệt đến 30/6/2018.",
        "Thực hiện tốt công tác cải cách hành chính, ứng dụng công nghệ thông tin.",
        "Xây dựng và nhân rộng ít nhất một mô hình hay, điển hình tiên tiến.",
        "Gửi báo cáo thi đua đầy đủ, đúng thời gian quy định.",
    ]
)
SIGNER_TITLES = {
    "Ban Quản lý Khu kinh tế tỉnh": "Trưởng ban",
}
# Invented registrations: the titles each unit aimed for in 2018.
REGISTRATIONS_2018 = {
    "Sở Công thương": ["co-ubnd-tinh", "tap-the-lao-dong-xuat-sac"],
    "Sở Khoa học và Công nghệ": ["bang-khen-chu-tich-ubnd-tinh", "tap-the-lao-dong-xuat-sac"],
    "Sở Xây dựng": ["bang-khen-chu-tich-ubnd-tinh", "tap-the-lao-dong-xuat-sac"],
}
DEFAULT_AWARDS = ["tap-the-lao-dong-xuat-sac"]
TARGETS = "\n".join(
    [
        "100% cán bộ, công chức hoàn thành tốt nhiệm vụ trở lên.",
        "Nộp báo cáo thi đua đúng hạn.",
        "Có ít nhất một sáng kiến, mô hình được công nhận.",
    ]
)


@transaction.atomic
def load_demo() -> None:
    block = Block.objects.filter(name=BLOCK_NAME).first()
    term = Term.objects.filter(block=block, year=2018).first() if block else None
    if term is None:
        return
    board = User.objects.filter(username="bantdkt").first()
    leader = User.objects.filter(username="khoitruong").first() or board

    Campaign.objects.filter(
        block=block, term__isnull=True, level=Campaign.Level.BLOCK, launched_on__year=2018
    ).update(term=term)
    units = [m.unit for m in block.memberships.select_related("unit").order_by("unit__name")]
    _demo_pact(term, units, leader=leader, board=board)
    _demo_registrations(term, units, board=board)


def _demo_pact(term: Term, units: list, *, leader, board) -> None:
    """The pact with its commitments, signed by every member unit on 26 January 2018."""
    pact, _ = Pact.objects.get_or_create(
        term=term,
        defaults={
            "title": "Giao ước thi đua năm 2018",
            "text": PACT_TEXT,
            "commitments": PACT_COMMITMENTS,
            "updated_by": leader,
        },
    )
    for index, unit in enumerate(units):
        PactSignature.objects.get_or_create(
            pact=pact,
            unit=unit,
            defaults={
                "signer_name": f"Thủ trưởng {unit.short_name or unit.name}",
                "signer_title": SIGNER_TITLES.get(unit.name, "Giám đốc"),
                "signed_at": datetime.datetime(2018, 1, 26, 8, 30 + index, tzinfo=datetime.UTC),
                "recorded_by": board,
            },
        )


def _demo_registrations(term: Term, units: list, *, board) -> None:
    """Each unit's approved registration, with the titles it aimed for."""
    awards = {a.code: a for a in AwardType.objects.all()}
    for index, unit in enumerate(units):
        registration, created = Registration.objects.get_or_create(
            term=term,
            unit=unit,
            defaults={
                "targets": TARGETS,
                "status": Registration.Status.APPROVED,
                "submitted_by": board,
                "submitted_at": datetime.datetime(2018, 2, 5, 9, index, tzinfo=datetime.UTC),
                "decided_by": board,
                "decided_at": datetime.datetime(2018, 2, 12, 9, 0, tzinfo=datetime.UTC),
            },
        )
        if created:
            codes = REGISTRATIONS_2018.get(unit.name, DEFAULT_AWARDS)
            registration.award_types.set([awards[c] for c in codes if c in awards])
