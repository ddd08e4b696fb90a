"""EXPLAIN ANALYZE of the heaviest queries of the working pages, on a generated database.

    DEBUG=1 DATABASE_URL=postgres://…/thidua_lean_bench \\
        .venv/bin/python bench/explain_heaviest.py [--seed-history 400] [--top 5]

Run against a database filled by `manage.py generate_data` (PostgreSQL; the figures in
docs/performance.md). With `--seed-history N` it first gives the data what the generator does
not write: a history (N open sheets saved four times through `save_self_scores`, one sheet forty
times) and three provincial movements adopted by every block-year and unit of each province.
It then requests the pages through the Django test client as the people who use them — home,
province, block, the review grid, the progress board, the self-scoring page, its history in
full, a score's history, a whole-sheet save — captures their queries (CaptureQueriesContext),
runs `EXPLAIN (ANALYZE, BUFFERS)` on each distinct query and prints the `--top` slowest plans,
then the plans of the two queries issue #13 named, as they were written before (JSON filter of
the sheet history, DISTINCT join of the block's campaigns) next to how they are written now.
Writes nothing but the seeded history and adoptions (the save is rolled back).
"""

import argparse
import os
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "emulation.settings")


def seed(count: int) -> None:
    """History and adoptions the generator does not write (idempotent enough for a bench)."""
    from decimal import Decimal

    from django.db import transaction

    from accounts.models import User
    from blocks.models import Province, Term
    from campaigns.models import Campaign, CampaignAdoption
    from scoring import services
    from scoring.models import ScoreSheet

    if not CampaignAdoption.objects.exists():
        rows = []
        for province in Province.objects.all():
            campaigns = [
                Campaign.objects.create(
                    level=Campaign.Level.PROVINCIAL, province=province, name=f"Phong trào {n}"
                )
                for n in range(3)
            ]
            terms = Term.objects.filter(block__province=province).prefetch_related(
                "block__memberships"
            )
            for term in terms:
                for campaign in campaigns:
                    rows.append(CampaignAdoption(term=term, campaign=campaign, mode="separate"))
                    rows += [
                        CampaignAdoption(
                            term=term, campaign=campaign, unit_id=m.unit_id, mode="separate"
                        )
                        for m in term.block.memberships.all()
                    ]
        CampaignAdoption.objects.bulk_create(rows, batch_size=5000)
        print(f"seeded {len(rows)} adoptions")
    sheets = list(
        ScoreSheet.objects.filter(
            term__status=Term.Status.SCORING, status__in=("draft", "not_started")
        )
        .select_related("term")
        .order_by("pk")[:count]
    )
    officers = {u.unit_id: u for u in User.objects.filter(unit_id__in=[s.unit_id for s in sheets])}
    for index, sheet in enumerate(sheets):
        scores = list(sheet.scores.select_related("criterion"))
        for round_ in range(40 if index == 0 else 4):
            share = Decimal(5 + round_ % 5) / 10  # 50 % … 90 % of each maximum
            entries = {
                s.criterion_id: services.SelfEntry(
                    points=(s.criterion.max_points * share).quantize(Decimal("0.01"))
                    if s.criterion.kind == "scored"
                    else Decimal(0)
                )
                for s in scores
            }
            sheet.refresh_from_db()
            with transaction.atomic():
                services.save_self_scores(
                    sheet=sheet,
                    entries=entries,
                    version=sheet.version,
                    actor=officers[sheet.unit_id],
                )
    print(f"seeded history: {len(sheets)} sheets")


def main() -> None:
    """Seed, request the pages, explain the slowest distinct queries.

    Long on purpose, like the other benchmarks: the steps in the order they are measured.
    """
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seed-history", type=int, default=0)
    parser.add_argument("--top", type=int, default=5)
    args = parser.parse_args()

    import django

    django.setup()
    from decimal import Decimal

    from django.db import connection, transaction
    from django.db.models import Q
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment
    from django.urls import reverse

    from accounts.models import User
    from audit.models import AuditEntry
    from blocks.models import Term
    from campaigns.models import Campaign
    from scoring.models import ScoreSheet

    setup_test_environment()
    if args.seed_history:
        seed(args.seed_history)

    busiest = (
        AuditEntry.objects.filter(sheet_id__isnull=False)
        .values("sheet_id")
        .order_by()
        .annotate(n=django.db.models.Count("id"))
        .order_by("-n")
        .first()
    )
    sheet = ScoreSheet.objects.select_related("term__block").get(pk=busiest["sheet_id"])
    term = sheet.term
    officer = User.objects.filter(unit_id=sheet.unit_id).first()
    leader = User.objects.filter(unit_id=term.leader_id).first()
    print(f"sheet {sheet.pk}: {busiest['n']} history entries; block {term.block_id}, {term.year}")
    base = [term.block_id, term.year]
    own = [*base, sheet.unit_id]
    criterion = sheet.scores.order_by("criterion__order").first().criterion_id
    pages = [
        (None, reverse("portal:home")),
        (None, reverse("portal:province_detail", args=[term.block.province_id])),
        (None, reverse("portal:block_detail", args=[term.block_id])),
        (leader, reverse("scoring:review", args=base)),
        (leader, reverse("scoring:progress", args=base)),
        (officer, reverse("scoring:sheet", args=own)),
        (officer, reverse("scoring:sheet", args=own) + "?history=all"),
        (officer, reverse("scoring:score_history", args=[*own, criterion])),
    ]
    captured: dict[str, tuple[str, float]] = {}
    for user, url in pages:
        client = Client()
        if user is not None:
            client.force_login(user)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, secure=True)
        assert response.status_code == 200, (url, response.status_code)
        for query in queries.captured_queries:
            captured.setdefault(query["sql"], (url, 0.0))
    # The whole-sheet save, rolled back.
    client = Client()
    client.force_login(officer)
    data = {"version": sheet.version}
    for score in sheet.scores.select_related("criterion"):
        figure = (score.criterion.max_points * Decimal("0.7")).quantize(Decimal("0.01"))
        data[f"points_{score.criterion_id}"] = (
            str(figure) if score.criterion.kind == "scored" else "0"
        )
    with transaction.atomic(), CaptureQueriesContext(connection) as queries:
        response = client.post(reverse("scoring:sheet", args=own), data, secure=True)
        assert response.status_code == 302, response.status_code
        transaction.set_rollback(True)
    save_url = reverse("scoring:sheet", args=own) + " (POST)"
    print(f"whole-sheet save: {len(queries)} queries")
    for query in queries.captured_queries:
        if query["sql"].startswith(("SELECT", "UPDATE", "INSERT")):
            captured.setdefault(query["sql"], (save_url, 0.0))

    def explain(sql: str) -> tuple[float, str]:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
            plan = "\n".join(row[0] for row in cursor.fetchall())
            transaction.set_rollback(True)  # EXPLAIN ANALYZE of a write runs it
        found = re.search(r"Execution Time: ([\d.]+) ms", plan)
        return float(found.group(1)) if found else 0.0, plan

    timed = []
    for sql, (url, _) in captured.items():
        if sql.startswith(("SAVEPOINT", "RELEASE", "ROLLBACK")):
            continue
        explain(sql)  # warm the cache, then measure
        ms, plan = explain(sql)
        timed.append((ms, url, sql, plan))
    timed.sort(reverse=True)
    print(f"{len(timed)} distinct queries; the {args.top} slowest:")
    for ms, url, sql, plan in timed[: args.top]:
        print(f"\n=== {ms:.2f} ms — {url}\n{sql[:600]}\n{plan}")

    print("\n=== issue #13's two queries, before and after ===")
    block = term.block
    old_history = AuditEntry.objects.filter(term_id=term.pk, after__sheet_id=sheet.pk).order_by(
        "-at", "-pk"
    )
    new_history = AuditEntry.objects.filter(sheet_id=sheet.pk).order_by("-at", "-pk")[:31]
    old_campaigns = (
        Campaign.objects.filter(Q(block=block) | Q(adoptions__term__block=block), archived=False)
        .distinct()
        .order_by("-launched_on", "name")
    )
    from campaigns.models import CampaignAdoption

    adopted = CampaignAdoption.objects.filter(term__block=block).values("campaign_id")
    new_campaigns = Campaign.objects.filter(Q(block=block) | Q(pk__in=adopted), archived=False)
    for name, queryset in (
        ("sheet history before (JSON filter, every row)", old_history),
        ("sheet history now (sheet_id column, newest 30 + 1)", new_history),
        ("block campaigns before (DISTINCT join)", old_campaigns),
        (
            "block campaigns now (subquery through the block's years)",
            new_campaigns.order_by("-launched_on", "name"),
        ),
    ):
        sql, params = queryset.query.sql_with_params()
        with connection.cursor() as cursor:
            sql = cursor.mogrify(sql, params).decode()
        explain(sql)
        ms, plan = explain(sql)
        print(f"\n--- {name}: {ms:.2f} ms\n{plan}")
    print(f"\nterms {Term.objects.count()}, audit entries {AuditEntry.objects.count()}")


if __name__ == "__main__":
    main()
