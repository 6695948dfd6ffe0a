"""The database refuses edits of a published charter version and of signatures."""

from django.db import migrations

SQLITE = [
    """CREATE TRIGGER charter_published_frozen BEFORE UPDATE ON partnerships_charterversion
       WHEN OLD.published_at IS NOT NULL
       BEGIN SELECT RAISE(ABORT, 'a published charter version is never edited'); END""",
    """CREATE TRIGGER charter_signature_no_update BEFORE UPDATE ON partnerships_chartersignature
       BEGIN SELECT RAISE(ABORT, 'charter signatures are append-only'); END""",
]
POSTGRES = [
    """CREATE OR REPLACE FUNCTION accord_charter_frozen() RETURNS trigger AS $$
       BEGIN
         IF OLD.published_at IS NOT NULL THEN
           RAISE EXCEPTION 'a published charter version is never edited';
         END IF;
         RETURN NEW;
       END; $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER charter_published_frozen BEFORE UPDATE ON partnerships_charterversion
       FOR EACH ROW EXECUTE FUNCTION accord_charter_frozen()""",
    """CREATE OR REPLACE FUNCTION accord_refuse_change() RETURNS trigger AS $$
       BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME; END; $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER charter_signature_no_update BEFORE UPDATE ON partnerships_chartersignature
       FOR EACH ROW EXECUTE FUNCTION accord_refuse_change()""",
]


def forwards(apps, schema_editor):
    for sql in {"sqlite": SQLITE, "postgresql": POSTGRES}.get(schema_editor.connection.vendor, []):
        schema_editor.execute(sql, params=None)


def backwards(apps, schema_editor):
    suffix = {"postgresql": " ON {}"}.get(schema_editor.connection.vendor, "")
    schema_editor.execute("DROP TRIGGER IF EXISTS charter_published_frozen" + suffix.format("partnerships_charterversion"))
    schema_editor.execute("DROP TRIGGER IF EXISTS charter_signature_no_update" + suffix.format("partnerships_chartersignature"))


class Migration(migrations.Migration):
    dependencies = [("partnerships", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
