"""Stakeholders of a partnership and the members' ratings of them.

A stakeholder is an organization on the instance or a named group with no account (a
fishing village, the traders at the landing site). Each admitted member organization,
through its representative, rates each stakeholder once: power and interest for the
power–interest grid (Mendelow), and power, legitimacy and urgency for salience (Mitchell,
Agle and Wood), every rating 1–5. The map shows the mean of the members' ratings.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accord.partners.models import Organization, Sector
from accord.partnerships.models import Partnership

RATING_MIN, RATING_MAX = 1, 5

#: The five ratings a member gives each stakeholder, in the order forms and tables show them.
RATING_FIELDS = ("power", "interest", "salience_power", "legitimacy", "urgency")


class Stakeholder(models.Model):
    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="stakeholders"
    )
    organization = models.ForeignKey(
        Organization,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="stakeholder_entries",
        verbose_name=_("organization"),
    )
    name = models.CharField(
        _("name of the group"),
        max_length=200,
        blank=True,
        help_text=_("For a group without an account on Accord; empty for an organization."),
    )
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices, blank=True)
    description = models.CharField(_("why it matters"), max_length=500, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(organization__isnull=False) & Q(name=""))
                | (Q(organization__isnull=True) & ~Q(name="")),
                name="stakeholder_organization_or_name",
            ),
            models.UniqueConstraint(
                fields=["partnership", "organization"],
                condition=Q(organization__isnull=False),
                name="stakeholder_organization_once",
            ),
            models.UniqueConstraint(
                fields=["partnership", "name"],
                condition=~Q(name=""),
                name="stakeholder_name_once",
            ),
            models.CheckConstraint(
                condition=Q(sector="") | Q(sector__in=Sector.values),
                name="stakeholder_sector_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.organization.name if self.organization_id else self.name

    @property
    def display_sector(self) -> str:
        """The organization's sector for an organization, the group's own otherwise."""
        return self.organization.sector if self.organization_id else self.sector


def _in_range(field: str) -> Q:
    return Q(**{f"{field}__gte": RATING_MIN, f"{field}__lte": RATING_MAX})


class StakeholderRating(models.Model):
    """One member organization's placing of one stakeholder, by its representative."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="stakeholder_ratings"
    )
    stakeholder = models.ForeignKey(Stakeholder, on_delete=models.CASCADE, related_name="ratings")
    rater_organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="stakeholder_ratings"
    )
    rated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    power = models.PositiveSmallIntegerField(_("power over the partnership"))
    interest = models.PositiveSmallIntegerField(_("interest in its outcome"))
    salience_power = models.PositiveSmallIntegerField(_("power to impose its will"))
    legitimacy = models.PositiveSmallIntegerField(_("legitimacy of its claim"))
    urgency = models.PositiveSmallIntegerField(_("urgency of its claim"))
    rated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["stakeholder_id", "rater_organization__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["stakeholder", "rater_organization"], name="stakeholder_rating_once"
            ),
            *[
                models.CheckConstraint(
                    condition=_in_range(field), name=f"stakeholder_rating_{field}_range"
                )
                for field in RATING_FIELDS
            ],
        ]

    def __str__(self) -> str:
        return f"{self.rater_organization} on {self.stakeholder}"
