from django.contrib import admin

from accord.interop.models import IatiPublication, OrganizationIdentifier


@admin.register(IatiPublication)
class IatiPublicationAdmin(admin.ModelAdmin):
    list_display = ["partnership", "scope", "identifier", "reporting_organization", "updated_at"]
    search_fields = ["partnership__name", "identifier"]
    readonly_fields = ["partnership", "imported_activity", "updated_by", "updated_at"]


@admin.register(OrganizationIdentifier)
class OrganizationIdentifierAdmin(admin.ModelAdmin):
    list_display = ["organization", "ref"]
    search_fields = ["organization__name", "ref"]
