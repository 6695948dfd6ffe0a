"""The database refuses UPDATE and DELETE of these append-only rows, on SQLite and
PostgreSQL alike (accord.core.append_only; docs/decisions/0003-append-only-records.md)."""

from django.db import migrations

from accord.core.append_only import append_only_operations


class Migration(migrations.Migration):
    dependencies = [("surveys", "0001_initial")]
    operations = [
        *append_only_operations("surveys_respondent"),
        *append_only_operations("surveys_submission"),
        *append_only_operations("surveys_answer"),
    ]
