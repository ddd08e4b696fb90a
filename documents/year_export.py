"""One block-year in a zip that a person can read without the app (issue #12, part 7).

`manage.py export_year BLOCK YEAR [--output PATH]` writes it. Everything is produced by the
exporters the pages use — the scale's workbook (`campaigns.xlsx`), the ranking and score matrix
workbooks and the ranking PDF (`documents`), the audit trail's workbook (`audit.export`) — from
the same table the ranking page shows (`results.selectors.ranking_page`: the latest published
version, or the live results of a year not published yet), so the archive never disagrees with
the app. README.txt (Vietnamese) says what each file is.
"""

import io
import json
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import PurePosixPath

from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from audit.export import MAX_EXPORT_ROWS, export_workbook
from audit.models import AuditEntry
from blocks.models import Block, Term
from campaigns import xlsx as scale_xlsx
from campaigns.models import Criterion, Scale
from campaigns.selectors.scale import current_scale
from documents import pdfs, spreadsheets
from emulation.collation import sorted_vi
from emulation.spreadsheets import text_only
from results.models import PublishedResult
from results.selectors import ranking_page
from scoring.models import Evidence, Score, ScoreSheet

# File names inside the zip.
README = "README.txt"
SCALE = "thang-diem.xlsx"
SHEETS = "phieu-cham-diem.xlsx"
MATRIX = "bang-diem.xlsx"
RANKING_XLSX = "xep-hang.xlsx"
RANKING_PDF = "xep-hang.pdf"
AUDIT = "nhat-ky-thay-doi.xlsx"
RESULTS_JSON = "ket-qua.json"
EVIDENCE_DIR = "minh-chung"
DECISIONS_DIR = "quyet-dinh"

_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


class ExportError(Exception):
    """The block or year asked for cannot be exported (not found, ambiguous)."""


@dataclass
class ExportSummary:
    term: Term
    names: list[str] = field(default_factory=list)
    evidence: int = 0
    audit_entries: int = 0


def find_term(block: str, year: int) -> Term:
    """BLOCK is a block's id or its exact name (case does not matter)."""
    found = list(Block.objects.filter(pk=int(block))) if block.isdigit() else []
    if not found:
        # Compared in Python: SQLite's case-insensitive match knows only ASCII ("KHỐI" ≠ "Khối").
        wanted = _folded(block)
        found = [b for b in Block.objects.only("pk", "name") if _folded(b.name) == wanted]
    if not found:
        raise ExportError(f"No block with the id or name {block!r}.")
    if len(found) > 1:
        raise ExportError(f"Several blocks are named {block!r}: give the block's id.")
    term = Term.objects.filter(block=found[0], year=year).select_related("block__province").first()
    if term is None:
        raise ExportError(f"The block {found[0].name!r} has no year {year}.")
    return term


def _folded(text: str) -> str:
    return unicodedata.normalize("NFC", text).strip().casefold()


def safe_name(text: str, fallback: str = "tep") -> str:
    """A file or folder name that every system accepts, keeping Vietnamese letters."""
    cleaned = _UNSAFE.sub("-", text).strip(" .-")
    return cleaned[:120] or fallback


def _sheet_title(name: str, used: set[str]) -> str:
    base = re.sub(r"[\[\]:*?/\\]", "-", name)[:28] or "Sheet"
    title, n = base, 2
    while title.lower() in used:
        title, n = f"{base[:25]} ({n})", n + 1
    used.add(title.lower())
    return title


def _local(value) -> str:
    return timezone.localtime(value).strftime("%d/%m/%Y %H:%M") if value else ""


def _figure(value) -> float | None:
    return None if value is None else float(value)


def sheets_workbook(term: Term, sheets: list[ScoreSheet], table: dict) -> bytes:
    """Every unit's score sheet, one worksheet per unit: each criterion with the unit's own
    points and note, the reviewed points and reason, and the points the ranking counted."""
    scores = {}
    for score in Score.objects.filter(sheet__term=term).select_related("criterion"):
        scores[(score.sheet_id, score.criterion_id)] = score
    criteria_by_scale: dict[int, list[Criterion]] = {}
    for criterion in Criterion.objects.filter(scale_id__in={s.scale_id for s in sheets}).order_by(
        "order", "pk"
    ):
        criteria_by_scale.setdefault(criterion.scale_id, []).append(criterion)
    counted = {row["unit_id"]: row for row in table["rows"]}

    book = Workbook()
    book.remove(book.active)
    used: set[str] = set()
    for sheet in sheets:
        ws = book.create_sheet(_sheet_title(sheet.unit.name, used))
        ws.append([sheet.unit.name])
        ws["A1"].font = Font(bold=True, size=13)
        ws.append([_("Status"), sheet.get_status_display()])
        ws.append([_("Scale version"), sheet.scale.version])
        ws.append([_("Submitted at"), _local(sheet.submitted_at)])
        ws.append([_("Verified at"), _local(sheet.verified_at)])
        ws.append([])
        ws.append(
            [
                _("Code"),
                _("Criterion"),
                _("Kind"),
                _("Maximum points"),
                _("Self-score"),
                _("Occurrences (self)"),
                _("Unit's note"),
                _("Reviewed points"),
                _("Occurrences (reviewed)"),
                _("Review reason"),
                _("Points counted in the ranking"),
            ]
        )
        for cell in ws[ws.max_row]:
            cell.font = Font(bold=True)
        row_points = (counted.get(sheet.unit_id) or {}).get("points", {})
        for criterion in criteria_by_scale.get(sheet.scale_id, []):
            score = scores.get((sheet.pk, criterion.pk))
            ws.append(
                [
                    criterion.code,
                    criterion.title,
                    criterion.get_kind_display(),
                    _figure(criterion.max_points),
                    _figure(score.self_points) if score else None,
                    score.self_occurrences if score else None,
                    score.self_note if score else "",
                    _figure(score.reviewed_points) if score else None,
                    score.reviewed_occurrences if score else None,
                    score.review_reason if score else "",
                    _figure(row_points.get(criterion.code)),
                ]
            )
        for column, width in zip(
            "ABCDEFGHIJK", (8, 50, 12, 10, 10, 10, 40, 10, 10, 40, 12), strict=True
        ):
            ws.column_dimensions[column].width = width
    if not sheets:
        book.create_sheet(_("Empty")).append([_("This year has no score sheets yet.")])
    text_only(book)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _scale_of(term: Term, sheets: list[ScoreSheet]) -> Scale | None:
    """The version the sheets were scored against (one version per year once scoring opened),
    else the version in force."""
    ids = {s.scale_id for s in sheets}
    if len(ids) == 1:
        return Scale.objects.get(pk=ids.pop())
    return current_scale(term)


def results_document(term: Term, page, publications: list[PublishedResult]) -> dict:
    """The ranking as JSON: the table the files above were made from, and every published
    version with its frozen snapshot as stored."""
    return {
        "block": {"id": term.block_id, "name": term.block.name},
        "province": term.block.province.name,
        "year": term.year,
        "status": term.status,
        "exported_at": timezone.now().isoformat(),
        "source": (f"published version {page.publication.version}" if page.publication else "live"),
        "ranking": page.table,
        "publications": [
            {
                "version": p.version,
                "decision_number": p.decision_number,
                "decision_date": p.decision_date.isoformat(),
                "reason": p.reason,
                "published_at": p.published_at.isoformat(),
                "snapshot": p.snapshot,
            }
            for p in publications
        ],
    }


def _readme(term: Term, page, summary: ExportSummary, evidence_note: str, audit_note: str) -> str:
    """README.txt, in the active language (Vietnamese: the export runs under "vi")."""
    names = page.names
    if page.publication:
        state = _("published results, version %(version)s, decision no. %(number)s of %(date)s") % {
            "version": page.publication.version,
            "number": page.publication.decision_number,
            "date": page.publication.decision_date.strftime("%d/%m/%Y"),
        }
    else:
        state = _("NOT PUBLISHED: a provisional ranking from the verified sheets")
    files = [
        (README, _("this file.")),
        (
            SCALE,
            _(
                "the scale of %(year)s (the version the units were scored against): code, "
                "parent group code, kind (group, criterion, bonus, deduction), title, maximum "
                "points, points per occurrence, evidence required, guidance."
            )
            % {"year": term.year},
        ),
        (
            SHEETS,
            _(
                "every unit's score sheet, one worksheet per unit: status, when it was "
                "submitted and verified; for each criterion the unit's own points and note, the "
                "reviewed points and their reason, and the points counted in the ranking."
            ),
        ),
        (MATRIX, _("the score matrix: one row per unit, one column per criterion.")),
        (
            RANKING_XLSX,
            _(
                "the ranking: rank, base points, bonus, deduction, total, classification, and "
                "the notes on broken ties."
            ),
        ),
        (
            RANKING_PDF,
            _(
                "the ranking report in the administrative form of Decree 30/2020/ND-CP, as "
                "downloaded from the ranking page."
            ),
        ),
        (
            AUDIT,
            _(
                "the year's audit trail: who did what and when, the values before and after, "
                "the reason."
            )
            + " "
            + audit_note,
        ),
        (
            RESULTS_JSON,
            _(
                'the results as JSON: "ranking" is the table the files above were made from '
                '(each unit\'s totals, rank and classification); "publications" lists every '
                "published version with its snapshot exactly as stored at publication."
            ),
        ),
        (
            f"{EVIDENCE_DIR}/",
            _(
                "the evidence files: one folder per unit, inside it one folder per criterion "
                "code; each file keeps the name it was uploaded with."
            )
            + " "
            + evidence_note,
        ),
        (
            f"{DECISIONS_DIR}/",
            _("the signed publication decisions (scans), if any, by version."),
        ),
    ]
    lines = [
        _("RECORD OF THE EMULATION YEAR %(year)s") % {"year": term.year},
        f"{names.get('block', term.block.name)} — {names.get('province', '')}".rstrip(" —"),
        _("State: %(state)s") % {"state": state},
        _("Exported on %(when)s (Vietnam time) by the export_year command of Thi Đua.")
        % {"when": _local(timezone.now())},
        "",
        _(
            "This record can be read without Thi Đua: the .xlsx files open in Excel or "
            "LibreOffice, the .pdf file in any PDF reader, the .json file in a text editor."
        ),
        "",
        _("FILES"),
    ]
    lines += [f"- {name}: {text}" for name, text in files]
    lines += ["", _("Files in this record: %(count)s.") % {"count": len(summary.names) + 1}]
    return "\n".join(str(line) for line in lines) + "\n"


class _Encoder(DjangoJSONEncoder):
    def default(self, o):
        if isinstance(o, Decimal):
            return f"{o:.2f}"
        return super().default(o)


def write_year(term: Term, target) -> ExportSummary:
    """Write the zip of `term` to `target` (a path or a binary file object)."""
    summary = ExportSummary(term=term)
    with translation.override("vi"), zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zf:

        def add(name: str, content: bytes | str) -> None:
            zf.writestr(name, content)
            summary.names.append(name)

        page = ranking_page(term)
        sheets = sorted_vi(
            ScoreSheet.objects.filter(term=term).select_related("unit", "scale"),
            key=lambda s: s.unit.name,
        )
        scale = _scale_of(term, sheets)
        if scale is not None:
            criteria = list(scale.criteria.all())
            add(SCALE, scale_xlsx.export_bytes(scale, criteria))
        add(SHEETS, sheets_workbook(term, sheets, page.table))
        add(MATRIX, spreadsheets.matrix_xlsx(page))
        add(RANKING_XLSX, spreadsheets.ranking_xlsx(page))
        add(RANKING_PDF, pdfs.ranking_pdf(page))

        entries = (
            AuditEntry.objects.filter(term_id=term.pk)
            .select_related("actor__unit")
            .order_by("at", "pk")
        )
        summary.audit_entries = entries.count()
        add(AUDIT, export_workbook(entries))
        audit_note = (
            _("The year has %(count)s entries; the file holds the first %(limit)s.")
            % {"count": summary.audit_entries, "limit": MAX_EXPORT_ROWS}
            if summary.audit_entries > MAX_EXPORT_ROWS
            else _("All %(count)s entries, oldest first.") % {"count": summary.audit_entries}
        )

        publications = list(PublishedResult.objects.filter(term=term).order_by("version"))
        document = results_document(term, page, publications)
        add(RESULTS_JSON, json.dumps(document, cls=_Encoder, ensure_ascii=False, indent=2))

        summary.evidence = _add_evidence(term, add)
        for publication in publications:
            if publication.signed_file:
                suffix = PurePosixPath(publication.signed_file.name).suffix
                with publication.signed_file.open("rb") as handle:
                    add(f"{DECISIONS_DIR}/phien-ban-{publication.version}{suffix}", handle.read())
        evidence_note = (
            _("%(count)s files (files removed from a sheet are left out).")
            % {"count": summary.evidence}
            if summary.evidence
            else _("This year has no evidence files.")
        )
        zf.writestr(README, _readme(term, page, summary, evidence_note, audit_note).encode())
    summary.names.insert(0, README)
    return summary


def evidence_path(evidence: Evidence, taken: set[str]) -> str:
    """minh-chung/<unit>/<criterion code>/<original name>, never twice the same."""
    sheet = evidence.score.sheet
    folder = (
        f"{EVIDENCE_DIR}/{safe_name(sheet.unit.name)}/{safe_name(evidence.score.criterion.code)}"
    )
    name = safe_name(evidence.original_name, fallback=f"minh-chung-{evidence.pk}")
    path, n = f"{folder}/{name}", 2
    while path in taken:
        stem, dot, ext = name.rpartition(".")
        path = f"{folder}/{stem or name} ({n}){dot}{ext if stem else ''}"
        n += 1
    taken.add(path)
    return path


def _add_evidence(term: Term, add) -> int:
    taken: set[str] = set()
    count = 0
    files = (
        Evidence.objects.filter(score__sheet__term=term, removed_at__isnull=True)
        .select_related("score__sheet__unit", "score__criterion")
        .order_by("score__sheet__unit__name", "score__criterion__order", "uploaded_at", "pk")
    )
    for evidence in files:
        with evidence.file.open("rb") as handle:
            add(evidence_path(evidence, taken), handle.read())
        count += 1
    return count
