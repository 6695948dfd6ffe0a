# The shipped French and Spanish names of the SDG goals and targets (issue 17).

from django.db import migrations, models


def load(apps, schema_editor):
    from accord.reference.loading import load_sdg

    load_sdg(apps.get_model("reference", "SdgGoal"), apps.get_model("reference", "SdgTarget"))


class Migration(migrations.Migration):

    dependencies = [
        ('reference', '0002_load_sdg'),
    ]

    operations = [
        migrations.AddField(
            model_name='sdggoal',
            name='translations',
            field=models.JSONField(blank=True, default=dict),
        ),
        migrations.AddField(
            model_name='sdgtarget',
            name='translations',
            field=models.JSONField(blank=True, default=dict),
        ),
        migrations.RunPython(load, migrations.RunPython.noop),
    ]
