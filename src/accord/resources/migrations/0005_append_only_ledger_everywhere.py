"""The database refuses UPDATE and DELETE of these append-only rows, on SQLite and
PostgreSQL alike (accord.core.append_only; docs/decisions/0003-append-only-records.md)."""

from django.db import migrations

from accord.core.append_only import append_only_operations


class Migration(migrations.Migration):
    dependencies = [("resources", "0004_backfill_ledger_rollups")]
    operations = [
        *append_only_operations("resources_ledgerentry", replaces=["ledger_entry_no_update"]),
    ]
