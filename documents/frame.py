"""What every official document of a block-year shares, in the form of Nghị định
30/2020/NĐ-CP: the issuing body with the number and symbol, the national name and motto with
the place and date, the title, the recipients ("Nơi nhận") and the signature block; also the
column bands of wide tables, the signed deductions and the file names.

Every document reads the same table the ranking page shows (`results.selectors.RankingPage.table`:
the published snapshot, or the live results for insiders), so the numbers are the page's numbers.
"""

import datetime
import math
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from blocks.templatetags.thidua import points as fmt_points
from documents.models import DocumentHeader

NATIONAL_NAME = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
NATIONAL_MOTTO = "Độc lập - Tự do - Hạnh phúc"
NUMBER_FORMAT = "0.00"
# Deductions are negative numbers in a spreadsheet, shown "−1,00" as on the page (U+2212).
SIGNED_NUMBER_FORMAT = '0.00;"−"0.00;0.00'
MINUS = "−"  # U+2212, the sign the ranking page prints before a deduction

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF = "application/pdf"


def names(page) -> dict:
    """Province, block and leader unit as the document prints them.

    The one place documents read names: `page.names`, which for a published year holds the
    names frozen in the snapshot on the day of publication (a reprint after a merger or a
    rename is still the document that was issued) and today's names for a draft.
    """
    return page.names


def document_date(page) -> datetime.date:
    """Published: the decision's date. Otherwise today's date (a draft)."""
    return page.publication.decision_date if page.publication else timezone.localdate()


def decree_day_month(day: datetime.date) -> tuple[str, str]:
    """Nghị định 30/2020/NĐ-CP: a leading zero for days below 10 and for months 1 and 2 only
    ("ngày 05 tháng 01", "ngày 22 tháng 3", "ngày 31 tháng 12")."""
    return f"{day.day:02d}", (f"{day.month:02d}" if day.month < 3 else str(day.month))


def date_line(page, on: datetime.date | None = None) -> str:
    """The place and date line; `on` dates a document of its own (a proposal letter) instead of
    the publication."""
    when = on or document_date(page)
    day, month = decree_day_month(when)
    return _("%(place)s, day %(day)s month %(month)s year %(year)s") % {
        "place": names(page)["province"],
        "day": day,
        "month": month,
        "year": when.year,
    }


def header_of(term) -> DocumentHeader:
    """The year's header as typed, or an empty one (defaults) if nobody has typed it yet."""
    return DocumentHeader.objects.filter(term=term).first() or DocumentHeader(term=term)


def number_line(page, header: DocumentHeader) -> str:
    """ "Số: 05/QĐ-KTKT" once published; on a draft the number typed (or a blank to fill)."""
    draft_number = header.number_symbol or "…/…"
    number = page.publication.decision_number if page.publication else draft_number
    return _("No.: %(number)s") % {"number": number}


def default_recipients() -> list[str]:
    return [
        _("Member units of the block;"),
        _("The province's emulation and commendation board;"),
        _("Archived: office."),
    ]


def frame(
    page,
    *,
    number: str | None = None,
    on: datetime.date | None = None,
    recipients: list[str] | None = None,
) -> dict:
    """Header, number, date line, recipients and signature block shared by every document.

    A document of the year that is not the ranking (the block's award proposal letter) has its
    own `number`, date (`on`) and `recipients`; everything else is the year's.
    """
    header = getattr(page, "_document_header", None) or header_of(page.term)
    page._document_header = header  # one query per document, however many parts use it
    who = names(page)
    if number is not None:
        number_text = _("No.: %(number)s") % {"number": number}
    else:
        number_text = number_line(page, header)
    return {
        "national_name": NATIONAL_NAME,
        "national_motto": NATIONAL_MOTTO,
        "issuer_top": who["block"].upper(),
        "issuer": who["leader"].upper(),
        "number_line": number_text,
        "date_line": date_line(page, on),
        "recipients_label": _("Recipients:"),
        "recipients": recipients or header.recipient_lines() or default_recipients(),
        "signature_title": header.signer_authority or _("ON BEHALF OF THE LEADER UNIT"),
        "signature_role": header.signer_position or _("HEAD OF THE UNIT"),
        "signer_name": header.signer_name,
        "signature_hint": _("(Signature, full name and seal)"),
        "draft": page.publication is None,
        "decision": decision(page),
    }


def decision(page) -> str:
    """The line under a title: the decision published, or that this is a draft."""
    if page.publication is None:
        return _("DRAFT — not published")
    return _("Decision no. %(number)s of %(date)s") % {
        "number": page.publication.decision_number,
        "date": page.publication.decision_date.strftime("%d/%m/%Y"),
    }


def signed_deduction(value) -> str:
    """A deduction as the ranking page prints it: "−1", "−0,5"; nothing deducted is "0"."""
    if value is None or value == "":
        return ""
    return f"{MINUS}{fmt_points(value)}" if Decimal(str(value)) else "0"


def scored_criteria(page) -> list[dict]:
    return [c for c in page.table["criteria"] if c["kind"] == "scored"]


def criteria_of_kind(page, kind: str) -> list[dict]:
    return [c for c in page.table["criteria"] if c["kind"] == kind]


def criteria_legend(page) -> list[dict]:
    """The legend under a ranking's tables, the same in the PDF and in Word: every group (its
    code and title) and every scored criterion (code, title, maximum), in the scale's order.
    Bonus and deduction items have their own columns, named in words."""
    lines = []
    for c in page.table["criteria"]:
        if c["kind"] == "group":
            lines.append({"text": f"{c['code']}. {c['title']}", "group": True})
        elif c["kind"] == "scored":
            text = f"{c['code']}. {c['title']} (/{fmt_points(c['max_points'])})"
            lines.append({"text": text, "group": False})
    return lines


def column_bands(page, per_part: int) -> list[list[dict]]:
    """The scored criteria split into parts of at most `per_part` columns, as even as possible,
    each part a list of bands `{"title", "code", "criteria"}` (consecutive criteria of one group).

    A wide table becomes one table per part, each repeating the rank and unit columns and the
    bonus, deduction, total and classification columns, so every page carries the result.
    """
    scored = scored_criteria(page)
    if not scored:
        return [[]]
    groups = {c["code"]: c["title"] for c in page.table["criteria"] if c["kind"] == "group"}
    count = math.ceil(len(scored) / per_part)
    size = math.ceil(len(scored) / count)
    parts = []
    for start in range(0, len(scored), size):
        bands: list[dict] = []
        for c in scored[start : start + size]:
            parent = c.get("parent") or ""
            if bands and bands[-1]["code"] == parent:
                bands[-1]["criteria"].append(c)
            else:
                bands.append({"code": parent, "title": groups.get(parent, ""), "criteria": [c]})
        parts.append(bands)
    return parts


def filename(page, stem: str, ext: str) -> str:
    term = page.term
    version = f"-v{page.publication.version}" if page.publication else "-tam-tinh"
    return f"{stem}-{term.block_id}-{term.year}{version}.{ext}"
