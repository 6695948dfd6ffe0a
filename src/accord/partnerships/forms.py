from __future__ import annotations

from typing import Any

from django import forms

from accord.partners.models import Organization
from accord.partnerships.models import (
    CHARTER_SECTIONS,
    CharterVersion,
    ParticipantRole,
    Partnership,
)
from accord.reference.models import SdgTarget


class SdgTargetChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: SdgTarget) -> str:
        return f"{obj.code} — {obj.title[:110]}"


class PartnershipForm(forms.ModelForm):
    sdg_targets = SdgTargetChoiceField(
        queryset=SdgTarget.objects.select_related("goal").order_by("goal__number", "position"),
        required=False,
        to_field_name="code",
        label="SDG targets",
        help_text="Hold Ctrl (Cmd on a Mac) to choose several.",
    )
    lead_organization = forms.ModelChoiceField(
        queryset=Organization.objects.none(),
        required=False,
        help_text="The organization you represent that founds the partnership (it becomes the first member).",
    )

    class Meta:
        model = Partnership
        fields = [
            "name",
            "purpose",
            "type",
            "modality",
            "places",
            "visibility",
            "allows_individuals",
            "reporting_currency",
        ]
        widgets = {"purpose": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, lead_choices: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if lead_choices is None:
            del self.fields["lead_organization"]
        else:
            self.fields["lead_organization"].queryset = lead_choices

    def service_kwargs(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["sdg_targets"] = [t.code for t in data.get("sdg_targets") or []]
        return data


class InviteForm(forms.Form):
    organization = forms.ModelChoiceField(queryset=Organization.objects.none())
    message = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args: Any, candidates: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = candidates


class ParticipantAddForm(forms.Form):
    email = forms.EmailField()
    role = forms.ChoiceField(choices=ParticipantRole.choices)


class WithdrawForm(forms.Form):
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)


class CharterDraftForm(forms.ModelForm):
    class Meta:
        model = CharterVersion
        fields = [field for field, _ in CHARTER_SECTIONS] + ["change_summary"]
        labels = dict(CHARTER_SECTIONS)
        widgets = {field: forms.Textarea(attrs={"rows": 3}) for field, _ in CHARTER_SECTIONS}


class SignForm(forms.Form):
    organization = forms.ModelChoiceField(queryset=Organization.objects.none())

    def __init__(self, *args: Any, organizations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organization"]
        field.queryset = organizations
        field.label = "Sign for"
        field.empty_label = None  # a representative of one organization just clicks "Sign"


class TransitionForm(forms.Form):
    to_status = forms.CharField()
