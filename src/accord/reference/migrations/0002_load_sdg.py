from django.db import migrations


def load(apps, schema_editor):
    from accord.reference.loading import load_sdg

    load_sdg(apps.get_model("reference", "SdgGoal"), apps.get_model("reference", "SdgTarget"))


class Migration(migrations.Migration):
    dependencies = [("reference", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
