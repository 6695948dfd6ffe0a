"""HTML forms for results. They check the shape of the input; the services check its meaning
(values of the indicator's type, cells that add up, periods inside the span)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from accord.decisions.models import Proposal
from accord.partners.models import Organization
from accord.resources.models import Activity
from accord.results.dimensions import CATEGORIES, Dimension
from accord.results.library import LibraryIndicator
from accord.results.models import (
    BenefitKind,
    BenefitLevel,
    CommitmentSource,
    CommitmentStatus,
    Direction,
    Frequency,
    Indicator,
    Measure,
    ResultType,
)
from accord.results.periods import Period

DATE = forms.DateInput(attrs={"type": "date"})
NUMBER = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})
DIMENSION_USE = [
    ("", _("Not used")),
    ("exhaustive", _("Used: the categories cover everyone and add up to the total")),
    ("partial", _("Used: some categories only")),
]


class IndicatorForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    unit = forms.CharField(
        label=_("Unit"), max_length=60, required=False, help_text=_("e.g. hectares, people, %")
    )
    measure = forms.ChoiceField(label=_("Measure"), choices=Measure.choices, initial=Measure.UNIT)
    decimal_places = forms.IntegerField(
        label=_("Decimal places"),
        min_value=0,
        max_value=4,
        initial=0,
        help_text=_("0 for counts: values must then be whole numbers."),
    )
    direction = forms.ChoiceField(label=_("Direction"), choices=Direction.choices)
    result_type = forms.ChoiceField(label=_("Result type (IATI)"), choices=ResultType.choices)
    baseline_value = forms.CharField(
        label=_("Baseline value"), required=False, widget=NUMBER, max_length=40
    )
    baseline_date = forms.DateField(label=_("Baseline date"), required=False, widget=DATE)
    baseline_note = forms.CharField(label=_("Baseline source"), max_length=300, required=False)
    responsible_organization = forms.ModelChoiceField(
        label=_("Reported by"), queryset=Organization.objects.none()
    )
    verifying_organization = forms.ModelChoiceField(
        label=_("Verified by"),
        queryset=Organization.objects.none(),
        required=False,
        help_text=_("Empty: the coordinator or any other member organization verifies."),
    )
    activity = forms.ModelChoiceField(
        label=_("Workplan activity"), queryset=Activity.objects.none(), required=False
    )
    sdg_target_code = forms.CharField(
        label=_("SDG target"), max_length=8, required=False, help_text=_("e.g. 6.5")
    )
    sdg_indicator = forms.CharField(
        label=_("SDG indicator"), max_length=12, required=False, help_text=_("e.g. 6.5.1")
    )
    reporting_start = forms.DateField(label=_("Reporting starts"), widget=DATE)
    reporting_end = forms.DateField(label=_("Reporting ends"), widget=DATE)
    frequency = forms.ChoiceField(
        label=_("Reported"), choices=Frequency.choices, initial=Frequency.QUARTERLY
    )
    grace_days = forms.IntegerField(
        label=_("Days to report after a period ends"), min_value=0, max_value=366, initial=30
    )

    def __init__(
        self,
        *args: Any,
        members: Any,
        activities: Any,
        indicator: Indicator | None = None,
        **kwargs: Any,
    ) -> None:
        if indicator is not None and "initial" not in kwargs:
            kwargs["initial"] = self.initial_from(indicator)
        super().__init__(*args, **kwargs)
        self.fields["responsible_organization"].queryset = members
        self.fields["verifying_organization"].queryset = members
        self.fields["activity"].queryset = activities
        for dimension in Dimension:
            self.fields[f"dimension_{dimension.value}"] = forms.ChoiceField(
                label=_("Disaggregated by %(dimension)s") % {"dimension": dimension.label},
                choices=DIMENSION_USE,
                required=False,
            )
            if indicator is not None:
                self.fields[f"dimension_{dimension.value}"].initial = next(
                    (
                        "exhaustive" if d.exhaustive else "partial"
                        for d in indicator.dimensions.all()
                        if d.dimension == dimension.value
                    ),
                    "",
                )

    @staticmethod
    def initial_from(indicator: Indicator) -> dict[str, Any]:
        initial = {
            field: getattr(indicator, field)
            for field in (
                "name",
                "description",
                "unit",
                "measure",
                "decimal_places",
                "direction",
                "result_type",
                "baseline_date",
                "baseline_note",
                "responsible_organization",
                "verifying_organization",
                "activity",
                "sdg_indicator",
                "reporting_start",
                "reporting_end",
                "frequency",
                "grace_days",
            )
        }
        initial["baseline_value"] = (
            f"{indicator.baseline_value.normalize():f}"
            if indicator.baseline_value is not None
            else ""
        )
        initial["sdg_target_code"] = indicator.sdg_target.code if indicator.sdg_target else ""
        return initial

    def service_data(self) -> dict[str, Any]:
        """The cleaned data as the services take them: dimensions as (code, exhaustive)."""
        data = dict(self.cleaned_data)
        dimensions = []
        for dimension in Dimension:
            use = data.pop(f"dimension_{dimension.value}", "")
            if use:
                dimensions.append((dimension.value, use == "exhaustive"))
        data["dimensions"] = dimensions
        return data


class LibraryStartForm(forms.Form):
    key = forms.ChoiceField(label=_("Indicator"), widget=forms.HiddenInput)
    responsible_organization = forms.ModelChoiceField(
        label=_("Reported by"), queryset=Organization.objects.none()
    )
    reporting_start = forms.DateField(label=_("Reporting starts"), widget=DATE)
    reporting_end = forms.DateField(label=_("Reporting ends"), widget=DATE)

    def __init__(
        self, *args: Any, members: Any, entries: list[LibraryIndicator], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["key"].choices = [(e.key, e.translated_name) for e in entries]
        self.fields["responsible_organization"].queryset = members


class TargetsForm(forms.Form):
    """One row per reporting period: a target value and/or a band."""

    def __init__(
        self, *args: Any, indicator: Indicator, periods: list[Period], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.periods = periods
        existing = {t.period_start: t for t in indicator.targets.all()}
        self.rows: list[tuple[Period, list[str]]] = []
        for period in periods:
            key = period.start.isoformat()
            target = existing.get(period.start)
            names = []
            for part, label in (
                ("value", _("Target")),
                ("low", _("Band from")),
                ("high", _("Band to")),
            ):
                name = f"{part}_{key}"
                current = getattr(target, part) if target else None
                self.fields[name] = forms.CharField(
                    label=f"{period.label}: {label}",
                    required=False,
                    max_length=40,
                    widget=NUMBER,
                    initial=f"{current.normalize():f}" if current is not None else "",
                )
                names.append(name)
            self.rows.append((period, names))

    def bound_rows(self) -> list[tuple[Period, list[Any]]]:
        return [(period, [self[name] for name in names]) for period, names in self.rows]

    def targets(self) -> list[dict[str, Any]]:
        rows = []
        for period in self.periods:
            key = period.start.isoformat()
            parts = {
                p: self.cleaned_data.get(f"{p}_{key}", "").strip() for p in ("value", "low", "high")
            }
            if any(parts.values()):
                rows.append({"period_start": period.start, **parts})
        return rows


class MeasurementForm(forms.Form):
    """A value for one period (or its edit), with one field per disaggregation cell."""

    period_start = forms.TypedChoiceField(
        label=_("Period"), coerce=date.fromisoformat, empty_value=None
    )
    value = forms.CharField(label=_("Value"), required=False, max_length=40, widget=NUMBER)
    value_text = forms.CharField(
        label=_("Result"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    evidence_note = forms.CharField(
        label=_("Evidence"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("How the value was obtained: a source, a reference."),
    )
    evidence_file = forms.FileField(
        label=_("Evidence file"),
        required=False,
        help_text=_("PDF, PNG, JPEG, CSV, XLSX or text, at most 10 MB."),
    )
    evidence_link = forms.CharField(label=_("Evidence link"), required=False, max_length=500)
    submit = forms.BooleanField(
        label=_("Submit for verification now"), required=False, initial=False
    )

    def __init__(
        self,
        *args: Any,
        indicator: Indicator,
        periods: list[Period] | None = None,
        measurement: Any = None,
        allow_submit: bool = True,
        **kwargs: Any,
    ) -> None:
        if measurement is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "value": f"{measurement.value.normalize():f}"
                if measurement.value is not None
                else "",
                "value_text": measurement.value_text,
                "evidence_note": measurement.evidence_note,
                "evidence_link": measurement.evidence_link,
                **{
                    f"cell_{c.dimension}_{c.category}": f"{c.value.normalize():f}"
                    for c in measurement.cells.all()
                },
            }
        super().__init__(*args, **kwargs)
        self.indicator = indicator
        if not allow_submit:
            del self.fields["submit"]
        if periods is None:
            del self.fields["period_start"]
        else:
            self.fields["period_start"].choices = [
                (p.start.isoformat(), f"{p.label} ({p.start:%Y-%m-%d} – {p.end:%Y-%m-%d})")
                for p in periods
            ]
        if indicator.is_numeric:
            del self.fields["value_text"]
            self.fields["value"].required = True
            if indicator.unit:
                self.fields["value"].label = _("Value (%(unit)s)") % {"unit": indicator.unit}
        else:
            del self.fields["value"]
            self.fields["value_text"].required = True
        self.cell_groups: list[tuple[str, bool, list[str]]] = []
        for dimension in indicator.dimensions.all():
            names = []
            for code, label in CATEGORIES[dimension.dimension]:
                name = f"cell_{dimension.dimension}_{code}"
                self.fields[name] = forms.CharField(
                    label=label, required=dimension.exhaustive, max_length=40, widget=NUMBER
                )
                names.append(name)
            self.cell_groups.append(
                (Dimension(dimension.dimension).label, dimension.exhaustive, names)
            )

    def bound_cell_groups(self) -> list[tuple[str, bool, list[Any]]]:
        return [
            (label, exhaustive, [self[n] for n in names])
            for label, exhaustive, names in self.cell_groups
        ]

    def service_data(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        cells = {}
        for dimension in self.indicator.dimensions.all():
            for code, _label in CATEGORIES[dimension.dimension]:
                raw = (data.pop(f"cell_{dimension.dimension}_{code}", "") or "").strip()
                if raw:
                    cells[(dimension.dimension, code)] = raw
        data["cells"] = cells
        data.setdefault("value", None)
        data.setdefault("value_text", "")
        return data


class CorrectionForm(MeasurementForm):
    reason = forms.CharField(
        label=_("Why the correction"), widget=forms.Textarea(attrs={"rows": 2})
    )

    field_order = ["reason"]


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label=_("What should change"), widget=forms.Textarea(attrs={"rows": 2})
    )


# --- Commitments, action items and benefits -----------------------------------------------


class CommitmentForm(forms.Form):
    organization = forms.ModelChoiceField(
        queryset=Organization.objects.none(), label=_("Organization")
    )
    text = forms.CharField(
        label=_("What it commits to"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )
    source = forms.ChoiceField(label=_("From"), choices=CommitmentSource.choices)
    due_on = forms.DateField(label=_("Due"), required=False, widget=DATE)
    activity = forms.ModelChoiceField(
        queryset=Activity.objects.none(), required=False, label=_("Activity of the workplan")
    )
    indicator = forms.ModelChoiceField(
        queryset=Indicator.objects.none(), required=False, label=_("Or an indicator")
    )

    def __init__(
        self, *args: Any, organizations: Any, activities: Any, indicators: Any, **kwargs: Any
    ):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations  # type: ignore[attr-defined]
        self.fields["activity"].queryset = activities  # type: ignore[attr-defined]
        self.fields["indicator"].queryset = indicators  # type: ignore[attr-defined]


class CommitmentStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=CommitmentStatus.choices)
    reason = forms.CharField(label=_("Reason"), required=False, max_length=5000)
    done_on = forms.DateField(label=_("Done on"), required=False, widget=DATE)


def _owner_choices(affiliations: Any) -> list[tuple[str, str]]:
    return [
        (f"{a.user_id}:{a.organization_id}", f"{a.user} — {a.organization.name}")
        for a in affiliations
    ]


class OwnerField(forms.ChoiceField):
    """A person of a member organization, with the organization they act for
    (``"user_id:organization_id"``); cleaned to that pair of ids."""

    def clean(self, value: Any) -> tuple[int, int] | None:
        value = super().clean(value)
        if not value:
            return None
        user_id, organization_id = value.split(":")
        return int(user_id), int(organization_id)


class ActionItemForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    owner = OwnerField(label=_("Owner"))
    due_on = forms.DateField(label=_("Due"), widget=DATE)
    description = forms.CharField(
        label=_("Details"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    proposal = forms.ModelChoiceField(
        queryset=Proposal.objects.none(), required=False, label=_("Follows from the decision")
    )
    activity = forms.ModelChoiceField(
        queryset=Activity.objects.none(), required=False, label=_("Or an activity")
    )
    indicator = forms.ModelChoiceField(
        queryset=Indicator.objects.none(), required=False, label=_("Or an indicator")
    )

    def __init__(
        self,
        *args: Any,
        owners: Any,
        proposals: Any,
        activities: Any,
        indicators: Any,
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = [("", "---------"), *_owner_choices(owners)]  # type: ignore[attr-defined]
        self.fields["proposal"].queryset = proposals  # type: ignore[attr-defined]
        self.fields["activity"].queryset = activities  # type: ignore[attr-defined]
        self.fields["indicator"].queryset = indicators  # type: ignore[attr-defined]


class ActionItemDoneForm(forms.Form):
    note = forms.CharField(
        label=_("What was done"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )


class ActionItemReassignForm(forms.Form):
    owner = OwnerField(label=_("New owner"))
    reason = forms.CharField(label=_("Why"), required=False, max_length=5000)

    def __init__(self, *args: Any, owners: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = [("", "---------"), *_owner_choices(owners)]  # type: ignore[attr-defined]


class BenefitForm(forms.Form):
    recipient = forms.ChoiceField(label=_("Who gained"))
    level = forms.ChoiceField(
        label=_("Level"),
        choices=BenefitLevel.choices,
        help_text=_(
            "Individual: it stayed with the people who took part. Organizational, "
            "institutional, system: it reached their organization, an institution, or beyond."
        ),
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=BenefitKind.choices)
    description = forms.CharField(
        label=_("What was gained"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )
    received_on = forms.DateField(label=_("Received on"), widget=DATE)
    value = forms.CharField(label=_("Value (if it has one)"), required=False, widget=NUMBER)
    currency_code = forms.CharField(label=_("Currency of the value"), required=False, max_length=3)
    expected_by_charter = forms.BooleanField(label=_("The charter expected it"), required=False)
    evidence_note = forms.CharField(
        label=_("Evidence"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    evidence_link = forms.CharField(label=_("Evidence link"), required=False, max_length=500)
    evidence_file = forms.FileField(
        label=_("Evidence file"),
        required=False,
        help_text=_("At most 10 MB: PDF, PNG, JPEG, CSV, XLSX or text."),
    )

    def __init__(self, *args: Any, organizations: Any, people: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["recipient"].choices = [  # type: ignore[attr-defined]
            ("", "---------"),
            *((f"organization:{org.pk}", org.name) for org in organizations),
            *(
                (f"person:{person.pk}", _("%(name)s (community participant)") % {"name": person})
                for person in people
            ),
        ]

    def clean_recipient(self) -> tuple[str, int]:
        kind, _sep, pk = self.cleaned_data["recipient"].partition(":")
        return kind, int(pk)


class ReverseForm(forms.Form):
    reason = forms.CharField(label=_("Why"), max_length=500)
