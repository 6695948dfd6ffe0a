from django.contrib import admin

from accord.accounts import models


@admin.register(models.User)
class UserAdmin(admin.ModelAdmin):
    list_display = ["email", "name", "is_active", "is_staff", "is_superuser"]
    search_fields = ["email", "name"]
    exclude = ["password"]


@admin.register(models.AccessToken)
class AccessTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "prefix", "created_at", "revoked_at"]
    readonly_fields = ["token_hash", "prefix"]
