"""Fill the ledger's rollups from the entries already posted (later posts keep them)."""

from django.db import migrations


def backfill(apps, schema_editor):
    from accord.resources.services.rollups import rebuild_with_models

    rebuild_with_models(
        apps.get_model("resources", "LedgerEntry"),
        apps.get_model("resources", "LedgerRollup"),
        apps.get_model("resources", "PledgeDeliveryDay"),
    )


def empty(apps, schema_editor):
    apps.get_model("resources", "LedgerRollup").objects.all().delete()
    apps.get_model("resources", "PledgeDeliveryDay").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("resources", "0003_ledgerrollup_pledgedeliveryday")]

    operations = [migrations.RunPython(backfill, empty)]
