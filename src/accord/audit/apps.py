from django.apps import AppConfig, apps
from django.db.models.signals import post_save


class AuditConfig(AppConfig):
    name = "accord.audit"
    label = "audit"
    verbose_name = "Activity and audit trail"

    def ready(self) -> None:
        # Every new append-only record gets its link of the partnership's hash chain, in
        # the transaction that writes it (accord.audit.services.chain_append).
        from accord.audit.chain import CHAINED
        from accord.audit.services import chained_record_saved

        for label in CHAINED:
            model = apps.get_model(label)
            post_save.connect(chained_record_saved, sender=model, dispatch_uid=f"chain_{label}")
