"""The database refuses UPDATE and DELETE of these append-only rows, on SQLite and
PostgreSQL alike (accord.core.append_only; docs/decisions/0003-append-only-records.md)."""

from django.db import migrations

from accord.core.append_only import append_only_operations


class Migration(migrations.Migration):
    dependencies = [("decisions", "0006_ballot_random_id")]
    operations = [
        *append_only_operations("decisions_ballot"),
        *append_only_operations("decisions_participation"),
        # The rationale is written once, after the decision (services.closing).
        *append_only_operations("decisions_decision", set_once=["rationale"]),
    ]
