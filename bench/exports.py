"""Measure the exports on a province-sized year.

    DEBUG=1 .venv/bin/python bench/exports.py [--blocks 35 --units 15 --criteria 30]

Builds, in a throw-away test database, one year of a province: `blocks` blocks of `units`
member units each, a locked scale of `criteria` scored criteria (plus a bonus and a deduction
item), every sheet verified, every year published. Then it times, per block-year, through the
Django test client (views, access checks, selectors and all):

- the baseline: the published ranking page (HTML), measured in the same run;
- the ranking .xlsx, the score matrix .xlsx, the ranking .docx, the ranking PDF, one unit's
  score-sheet PDF.

It prints the median per request, the total for the whole province and the ratio to the
baseline. Absolute times depend on the machine; the ratios travel better.
"""

import argparse
import datetime
import os
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "emulation.settings")


def build(blocks: int, units: int, criteria: int, *, publish: bool = True):
    """One province-year of data, as publication leaves it (or in review).

    Long on purpose: a benchmark reads top to bottom as the steps it measures, in order, and
    splitting it would scatter the one sequence a reader checks the figures against.
    """
    from blocks.models import Block, Membership, Province, Term, Unit
    from campaigns.models import Criterion, Scale
    from results.services import publish_term
    from scoring.models import Score, ScoreSheet

    province = Province.objects.create(code="BENCH", name="Tỉnh đo hiệu năng")
    terms = []
    for b in range(blocks):
        block = Block.objects.create(province=province, name=f"Khối thi đua số {b + 1}")
        members = Unit.objects.bulk_create(
            Unit(
                province=province,
                name=f"Sở {b + 1}.{u + 1} Kế hoạch và Đầu tư",
                short_name=f"S{b}.{u}",
            )
            for u in range(units)
        )
        Membership.objects.bulk_create(
            Membership(block=block, unit=unit, valid_from=datetime.date(2020, 1, 1))
            for unit in members
        )
        term = Term.objects.create(
            block=block, year=2025, leader=members[0], deputy=members[1], status=Term.Status.REVIEW
        )
        scale = Scale.objects.create(term=term, status=Scale.Status.LOCKED)
        lines = Criterion.objects.bulk_create(
            [
                Criterion(
                    scale=scale,
                    code=str(c + 1),
                    title=f"Tiêu chí thi đua số {c + 1}",
                    order=c,
                    max_points=Decimal("10"),
                )
                for c in range(criteria)
            ]
            + [
                Criterion(
                    scale=scale,
                    code="T",
                    title="Điểm thưởng",
                    order=90,
                    kind="bonus",
                    max_points=Decimal("10"),
                ),
                Criterion(
                    scale=scale,
                    code="D",
                    title="Điểm trừ",
                    order=91,
                    kind="deduction",
                    max_points=Decimal("5"),
                ),
            ]
        )
        sheets = ScoreSheet.objects.bulk_create(
            ScoreSheet(term=term, unit=unit, scale=scale, status=ScoreSheet.Status.VERIFIED)
            for unit in members
        )
        Score.objects.bulk_create(
            Score(
                sheet=sheet,
                criterion=line,
                self_points=Decimal(10 - (i + j) % 4) / (2 if line.code == "D" else 1),
            )
            for i, sheet in enumerate(sheets)
            for j, line in enumerate(lines)
        )
        if publish:
            publish_term(
                term=term,
                actor=None,
                decision_number=f"{b + 1}/QĐ",
                decision_date=datetime.date(2026, 1, 20),
            )
        terms.append(term)
    return terms


def measure(client, url: str, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        response = client.get(url)
        content = b"".join(response.streaming_content) if response.streaming else response.content
        times.append(time.perf_counter() - start)
        assert response.status_code == 200 and content, (url, response.status_code)
    return times


def main() -> None:
    """Build the data, then time every export of every block-year against the ranking page.

    Long on purpose: a benchmark reads top to bottom as the steps it measures, in order, and
    splitting it would scatter the one sequence a reader checks the figures against.
    """
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--blocks", type=int, default=35)
    parser.add_argument("--units", type=int, default=15)
    parser.add_argument("--criteria", type=int, default=30)
    parser.add_argument("--repeat", type=int, default=1, help="requests per block-year and export")
    args = parser.parse_args()

    import django

    django.setup()
    import logging

    for noisy in ("weasyprint", "fontTools"):  # DEBUG=1 logs every layout step otherwise
        logging.getLogger(noisy).setLevel(logging.WARNING)
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.urls import reverse

    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        started = time.perf_counter()
        terms = build(args.blocks, args.units, args.criteria)
        print(
            f"Built {args.blocks} blocks × {args.units} units × {args.criteria} criteria "
            f"in {time.perf_counter() - started:.1f} s ({connection.vendor})"
        )
        client = Client()
        kinds = [
            ("ranking page (HTML, baseline)", "portal:term_ranking", False),
            ("ranking .xlsx", "documents:ranking_xlsx", False),
            ("score matrix .xlsx", "documents:matrix_xlsx", False),
            ("ranking .docx", "documents:ranking_docx", False),
            ("ranking PDF", "documents:ranking_pdf", False),
            ("unit score sheet PDF", "documents:unit_pdf", True),
        ]
        # Warm up: template loading, WeasyPrint fonts.
        for _label, name, per_unit in kinds:
            extra = [terms[0].leader_id] if per_unit else []
            measure(client, reverse(name, args=[terms[0].block_id, 2025, *extra]), 1)
        results = {}
        for label, name, per_unit in kinds:
            times = []
            for term in terms:
                extra = [term.leader_id] if per_unit else []
                times += measure(
                    client, reverse(name, args=[term.block_id, 2025, *extra]), args.repeat
                )
            results[label] = times
        baseline = statistics.median(results[kinds[0][0]])
        print(f"\n{'export':32} {'median / request':>17} {'whole province':>15} {'× baseline':>11}")
        for label, times in results.items():
            median = statistics.median(times)
            ratio = median / baseline
            print(f"{label:32} {median * 1000:14.0f} ms {sum(times):13.1f} s {ratio:10.1f}×")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
