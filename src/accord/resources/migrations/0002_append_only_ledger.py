"""The database refuses edits of posted ledger entries (and deletes, on PostgreSQL)."""

from django.db import migrations

SQLITE = [
    """CREATE TRIGGER ledger_entry_no_update BEFORE UPDATE ON resources_ledgerentry
       BEGIN SELECT RAISE(ABORT, 'posted ledger entries are never edited; post a reversing entry'); END""",
]
POSTGRES = [
    """CREATE OR REPLACE FUNCTION accord_ledger_refuse_change() RETURNS trigger AS $$
       BEGIN RAISE EXCEPTION 'posted ledger entries are never edited or deleted; post a reversing entry'; END;
       $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER ledger_entry_no_update BEFORE UPDATE OR DELETE ON resources_ledgerentry
       FOR EACH ROW EXECUTE FUNCTION accord_ledger_refuse_change()""",
]


def forwards(apps, schema_editor):
    for sql in {"sqlite": SQLITE, "postgresql": POSTGRES}.get(schema_editor.connection.vendor, []):
        schema_editor.execute(sql, params=None)


def backwards(apps, schema_editor):
    suffix = " ON resources_ledgerentry" if schema_editor.connection.vendor == "postgresql" else ""
    schema_editor.execute("DROP TRIGGER IF EXISTS ledger_entry_no_update" + suffix, params=None)


class Migration(migrations.Migration):
    dependencies = [("resources", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
