"""Award types and proposals at each stage, for the awards tests and the permission matrix."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

from awards import services
from awards.models import AwardProposal
from campaigns.models import AwardType

PDF_BYTES = (  # a real, minimal PDF: uploads must parse
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 3 3]>>endobj\n"
    b"xref\n0 4\n0000000000 65535 f \n0000000009 00000 n \n0000000052 00000 n \n"
    b"0000000101 00000 n \ntrailer<</Size 4/Root 1 0 R>>\nstartxref\n160\n%%EOF\n"
)

# The seeded award types (campaigns migration 0003), put back if a test emptied the table.
AWARD_TYPES = {
    "co-ubnd-tinh": ("Cờ thi đua của UBND tỉnh", "provincial", True, 10),
    "bang-khen-chu-tich-ubnd-tinh": ("Bằng khen của Chủ tịch UBND tỉnh", "provincial", False, 20),
    "co-chinh-phu": ("Cờ thi đua của Chính phủ", "government", True, 30),
    "bang-khen-thu-tuong": ("Bằng khen của Thủ tướng Chính phủ", "government", False, 40),
    "tap-the-lao-dong-xuat-sac": ("Tập thể lao động xuất sắc", "unit", False, 50),
}
PROVINCIAL_FLAG = "co-ubnd-tinh"
CERTIFICATE = "bang-khen-chu-tich-ubnd-tinh"
GOVERNMENT_FLAG = "co-chinh-phu"
PM_CERTIFICATE = "bang-khen-thu-tuong"
UNIT_TITLE = "tap-the-lao-dong-xuat-sac"


def award(code: str) -> AwardType:
    name, level, leading, order = AWARD_TYPES[code]
    return AwardType.objects.get_or_create(
        code=code,
        defaults={"name": name, "level": level, "requires_leading_unit": leading, "order": order},
    )[0]


def pdf_upload(name: str = "quyet-dinh.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF_BYTES, "application/pdf")


def proposed(world, unit=None, code: str = CERTIFICATE, term=None) -> AwardProposal:
    return services.propose_award(
        term=term or world.published_term,
        unit=unit or world.member_unit,
        award_type=award(code),
        actor=world.users["leader"],
        justification="Hoàn thành xuất sắc nhiệm vụ năm.",
    )


def voted(world, **kwargs) -> AwardProposal:
    return services.record_vote(
        proposal=proposed(world, **kwargs),
        actor=world.users["leader"],
        carried=True,
        note="Biểu quyết tại hội nghị ngày 22/01/2025: 4/4 đồng ý",
    )


def submitted(world, **kwargs) -> AwardProposal:
    proposal = voted(world, **kwargs)
    services.submit_proposals(term=proposal.term, actor=world.users["leader"])
    proposal.refresh_from_db()
    return proposal


def approved(world, **kwargs) -> AwardProposal:
    return services.review_proposal(
        proposal=submitted(world, **kwargs), actor=world.users["board"], outcome=services.APPROVE
    )


def decided(world, **kwargs) -> AwardProposal:
    return services.decide_proposals(
        proposals=[approved(world, **kwargs)],
        actor=world.users["board"],
        decision_number="15/QĐ-UBND",
        decision_date=datetime.date(2025, 3, 1),
        signed_file=pdf_upload(),
    )[0]
