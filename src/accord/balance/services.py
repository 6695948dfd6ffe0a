"""Every write of the balance app: the partnership's alert thresholds."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accord.audit.services import partnership_event_record
from accord.audit.summaries import summary
from accord.balance.models import PERCENT_DEFAULTS, BalanceSettings
from accord.errors import Invalid, full_clean_or_invalid, require_permission
from accord.partnerships.models import Partnership

#: The fields a coordinator may set.
SETTINGS_FIELDS = (*PERCENT_DEFAULTS, "alert_veto", "minimum_records")


def balance_settings_update(
    *, actor: Any, partnership: Partnership, **values: Any
) -> BalanceSettings:
    """Set the partnership's alert thresholds (the fields of :data:`SETTINGS_FIELDS`; those
    not given keep their value). Coordinators only; a value out of range is ``Invalid``
    with the error on its field, and nothing changes."""
    require_permission(actor, "balance.change_balance_settings", partnership)
    unknown = set(values) - set(SETTINGS_FIELDS)
    if unknown:
        raise Invalid(_("Unknown setting: %(names)s.") % {"names": ", ".join(sorted(unknown))})
    with transaction.atomic():
        row = BalanceSettings.objects.select_for_update().filter(
            partnership=partnership
        ).first() or BalanceSettings(partnership=partnership)
        for name, value in values.items():
            setattr(row, name, value)
        for name in PERCENT_DEFAULTS:
            _check_whole(getattr(row, name), name)
        _check_whole(row.minimum_records, "minimum_records")
        row.updated_by = actor
        row.updated_at = timezone.now()
        full_clean_or_invalid(row, exclude=["partnership", "updated_by"])
        row.save()
        partnership_event_record(
            actor,
            "balance_settings_updated",
            row,
            partnership,
            summary(gettext_noop("Balance alert thresholds updated")),
            **{name: getattr(row, name) for name in SETTINGS_FIELDS},
        )
    return row


def _check_whole(value: Any, name: str) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        message = _("Enter a whole number.")
        raise Invalid(message, field_errors={name: [message]})
