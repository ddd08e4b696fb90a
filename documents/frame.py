"""What every official document of a block-year shares: the national header, the issuing body,
the date line, the signature block and the file name.

Every document reads the same table the ranking page shows (`results.selectors.RankingPage.table`:
the published snapshot, or the live results for insiders), so the numbers are the page's numbers.
"""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

NATIONAL_NAME = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
NATIONAL_MOTTO = "Độc lập - Tự do - Hạnh phúc"
NUMBER_FORMAT = "0.00"

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF = "application/pdf"


def document_date(page) -> datetime.date:
    """Published: the decision's date. Otherwise today's date (a draft)."""
    return page.publication.decision_date if page.publication else timezone.localdate()


def date_line(page) -> str:
    day = document_date(page)
    return _("%(place)s, day %(day)s month %(month)s year %(year)s") % {
        "place": page.names["province"],
        "day": f"{day.day:02d}",
        "month": f"{day.month:02d}",
        "year": day.year,
    }


def frame(page) -> dict:
    """Header, issuing body, date line and signature block shared by every document."""
    names = page.names  # as published, for a published year (a reprint is the same document)
    return {
        "national_name": NATIONAL_NAME,
        "national_motto": NATIONAL_MOTTO,
        "block": names["block"],
        "issuer_top": names["issuer_top"].upper(),
        "issuer": names["issuer"].upper(),
        "date_line": date_line(page),
        "signature_title": _("ON BEHALF OF THE LEADER UNIT"),
        "signature_role": _("HEAD OF THE UNIT"),
        "signature_hint": _("(Signature, full name and seal)"),
        "draft": page.publication is None,
        "decision": (
            _("Decision no. %(number)s of %(date)s")
            % {
                "number": page.publication.decision_number,
                "date": page.publication.decision_date.strftime("%d/%m/%Y"),
            }
            if page.publication
            else _("DRAFT — not published")
        ),
    }


def scored_criteria(page) -> list[dict]:
    return [c for c in page.table["criteria"] if c["kind"] == "scored"]


def criteria_of_kind(page, kind: str) -> list[dict]:
    return [c for c in page.table["criteria"] if c["kind"] == kind]


def filename(page, stem: str, ext: str) -> str:
    term = page.term
    version = f"-v{page.publication.version}" if page.publication else "-tam-tinh"
    return f"{stem}-{term.block_id}-{term.year}{version}.{ext}"
