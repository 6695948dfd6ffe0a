"""HTML forms of meetings; they check shape, the services check meaning."""

from __future__ import annotations

from typing import Any
from zoneinfo import available_timezones

from django import forms
from django.utils.translation import gettext_lazy as _

from accord.meetings.models import Attendance, Invitation

_ZONES = sorted(available_timezones())


class MeetingForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    starts = forms.TimeField(label=_("Starts at"), widget=forms.TimeInput(attrs={"type": "time"}))
    ends = forms.TimeField(label=_("Ends at"), widget=forms.TimeInput(attrs={"type": "time"}))
    time_zone = forms.ChoiceField(
        label=_("Time zone"),
        choices=[(z, z.replace("_", " ")) for z in _ZONES],
        help_text=_("The date and times are in this zone; everyone sees them in it, named."),
    )
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    online_link = forms.CharField(label=_("Online link"), max_length=500, required=False)
    organizations = forms.ModelMultipleChoiceField(
        label=_("Organizations invited"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    people = forms.ModelMultipleChoiceField(
        label=_("People invited"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, organizations: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organizations"].queryset = organizations
        self.fields["people"].queryset = people

    def service_data(self) -> dict[str, Any]:
        from datetime import datetime

        data = self.cleaned_data
        return {
            "title": data["title"],
            "starts_local": datetime.combine(data["date"], data["starts"]),
            "ends_local": datetime.combine(data["date"], data["ends"]),
            "time_zone": data["time_zone"],
            "place": data["place"],
            "online_link": data["online_link"],
            "organizations": list(data["organizations"]),
            "people": list(data["people"]),
        }


class MeetingCreateForm(MeetingForm):
    agenda = forms.CharField(
        label=_("Agenda"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One item per line. Link items to proposals, activities or indicators later."),
    )


class AgendaItemForm(forms.Form):
    title = forms.CharField(label=_("Agenda item"), max_length=200, required=False)
    proposal = forms.ModelChoiceField(label=_("Proposal"), queryset=None, required=False)
    activity = forms.ModelChoiceField(label=_("Activity"), queryset=None, required=False)
    indicator = forms.ModelChoiceField(label=_("Indicator"), queryset=None, required=False)

    def __init__(
        self, *args: Any, proposals: Any, activities: Any, indicators: Any, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["proposal"].queryset = proposals
        self.fields["activity"].queryset = activities
        self.fields["indicator"].queryset = indicators


def attendance_field_name(invitation: Invitation) -> str:
    if invitation.organization_id:
        return f"organization_{invitation.organization_id}"
    return f"person_{invitation.person_id}"


class AttendanceForm(forms.Form):
    """One choice per invitation."""

    def __init__(self, *args: Any, invitations: list[Invitation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", _("Not recorded")), *Attendance.choices]
        for invitation in invitations:
            self.fields[attendance_field_name(invitation)] = forms.ChoiceField(
                label=str(invitation.invitee),
                choices=choices,
                required=False,
                initial=invitation.attendance,
                widget=forms.RadioSelect,
            )

    def service_data(self) -> dict[str, dict[int, str]]:
        organizations: dict[int, str] = {}
        people: dict[int, str] = {}
        for name, value in self.cleaned_data.items():
            if not value:
                continue
            kind, pk = name.split("_", 1)
            (organizations if kind == "organization" else people)[int(pk)] = value
        return {"organizations": organizations, "people": people}


class MinutesForm(forms.Form):
    minutes = forms.CharField(
        label=_("Minutes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_("Markdown: # headings, **bold**, - lists, [links](https://…)."),
    )


class DecisionForm(forms.Form):
    proposal = forms.ModelChoiceField(label=_("Proposal decided"), queryset=None)
    rationale = forms.CharField(
        label=_("Rationale"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, proposals: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["proposal"].queryset = proposals


class ActionItemForm(forms.Form):
    title = forms.CharField(label=_("Action item"), max_length=200)
    owner = forms.ModelChoiceField(label=_("Owner"), queryset=None)
    due_on = forms.DateField(label=_("Due on"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, owners: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owners
        self.fields["owner"].label_from_instance = lambda a: f"{a.user} ({a.organization})"


class TravelSupportForm(forms.Form):
    organization = forms.ModelChoiceField(label=_("Organization"), queryset=None)
    amount = forms.DecimalField(label=_("Amount"), max_digits=14, decimal_places=2, min_value=0)
    currency_code = forms.CharField(label=_("Currency"), max_length=3, initial="USD")
    description = forms.CharField(
        label=_("What the travel costs"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, organizations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations
