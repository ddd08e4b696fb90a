"""The restore drill (docs/operations.md): dump the demo-like data, restore it into an empty
database, and get the same rankings and the same published snapshots.

On SQLite the dump is `dumpdata` JSON and the restore `loaddata`; production uses pg_dump and
pg_restore, whose drill is in docs/operations.md.
"""

import io
import json

import pytest
from django.core.management import call_command

from audit.models import AuditEntry
from blocks.models import Term
from demo.loader import load_demo
from results.models import PublishedResult
from results.ranking import term_results

# Outside a test transaction: PostgreSQL cannot empty tables (TRUNCATE) with constraint checks
# still pending in an open transaction, and a real restore runs in an empty database anyway.
pytestmark = pytest.mark.django_db(transaction=True)


def _state():
    terms = list(Term.objects.select_related("block").order_by("pk"))
    rankings = {term.pk: term_results(term) for term in terms}
    snapshots = list(
        PublishedResult.objects.order_by("pk").values(
            "pk", "term_id", "version", "decision_number", "decision_date", "snapshot"
        )
    )
    return rankings, snapshots, AuditEntry.objects.count()


def test_dump_restore_gives_identical_rankings_and_snapshots(tmp_path):
    load_demo()
    rankings, snapshots, audit_count = _state()
    assert snapshots, "the demo publishes at least one year"
    assert any(result.rows for result in rankings.values())

    dump = tmp_path / "backup.json"
    call_command("dumpdata", output=str(dump), indent=0, verbosity=0)
    assert json.loads(dump.read_text(encoding="utf-8"))

    call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
    assert not Term.objects.exists() and not PublishedResult.objects.exists()

    call_command("loaddata", str(dump), verbosity=0, stdout=io.StringIO())
    restored_rankings, restored_snapshots, restored_audit = _state()
    assert restored_snapshots == snapshots
    assert restored_rankings.keys() == rankings.keys()
    for pk, result in rankings.items():
        again = restored_rankings[pk]
        assert again.rows == result.rows, pk
        assert again.extra == result.extra, pk
        assert again.criteria == result.criteria, pk
        assert again.leading_unit_id == result.leading_unit_id, pk
    assert restored_audit == audit_count
