from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from accord.partners.models import Organization, Sector


class OrganizationForm(forms.ModelForm):
    class Meta:
        model = Organization
        fields = [
            "name",
            "sector",
            "iati_type",
            "capacity",
            "country",
            "places",
            "description",
            "expertise_offered",
            "expertise_needed",
        ]
        # The model's fields have no verbose_name (a migration each): their labels are here.
        labels = {
            "name": _("Name"),
            "sector": _("Sector"),
            "capacity": _("Capacity"),
            "country": _("Country"),
            "places": _("Places"),
            "description": _("Description"),
            "expertise_offered": _("Expertise offered"),
            "expertise_needed": _("Expertise needed"),
        }
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "expertise_offered": forms.Textarea(attrs={"rows": 3}),
            "expertise_needed": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["iati_type"].required = False
        self.fields["iati_type"].help_text = _("Leave empty to use the usual type for the sector.")


class AffiliationForm(forms.Form):
    email = forms.EmailField(label=_("Email"))
    name = forms.CharField(
        label=_("Name"),
        max_length=200,
        required=False,
        help_text=_("Used if the person is new to Accord; they can change it."),
    )
    title = forms.CharField(max_length=120, required=False, label=_("Job title"))
    is_representative = forms.BooleanField(
        required=False, label=_("Speaks and signs for the organization")
    )


class OrganizationFindForm(forms.Form):
    """The directory's search (GET, issue 14, item 10): every field optional; a bad value is
    named beside its field and the directory shows everything."""

    q = forms.CharField(label=_("Search by name"), required=False, max_length=100)
    sector = forms.ChoiceField(
        label=_("Sector"), required=False, choices=[("", _("Any sector")), *Sector.choices]
    )
