"""Chain links are append-only too, and every record written before the chain gets its
link, in the order it was written (accord.audit.chain_backfill)."""

import importlib

from django.db import migrations

from accord.audit.chain_backfill import chain_backfill

# The audit app sits below accord.core in the import layers (pyproject.toml): the shared
# helper is loaded by name, as a migration needs it, not imported by the app.
append_only_operations = importlib.import_module("accord.core.append_only").append_only_operations


def backfill(apps, schema_editor):
    chain_backfill(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0005_chain_links"),
        ("decisions", "0007_append_only_votes"),
        ("partnerships", "0005_append_only_signatures"),
        ("resources", "0005_append_only_ledger_everywhere"),
        ("results", "0001_initial"),
    ]
    operations = [
        *append_only_operations("audit_chainlink"),
        migrations.RunPython(backfill, migrations.RunPython.noop, elidable=False),
    ]
