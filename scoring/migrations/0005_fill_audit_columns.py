"""Fill the audit entries' new `sheet_id` and `criterion_id` columns for the records written
before they existed, from what those records already hold.

- `sheet_id`: every scoring record names its sheet in `after["sheet_id"]`.
- `criterion_id`: the records that name a criterion (`after["criterion"]`, a code) are those of
  a score, an evidence file or a query; the criterion is read from that object's score. A score
  carried onto a newer scale version names the newer criterion (same code), which is how its
  history is looked up (`scoring.selectors.score_history`).

On PostgreSQL the audit table refuses UPDATE (the append-only trigger of audit 0002). This
migration switches that one trigger off, fills the columns and switches it on again, all inside
its own transaction: PostgreSQL's DDL is transactional, so a failure half-way rolls the switch
back with the rest and the trigger is never left off. Pending deferred checks are run before
each switch (`SET CONSTRAINTS ALL IMMEDIATE`), as ALTER TABLE refuses a table with pending
trigger events.
Written in SQL expressions through the ORM (no row-by-row loop), so it runs on a national-size
trail in one statement per column.
"""

from django.db import migrations
from django.db.models import BigIntegerField, OuterRef, Subquery
from django.db.models.fields.json import KT
from django.db.models.functions import Cast

TRIGGER = "audit_auditentry_append_only"


def _switch_trigger(connection, on: bool) -> None:
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        # ALTER TABLE refuses a table with pending (deferred) trigger events: run them now.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(
            f"ALTER TABLE audit_auditentry {'ENABLE' if on else 'DISABLE'} TRIGGER {TRIGGER}"
        )
        # Django's foreign keys are INITIALLY DEFERRED: back to that for the rest.
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def fill(apps, schema_editor) -> None:
    AuditEntry = apps.get_model("audit", "AuditEntry")
    Score = apps.get_model("scoring", "Score")
    Evidence = apps.get_model("scoring", "Evidence")
    Query = apps.get_model("scoring", "Query")
    entries = AuditEntry.objects.all()
    # Historical models use a plain manager: the append-only queryset is the app's, not theirs.
    _switch_trigger(schema_editor.connection, on=False)
    entries.filter(sheet_id__isnull=True, after__has_key="sheet_id").update(
        sheet_id=Cast(KT("after__sheet_id"), BigIntegerField())
    )
    object_pk = Cast(OuterRef("object_id"), BigIntegerField())
    for object_type, criterion_of in (
        ("scoring.score", Score.objects.filter(pk=object_pk).values("criterion_id")),
        ("scoring.evidence", Evidence.objects.filter(pk=object_pk).values("score__criterion_id")),
        ("scoring.query", Query.objects.filter(pk=object_pk).values("score__criterion_id")),
    ):
        entries.filter(
            object_type=object_type, criterion_id__isnull=True, after__has_key="criterion"
        ).update(criterion_id=Subquery(criterion_of[:1]))
    _switch_trigger(schema_editor.connection, on=True)


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0004_sheet_criterion_columns"),
        ("scoring", "0004_text_limits"),
    ]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
