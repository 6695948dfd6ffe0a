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


@admin.register(models.Commitment)
class CommitmentAdmin(admin.ModelAdmin):
    list_display = ["organization", "partnership", "text", "due_on", "status", "confirmed_at"]
    list_filter = ["status", "source"]
    search_fields = ["text", "organization__name"]
    readonly_fields = ["status_set_by", "status_set_at", "confirmed_by", "confirmed_at"]


class ReassignmentInline(admin.TabularInline):
    model = models.ActionItemReassignment
    extra = 0
    can_delete = False
    readonly_fields = [
        "from_owner",
        "from_organization",
        "to_owner",
        "to_organization",
        "reason",
        "reassigned_by",
        "reassigned_at",
    ]

    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(models.ActionItem)
class ActionItemAdmin(admin.ModelAdmin):
    list_display = ["title", "partnership", "owner", "owner_organization", "due_on", "status"]
    list_filter = ["status"]
    search_fields = ["title"]
    readonly_fields = ["reminded_before_due_at", "reminded_overdue_at", "done_at", "done_by"]
    inlines = [ReassignmentInline]
