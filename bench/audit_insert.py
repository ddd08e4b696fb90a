"""A whole sheet's audit records written two ways, in one run: Django's `bulk_create` and
`emulation.prepared.insert_rows` (one JSON document on PostgreSQL).

    .venv/bin/python bench/audit_insert.py [--rows 32] [--count 300] \
        [--database-url postgres://postgres@127.0.0.1:5432/thidua_bench]

On the bench database (`make bench` makes it), builds `rows` audit records as a whole-sheet
save builds them (`audit.services.audit_entry`, one per score of a sheet of the open year) and
writes them inside a transaction that is rolled back, alternating the two writers, `count`
times each after a warm-up. Prints the CPU time of this process per write (median; the
records' building included in both) and the ratio. CPU time rather than wall time, and
alternation, because these machines are noisy; PostgreSQL's own CPU is not counted.
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


class _RolledBack(Exception):
    pass


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=32)
    parser.add_argument("--count", type=int, default=300)
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/thidua_bench")
    args = parser.parse_args()
    import http_bench

    http_bench.in_process(args.database_url)
    import django

    django.setup()
    from django.db import connection, transaction

    from audit.models import AuditEntry
    from audit.services import audit_entry
    from emulation.prepared import insert_rows
    from scoring.models import Score

    scores = list(
        Score.objects.filter(sheet__term__status="scoring")
        .select_related("sheet", "criterion")
        .order_by("sheet_id", "pk")[: args.rows]
    )

    def records():
        return [
            audit_entry(
                actor=None,
                action="scoring.score.self_scored",
                obj=score,
                before={"self_points": "7.50", "self_occurrences": None, "self_note": ""},
                after={
                    "self_points": "8.00",
                    "self_note": "Đã có minh chứng",
                    "criterion": score.criterion.code,
                    "sheet_id": score.sheet_id,
                    "sheet_version": 7,
                },
                ip="127.0.0.1",
                term_id=score.sheet.term_id,
                sheet_id=score.sheet_id,
                criterion_id=score.criterion_id,
            )
            for score in scores
        ]

    writers = {
        "bulk_create": lambda entries: AuditEntry.objects.bulk_create(entries),
        "insert_rows": lambda entries: insert_rows(AuditEntry, entries),
    }

    def write(name: str) -> float:
        start = time.process_time()
        try:
            with transaction.atomic():
                writers[name](records())
                raise _RolledBack
        except _RolledBack:
            pass
        return time.process_time() - start

    times: dict[str, list[float]] = {name: [] for name in writers}
    for _ in range(10):
        for name in writers:
            write(name)
    for _ in range(args.count):
        for name in writers:
            times[name].append(write(name))
    base = statistics.median(times["bulk_create"])
    print(f"{len(scores)} audit records per write, {connection.vendor}, {args.count} writes each")
    for name, values in times.items():
        median = statistics.median(values)
        share = median / base
        print(f"{name:12} {median * 1000:6.2f} ms CPU per write, {share:6.1%} of bulk_create")


if __name__ == "__main__":
    main()
