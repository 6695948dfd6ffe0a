"""What Accord keeps to speak IATI 2.03: per partnership, how it is published and which
IATI activity it stands for; organizations' IATI identifiers; budgets declared for IATI;
and which ledger entries came from which imported transaction (so that importing the
same file again posts nothing twice)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accord.core.constraints import choices_check
from accord.partners.models import Organization
from accord.partnerships.models import Partnership
from accord.resources.models import MONEY, Activity, LedgerEntry


class Scope(models.TextChoices):
    """How many ``iati-activity`` elements a partnership's file holds."""

    PARTNERSHIP = "partnership", _("One IATI activity for the whole partnership")
    ACTIVITY = "activity", _("One IATI activity per workplan activity")


class IatiPublication(models.Model):
    """A partnership's IATI settings, chosen by a coordinator (or set by an import).

    ``identifier`` is the ``iati-identifier`` of the partnership's activity; empty, it is
    made from the reporting organization's identifier and the partnership's slug.
    """

    partnership = models.OneToOneField(
        Partnership, on_delete=models.CASCADE, related_name="iati_publication"
    )
    scope = models.CharField(
        _("IATI activities"), max_length=12, choices=Scope.choices, default=Scope.PARTNERSHIP
    )
    reporting_organization = models.ForeignKey(
        Organization,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("reporting organization"),
        help_text=_("Empty: the founding member."),
    )
    identifier = models.CharField(
        _("IATI identifier"),
        max_length=150,
        blank=True,
        help_text=_("Empty: the reporting organization's identifier, a dash and the slug."),
    )
    imported_activity = models.ForeignKey(
        Activity,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The workplan activity that an import made for the IATI activity."),
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            choices_check("scope", Scope, "iati_publication_scope_valid"),
            models.UniqueConstraint(
                fields=["identifier"],
                condition=~Q(identifier=""),
                name="iati_publication_identifier_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"IATI publication of {self.partnership}"


class OrganizationIdentifier(models.Model):
    """An organization's IATI organisation identifier (e.g. ``XM-DAC-7``), one each."""

    organization = models.OneToOneField(
        Organization, on_delete=models.CASCADE, related_name="iati_identifier"
    )
    ref = models.CharField(_("IATI organisation identifier"), max_length=150, unique=True)

    def __str__(self) -> str:
        return f"{self.organization}: {self.ref}"


class BudgetType(models.TextChoices):
    """IATI BudgetType codelist (2.03)."""

    ORIGINAL = "1", _("Original")
    REVISED = "2", _("Revised")


class BudgetStatus(models.TextChoices):
    """IATI BudgetStatus codelist (2.03)."""

    INDICATIVE = "1", _("Indicative")
    COMMITTED = "2", _("Committed")


class DeclaredBudget(models.Model):
    """A budget line declared for IATI, for the partnership or one workplan activity.

    Imports write these; without any, the export derives budgets from money pledges.
    """

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="iati_budgets"
    )
    activity = models.ForeignKey(
        Activity, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    type = models.CharField(max_length=1, choices=BudgetType.choices, default=BudgetType.ORIGINAL)
    status = models.CharField(
        max_length=1, choices=BudgetStatus.choices, default=BudgetStatus.INDICATIVE
    )
    period_start = models.DateField()
    period_end = models.DateField()
    value = models.DecimalField(**MONEY)
    currency = models.CharField(max_length=3)
    value_date = models.DateField()

    class Meta:
        ordering = ["period_start", "id"]
        constraints = [
            choices_check("type", BudgetType, "declared_budget_type_valid"),
            choices_check("status", BudgetStatus, "declared_budget_status_valid"),
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")),
                name="declared_budget_period_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.value} {self.currency} {self.period_start}–{self.period_end}"


class ImportedTransaction(models.Model):
    """A ledger entry posted from a transaction of an imported IATI activity.

    ``key`` is the transaction's ``@ref`` or a digest of its content; a later import of
    the same activity posts only new keys and reverses entries whose key is gone.
    """

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="iati_transactions"
    )
    activity_identifier = models.CharField(max_length=150)
    key = models.CharField(max_length=200)
    ledger_entry = models.OneToOneField(
        LedgerEntry, on_delete=models.PROTECT, related_name="iati_import"
    )
    imported_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "activity_identifier", "key"],
                name="imported_transaction_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.activity_identifier} {self.key}"
