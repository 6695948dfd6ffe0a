"""The stakeholder map's forms: they check the shape; the services check the meaning."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from accord.partners.models import Sector
from accord.stakeholders.models import RATING_FIELDS

SCALE = [(str(value), str(value)) for value in range(1, 6)]

RATING_LABELS = {
    "power": (_("Power over the partnership"), _("1: none — 5: can make or break it")),
    "interest": (_("Interest in its outcome"), _("1: indifferent — 5: deeply affected")),
    "salience_power": (
        _("Power to impose its will"),
        _("By force, money or public pressure. 1: none — 5: a great deal"),
    ),
    "legitimacy": (
        _("Legitimacy of its claim"),
        _("Is its claim on the partnership accepted as proper? 1: not at all — 5: fully"),
    ),
    "urgency": (
        _("Urgency of its claim"),
        _("Is its claim pressing and critical to it? 1: not at all — 5: very"),
    ),
}


class StakeholderForm(forms.Form):
    organization = forms.ModelChoiceField(
        label=_("An organization on Accord"),
        queryset=None,
        required=False,
        empty_label=_("— none: a group without an account —"),
    )
    name = forms.CharField(
        label=_("Or the name of a group without an account"), max_length=200, required=False
    )
    sector = forms.ChoiceField(
        label=_("Sector of the group"),
        choices=[("", _("— not said —")), *Sector.choices],
        required=False,
    )
    description = forms.CharField(label=_("Why it matters"), max_length=500, required=False)

    def __init__(self, *args: Any, organizations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations


class RatingForm(forms.Form):
    stakeholder = forms.ModelChoiceField(label=_("Stakeholder"), queryset=None)
    organization = forms.ModelChoiceField(
        label=_("Rating for"), queryset=None, required=False, empty_label=None
    )

    def __init__(self, *args: Any, stakeholders: Any, organizations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["stakeholder"].queryset = stakeholders
        self.fields["stakeholder"].label_from_instance = lambda s: s.display_name
        self.fields["organization"].queryset = organizations
        if organizations.count() <= 1:
            self.fields["organization"].widget = forms.HiddenInput()
        for name in RATING_FIELDS:
            label, help_text = RATING_LABELS[name]
            self.fields[name] = forms.TypedChoiceField(
                label=label, help_text=help_text, choices=SCALE, coerce=int, initial="3"
            )

    def ratings(self) -> dict[str, int]:
        return {name: self.cleaned_data[name] for name in RATING_FIELDS}
