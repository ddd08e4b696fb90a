"""The minutes of a conference (biên bản hội nghị): attendance, agenda, each ballot with its
method, electorate, turnout and result, and the flag handover; as PDF and .docx, in the frame
every document of the year shares (`documents.frame`).

The frame reads a "page" (term, names, publication, header); `MinutesPage` gives it the
minutes' own number and date (the meeting's) in place of a publication's, so the number line,
the issuer and the place-and-date line are the frame's, not a second copy of them. A biên bản is
signed by the secretary and the chair, so the signature row is the minutes' own.
"""

import datetime
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from conference import selectors as conference_selectors
from conference.models import Ballot, Meeting
from documents.frame import decree_day_month, frame, header_of
from documents.pdfs import _pdf
from documents.word import _docx_bytes, _docx_frame, _new_document, _title
from results.selectors import current_names


@dataclass
class MinutesIssue:
    """What the frame reads of a publication: here the minutes' number and the meeting's day."""

    decision_number: str
    decision_date: datetime.date


@dataclass
class MinutesPage:
    term: object
    names: dict
    publication: MinutesIssue
    _document_header: object = None


@dataclass
class Minutes:
    meeting: Meeting
    page: MinutesPage
    title: str
    subtitle: str
    opening: list[str]
    attendance: list[dict]
    present_count: int
    observers: list[str]
    agenda: list[str]
    ballots: list[dict] = field(default_factory=list)
    handover: str = ""


def _method_line(ballot: Ballot) -> str:
    return _("Method: %(method)s; carried by %(threshold)s %(base)s.") % {
        "method": ballot.get_method_display(),
        "threshold": str(ballot.get_threshold_display()).lower(),
        "base": ballot.get_base_display(),
    }


def _ballot_lines(ballot: Ballot) -> dict:
    lines = [_method_line(ballot)]
    if ballot.status == Ballot.Status.DRAFT:
        lines.append(_("Not put to the vote."))
        return {"heading": f"{ballot.number}. {ballot.title}", "lines": lines}
    lines.append(
        _("Electorate: %(size)s member units, %(present)s of them present.")
        % {"size": ballot.electorate_size, "present": ballot.present_size}
    )
    if ballot.status == Ballot.Status.OPEN:
        lines.append(_("The vote was still open when these minutes were printed."))
        return {"heading": f"{ballot.number}. {ballot.title}", "lines": lines}
    counts = "; ".join(f"{o.label}: {o.votes}" for o in ballot.options.all())
    lines.append(
        _("Votes cast: %(cast)s of %(size)s units (%(counts)s%(invalid)s).")
        % {
            "cast": ballot.votes_cast,
            "size": ballot.electorate_size,
            "counts": counts,
            "invalid": (_("; invalid papers: %(n)s") % {"n": ballot.invalid_votes})
            if ballot.invalid_votes
            else "",
        }
    )
    if ballot.outcome == Ballot.Outcome.CARRIED and ballot.winner_id:
        result = _("Result: %(unit)s is elected (%(votes)s votes, base %(base)s).") % {
            "unit": ballot.winner.name,
            "votes": next(o.votes for o in ballot.options.all() if o.unit_id == ballot.winner_id),
            "base": ballot.base_size,
        }
    elif ballot.outcome == Ballot.Outcome.CARRIED:
        result = _("Result: carried (base %(base)s).") % {"base": ballot.base_size}
    elif ballot.outcome == Ballot.Outcome.TIE:
        result = _("Result: tie between the leading candidates; a new round is needed.")
    else:
        result = _("Result: not carried (base %(base)s).") % {"base": ballot.base_size}
    lines.append(result)
    if ballot.note:
        lines.append(ballot.note)
    heading = f"{ballot.number}. {ballot.title}"
    if ballot.round > 1:
        heading += " " + _("(round %(round)s)") % {"round": ballot.round}
    return {"heading": heading, "lines": lines}


def minutes_of(meeting: Meeting) -> Minutes:
    """Everything the minutes print, for both formats (the meeting page's reads, plus the
    year's header and names)."""
    term = meeting.term
    names = current_names(term)
    real = header_of(term)
    header = type(real)(
        term=term,
        recipients=real.recipients,
        signer_authority=_("CHAIR OF THE MEETING"),
        signer_position=meeting.chair_title.upper(),
        signer_name=meeting.chair_name,
    )
    page = MinutesPage(
        term=term,
        names=names,
        publication=MinutesIssue(meeting.minutes_number or "…/BB-…", meeting.held_on),
        _document_header=header,
    )
    data = conference_selectors.meeting_page(meeting, None)
    day, month = decree_day_month(meeting.held_on)
    when = _("day %(day)s month %(month)s year %(year)s") % {
        "day": day,
        "month": month,
        "year": meeting.held_on.year,
    }
    if meeting.starts_at:
        when = _("%(time)s, %(day)s") % {"time": meeting.starts_at.strftime("%H:%M"), "day": when}
    opening = [
        _("Time: %(when)s.") % {"when": when},
        _("Place: %(place)s.") % {"place": meeting.place},
        _("Chair: %(name)s%(title)s.")
        % {
            "name": meeting.chair_name,
            "title": f", {meeting.chair_title}" if meeting.chair_title else "",
        },
        _("Secretary: %(name)s%(title)s.")
        % {
            "name": meeting.secretary_name,
            "title": f", {meeting.secretary_title}" if meeting.secretary_title else "",
        },
    ]
    handover = ""
    if data.handover:
        handover = _("%(from)s handed the rotating flag to %(to)s, leader unit in %(year)s.") % {
            "from": term.leader.name,
            "to": data.handover.to_term.leader.name,
            "year": data.handover.to_term.year,
        }
    return Minutes(
        meeting=meeting,
        page=page,
        title=_("MINUTES"),
        subtitle=_("%(kind)s of the emulation year %(year)s — %(block)s")
        % {"kind": meeting.get_kind_display(), "year": term.year, "block": names["block"]},
        opening=opening,
        attendance=[
            {
                "unit": row.unit.name,
                "present": _("Present") if row.present else _("Absent"),
                "representatives": row.representatives,
            }
            for row in data.attendance
        ],
        present_count=data.present_count,
        observers=data.observers,
        agenda=meeting.agenda_lines(),
        ballots=[_ballot_lines(b) for b in data.ballots],
        handover=handover,
    )


def _signatures(meeting: Meeting) -> list[dict]:
    return [
        {"title": _("SECRETARY"), "name": meeting.secretary_name},
        {"title": _("CHAIR OF THE MEETING"), "name": meeting.chair_name},
    ]


def minutes_pdf(meeting: Meeting) -> bytes:
    minutes = minutes_of(meeting)
    return _pdf(
        "documents/minutes.html",
        {
            "minutes": minutes,
            "frame": frame(minutes.page),
            "signatures": _signatures(meeting),
        },
    )


def minutes_docx(meeting: Meeting) -> bytes:
    minutes = minutes_of(meeting)
    doc = _new_document()
    _docx_frame(doc, minutes.page)
    _title(doc, minutes.title, minutes.subtitle)
    for line in minutes.opening:
        doc.add_paragraph(line)
    doc.add_paragraph().add_run(
        _("I. Attendance: %(present)s of %(total)s member units present")
        % {"present": minutes.present_count, "total": len(minutes.attendance)}
    ).bold = True
    table = doc.add_table(rows=1, cols=4)
    table.style = "Table Grid"
    labels = [_("No."), _("Unit"), _("Attendance"), _("Representatives")]
    for cell, label in zip(table.rows[0].cells, labels, strict=True):
        cell.text = label
        cell.paragraphs[0].runs[0].bold = True
    for number, row in enumerate(minutes.attendance, start=1):
        values = [str(number), row["unit"], row["present"], row["representatives"]]
        for cell, value in zip(table.add_row().cells, values, strict=True):
            cell.text = value
    if minutes.observers:
        doc.add_paragraph(_("Observers: %(names)s.") % {"names": "; ".join(minutes.observers)})
    if minutes.agenda:
        doc.add_paragraph().add_run(_("II. Agenda")).bold = True
        for line in minutes.agenda:
            doc.add_paragraph(line, style="List Number")
    doc.add_paragraph().add_run(_("III. Votes")).bold = True
    if not minutes.ballots:
        doc.add_paragraph(_("No vote was held."))
    for item in minutes.ballots:
        doc.add_paragraph().add_run(item["heading"]).bold = True
        for line in item["lines"]:
            doc.add_paragraph(line, style="List Bullet")
    if minutes.handover:
        doc.add_paragraph().add_run(_("IV. Flag handover")).bold = True
        doc.add_paragraph(minutes.handover)
    doc.add_paragraph()
    cells = doc.add_table(rows=1, cols=2).rows[0].cells
    for cell, sign in zip(cells, _signatures(meeting), strict=True):
        run = cell.paragraphs[0].add_run(sign["title"])
        run.bold = True
        for _blank in range(4):
            cell.add_paragraph()
        cell.add_paragraph().add_run(sign["name"]).bold = True
    return _docx_bytes(doc)


def filename(meeting: Meeting, ext: str) -> str:
    return f"bien-ban-{meeting.term.block_id}-{meeting.term.year}-{meeting.pk}.{ext}"
