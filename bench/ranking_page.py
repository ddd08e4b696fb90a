"""The ranking page's cost, as a share of the minimal view, in one run.

    DEBUG=1 .venv/bin/python bench/ranking_page.py [--blocks 3 --units 15 --criteria 30]

Builds, in a throw-away test database, `blocks` block-years in review (every sheet verified,
nothing published) and requests, alternately, `/healthz/live` (the minimal view: the same
middleware, no database) and the live ranking page of each block-year as board staff, through
the Django test client. Prints the CPU time per request (median) of each, the ranking page's
query count, and the share: minimal view ÷ ranking page (100 % would be free). CPU time rather
than wall time, and alternation, because these machines are noisy.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "emulation.settings")


def cpu_per_request(client, url: str) -> float:
    start = time.process_time()
    response = client.get(url)
    elapsed = time.process_time() - start
    assert response.status_code == 200, (url, response.status_code)
    return elapsed


def main() -> None:
    """Build the block-years, then time the live ranking page against the minimal view.

    Long on purpose: a benchmark reads top to bottom as the steps it measures, in order, and
    splitting it would scatter the one sequence a reader checks the figures against.
    """
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--blocks", type=int, default=3)
    parser.add_argument("--units", type=int, default=15)
    parser.add_argument("--criteria", type=int, default=30)
    parser.add_argument("--rounds", type=int, default=30)
    args = parser.parse_args()

    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.urls import reverse
    from exports import build

    from accounts.models import User

    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        terms = build(args.blocks, args.units, args.criteria, publish=False)
        board = User.objects.create(username="bench-board", board_province=terms[0].block.province)
        client = Client()
        client.force_login(board)
        ranking_name = "portal:term_ranking"
        urls = [reverse(ranking_name, args=[t.block_id, t.year]) for t in terms]
        live = "/healthz/live"
        for url in [live, *urls]:  # warm up
            cpu_per_request(client, url)
        queries = []
        with connection.execute_wrapper(lambda run, sql, *a: queries.append(sql) or run(sql, *a)):
            cpu_per_request(client, urls[0])
        minimal, page = [], []
        for _ in range(args.rounds):
            for url in urls:
                minimal.append(cpu_per_request(client, live))
                page.append(cpu_per_request(client, url))
        m, p = statistics.median(minimal), statistics.median(page)
        print(
            f"{args.blocks} block-years × {args.units} units × {args.criteria} criteria, "
            f"{connection.vendor}, {len(page)} requests each"
        )
        print(f"  minimal view /healthz/live   {m * 1000:7.2f} ms CPU per request")
        print(
            f"  live ranking page (board)    {p * 1000:7.2f} ms CPU per request, "
            f"{len(queries)} queries"
        )
        print(f"  share of the minimal view    {m / p:7.1%}")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
