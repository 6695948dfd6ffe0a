from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from accord.notifications.models import DigestFrequency


class DigestPreferenceForm(forms.Form):
    frequency = forms.ChoiceField(
        label=_("How often"), choices=DigestFrequency.choices, widget=forms.RadioSelect
    )
    activity = forms.BooleanField(label=_("What happened in your partnerships"), required=False)
    waiting = forms.BooleanField(
        label=_("What is waiting for you (votes, reports due, action items, meetings)"),
        required=False,
    )
