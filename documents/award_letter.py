"""The block's award proposal letter (tờ trình đề nghị khen thưởng), as PDF and .docx, in the
administrative frame every document of the year shares (`documents.frame`): issued by the
leader unit under the block's name, addressed to the province's emulation and commendation
board, listing each proposed unit with its award, its rank and total in the published ranking
and the vote behind it (`awards.selectors.vote_summary`, through `awards.selectors.letter`).
"""

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from awards.selectors import Letter
from blocks.templatetags.thidua import points as fmt_points
from documents.frame import frame, names

LETTER_SYMBOL = "TTr"


def letter_frame(letter: Letter) -> dict:
    """The year's frame with the letter's own number (to be filled in when it is signed), its
    date (the day the list was submitted) and its recipients."""
    return frame(
        letter.page,
        number=f"…/{LETTER_SYMBOL}",
        on=letter.day,
        recipients=[
            _("As addressed above;"),
            _("Member units of the block;"),
            _("Archived: office."),
        ],
    )


def letter_texts(letter: Letter) -> dict:
    """The words of the letter, shared by the PDF and the Word file."""
    who = names(letter.page)
    term = letter.term
    publication = letter.page.publication
    if publication is not None:
        basis = _(
            "Based on the emulation results of %(year)s of the %(block)s, published by decision "
            "no. %(number)s of %(date)s, and on the block's vote on each proposal,"
        ) % {
            "year": term.year,
            "block": who["block"],
            "number": publication.decision_number,
            "date": publication.decision_date.strftime("%d/%m/%Y"),
        }
    else:
        basis = _(
            "Based on the emulation results of %(year)s of the %(block)s (not published yet) "
            "and on the block's vote on each proposal,"
        ) % {"year": term.year, "block": who["block"]}
    return {
        "title": _("PROPOSAL LETTER"),
        "subject": _("On proposing awards for the emulation year %(year)s") % {"year": term.year},
        "addressee": _("To: the Emulation and Commendation Board of %(province)s")
        % {"province": who["province"]},
        "basis": basis,
        "request": _(
            "%(leader)s, leader unit of the %(block)s, respectfully proposes that the board "
            "consider awarding the following units:"
        )
        % {"leader": who["leader"], "block": who["block"]},
        "closing": _("Respectfully submitted for the board's consideration and decision."),
        "columns": [
            _("No."),
            _("Unit"),
            _("Award proposed"),
            _("Rank"),
            _("Total"),
            _("Vote"),
        ],
        "empty": _("No proposals."),
        "achievements": _("Achievements"),
    }


def letter_rows(letter: Letter) -> list[list[str]]:
    return [
        [
            str(number),
            item.unit_name,
            item.award,
            str(item.rank) if item.rank is not None else "—",
            fmt_points(item.total) if item.total is not None else "—",
            item.vote,
        ]
        for number, item in enumerate(letter.items, start=1)
    ]


def letter_pdf(letter: Letter) -> bytes:
    from weasyprint import HTML  # imported lazily: it loads pango at import time

    html = render_to_string(
        "documents/award_letter.html",
        {
            "frame": letter_frame(letter),
            "text": letter_texts(letter),
            "rows": letter_rows(letter),
            "achieved": [item for item in letter.items if item.proposal.justification],
        },
    )
    return HTML(string=html).write_pdf()


def letter_docx(letter: Letter) -> bytes:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    from documents import word

    info = letter_frame(letter)
    text = letter_texts(letter)
    doc = word._new_document()
    word._docx_frame(doc, letter.page, info)
    word._title(doc, text["title"], text["subject"])
    addressee = doc.add_paragraph()
    addressee.alignment = WD_ALIGN_PARAGRAPH.CENTER
    addressee.add_run(text["addressee"])
    doc.add_paragraph(text["basis"])
    doc.add_paragraph(text["request"])
    rows = letter_rows(letter)
    table = doc.add_table(rows=1, cols=len(text["columns"]))
    table.style = "Table Grid"
    word._repeat_header(table.rows[0])
    for cell, label in zip(table.rows[0].cells, text["columns"], strict=True):
        cell.text = label
        cell.paragraphs[0].runs[0].bold = True
    for values in rows:
        for cell, value in zip(table.add_row().cells, values, strict=True):
            cell.text = value
    if not rows:
        doc.add_paragraph(text["empty"])
    achieved = [item for item in letter.items if item.proposal.justification]
    if achieved:
        doc.add_paragraph().add_run(text["achievements"]).bold = True
        for item in achieved:
            doc.add_paragraph(
                f"{item.unit_name}: {item.proposal.justification}", style="List Bullet"
            )
    doc.add_paragraph(text["closing"])
    word._docx_signature(doc, letter.page, info)
    return word._docx_bytes(doc)
