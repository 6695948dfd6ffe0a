"""What organizations know how to do and what they need, and what activities need.

An area of expertise is one of a controlled list (``Area``), so that an offer and a need
can be matched across organizations; each row also carries the organization's own words
(``detail``). The organization's older free text (``Organization.expertise_offered`` and
``expertise_needed``, one area per line) stays its description and is never matched.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accord.core.constraints import choices_check


class Area(models.TextChoices):
    """The controlled list of areas of expertise (``docs/expertise-map.md``)."""

    WATER_QUALITY_LAB = "water_quality_lab", _("Water-quality laboratory analysis")
    HYDROLOGY = "hydrology", _("Hydrology and water monitoring")
    FISHERIES_SCIENCE = "fisheries_science", _("Fisheries science and stock assessment")
    ECOLOGY = "ecology", _("Ecology and habitat restoration")
    AGRICULTURE = "agriculture", _("Agriculture and land use")
    ENGINEERING = "engineering", _("Engineering and infrastructure")
    MAPPING = "mapping", _("Mapping and geographic information")
    DATA_ANALYSIS = "data_analysis", _("Data collection and analysis")
    MONITORING_EVALUATION = "monitoring_evaluation", _("Monitoring and evaluation")
    COMMUNITY_FACILITATION = "community_facilitation", _("Community facilitation")
    TRAINING = "training", _("Training and education")
    PUBLIC_HEALTH = "public_health", _("Public health")
    LAW = "law", _("Law, permits and regulation")
    FINANCE = "finance", _("Finance and accounting")
    FUNDRAISING = "fundraising", _("Fundraising")
    COMMUNICATION = "communication", _("Communication and media")
    PROCUREMENT = "procurement", _("Procurement and logistics")
    OTHER = "other", _("Other (said in words)")


class Direction(models.TextChoices):
    OFFERED = "offered", _("Offered")
    NEEDED = "needed", _("Needed")


#: The longest description of one area in an organization's or an activity's own words.
DETAIL_MAX_CHARS = 300


class OrganizationExpertise(models.Model):
    """An area an organization offers, or needs, with its own words about it."""

    organization = models.ForeignKey(
        "partners.Organization", on_delete=models.CASCADE, related_name="expertise_areas"
    )
    area = models.CharField(max_length=32, choices=Area.choices)
    direction = models.CharField(max_length=8, choices=Direction.choices)
    detail = models.CharField(max_length=DETAIL_MAX_CHARS, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["area", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "area", "direction"], name="expertise_org_area_once"
            ),
            choices_check("area", Area, "expertise_org_area_valid"),
            choices_check("direction", Direction, "expertise_org_direction_valid"),
            models.CheckConstraint(
                condition=~Q(area=Area.OTHER) | ~Q(detail=""),
                name="expertise_org_other_says_what",
            ),
        ]
        indexes = [models.Index(fields=["area", "direction"], name="expertise_org_area_idx")]

    def __str__(self) -> str:
        return f"{self.organization} {self.direction} {self.area}"


class ActivityExpertiseNeed(models.Model):
    """An area of expertise an activity of the workplan needs."""

    activity = models.ForeignKey(
        "resources.Activity", on_delete=models.CASCADE, related_name="expertise_needs"
    )
    area = models.CharField(max_length=32, choices=Area.choices)
    detail = models.CharField(max_length=DETAIL_MAX_CHARS, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["area", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "area"], name="expertise_activity_area_once"
            ),
            choices_check("area", Area, "expertise_activity_area_valid"),
            models.CheckConstraint(
                condition=~Q(area=Area.OTHER) | ~Q(detail=""),
                name="expertise_activity_other_says_what",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.activity} needs {self.area}"
