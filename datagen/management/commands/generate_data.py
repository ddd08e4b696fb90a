import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from blocks.models import Province
from datagen.generator import CODE_PREFIX, PASSWORD, Generator, Size


class Command(BaseCommand):
    help = (
        "Generate a synthetic country for load tests: provinces × blocks × units, criteria and "
        "years (published years, a year in review, a year with scoring open). Deterministic for "
        "a seed; refuses to run twice on the same database."
    )

    def add_arguments(self, parser):
        parser.add_argument("--provinces", type=int, default=1)
        parser.add_argument("--blocks", type=int, default=5, help="Blocks per province.")
        parser.add_argument("--units", type=int, default=15, help="Units per block.")
        parser.add_argument("--criteria", type=int, default=30, help="Scored criteria per scale.")
        parser.add_argument("--years", type=int, default=3)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--last-year", type=int, default=2025, help="The year being scored.")

    def handle(self, *args, **options):
        size = Size(
            provinces=options["provinces"],
            blocks=options["blocks"],
            units=options["units"],
            criteria=options["criteria"],
            years=options["years"],
        )
        limits = {"provinces": 99, "blocks": 99, "units": 99, "criteria": 99, "years": 50}
        for name, limit in limits.items():
            if not 1 <= getattr(size, name) <= limit:
                raise CommandError(f"--{name} must be between 1 and {limit}.")
        if size.units < 2:
            raise CommandError("--units must be at least 2 (a leader and a deputy).")
        if Province.objects.filter(code__startswith=CODE_PREFIX).exists():
            raise CommandError(
                "Generated data is already here (provinces G01…). Use an empty database."
            )
        started = time.monotonic()
        summary = Generator(
            size=size, seed=options["seed"], last_year=options["last_year"], stream=self.stdout
        ).run()
        # Bulk inserts leave the planner without statistics until autovacuum passes (never,
        # where it is off): a page of the generated data could be planned as if it were empty.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        elapsed = time.monotonic() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"Generated {summary.provinces} provinces, {summary.units:,} units, "
                f"{summary.users:,} users, {summary.terms:,} block-years "
                f"({summary.published:,} published), {summary.sheets:,} sheets, "
                f"{summary.scores:,} scores in {elapsed:.1f} s."
            )
        )
        self.stdout.write(
            f"Officers sign in as g01b01u01 … (province, block, unit), the board as g01board; "
            f"password {PASSWORD}."
        )
