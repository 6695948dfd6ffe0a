from django.contrib import admin

from accord.resources import models


@admin.register(models.LedgerEntry)
class LedgerEntryAdmin(admin.ModelAdmin):
    list_display = [
        "id",
        "partnership",
        "type",
        "value",
        "currency",
        "value_date",
        "provider",
        "receiver",
    ]
    list_filter = ["type", "currency"]

    def has_change_permission(self, request, obj=None) -> bool:  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None) -> bool:  # type: ignore[no-untyped-def]
        return False


for model in (models.Activity, models.Pledge, models.ExchangeRate, models.SupportRequest):
    admin.site.register(model)
