"""The joint workplan, pledges, the append-only ledger, exchange rates and support requests.

Money is ``Decimal`` with two places everywhere; amounts are converted to the
partnership's reporting currency with the rate in force on the value (or due) date.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accord.core.constraints import choices_check
from accord.partners.models import Organization
from accord.partnerships.models import Partnership

MONEY = {"max_digits": 18, "decimal_places": 2}


class ActivityStatus(models.TextChoices):
    """IATI ActivityStatus codelist (2.03)."""

    PIPELINE = "1", _("Pipeline / identification")
    IMPLEMENTATION = "2", _("Implementation")
    FINALISATION = "3", _("Finalisation")
    CLOSED = "4", _("Closed")
    CANCELLED = "5", _("Cancelled")
    SUSPENDED = "6", _("Suspended")


class Activity(models.Model):
    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="activities"
    )
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    lead_organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="led_activities"
    )
    start_on = models.DateField(null=True, blank=True)
    end_on = models.DateField(null=True, blank=True)
    status = models.CharField(
        max_length=2, choices=ActivityStatus.choices, default=ActivityStatus.PIPELINE
    )
    progress_percent = models.PositiveSmallIntegerField(
        default=0, help_text=_("How far the activity has come, 0 to 100.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["start_on", "title"]
        verbose_name_plural = _("activities")
        constraints = [
            models.CheckConstraint(
                condition=Q(start_on__isnull=True)
                | Q(end_on__isnull=True)
                | Q(end_on__gte=models.F("start_on")),
                name="activity_dates_ordered",
            ),
            choices_check("status", ActivityStatus, "activity_status_valid"),
            models.CheckConstraint(
                condition=Q(progress_percent__lte=100), name="activity_progress_at_most_100"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_closed(self) -> bool:
        """Closed and cancelled activities are final: they change no more."""
        return self.status in CLOSED_STATUSES


#: Statuses after which an activity is no longer changed.
CLOSED_STATUSES = (ActivityStatus.CLOSED, ActivityStatus.CANCELLED)


class ImplementationRole(models.TextChoices):
    """IATI OrganisationRole codelist: the chain of implementation."""

    FUNDING = "1", _("Funding")
    ACCOUNTABLE = "2", _("Accountable")
    EXTENDING = "3", _("Extending")
    IMPLEMENTING = "4", _("Implementing")


class ActivityOrganization(models.Model):
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="chain")
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(max_length=1, choices=ImplementationRole.choices)

    class Meta:
        ordering = ["role", "organization__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "organization", "role"], name="activity_org_role_unique"
            ),
            choices_check("role", ImplementationRole, "activity_org_role_valid"),
        ]

    def __str__(self) -> str:
        return _("%(organization)s (%(role)s) in %(activity)s") % {
            "organization": self.organization,
            "role": self.get_role_display(),
            "activity": self.activity,
        }


class Raci(models.TextChoices):
    RESPONSIBLE = "R", _("Responsible")
    ACCOUNTABLE = "A", _("Accountable")
    CONSULTED = "C", _("Consulted")
    INFORMED = "I", _("Informed")


class Responsibility(models.Model):
    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="responsibilities"
    )
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    raci = models.CharField(max_length=1, choices=Raci.choices)

    class Meta:
        ordering = ["raci", "organization__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "organization", "person", "raci"],
                condition=Q(person__isnull=False),
                name="responsibility_person_unique",
            ),
            models.UniqueConstraint(
                fields=["activity", "organization", "raci"],
                condition=Q(person__isnull=True),
                name="responsibility_organization_unique",
            ),
            choices_check("raci", Raci, "responsibility_raci_valid"),
        ]

    def __str__(self) -> str:
        return _("%(raci)s: %(organization)s in %(activity)s") % {
            "raci": self.get_raci_display(),
            "organization": self.organization,
            "activity": self.activity,
        }


class ResourceKind(models.TextChoices):
    MONEY = "money", _("Money")
    PEOPLE = "people", _("People (time)")
    KNOWLEDGE = "knowledge", _("Knowledge (expertise, data, IP)")
    FACILITIES = "facilities", _("Facilities and equipment")


class Pledge(models.Model):
    """A member's promise of resources, to the partnership, an activity or another member.

    ``amount`` is the value in ``currency``: the money pledged, or the valuation of
    time, knowledge or facilities (optional for knowledge). Installments say when
    which part falls due.
    """

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="pledges")
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="pledges")
    kind = models.CharField(max_length=12, choices=ResourceKind.choices)
    description = models.CharField(max_length=300)
    activity = models.ForeignKey(
        Activity, null=True, blank=True, on_delete=models.PROTECT, related_name="pledges"
    )
    recipient = models.ForeignKey(
        Organization,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="pledges_received",
        help_text=_("Another member the pledge is for; empty for the partnership as a whole."),
    )
    currency = models.CharField(max_length=3)
    amount = models.DecimalField(**MONEY, null=True, blank=True)
    hours = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    hourly_rate = models.DecimalField(**MONEY, null=True, blank=True)
    starts_on = models.DateField(
        help_text=_("Start of the pledge's period: no delivery can predate it.")
    )
    ends_on = models.DateField(
        help_text=_("End of the pledge's period: the last installment falls due by then.")
    )
    role = models.CharField(
        max_length=120, blank=True, help_text=_("For people: the role they fill.")
    )
    skills = models.CharField(max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    cancelled_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text=_("When the pledge was cancelled; what was delivered by then stays pledged."),
    )

    class Meta:
        ordering = ["organization__name", "created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | Q(amount__gt=0), name="pledge_amount_positive"
            ),
            models.CheckConstraint(
                condition=Q(hours__isnull=True) | Q(hours__gt=0), name="pledge_hours_positive"
            ),
            choices_check("kind", ResourceKind, "pledge_kind_valid"),
            models.CheckConstraint(
                condition=~Q(kind="money") | Q(amount__isnull=False), name="pledge_money_has_amount"
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="pledge_period_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization}: {self.description}"


class PledgeInstallment(models.Model):
    """One part of a pledge's current schedule.

    ``due_on`` is the date funding reliability counts from. An amendment agreed after an
    installment fell due does not excuse its delay: the installment keeps its ``due_on``
    and ``rescheduled_to`` holds the later date the amendment agreed (see
    ``engine.resources.amendments``). The schedules before each amendment are kept in
    :class:`PledgeAmendment`.
    """

    pledge = models.ForeignKey(Pledge, on_delete=models.CASCADE, related_name="installments")
    due_on = models.DateField()
    amount = models.DecimalField(**MONEY)
    rescheduled_to = models.DateField(
        null=True,
        blank=True,
        help_text=_(
            "A later date agreed after the installment fell due (it still counts as late)."
        ),
    )

    class Meta:
        ordering = ["due_on"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="installment_amount_positive")
        ]

    def __str__(self) -> str:
        return _("%(amount)s due %(day)s") % {"amount": self.amount, "day": self.due_on}


class AmendmentKind(models.TextChoices):
    AMENDED = "amended", _("Amended")
    CANCELLED = "cancelled", _("Cancelled")


class PledgeAmendment(models.Model):
    """A change to a pledge, with the schedule before and after it. Append-only.

    The pledge's original terms are those of its first amendment's ``previous_*`` fields
    (or the pledge itself when it was never amended). Schedules are lists of
    ``{"due_on": "YYYY-MM-DD", "amount": "123.45", "rescheduled_to": "YYYY-MM-DD" | null}``.
    """

    pledge = models.ForeignKey(Pledge, on_delete=models.PROTECT, related_name="amendments")
    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=10, choices=AmendmentKind.choices)
    agreed_on = models.DateField(help_text=_("The day the change was agreed (recorded)."))
    reason = models.TextField()
    previous_amount = models.DecimalField(**MONEY, null=True, blank=True)
    amount = models.DecimalField(**MONEY, null=True, blank=True)
    previous_hours = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    hours = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    previous_ends_on = models.DateField()
    ends_on = models.DateField()
    previous_schedule = models.JSONField(default=list, blank=True)
    schedule = models.JSONField(default=list, blank=True)
    amended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    amended_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["amended_at", "id"]
        constraints = [
            choices_check("kind", AmendmentKind, "pledge_amendment_kind_valid"),
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | Q(amount__gt=0),
                name="pledge_amendment_amount_positive",
            ),
        ]

    def __str__(self) -> str:
        return _("%(kind)s %(pledge)s on %(day)s") % {
            "kind": self.get_kind_display(),
            "pledge": self.pledge,
            "day": self.agreed_on,
        }

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise AppendOnlyLedgerError("A pledge's amendments are never edited.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyLedgerError("A pledge's amendments are never deleted.")


class ExchangeRate(models.Model):
    """One unit of ``currency`` is worth ``to_reporting`` units of the reporting currency from ``valid_on``."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="exchange_rates"
    )
    currency = models.CharField(max_length=3)
    valid_on = models.DateField()
    to_reporting = models.DecimalField(max_digits=20, decimal_places=8)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    entered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["currency", "-valid_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "currency", "valid_on"], name="rate_one_per_day"
            ),
            models.CheckConstraint(condition=Q(to_reporting__gt=0), name="rate_positive"),
        ]

    def __str__(self) -> str:
        return _("1 %(currency)s = %(rate)s from %(day)s") % {
            "currency": self.currency,
            "rate": self.to_reporting,
            "day": self.valid_on,
        }


class TransactionType(models.TextChoices):
    """IATI TransactionType codes (2.03), plus in-kind delivery of time, knowledge or facilities."""

    INCOMING_FUNDS = "1", _("Incoming funds")
    OUTGOING_COMMITMENT = "2", _("Outgoing commitment")
    DISBURSEMENT = "3", _("Disbursement")
    EXPENDITURE = "4", _("Expenditure")
    INCOMING_COMMITMENT = "11", _("Incoming commitment")
    IN_KIND = "ik", _("In-kind delivery")


#: Entry types that deliver resources (commitments promise, they do not deliver).
DELIVERY_TYPES = (
    TransactionType.INCOMING_FUNDS,
    TransactionType.DISBURSEMENT,
    TransactionType.EXPENDITURE,
    TransactionType.IN_KIND,
)


class LedgerEntryQuerySet(models.QuerySet["LedgerEntry"]):
    def update(self, **kwargs: object) -> int:
        raise AppendOnlyLedgerError(
            "Posted ledger entries are never edited; post a reversing entry."
        )

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnlyLedgerError(
            "Posted ledger entries are never deleted; post a reversing entry."
        )


class AppendOnlyLedgerError(Exception):
    pass


class LedgerEntry(models.Model):
    """An actual flow of resources. Append-only: a mistake is corrected by a reversing entry.

    A reversing entry carries the negated value of the entry it reverses; an entry can
    be reversed once. The database refuses UPDATE (and DELETE on PostgreSQL).
    """

    partnership = models.ForeignKey(
        Partnership, on_delete=models.PROTECT, related_name="ledger_entries"
    )
    type = models.CharField(max_length=2, choices=TransactionType.choices)
    value = models.DecimalField(**MONEY)
    currency = models.CharField(max_length=3)
    value_date = models.DateField()
    provider = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    receiver = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    activity = models.ForeignKey(
        Activity, null=True, blank=True, on_delete=models.PROTECT, related_name="ledger_entries"
    )
    pledge = models.ForeignKey(
        Pledge, null=True, blank=True, on_delete=models.PROTECT, related_name="ledger_entries"
    )
    note = models.TextField(
        blank=True, help_text=_("What was delivered, and the evidence (reference, link).")
    )
    evidence = models.FileField(upload_to="evidence/%Y/%m/", blank=True)
    reverses = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="reversed_by"
    )
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    posted_at = models.DateTimeField(default=timezone.now)

    objects = LedgerEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-value_date", "-id"]
        verbose_name_plural = _("ledger entries")
        indexes = [
            models.Index(fields=["partnership", "value_date"], name="ledger_partnership_date_idx")
        ]
        constraints = [
            models.CheckConstraint(
                condition=(Q(reverses__isnull=True) & Q(value__gt=0))
                | (Q(reverses__isnull=False) & Q(value__lt=0)),
                name="ledger_value_sign",
            ),
            models.CheckConstraint(
                condition=Q(receiver__isnull=False) | Q(activity__isnull=False),
                name="ledger_has_destination",
            ),
            choices_check("type", TransactionType, "ledger_type_valid"),
            models.CheckConstraint(
                condition=~Q(provider=models.F("receiver")), name="ledger_not_to_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_type_display()} {self.value} {self.currency} {self.provider} → {self.receiver or self.activity}"

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None:
            raise AppendOnlyLedgerError(
                "Posted ledger entries are never edited; post a reversing entry."
            )
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise AppendOnlyLedgerError(
            "Posted ledger entries are never deleted; post a reversing entry."
        )

    @property
    def is_reversal(self) -> bool:
        return self.reverses_id is not None


class SupportKind(models.TextChoices):
    COACHING = "coaching", _("Coaching")
    TRAVEL = "travel", _("Travel")
    CONNECTIVITY = "connectivity", _("Connectivity (data, airtime)")
    STIPEND = "stipend", _("Stipend")


class SupportStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    APPROVED = "approved", _("Approved")
    DECLINED = "declined", _("Declined")
    DELIVERED = "delivered", _("Delivered")


class SupportRequest(models.Model):
    """A member or community group asks the pool for support; delivery is a ledger entry."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="support_requests"
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="support_requests"
    )
    kind = models.CharField(max_length=12, choices=SupportKind.choices)
    description = models.TextField()
    amount = models.DecimalField(**MONEY)
    currency = models.CharField(max_length=3)
    status = models.CharField(
        max_length=10, choices=SupportStatus.choices, default=SupportStatus.REQUESTED
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    delivery = models.OneToOneField(
        LedgerEntry, null=True, blank=True, on_delete=models.PROTECT, related_name="support_request"
    )
    proposal_id = models.PositiveBigIntegerField(
        null=True,
        blank=True,
        help_text=_(
            "The proposal that decides the request under the partnership's rule for "
            "pooled money (the decisions app's; kept by value, as that app sits above this one)."
        ),
    )

    class Meta:
        ordering = ["-requested_at"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="support_amount_positive"),
            choices_check("status", SupportStatus, "support_status_valid"),
            models.CheckConstraint(
                condition=~Q(status="delivered") | Q(delivery__isnull=False),
                name="support_delivered_has_entry",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization}: {self.get_kind_display()} ({self.status})"


class LedgerRollup(models.Model):
    """The ledger summed per (provider, receiver, activity, pledge, type, currency, quarter).

    Derived data, kept in the same transaction as every ledger write by
    ``services.rollups.ledger_rollup_add`` and recomputable from the ledger with
    ``ledger_rollups_rebuild`` (``accord rebuild-rollups``). Reversals are summed in, so
    ``value_sum`` is the net of the entries in the cell. ``quarter`` is the first day of
    the quarter of the entries' value date; ``first_value_date`` the earliest value date
    in the cell (the summary names it when no exchange rate is early enough).

    Activity and pledge are part of the key because the summary reads through them (the
    activity's lead receives a flow to an activity; a pledge's kind is the kind of what
    was delivered); a member has few of either, so the table stays small.
    """

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    provider = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    receiver = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    activity = models.ForeignKey(
        Activity, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    pledge = models.ForeignKey(
        Pledge, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    type = models.CharField(max_length=2, choices=TransactionType.choices)
    currency = models.CharField(max_length=3)
    quarter = models.DateField()
    value_sum = models.DecimalField(max_digits=20, decimal_places=2)
    entry_count = models.PositiveIntegerField()
    first_value_date = models.DateField()

    class Meta:
        constraints = [
            # NULL receiver, activity or pledge compare equal here (as 0), so a cell is
            # one row whichever of them it lacks.
            models.UniqueConstraint(
                "partnership",
                "provider",
                "quarter",
                "currency",
                "type",
                Coalesce("receiver", Value(0)),
                Coalesce("activity", Value(0)),
                Coalesce("pledge", Value(0)),
                name="ledger_rollup_key_unique",
            ),
            choices_check("type", TransactionType, "ledger_rollup_type_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.quarter} {self.type} {self.value_sum} {self.currency} ({self.entry_count})"


class PledgeDeliveryDay(models.Model):
    """Deliveries against a pledge summed per (pledge, currency, value date).

    The summary's funding reliability needs the dates of deliveries, so this rollup keeps
    them, for delivery types only (``DELIVERY_TYPES``). Kept and rebuilt with
    :class:`LedgerRollup`. The provider is the pledge's organization.
    """

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    pledge = models.ForeignKey(Pledge, on_delete=models.CASCADE, related_name="+")
    currency = models.CharField(max_length=3)
    value_date = models.DateField()
    value_sum = models.DecimalField(max_digits=20, decimal_places=2)
    entry_count = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["pledge", "currency", "value_date"], name="pledge_delivery_day_unique"
            )
        ]
        indexes = [
            models.Index(fields=["partnership", "value_date"], name="pledge_delivery_day_idx")
        ]

    def __str__(self) -> str:
        return f"{self.value_date} {self.value_sum} {self.currency} ({self.entry_count})"


ZERO = Decimal("0.00")
