"""The form of the partnership's alert thresholds (shape only; the service checks meaning)."""

from __future__ import annotations

from django import forms

from accord.balance.models import BalanceSettings
from accord.balance.services import SETTINGS_FIELDS


class BalanceSettingsForm(forms.ModelForm):
    class Meta:
        model = BalanceSettings
        fields = list(SETTINGS_FIELDS)
        widgets = {
            name: forms.NumberInput(attrs={"min": 1, "max": 100, "step": 1, "inputmode": "numeric"})
            for name in SETTINGS_FIELDS
            if name.endswith("_percent")
        }

    def _post_clean(self) -> None:
        """Leave the model's checks to the service, so that its errors stand beside their
        fields once, and the form only checks shape (whole numbers in range)."""
