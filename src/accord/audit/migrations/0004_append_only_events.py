"""The database refuses UPDATE and DELETE of these append-only rows, on SQLite and
PostgreSQL alike (accord.core.append_only; docs/decisions/0003-append-only-records.md)."""

import importlib

from django.db import migrations

# The audit app sits below accord.core in the import layers (pyproject.toml): the shared
# helper is loaded by name, as a migration needs it, not imported by the app.
append_only_operations = importlib.import_module("accord.core.append_only").append_only_operations


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_event_version_index")]
    operations = [
        *append_only_operations("audit_event", replaces=["audit_event_no_update"]),
    ]
