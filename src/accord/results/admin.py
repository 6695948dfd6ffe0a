"""The admin, read-mostly: locked measurements and benefits are history and are never
edited or deleted here (the database refuses it anyway)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin

from accord.results import models


@admin.register(models.Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["name", "partnership", "result_type", "responsible_organization", "frequency"]
    list_filter = ["result_type", "measure", "frequency"]
    search_fields = ["name"]


@admin.register(models.Measurement)
class MeasurementAdmin(admin.ModelAdmin):
    list_display = ["indicator", "period_start", "value", "status", "reporter_organization"]
    list_filter = ["status"]

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(models.Benefit)
class BenefitAdmin(admin.ModelAdmin):
    list_display = ["partnership", "kind", "level", "recipient_organization", "received_on"]
    list_filter = ["level", "kind"]

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False


for model in (models.Commitment, models.ActionItem):
    admin.site.register(model)
