from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from accord.accounts import time_zones
from accord.partners.models import Organization
from accord.partnerships.models import (
    CHARTER_SECTIONS,
    CharterVersion,
    ParticipantRole,
    Partnership,
)
from accord.reference.codelists import currency_names
from accord.reference.models import SdgTarget


class SdgTargetChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: SdgTarget) -> str:
        return f"{obj.code} — {obj.local_title[:110]}"


def currency_choices() -> list[tuple[str, str]]:
    """Every ISO 4217 currency, by code, with its name ("KES — Kenyan Shilling")."""
    return [(code, f"{code} — {name}") for code, name in sorted(currency_names().items())]


def sdg_target_groups(targets: Any) -> list[tuple[str, list[tuple[str, str]]]]:
    """The targets grouped by goal, for a select with one optgroup per goal (it works
    without JavaScript; a browser jumps to an option as one types its number)."""
    groups: dict[int, tuple[str, list[tuple[str, str]]]] = {}
    for target in targets:
        goal = target.goal
        label = f"{goal.number}. {goal.local_short}"
        groups.setdefault(goal.number, (label, []))[1].append(
            (target.code, f"{target.code} — {target.local_title[:110]}")
        )
    return [groups[number] for number in sorted(groups)]


class PartnershipForm(forms.ModelForm):
    sdg_targets = SdgTargetChoiceField(
        queryset=SdgTarget.objects.select_related("goal").order_by("goal__number", "position"),
        required=False,
        to_field_name="code",
        label=_("SDG targets"),
        help_text=_(
            "Grouped by goal. Hold Ctrl (Cmd on a Mac) to choose several; type a target's "
            "number (such as 6.5) to jump to it."
        ),
    )
    reporting_currency = forms.ChoiceField(
        label=_("Reporting currency"),
        help_text=_("The currency every amount is converted to in the summaries."),
    )
    lead_organization = forms.ModelChoiceField(
        queryset=Organization.objects.none(),
        required=False,
        label=_("Lead organization"),
        help_text=_(
            "The organization you represent that founds the partnership (it becomes the first "
            "member)."
        ),
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
            "time_zone",
            "began_on",
        ]
        widgets = {
            "purpose": forms.Textarea(attrs={"rows": 4}),
            "began_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        # The model's fields have no verbose_name (a migration each): their labels are here.
        labels = {
            "name": _("Name"),
            "purpose": _("Purpose"),
            "type": _("Type"),
            "modality": _("Modality"),
            "places": _("Places"),
            "visibility": _("Visibility"),
            "allows_individuals": _("Allows individuals"),
            "began_on": _("Began on"),
        }

    time_zone = forms.ChoiceField(
        label=_("Time zone"),
        required=False,
        help_text=_(
            "Dates and times are shown and read in it for members who have not chosen their own."
        ),
    )
    #: Filled by web/time-zone.js with the browser's zone: a new partnership starts in its
    #: creator's zone when they leave the choice blank.
    browser_time_zone = forms.CharField(
        required=False,
        widget=forms.HiddenInput(attrs={"data-browser-time-zone": ""}),
    )

    def __init__(self, *args: Any, lead_choices: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if lead_choices is None:
            del self.fields["lead_organization"]
        else:
            self.fields["lead_organization"].queryset = lead_choices
            only = list(lead_choices[:2])
            if len(only) == 1 and not self.is_bound:
                self.initial["lead_organization"] = only[0].pk  # the only possible choice
        self.fields["reporting_currency"].choices = currency_choices()
        if not self.is_bound and not self.instance.pk:
            self.initial.setdefault("reporting_currency", "USD")
        self.fields["sdg_targets"].widget.choices = sdg_target_groups(
            self.fields["sdg_targets"].queryset
        )
        # web/filter-select.js puts a search box above it; without JavaScript, a plain select
        self.fields["sdg_targets"].widget.attrs.update(
            {
                "data-filter": _("Find targets by word or number"),
                "data-filter-count": _("%s targets match"),
                "size": 10,
            }
        )
        self.fields["time_zone"].choices = [
            (
                "",
                _("The browser's zone, or else the site's (%(zone)s)")
                % {"zone": settings.TIME_ZONE},
            ),
            *time_zones.zone_choices(),
        ]

    def clean_time_zone(self) -> str:
        zone = self.cleaned_data.get("time_zone") or ""
        browser = (self.data.get("browser_time_zone") or "").strip()
        if not zone and self.instance.pk is None and time_zones.is_zone(browser):
            zone = browser
        return zone

    def service_kwargs(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("browser_time_zone", None)
        data["sdg_targets"] = [t.code for t in data.get("sdg_targets") or []]
        return data


class InviteForm(forms.Form):
    organization = forms.ModelChoiceField(
        queryset=Organization.objects.none(), label=_("Organization")
    )
    message = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}), required=False, label=_("Message")
    )

    def __init__(self, *args: Any, candidates: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = candidates


class ParticipantAddForm(forms.Form):
    email = forms.EmailField(label=_("Email"))
    role = forms.ChoiceField(choices=ParticipantRole.choices, label=_("Role"))


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}), required=False, label=_("Reason")
    )


class CharterDraftForm(forms.ModelForm):
    """The draft's sections; when the coordinator may publish directly, two ticks guard the
    permanent act: one that publishing freezes the version, and, when sections are empty,
    one that names them (the common outcome is required: no publishing without it)."""

    confirm_publish = forms.BooleanField(
        required=False,
        label=_(
            "To publish: I understand a published version is frozen and opens for "
            "signature; it cannot be undone."
        ),
    )
    confirm_empty = forms.BooleanField(
        required=False, label=_("Publish even though these sections are empty.")
    )

    class Meta:
        model = CharterVersion
        fields = [field for field, _label in CHARTER_SECTIONS] + ["change_summary"]
        labels = {**dict(CHARTER_SECTIONS), "change_summary": _("Change summary")}
        widgets = {field: forms.Textarea(attrs={"rows": 3}) for field, _label in CHARTER_SECTIONS}

    def __init__(self, *args: Any, can_publish: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.publishing = can_publish and self.is_bound and self.data.get("action") == "publish"
        self.empty_sections: list[str] = []
        if not can_publish:
            del self.fields["confirm_publish"]
        if not self.publishing:
            del self.fields["confirm_empty"]  # shown only once a publish found empty sections

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not self.publishing:
            return data
        if not data.get("confirm_publish"):
            self.add_error(
                "confirm_publish",
                _("Tick the box to confirm publishing: a published version cannot be changed."),
            )
        self.empty_sections = [
            str(label)
            for field, label in CHARTER_SECTIONS
            if field != "common_outcome" and not (data.get(field) or "").strip()
        ]
        if self.empty_sections and not data.get("confirm_empty"):
            self.add_error(
                "confirm_empty",
                _(
                    "These sections are empty: %(sections)s. Fill them in, or tick the box "
                    "to publish without them."
                )
                % {"sections": ", ".join(self.empty_sections)},
            )
        return data

    def section_data(self) -> dict[str, Any]:
        """The cleaned sections for the service, without the confirmation ticks."""
        return {k: v for k, v in self.cleaned_data.items() if k in self.Meta.fields}


class SignForm(forms.Form):
    organization = forms.ModelChoiceField(queryset=Organization.objects.none())

    def __init__(self, *args: Any, organizations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organization"]
        field.queryset = organizations
        field.label = _("Sign for")
        field.empty_label = None  # a representative of one organization just clicks "Sign"

    confirm = forms.BooleanField(
        label=_("I understand a signature cannot be withdrawn."),
        error_messages={"required": _("Tick the box to confirm the signature.")},
    )


class TransitionForm(forms.Form):
    to_status = forms.CharField()
    confirm = forms.BooleanField(
        label=_("I understand this change of status cannot be undone."),
        error_messages={"required": _("Tick the box to confirm the change of status.")},
    )


class GroupForm(forms.Form):
    """A group of the partnership's own, with its members chosen by name."""

    name = forms.CharField(max_length=120, label=_("Name"))
    description = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}), required=False, label=_("Description")
    )
    organizations = forms.ModelMultipleChoiceField(
        queryset=Organization.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Member organizations in the group"),
    )
    people = forms.ModelMultipleChoiceField(
        queryset=Organization.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Community participants in the group"),
        help_text=_(
            "A group needs at least one member. Under a rule where organizations vote, only "
            "its organizations vote; community participants vote where individuals vote."
        ),
    )

    def __init__(self, *args: Any, organizations: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organizations"].queryset = organizations
        self.fields["people"].queryset = people
