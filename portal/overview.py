"""The board's province overview: every block of the province in one year, with its stage, the
sheets submitted and verified out of its members, the deadlines, what is late and who waits on
whom. One page (sortable, printable) and its .xlsx, read in a fixed number of queries.
"""

import datetime
import io
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from blocks.models import Block, Membership, Province, Term
from campaigns.models import Scale
from emulation.collation import sort_key
from emulation.spreadsheets import text_only
from results.models import ProvisionalRelease
from scoring.models import ScoreSheet

S = ScoreSheet.Status
SUBMITTED = (S.SUBMITTED, S.UNDER_REVIEW, S.NEEDS_EXPLANATION, S.VERIFIED, S.LOCKED)
VERIFIED = (S.VERIFIED, S.LOCKED)
SORTS = ("name", "stage", "late", "deadline")


@dataclass
class OverviewRow:
    block: Block
    term: Term | None
    members: int = 0
    submitted: int = 0
    verified: int = 0
    late: int = 0
    to_review: int = 0
    scale_waiting: bool = False
    objections_close: datetime.datetime | None = None
    waiting: str = ""

    @property
    def deadline(self) -> datetime.datetime | None:
        if self.term is None:
            return None
        return self.objections_close or self.term.scoring_closes_at

    @property
    def stage(self) -> str:
        return self.term.get_status_display() if self.term else _("No year set up")


def _waiting(row: OverviewRow, now) -> str:
    """Who the block waits on now, in one phrase."""
    term = row.term
    if term is None:
        return _("The board: the year is not set up")
    if row.scale_waiting:
        return _("The board: the scale waits for approval")
    if term.status == Term.Status.SETUP:
        return _("The leader unit: the scale and the scoring window")
    if row.late:
        return _("%(count)d member unit(s): sheets late") % {"count": row.late}
    if row.to_review:
        return _("The leader unit: %(count)d sheet(s) to review") % {"count": row.to_review}
    if term.status == Term.Status.SCORING and row.submitted < row.members:
        return _("Member units: sheets still to submit")
    if term.status == Term.Status.PROVISIONAL and row.objections_close:
        if row.objections_close > now:
            return _("Member units: the objection window is open")
        return _("The board: publication")
    if term.status == Term.Status.REVIEW or row.verified == row.members:
        return _("The leader unit: sharing the provisional results")
    return ""


def province_overview(province: Province, year: int, now, sort: str = "name") -> list[OverviewRow]:
    """The rows of the overview (6 queries, whatever the number of blocks, units or sheets):
    blocks, years, member counts, sheet counts, scales waiting, provisional releases.

    A little over fifty lines on purpose: the six reads and the one loop that joins them are
    kept side by side, so the pinned query count can be checked against the code at a glance."""
    blocks = list(Block.objects.filter(province=province, archived=False))
    terms = {
        t.block_id: t
        for t in Term.objects.filter(block__province=province, year=year).select_related(
            "leader", "deputy"
        )
    }
    members = dict(
        Membership.objects.during_year(year)
        .filter(block__province=province)
        .values("block_id")
        .annotate(n=Count("unit_id", distinct=True))
        .values_list("block_id", "n")
    )
    counts: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    sheets = ScoreSheet.objects.filter(term__in=list(terms.values()))
    late_q = Q(status__in=(S.NOT_STARTED, S.DRAFT), term__scoring_closes_at__lt=now)
    grouped = sheets.values("term_id", "status").annotate(
        n=Count("pk"), late=Count("pk", filter=late_q)
    )
    for term_id, status, n, late in grouped.values_list("term_id", "status", "n", "late"):
        counts[term_id][status] += n
        counts[term_id]["late"] += late
    scales = set(
        Scale.objects.filter(
            term__in=list(terms.values()), status=Scale.Status.SUBMITTED
        ).values_list("term_id", flat=True)
    )
    releases = dict(
        ProvisionalRelease.objects.filter(term__in=list(terms.values())).values_list(
            "term_id", "closes_at"
        )
    )
    rows = []
    for block in blocks:
        term = terms.get(block.pk)
        row = OverviewRow(block=block, term=term, members=members.get(block.pk, 0))
        if term is not None:
            c = counts[term.pk]
            row.submitted = sum(c[s] for s in SUBMITTED)
            row.verified = sum(c[s] for s in VERIFIED)
            row.to_review = c[S.SUBMITTED] + c[S.UNDER_REVIEW]
            row.late = c["late"]
            row.scale_waiting = term.pk in scales
            row.objections_close = releases.get(term.pk)
        row.waiting = _waiting(row, now)
        rows.append(row)
    return _sorted(rows, sort)


def _sorted(rows: list[OverviewRow], sort: str) -> list[OverviewRow]:
    rows = sorted(rows, key=lambda r: sort_key(r.block.name))
    order = [s.value for s in Term.Status]
    if sort == "stage":
        rows.sort(key=lambda r: order.index(r.term.status) if r.term else -1)
    elif sort == "late":
        rows.sort(key=lambda r: -r.late)
    elif sort == "deadline":
        far = datetime.datetime.max.replace(tzinfo=datetime.UTC)
        rows.sort(key=lambda r: r.deadline or far)
    return rows


def overview_xlsx(province: Province, year: int, rows: list[OverviewRow]) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = str(year)
    ws.append(
        [_("Province overview %(year)s — %(province)s") % {"year": year, "province": province.name}]
    )
    ws["A1"].font = Font(bold=True, size=13)
    labels = [
        _("Block"),
        _("Leader unit"),
        _("Stage"),
        _("Members"),
        _("Sheets submitted"),
        _("Sheets verified"),
        _("Late"),
        _("Deadline"),
        _("Waiting on"),
    ]
    ws.append(labels)
    for cell in ws[2]:
        cell.font = Font(bold=True)
    for r in rows:
        deadline = r.deadline.astimezone().replace(tzinfo=None) if r.deadline else None
        ws.append(
            [
                r.block.name,
                r.term.leader.name if r.term else "",
                r.stage,
                r.members,
                r.submitted,
                r.verified,
                r.late,
                deadline,
                r.waiting,
            ]
        )
        if deadline:
            ws.cell(row=ws.max_row, column=8).number_format = "dd/mm/yyyy hh:mm"
    for column, width in zip("ABCDEFGHI", (40, 32, 20, 10, 12, 12, 8, 18, 44), strict=True):
        ws.column_dimensions[column].width = width
    text_only(wb)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
