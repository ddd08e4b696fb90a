"""manage.py export_year BLOCK YEAR [--output PATH]: one block-year as a readable zip.

BLOCK is the block's id or its exact name. Without --output the zip is written to the current
directory as thidua-<block id>-<year>.zip. See documents/year_export.py and docs/operations.md.
"""

import logging
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from documents.year_export import ExportError, find_term, write_year


class Command(BaseCommand):
    help = "Write one block-year (scale, sheets, scores, evidence, audit, results) to a zip."

    def add_arguments(self, parser):
        parser.add_argument("block", help="the block's id or exact name")
        parser.add_argument("year", type=int)
        parser.add_argument("--output", "-o", help="where to write the zip")

    def handle(self, *args, block: str, year: int, output: str | None, **options):
        try:
            term = find_term(block, year)
        except ExportError as exc:
            raise CommandError(str(exc)) from exc
        default = f"thidua-{term.block_id}-{term.year}.zip"
        path = Path(output or default)
        if path.is_dir() or (output or "").endswith(("/", "\\")):
            path = path / default
        # WeasyPrint reports each step of the PDF at INFO: not news for an operator.
        logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
        path.parent.mkdir(parents=True, exist_ok=True)
        # Written beside the target, then moved: a failed export leaves no half-written zip.
        partial = path.with_name(path.name + ".partial")
        try:
            summary = write_year(term, partial)
            partial.replace(path)
        finally:
            partial.unlink(missing_ok=True)
        self.stdout.write(
            f"{path}: {len(summary.names)} files, {summary.evidence} evidence files, "
            f"{summary.audit_entries} audit entries ({term.block.name}, {term.year})."
        )
