"""Results and accountability: indicators with verified measurements, commitments,
action items and the benefits ledger.

Values of indicators are ``Decimal`` (four places); money is ``Decimal`` with two places.
A locked measurement and every benefit are history: the database refuses UPDATE and
DELETE of them (migration 0002 and ``accord.results.database_guards``); a locked value
changes only through a correction, a benefit only through a reversing benefit.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accord.core.constraints import choices_check
from accord.decisions.models import Proposal
from accord.partners.models import Organization
from accord.partnerships.models import Partnership
from accord.reference.models import SdgTarget
from accord.resources.models import Activity
from accord.results.dimensions import Dimension, category_check

VALUE = {"max_digits": 20, "decimal_places": 4}
MONEY = {"max_digits": 18, "decimal_places": 2}


class AppendOnlyError(Exception):
    """Raised by the model layer before the database would refuse the same change."""


# --- Indicators -------------------------------------------------------------------------


class Direction(models.TextChoices):
    UP = "up", _("Higher is better")
    DOWN = "down", _("Lower is better")


class ResultType(models.TextChoices):
    """IATI ResultType codelist (2.03), without 9 Other."""

    OUTPUT = "1", _("Output")
    OUTCOME = "2", _("Outcome")
    IMPACT = "3", _("Impact")


class Measure(models.TextChoices):
    """IATI IndicatorMeasure codelist (2.03). Units and percentages are numbers; the
    others are reported as text."""

    UNIT = "1", _("Unit (a number)")
    PERCENTAGE = "2", _("Percentage")
    NOMINAL = "3", _("Nominal (a category)")
    ORDINAL = "4", _("Ordinal (a rank)")
    QUALITATIVE = "5", _("Qualitative (a description)")


NUMERIC_MEASURES = (Measure.UNIT, Measure.PERCENTAGE)


class Frequency(models.TextChoices):
    """How often the indicator is reported; periods follow the calendar and are clipped
    to the reporting span (``accord.results.periods``)."""

    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")
    HALF_YEARLY = "half_yearly", _("Every six months")
    YEARLY = "yearly", _("Yearly")


class Indicator(models.Model):
    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="indicators"
    )
    activity = models.ForeignKey(
        Activity, null=True, blank=True, on_delete=models.PROTECT, related_name="indicators"
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    unit = models.CharField(_("unit"), max_length=60, blank=True, help_text=_("e.g. hectares"))
    measure = models.CharField(
        _("measure"), max_length=1, choices=Measure.choices, default=Measure.UNIT
    )
    decimal_places = models.PositiveSmallIntegerField(
        _("decimal places"), default=0, help_text=_("0 for counts: values must be whole numbers.")
    )
    direction = models.CharField(
        _("direction"), max_length=4, choices=Direction.choices, default=Direction.UP
    )
    result_type = models.CharField(
        _("result type"), max_length=1, choices=ResultType.choices, default=ResultType.OUTPUT
    )
    baseline_value = models.DecimalField(_("baseline value"), **VALUE, null=True, blank=True)
    baseline_date = models.DateField(_("baseline date"), null=True, blank=True)
    baseline_note = models.CharField(_("baseline note"), max_length=300, blank=True)
    responsible_organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="indicators_reported",
        verbose_name=_("responsible organization"),
    )
    verifying_organization = models.ForeignKey(
        Organization,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="indicators_verified",
        verbose_name=_("verifying organization"),
        help_text=_("Empty: any other member organization's representative may verify."),
    )
    sdg_target = models.ForeignKey(
        SdgTarget, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    sdg_indicator = models.CharField(
        _("SDG indicator"), max_length=12, blank=True, help_text=_("e.g. 6.5.1")
    )
    reporting_start = models.DateField(_("reporting starts"))
    reporting_end = models.DateField(_("reporting ends"))
    frequency = models.CharField(
        _("frequency"), max_length=12, choices=Frequency.choices, default=Frequency.QUARTERLY
    )
    grace_days = models.PositiveSmallIntegerField(
        _("days to report"),
        default=30,
        help_text=_("A report is late this many days after its period ends."),
    )
    library_key = models.CharField(max_length=60, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["result_type", "name"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "name"], name="indicator_name_unique"),
            choices_check("direction", Direction, "indicator_direction_valid"),
            choices_check("result_type", ResultType, "indicator_result_type_valid"),
            choices_check("measure", Measure, "indicator_measure_valid"),
            choices_check("frequency", Frequency, "indicator_frequency_valid"),
            models.CheckConstraint(
                condition=Q(reporting_end__gte=F("reporting_start")),
                name="indicator_reporting_ordered",
            ),
            models.CheckConstraint(
                condition=Q(baseline_value__isnull=True, baseline_date__isnull=True)
                | Q(baseline_value__isnull=False, baseline_date__isnull=False),
                name="indicator_baseline_complete",
            ),
            models.CheckConstraint(
                condition=Q(decimal_places__lte=4), name="indicator_decimal_places_max"
            ),
            models.CheckConstraint(
                condition=~Q(measure=Measure.PERCENTAGE)
                | Q(baseline_value__isnull=True)
                | Q(baseline_value__gte=0, baseline_value__lte=100),
                name="indicator_baseline_percentage",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_numeric(self) -> bool:
        return self.measure in NUMERIC_MEASURES


class IndicatorDimension(models.Model):
    """A disaggregation the indicator is reported by. When ``exhaustive``, the
    categories of the dimension cover everyone, so its cells add up to the total."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="dimensions")
    dimension = models.CharField(_("dimension"), max_length=8, choices=Dimension.choices)
    exhaustive = models.BooleanField(_("cells add up to the total"), default=True)

    class Meta:
        ordering = ["indicator", "dimension"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "dimension"], name="indicator_dimension_unique"
            ),
            choices_check("dimension", Dimension, "indicator_dimension_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.get_dimension_display()}"


class IndicatorTarget(models.Model):
    """The target for one reporting period: a value, a band (low–high), or both."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets")
    period_start = models.DateField()
    period_end = models.DateField()
    value = models.DecimalField(_("target"), **VALUE, null=True, blank=True)
    low = models.DecimalField(_("band from"), **VALUE, null=True, blank=True)
    high = models.DecimalField(_("band to"), **VALUE, null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["indicator", "period_start"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period_start"], name="indicator_target_one_per_period"
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")), name="target_period_ordered"
            ),
            models.CheckConstraint(
                condition=Q(value__isnull=False) | Q(low__isnull=False, high__isnull=False),
                name="target_has_value_or_band",
            ),
            models.CheckConstraint(
                condition=Q(low__isnull=True, high__isnull=True)
                | Q(low__isnull=False, high__isnull=False, high__gte=F("low")),
                name="target_band_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.period_start}–{self.period_end}"


# --- Measurements -----------------------------------------------------------------------


class MeasurementStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned with comment")
    APPROVED = "approved", _("Approved")
    LOCKED = "locked", _("Locked")


class MeasurementQuerySet(models.QuerySet["Measurement"]):
    def current(self) -> MeasurementQuerySet:
        """Measurements not replaced by a locked correction."""
        return self.exclude(corrected_by__status=MeasurementStatus.LOCKED)


class Measurement(models.Model):
    """The value reported for one indicator and period, through the verification workflow.

    draft → submitted → approved → locked; submitted → returned (with a comment) → submitted.
    A locked row is never changed (the database refuses it); a correction is a new
    measurement with ``corrects`` pointing at it, through the same workflow.
    """

    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="measurements")
    period_start = models.DateField()
    period_end = models.DateField()
    value = models.DecimalField(_("value"), **VALUE, null=True, blank=True)
    value_text = models.TextField(_("value (text)"), blank=True)
    reporter_organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="measurements_reported"
    )
    status = models.CharField(
        max_length=10, choices=MeasurementStatus.choices, default=MeasurementStatus.DRAFT
    )
    return_comment = models.TextField(_("comment on return"), blank=True)
    evidence_note = models.TextField(_("evidence note"), blank=True)
    evidence_file = models.FileField(_("evidence file"), upload_to="results/%Y/%m/", blank=True)
    evidence_link = models.URLField(_("evidence link"), max_length=500, blank=True)
    corrects = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="corrected_by"
    )
    correction_reason = models.TextField(_("why the correction"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    verifier = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    locked_at = models.DateTimeField(null=True, blank=True)

    objects = MeasurementQuerySet.as_manager()

    class Meta:
        ordering = ["indicator", "period_start", "id"]
        indexes = [
            models.Index(fields=["indicator", "period_start"], name="measurement_period_idx")
        ]
        constraints = [
            choices_check("status", MeasurementStatus, "measurement_status_valid"),
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")), name="measurement_period_ordered"
            ),
            models.CheckConstraint(
                condition=Q(value__isnull=False) | ~Q(value_text=""),
                name="measurement_has_value",
            ),
            models.UniqueConstraint(
                fields=["indicator", "period_start"],
                condition=Q(corrects__isnull=True),
                name="measurement_one_original_per_period",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["draft"]) | Q(submitted_at__isnull=False),
                name="measurement_submitted_has_time",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["approved", "locked"])
                | Q(verifier__isnull=False, approved_at__isnull=False),
                name="measurement_approved_has_verifier",
            ),
            models.CheckConstraint(
                condition=~Q(status="locked") | Q(locked_at__isnull=False),
                name="measurement_locked_has_time",
            ),
            models.CheckConstraint(
                condition=~Q(status="returned") | ~Q(return_comment=""),
                name="measurement_returned_has_comment",
            ),
            models.CheckConstraint(
                condition=Q(corrects__isnull=True) | ~Q(correction_reason=""),
                name="measurement_correction_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(verifier__isnull=True) | ~Q(verifier=F("submitted_by")),
                name="measurement_not_self_approved",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.period_start}–{self.period_end}: {self.display_value}"

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None and type(self).objects.filter(pk=self.pk, status="locked").exists():
            raise AppendOnlyError("A locked measurement is never edited; file a correction.")
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        if self.status == MeasurementStatus.LOCKED:
            raise AppendOnlyError("A locked measurement is never deleted; file a correction.")
        return super().delete(*args, **kwargs)  # type: ignore[arg-type]

    @property
    def display_value(self) -> str:
        return self.value_text if self.value is None else f"{self.value.normalize():f}"

    @property
    def is_locked(self) -> bool:
        return self.status == MeasurementStatus.LOCKED

    @property
    def is_correction(self) -> bool:
        return self.corrects_id is not None


class MeasurementCell(models.Model):
    """One category's value of a measurement (frozen with its measurement once locked)."""

    measurement = models.ForeignKey(Measurement, on_delete=models.CASCADE, related_name="cells")
    dimension = models.CharField(max_length=8, choices=Dimension.choices)
    category = models.CharField(max_length=20)
    value = models.DecimalField(**VALUE)

    class Meta:
        ordering = ["measurement", "dimension", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["measurement", "dimension", "category"], name="measurement_cell_unique"
            ),
            choices_check("dimension", Dimension, "measurement_cell_dimension_valid"),
            category_check("dimension", "category", "measurement_cell_category_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.dimension}={self.category}: {self.value}"


class MeasurementTransition(models.Model):
    """One step of a measurement's workflow, with who took it and the comment. Append-only."""

    measurement = models.ForeignKey(
        Measurement, on_delete=models.CASCADE, related_name="transitions"
    )
    from_status = models.CharField(max_length=10, choices=MeasurementStatus.choices, blank=True)
    to_status = models.CharField(max_length=10, choices=MeasurementStatus.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    comment = models.TextField(blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["measurement", "at", "id"]
        constraints = [
            choices_check("to_status", MeasurementStatus, "measurement_transition_to_valid"),
            models.CheckConstraint(
                condition=Q(from_status="") | Q(from_status__in=MeasurementStatus.values),
                name="measurement_transition_from_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.from_status or '—'} → {self.to_status}"

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None:
            raise AppendOnlyError("Workflow history is never edited.")
        super().save(*args, **kwargs)  # type: ignore[arg-type]


# --- Commitments (agency accountability) ------------------------------------------------


class CommitmentSource(models.TextChoices):
    CHARTER = "charter", _("Charter")
    WORKPLAN = "workplan", _("Workplan")
    OTHER = "other", _("Other (a meeting, a letter)")


class CommitmentStatus(models.TextChoices):
    ON_TRACK = "on_track", _("On track")
    LATE = "late", _("Late")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


class Commitment(models.Model):
    """What one organization committed to. Its status is set by that organization and
    confirmed by the partnership (a coordinator)."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="commitments"
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="commitments"
    )
    text = models.TextField(_("commitment"))
    source = models.CharField(
        _("from"), max_length=10, choices=CommitmentSource.choices, default=CommitmentSource.OTHER
    )
    due_on = models.DateField(_("due"), null=True, blank=True)
    activity = models.ForeignKey(
        Activity, null=True, blank=True, on_delete=models.PROTECT, related_name="commitments"
    )
    indicator = models.ForeignKey(
        Indicator, null=True, blank=True, on_delete=models.PROTECT, related_name="commitments"
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=CommitmentStatus.choices,
        default=CommitmentStatus.ON_TRACK,
    )
    status_reason = models.TextField(_("reason"), blank=True)
    status_set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    status_set_at = models.DateTimeField(null=True, blank=True)
    done_on = models.DateField(null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["organization__name", "due_on", "id"]
        constraints = [
            choices_check("status", CommitmentStatus, "commitment_status_valid"),
            choices_check("source", CommitmentSource, "commitment_source_valid"),
            models.CheckConstraint(
                condition=~Q(status="dropped") | ~Q(status_reason=""),
                name="commitment_dropped_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(activity__isnull=True) | Q(indicator__isnull=True),
                name="commitment_one_link",
            ),
            models.CheckConstraint(
                condition=Q(confirmed_by__isnull=True, confirmed_at__isnull=True)
                | Q(confirmed_by__isnull=False, confirmed_at__isnull=False),
                name="commitment_confirmation_complete",
            ),
            models.CheckConstraint(
                condition=~Q(status="done") | Q(done_on__isnull=False),
                name="commitment_done_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization}: {self.text[:60]}"


# --- Action items (individual accountability) -------------------------------------------


class ActionItemStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")


class ActionItem(models.Model):
    """A task owned by a named person of a member organization, with a due date."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="action_items"
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="action_items"
    )
    owner_organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="action_items"
    )
    due_on = models.DateField(_("due"))
    proposal = models.ForeignKey(
        Proposal,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="action_items",
        help_text=_("The decision (closed proposal) this follows from."),
    )
    activity = models.ForeignKey(
        Activity, null=True, blank=True, on_delete=models.PROTECT, related_name="action_items"
    )
    indicator = models.ForeignKey(
        Indicator, null=True, blank=True, on_delete=models.PROTECT, related_name="action_items"
    )
    status = models.CharField(
        max_length=4, choices=ActionItemStatus.choices, default=ActionItemStatus.OPEN
    )
    done_note = models.TextField(_("what was done"), blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reminded_before_due_at = models.DateTimeField(null=True, blank=True)
    reminded_overdue_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["status", "due_on", "id"]
        indexes = [
            models.Index(fields=["status", "due_on"], name="action_item_due_idx"),
        ]
        constraints = [
            choices_check("status", ActionItemStatus, "action_item_status_valid"),
            models.CheckConstraint(
                condition=(
                    Q(proposal__isnull=True, activity__isnull=True)
                    | Q(proposal__isnull=True, indicator__isnull=True)
                    | Q(activity__isnull=True, indicator__isnull=True)
                ),
                name="action_item_one_link",
            ),
            models.CheckConstraint(
                condition=Q(status="open", done_at__isnull=True)
                | Q(status="done", done_at__isnull=False),
                name="action_item_done_has_time",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class ActionItemReassignment(models.Model):
    """An action item changed owner. Append-only history."""

    action_item = models.ForeignKey(
        ActionItem, on_delete=models.CASCADE, related_name="reassignments"
    )
    from_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    from_organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    to_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    to_organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(_("reason"), blank=True)
    reassigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reassigned_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["action_item", "reassigned_at", "id"]

    def __str__(self) -> str:
        return f"{self.action_item}: {self.from_owner} → {self.to_owner}"

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None:
            raise AppendOnlyError("Reassignments are history; they are never edited.")
        super().save(*args, **kwargs)  # type: ignore[arg-type]


# --- Benefits ledger --------------------------------------------------------------------


class BenefitLevel(models.TextChoices):
    INDIVIDUAL = "individual", _("Individual")
    ORGANIZATIONAL = "organizational", _("Organizational")
    INSTITUTIONAL = "institutional", _("Institutional")
    SYSTEM = "system", _("System")


class BenefitKind(models.TextChoices):
    KNOWLEDGE = "knowledge", _("Knowledge")
    SKILLS = "skills", _("Skills")
    FUNDING = "funding", _("Funding")
    EQUIPMENT = "equipment", _("Equipment")
    REPUTATION = "reputation", _("Reputation")
    NETWORK = "network", _("Network")
    SERVICES = "services", _("Access to services")
    POLICY = "policy", _("Policy influence")
    DATA = "data", _("Data")
    OTHER = "other", _("Other")


class BenefitQuerySet(models.QuerySet["Benefit"]):
    def update(self, **kwargs: object) -> int:
        raise AppendOnlyError("Benefits are never edited; record a reversing benefit.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("Benefits are never deleted; record a reversing benefit.")


class Benefit(models.Model):
    """What a member organization or a community participant gained. Append-only, like
    the resource ledger: a mistake is corrected by a reversing benefit, which carries the
    negated value (if any) of the benefit it reverses; a benefit is reversed once."""

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="benefits")
    recipient_organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.PROTECT, related_name="benefits"
    )
    recipient_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="benefits",
        help_text=_("A community participant who benefited in person."),
    )
    level = models.CharField(_("level"), max_length=14, choices=BenefitLevel.choices)
    kind = models.CharField(_("kind"), max_length=10, choices=BenefitKind.choices)
    description = models.TextField(_("what was gained"))
    received_on = models.DateField(_("received on"))
    value = models.DecimalField(_("value"), **MONEY, null=True, blank=True)
    currency = models.CharField(_("currency"), max_length=3, blank=True)
    evidence_note = models.TextField(_("evidence note"), blank=True)
    evidence_file = models.FileField(_("evidence file"), upload_to="benefits/%Y/%m/", blank=True)
    evidence_link = models.URLField(_("evidence link"), max_length=500, blank=True)
    expected_by_charter = models.BooleanField(_("the charter expected it"), default=False)
    reverses = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="reversed_by"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    objects = BenefitQuerySet.as_manager()

    class Meta:
        ordering = ["-received_on", "-id"]
        indexes = [
            models.Index(fields=["partnership", "received_on"], name="benefit_partnership_date_idx")
        ]
        constraints = [
            choices_check("level", BenefitLevel, "benefit_level_valid"),
            choices_check("kind", BenefitKind, "benefit_kind_valid"),
            models.CheckConstraint(
                condition=Q(recipient_organization__isnull=False, recipient_user__isnull=True)
                | Q(recipient_organization__isnull=True, recipient_user__isnull=False),
                name="benefit_one_recipient",
            ),
            models.CheckConstraint(
                condition=Q(value__isnull=True)
                | (Q(reverses__isnull=True) & Q(value__gt=0))
                | (Q(reverses__isnull=False) & Q(value__lt=0)),
                name="benefit_value_sign",
            ),
            models.CheckConstraint(
                condition=Q(value__isnull=True, currency="")
                | (Q(value__isnull=False) & ~Q(currency="")),
                name="benefit_value_has_currency",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.recipient_organization or self.recipient_user}"

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None:
            raise AppendOnlyError("Benefits are never edited; record a reversing benefit.")
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("Benefits are never deleted; record a reversing benefit.")

    @property
    def is_reversal(self) -> bool:
        return self.reverses_id is not None
