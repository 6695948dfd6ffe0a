"""Count the voice already written (proposals, comments, issues, statements) into the
tallies; later writes keep them. The raw rows are read here with the historical models,
so that this migration does not import the apps above this one."""

from django.db import migrations


def backfill(apps, schema_editor):
    from accord.partnerships.services.voice import VoiceRow, tallies_replace

    def rows():
        sources = [
            ("decisions", "Proposal", "partnership_id", "author_id", "proposal"),
            ("decisions", "Comment", "proposal__partnership_id", "author_id", "comment"),
            ("participation", "Issue", "round__partnership_id", "author__user_id", "issue"),
            (
                "participation",
                "Statement",
                "round__partnership_id",
                "author__user_id",
                "statement",
            ),
        ]
        for app, model, partnership, author, kind in sources:
            queryset = apps.get_model(app, model).objects.values_list(
                partnership, author, "created_at"
            )
            for partnership_id, author_id, at in queryset.iterator(chunk_size=5000):
                yield VoiceRow(partnership_id, author_id, kind, at)

    tallies_replace(
        apps.get_model("partnerships", "VoiceTally"),
        rows(),
        membership_model=apps.get_model("partnerships", "Membership"),
        affiliation_model=apps.get_model("partners", "Affiliation"),
    )


def empty(apps, schema_editor):
    apps.get_model("partnerships", "VoiceTally").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("partnerships", "0003_voicetally"),
        ("decisions", "0005_power_computations"),
        ("participation", "0003_group_keys"),
    ]

    operations = [migrations.RunPython(backfill, empty)]
