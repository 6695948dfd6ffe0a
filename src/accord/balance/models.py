"""The balance app's one table: each partnership's alert thresholds.

Every other figure of the balance pages is read from the apps that hold the records
(resources, decisions, participation, results); nothing is copied here.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accord.partnerships.models import Partnership

#: The percentage thresholds and their defaults; each lies in 1..100.
PERCENT_DEFAULTS = {
    "voice_gap_percent": 50,
    "benefit_gap_percent": 50,
    "resources_top_percent": 50,
    "power_top_percent": 50,
    "individual_benefits_percent": 75,
}
#: The least number of comments (or benefits) before their spread is judged.
MINIMUM_RECORDS_DEFAULT = 10
MINIMUM_RECORDS_MAX = 100_000

PERCENT_MESSAGE = _("Enter a percentage between 1 and 100.")
RECORDS_MESSAGE = _("Enter a number of records between 1 and 100,000.")


def _percent(verbose: str, help_text: str, default: int) -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(
        verbose,
        default=default,
        validators=[
            MinValueValidator(1, message=PERCENT_MESSAGE),
            MaxValueValidator(100, message=PERCENT_MESSAGE),
        ],
        help_text=help_text,
    )


class BalanceSettings(models.Model):
    """The thresholds from which a partnership's balance alerts fire (one row per
    partnership, created the first time the coordinator saves them; until then the
    defaults apply)."""

    partnership = models.OneToOneField(
        Partnership, on_delete=models.CASCADE, related_name="balance_settings"
    )
    voice_gap_percent = _percent(
        _("voice below its share of members (%)"),
        _(
            "Alert when a group's share of the comments written this quarter is below this "
            "percentage of its share of the members (50: less than half its share)."
        ),
        PERCENT_DEFAULTS["voice_gap_percent"],
    )
    benefit_gap_percent = _percent(
        _("benefits below its share of members (%)"),
        _(
            "Alert when a group's share of the benefits received is below this percentage "
            "of its share of the members."
        ),
        PERCENT_DEFAULTS["benefit_gap_percent"],
    )
    resources_top_percent = _percent(
        _("one member's share of the resources (%)"),
        _("Alert when one member delivered more than this share of all resources."),
        PERCENT_DEFAULTS["resources_top_percent"],
    )
    power_top_percent = _percent(
        _("one voter's share of the power (%)"),
        _(
            "Alert when one voter holds more than this share of the Banzhaf power under a "
            "rule in force."
        ),
        PERCENT_DEFAULTS["power_top_percent"],
    )
    individual_benefits_percent = _percent(
        _("benefits that stayed individual (%)"),
        _(
            "Alert when more than this share of the recorded benefits reached individuals "
            "only, not organizations, institutions or the wider system."
        ),
        PERCENT_DEFAULTS["individual_benefits_percent"],
    )
    alert_veto = models.BooleanField(
        _("alert when one voter can block every decision"),
        default=True,
        help_text=_("A veto player: its vote alone can stop any decision under a rule in force."),
    )
    minimum_records = models.PositiveIntegerField(
        _("records needed before judging"),
        default=MINIMUM_RECORDS_DEFAULT,
        validators=[
            MinValueValidator(1, message=RECORDS_MESSAGE),
            MaxValueValidator(MINIMUM_RECORDS_MAX, message=RECORDS_MESSAGE),
        ],
        help_text=_(
            "Voice and benefits are judged once at least this many comments (this quarter) "
            "or benefits are recorded, so that a handful of records raises no alarm."
        ),
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("balance alert thresholds")
        verbose_name_plural = _("balance alert thresholds")
        constraints = [
            *(
                models.CheckConstraint(
                    condition=Q(**{f"{name}__gte": 1, f"{name}__lte": 100}),
                    name=f"balance_{name}_range",
                )
                for name in PERCENT_DEFAULTS
            ),
            models.CheckConstraint(
                condition=Q(minimum_records__gte=1, minimum_records__lte=MINIMUM_RECORDS_MAX),
                name="balance_minimum_records_range",
            ),
        ]

    def __str__(self) -> str:
        return f"Balance thresholds of {self.partnership}"
