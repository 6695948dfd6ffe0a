"""The admin, read-only: waves are run from the partnership's pages (so that every change
is checked and recorded), and answers are never shown here, so that no admin screen puts an
anonymous answer beside the list of who answered."""

from __future__ import annotations

from typing import Any

from django.contrib import admin

from accord.surveys import models


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(models.Wave)
class WaveAdmin(ReadOnlyAdmin):
    list_display = ["title", "partnership", "instrument", "opens_at", "closes_at", "anonymous"]
    list_filter = ["instrument", "anonymous"]
    search_fields = ["title"]
