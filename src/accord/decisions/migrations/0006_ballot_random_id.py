"""Secret ballots stay secret (issue 15): ballot ids are drawn at random from now on, and
a secret ballot keeps the day of its casting only. Existing secret ballots lose their
exact time here (their ids, referred to by stored decisions, are kept)."""

from datetime import UTC

from django.db import migrations, models
from django.db.models.functions import TruncDay

import accord.decisions.models


def secret_ballots_keep_the_day(apps, schema_editor):
    Ballot = apps.get_model("decisions", "Ballot")
    # ``update`` writes in SQL: the model's append-only ``save`` is not involved
    Ballot.objects.filter(organization__isnull=True, person__isnull=True).update(
        cast_at=TruncDay("cast_at", tzinfo=UTC)
    )


class Migration(migrations.Migration):
    dependencies = [
        ("decisions", "0005_power_computations"),
    ]

    operations = [
        migrations.AlterField(
            model_name="ballot",
            name="id",
            field=models.BigIntegerField(
                default=accord.decisions.models.random_ballot_id,
                editable=False,
                primary_key=True,
                serialize=False,
            ),
        ),
        migrations.RunPython(secret_ballots_keep_the_day, migrations.RunPython.noop),
    ]
