"""Organizations that take part in partnerships, and the people affiliated with them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accord.core.constraints import choices_check
from accord.reference.codelists import country_choices, organisation_type_names


class Sector(models.TextChoices):
    PUBLIC = "public", _("Public")
    PRIVATE = "private", _("Private")
    CIVIL_SOCIETY = "civil_society", _("Civil society")
    ACADEMIC = "academic", _("Academic")
    COMMUNITY = "community", _("Community")
    PHILANTHROPIC = "philanthropic", _("Philanthropic")
    MULTILATERAL = "multilateral", _("Multilateral")


#: Default IATI OrganisationType code (codelist 2.03) for each sector; editable per organization.
SECTOR_IATI_TYPE = {
    Sector.PUBLIC: "10",  # Government
    Sector.PRIVATE: "70",  # Private Sector
    Sector.CIVIL_SOCIETY: "22",  # National NGO
    Sector.ACADEMIC: "80",  # Academic, Training and Research
    Sector.COMMUNITY: "24",  # Partner Country based NGO (local CSO)
    Sector.PHILANTHROPIC: "60",  # Foundation
    Sector.MULTILATERAL: "40",  # Multilateral
}


class CapacityBand(models.TextChoices):
    MICRO = "micro", _("Micro (volunteers, under 5 staff)")
    SMALL = "small", _("Small (5–49 staff)")
    MEDIUM = "medium", _("Medium (50–249 staff)")
    LARGE = "large", _("Large (250+ staff)")


def iati_type_choices() -> list[tuple[str, str]]:
    return [(code, f"{code} {name}") for code, name in organisation_type_names().items()]


class Organization(models.Model):
    name = models.CharField(max_length=200, unique=True)
    sector = models.CharField(max_length=20, choices=Sector.choices)
    iati_type = models.CharField(
        _("IATI organisation type"),
        max_length=3,
        choices=iati_type_choices,
        help_text=_("IATI OrganisationType code; defaults from the sector."),
    )
    capacity = models.CharField(max_length=10, choices=CapacityBand.choices)
    country = models.CharField(max_length=2, choices=country_choices, blank=True)
    places = models.CharField(
        max_length=300, blank=True, help_text=_("Towns, districts or regions.")
    )
    description = models.TextField(blank=True)
    expertise_offered = models.TextField(blank=True, help_text=_("One area per line."))
    expertise_needed = models.TextField(blank=True, help_text=_("One area per line."))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]
        constraints = [
            choices_check("sector", Sector, "organization_sector_valid"),
            choices_check("capacity", CapacityBand, "organization_capacity_valid"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("partners:organization_detail", args=[self.pk])

    @property
    def expertise_offered_list(self) -> list[str]:
        return [line.strip() for line in self.expertise_offered.splitlines() if line.strip()]

    @property
    def expertise_needed_list(self) -> list[str]:
        return [line.strip() for line in self.expertise_needed.splitlines() if line.strip()]


class Affiliation(models.Model):
    """A person works for (or speaks for, when ``is_representative``) an organization."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="affiliations"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="affiliations"
    )
    is_representative = models.BooleanField(default=False)
    title = models.CharField(max_length=120, blank=True, help_text=_("Job title or role."))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["organization__name", "-is_representative", "user__name"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "user"], name="affiliation_unique"),
        ]

    def __str__(self) -> str:
        role = "representative" if self.is_representative else "staff"
        return f"{self.user} ({role}, {self.organization})"


class AffiliationRequest(models.Model):
    """An organization asks a person who already has an account to join it.

    Nothing is attached, and the person's name is not shown to the organization, until they
    accept (issue 15: a representative could attach anyone with an account, and learn
    who had one). People new to Accord get an inactive account and an affiliation instead,
    active once they set their password from the emailed link.
    """

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="affiliation_requests"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="affiliation_requests"
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_representative = models.BooleanField(default=False)
    title = models.CharField(max_length=120, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    answered_at = models.DateTimeField(null=True, blank=True)
    accepted = models.BooleanField(null=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "user"],
                condition=models.Q(answered_at__isnull=True),
                name="affiliation_request_open_unique",
            ),
            models.CheckConstraint(
                condition=models.Q(answered_at__isnull=True, accepted__isnull=True)
                | models.Q(answered_at__isnull=False, accepted__isnull=False),
                name="affiliation_request_answer_complete",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization} asks {self.user}"
