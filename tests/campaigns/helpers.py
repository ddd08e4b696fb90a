"""Small builders shared by the campaigns tests and the permission-matrix rows."""

import datetime

from django.core.files.base import ContentFile

from campaigns.models import (
    Campaign,
    CampaignDocument,
    Pact,
    Registration,
)

PDF_BYTES = (  # a real, minimal PDF: uploads must parse
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 3 3]>>endobj\n"
    b"xref\n0 4\n0000000000 65535 f \n0000000009 00000 n \n0000000052 00000 n \n"
    b"0000000101 00000 n \ntrailer<</Size 4/Root 1 0 R>>\nstartxref\n160\n%%EOF\n"
)


def block_campaign(world, term=None) -> Campaign:
    term = term or world.term
    campaign, _ = Campaign.objects.get_or_create(
        name=f"Phong trào thi đua năm {term.year}",
        term=term,
        defaults={
            "level": Campaign.Level.BLOCK,
            "block": term.block,
            "province": term.block.province,
            "launched_on": datetime.date(term.year, 1, 10),
            "ends_on": datetime.date(term.year, 12, 31),
        },
    )
    return campaign


def outside_campaign(world) -> Campaign:
    campaign, _ = Campaign.objects.get_or_create(
        name="Chung tay vì người nghèo",
        defaults={"level": Campaign.Level.CENTRAL, "kind": Campaign.Kind.THEMATIC},
    )
    return campaign


def document(world) -> CampaignDocument:
    campaign = block_campaign(world)
    existing = campaign.documents.first()
    if existing:
        return existing
    doc = CampaignDocument(
        campaign=campaign,
        title="Kế hoạch",
        original_name="ke-hoach.pdf",
        content_type="application/pdf",
        size=len(PDF_BYTES),
        uploaded_by=world.users["leader"],
    )
    doc.file.save("ke-hoach.pdf", ContentFile(PDF_BYTES), save=True)
    return doc


def pact(world, *, with_document: bool = False) -> Pact:
    pact, _ = Pact.objects.get_or_create(
        term=world.term, defaults={"title": "Giao ước", "commitments": "Một\nHai"}
    )
    if with_document and not pact.document:
        pact.document.save("giao-uoc.pdf", ContentFile(PDF_BYTES), save=False)
        pact.document_name = "giao-uoc.pdf"
        pact.save()
    return pact


def registration(world) -> Registration:
    from django.utils import timezone

    registration, _ = Registration.objects.get_or_create(
        term=world.term,
        unit=world.member_unit,
        defaults={
            "targets": "Hoàn thành",
            "submitted_by": world.users["member"],
            "submitted_at": timezone.now(),
        },
    )
    return registration


def award_type(code: str = "tap-the-lao-dong-xuat-sac", **extra):
    """The seeded award types, recreated when a transactional test has flushed them."""
    from campaigns.models import AwardType

    defaults = {"name": "Tập thể lao động xuất sắc", "level": AwardType.Level.UNIT, **extra}
    return AwardType.objects.get_or_create(code=code, defaults=defaults)[0]


def error_codes(error) -> set[str]:
    """The codes of a ValidationError, whether it holds a list or a dict of errors."""
    if hasattr(error, "error_dict"):
        return {e.code for errors in error.error_dict.values() for e in errors}
    return {e.code for e in error.error_list}


def xlsx_upload(rows: list[list], name: str = "thang-diem.xlsx"):
    """An uploaded workbook with the template's header and `rows`."""
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from openpyxl import Workbook

    from campaigns import xlsx

    book = Workbook()
    sheet = book.active
    sheet.append(xlsx.headers())
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=xlsx.XLSX_MIME)
