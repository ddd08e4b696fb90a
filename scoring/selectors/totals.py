"""What every scoring page adds up: the sheet statuses that count, and exact per-sheet totals.

The scores are `Decimal` columns with two places and the sums are done here in Python, so a
total is exact on SQLite (whose SUM works in floating point) and PostgreSQL alike.
"""

from dataclasses import dataclass
from decimal import Decimal

from campaigns.models import Criterion
from scoring.models import ScoreSheet

ZERO = Decimal("0")
# The sheets a ranking counts; the others are listed as pending.
COUNTED_STATUSES = (ScoreSheet.Status.VERIFIED, ScoreSheet.Status.LOCKED)


@dataclass
class Totals:
    base: Decimal = ZERO
    bonus: Decimal = ZERO
    deduction: Decimal = ZERO

    @property
    def total(self) -> Decimal:
        return self.base + self.bonus - self.deduction

    def add(self, kind: str, value: Decimal | None) -> None:
        if value is None:
            return
        if kind == Criterion.Kind.SCORED:
            self.base += value
        elif kind == Criterion.Kind.BONUS:
            self.bonus += value
        elif kind == Criterion.Kind.DEDUCTION:
            self.deduction += value
