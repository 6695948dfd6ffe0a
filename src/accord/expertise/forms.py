"""Forms of the expertise pages. They check the shape; the services check the meaning."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from accord.expertise.models import DETAIL_MAX_CHARS, Area, Direction


class OrganizationExpertiseForm(forms.Form):
    direction = forms.ChoiceField(label=_("We"), choices=Direction.choices)
    area = forms.ChoiceField(label=_("Area"), choices=Area.choices)
    detail = forms.CharField(
        label=_("In our words"),
        max_length=DETAIL_MAX_CHARS,
        required=False,
        help_text=_("What exactly, e.g. “accredited laboratory: nutrients, E. coli, metals”."),
    )


class ActivityNeedForm(forms.Form):
    activity = forms.ModelChoiceField(label=_("Activity"), queryset=None)
    area = forms.ChoiceField(label=_("needs"), choices=Area.choices)
    detail = forms.CharField(label=_("What exactly"), max_length=DETAIL_MAX_CHARS, required=False)

    def __init__(self, *args: Any, activities: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["activity"].queryset = activities  # type: ignore[attr-defined]
