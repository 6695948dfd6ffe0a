from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from accord.partners.models import Organization
from accord.resources.models import (
    Activity,
    ActivityStatus,
    ImplementationRole,
    Pledge,
    Raci,
    ResourceKind,
    SupportKind,
    TransactionType,
)

DATE = forms.DateInput(attrs={"type": "date"})


class LedgerEntryForm(forms.Form):
    type = forms.ChoiceField(
        choices=TransactionType.choices, initial=TransactionType.DISBURSEMENT, label=_("Type")
    )
    value = forms.DecimalField(
        max_digits=18, decimal_places=2, min_value=Decimal("0.01"), label=_("Value")
    )
    currency = forms.CharField(
        max_length=3, label=_("Currency"), help_text=_("ISO code, e.g. KES, EUR, USD")
    )
    value_date = forms.DateField(widget=DATE, initial=date.today, label=_("Value date"))
    provider = forms.ModelChoiceField(queryset=Organization.objects.none(), label=_("Provider"))
    receiver = forms.ModelChoiceField(
        queryset=Organization.objects.none(), required=False, label=_("Receiver")
    )
    activity = forms.ModelChoiceField(
        queryset=Activity.objects.none(), required=False, label=_("Activity")
    )
    pledge = forms.ModelChoiceField(
        queryset=Pledge.objects.none(),
        required=False,
        label=_("Pledge"),
        help_text=_("The pledge this fulfils, if any."),
    )
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        label=_("Note"),
        help_text=_("What was delivered; evidence reference."),
    )
    evidence = forms.FileField(required=False, label=_("Evidence"))

    def __init__(
        self, *args: Any, members: Any, activities: Any, pledges: Any, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = members
        self.fields["receiver"].queryset = members
        self.fields["activity"].queryset = activities
        self.fields["pledge"].queryset = pledges


class ReverseForm(forms.Form):
    reason = forms.CharField(max_length=500, label=_("Reason"))


class InstallmentRowsMixin:
    """Installments entered as rows of (due date, amount): ``rows`` pairs of fields named
    ``due_on_<n>`` and ``amount_<n>``; a row left empty is skipped, half a row is an error
    beside it. ``installment_rows()`` pairs the bound fields for the template; the cleaned
    data carries ``installments``, a list of (date, Decimal)."""

    fields: dict[str, Any]
    cleaned_data: dict[str, Any]

    def add_installment_rows(self, rows: int) -> None:
        self.row_count = rows
        for n in range(1, rows + 1):
            self.fields[f"due_on_{n}"] = forms.DateField(
                widget=DATE, required=False, label=_("Due on (row %(n)s)") % {"n": n}
            )
            self.fields[f"amount_{n}"] = forms.DecimalField(
                max_digits=18,
                decimal_places=2,
                min_value=Decimal("0.01"),
                required=False,
                label=_("Amount (row %(n)s)") % {"n": n},
            )

    def installment_rows(self) -> list[tuple[Any, Any]]:
        return [
            (self[f"due_on_{n}"], self[f"amount_{n}"])  # type: ignore[index]
            for n in range(1, self.row_count + 1)
        ]

    def clean_installment_rows(self) -> list[tuple[date, Decimal]]:
        schedule = []
        for n in range(1, self.row_count + 1):
            due_on = self.cleaned_data.get(f"due_on_{n}")
            amount = self.cleaned_data.get(f"amount_{n}")
            if due_on is None and amount is None:
                continue
            if due_on is None or amount is None:
                self.add_error(  # type: ignore[attr-defined]
                    f"due_on_{n}" if due_on is None else f"amount_{n}",
                    _("Give both the date and the amount, or neither."),
                )
                continue
            schedule.append((due_on, amount))
        return schedule


#: The fields a pledge form shows for each kind, beyond the organization, the description,
#: the period, the recipient or activity, and the installments.
PLEDGE_KIND_FIELDS = {
    ResourceKind.MONEY: ("currency", "amount"),
    ResourceKind.PEOPLE: ("role", "skills", "hours", "hourly_rate", "currency", "amount"),
    ResourceKind.KNOWLEDGE: ("skills", "currency", "amount"),
    ResourceKind.FACILITIES: ("currency", "amount"),
}

#: How many installment rows a new pledge's form offers.
PLEDGE_INSTALLMENT_ROWS = 8


class PledgeForm(InstallmentRowsMixin, forms.Form):
    """A pledge of one kind, chosen first (``kind``): the form shows only that kind's
    fields, and installments as rows of date and amount (no JavaScript needed)."""

    kind = forms.ChoiceField(choices=ResourceKind.choices, widget=forms.HiddenInput)
    organization = forms.ModelChoiceField(
        queryset=Organization.objects.none(), label=_("Pledged by")
    )
    description = forms.CharField(max_length=300, label=_("Description"))
    role = forms.CharField(max_length=120, required=False, label=_("Role they fill"))
    skills = forms.CharField(max_length=300, required=False, label=_("Skills or expertise"))
    hours = forms.DecimalField(max_digits=12, decimal_places=2, label=_("Hours"))
    hourly_rate = forms.DecimalField(
        max_digits=18,
        decimal_places=2,
        required=False,
        label=_("Hourly rate"),
        help_text=_("Optional: the value of an hour, to count the time as money."),
    )
    currency = forms.CharField(max_length=3, label=_("Currency"))
    amount = forms.DecimalField(max_digits=18, decimal_places=2, required=False, label=_("Amount"))
    starts_on = forms.DateField(widget=DATE, label=_("Starts on"))
    ends_on = forms.DateField(widget=DATE, label=_("Ends on"))
    recipient = forms.ModelChoiceField(
        queryset=Organization.objects.none(),
        required=False,
        label=_("For a member"),
        help_text=_("Leave empty for the partnership as a whole."),
    )
    activity = forms.ModelChoiceField(
        queryset=Activity.objects.none(), required=False, label=_("For an activity")
    )

    def __init__(
        self,
        *args: Any,
        kind: str,
        pledgers: Any,
        members: Any,
        activities: Any,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.fields["kind"].initial = kind
        shown = PLEDGE_KIND_FIELDS[ResourceKind(kind)]
        for name in ("role", "skills", "hours", "hourly_rate", "currency", "amount"):
            if name not in shown:
                del self.fields[name]
        amount = self.fields["amount"]
        if kind == ResourceKind.MONEY:
            amount.required = True
        else:
            amount.label = _("Value (optional)")
            amount.help_text = _(
                "What it is worth, in the currency above; it counts in the totals."
            )
        self.fields["organization"].queryset = pledgers
        if pledgers.count() == 1:  # a representative of one organization need not choose
            self.fields["organization"].empty_label = None
        self.fields["recipient"].queryset = members
        self.fields["activity"].queryset = activities
        self.add_installment_rows(PLEDGE_INSTALLMENT_ROWS)

    def main_fields(self) -> list[Any]:
        """The bound fields shown above the installment rows."""
        return [
            self[name]
            for name in self.fields
            if name != "kind" and not name.startswith(("due_on_", "amount_"))
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("kind") != self.kind:
            raise forms.ValidationError(_("Choose the kind of pledge again."))
        data["installments"] = self.clean_installment_rows()
        for n in range(1, self.row_count + 1):
            data.pop(f"due_on_{n}", None)
            data.pop(f"amount_{n}", None)
        return data


class RateForm(forms.Form):
    currency = forms.CharField(max_length=3, label=_("Currency"))
    valid_on = forms.DateField(widget=DATE, label=_("Valid on"))
    to_reporting = forms.DecimalField(
        max_digits=20, decimal_places=8, label=_("Value of one unit in the reporting currency")
    )


class ActivityForm(forms.Form):
    title = forms.CharField(max_length=200, label=_("Title"))
    description = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}), required=False, label=_("Description")
    )
    lead_organization = forms.ModelChoiceField(
        queryset=Organization.objects.none(), label=_("Lead organization")
    )
    start_on = forms.DateField(widget=DATE, required=False, label=_("Start on"))
    end_on = forms.DateField(widget=DATE, required=False, label=_("End on"))
    status = forms.ChoiceField(choices=ActivityStatus.choices, label=_("Status"))
    parent = forms.ModelChoiceField(
        queryset=Activity.objects.none(), required=False, label=_("Part of")
    )

    def __init__(self, *args: Any, members: Any, activities: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lead_organization"].queryset = members
        self.fields["parent"].queryset = activities


class ChainForm(forms.Form):
    organization = forms.ModelChoiceField(
        queryset=Organization.objects.none(), label=_("Organization")
    )
    role = forms.ChoiceField(choices=ImplementationRole.choices, label=_("Role"))

    def __init__(
        self, *args: Any, members: Any, member_choices: list[Any] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = members
        if member_choices is not None:  # read once for every activity's form
            self.fields["organization"].choices = member_choices


class ResponsibilityForm(forms.Form):
    organization = forms.ModelChoiceField(
        queryset=Organization.objects.none(), label=_("Organization")
    )
    raci = forms.ChoiceField(choices=Raci.choices, label=_("RACI"))
    person_email = forms.EmailField(required=False, label=_("Person (email, optional)"))

    def __init__(
        self, *args: Any, members: Any, member_choices: list[Any] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = members
        if member_choices is not None:  # read once for every activity's form
            self.fields["organization"].choices = member_choices


class SupportRequestForm(forms.Form):
    organization = forms.ModelChoiceField(
        queryset=Organization.objects.none(), label=_("Organization")
    )
    kind = forms.ChoiceField(choices=SupportKind.choices, label=_("Kind"))
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), label=_("Description"))
    amount = forms.DecimalField(max_digits=18, decimal_places=2, label=_("Amount"))
    currency = forms.CharField(max_length=3, label=_("Currency"))

    def __init__(self, *args: Any, organizations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations
        if organizations.count() == 1:
            self.fields["organization"].empty_label = None


class DeliverForm(forms.Form):
    provider = forms.ModelChoiceField(queryset=Organization.objects.none(), label=_("Paid by"))
    value_date = forms.DateField(widget=DATE, initial=date.today, label=_("Value date"))

    def __init__(self, *args: Any, members: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = members


class ImportForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("The file holds"),
        choices=[("ledger", _("Ledger entries")), ("pledges", _("Pledges"))],
    )
    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "A spreadsheet with a header row: .xlsx, or .csv in UTF-8 or Windows-1252, "
            "separated by commas or semicolons (as Excel saves it)."
        ),
    )


# --- plans change ----------------------------------------------------------------------------


class ActivityChangeForm(forms.Form):
    status = forms.ChoiceField(choices=ActivityStatus.choices, label=_("Status"))
    start_on = forms.DateField(widget=DATE, required=False, label=_("Starts on"))
    end_on = forms.DateField(widget=DATE, required=False, label=_("Ends on"))
    progress_percent = forms.IntegerField(
        min_value=0, max_value=100, label=_("Progress (%)"), initial=0
    )
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        label=_("Why"),
        help_text=_("Shown in the partnership's activity feed."),
    )


class RemoveLinkForm(forms.Form):
    reason = forms.CharField(max_length=2000, label=_("Why remove it"))


class PledgeAmendForm(InstallmentRowsMixin, forms.Form):
    amount = forms.DecimalField(max_digits=18, decimal_places=2, required=False, label=_("Value"))
    hours = forms.DecimalField(max_digits=12, decimal_places=2, required=False, label=_("Hours"))
    ends_on = forms.DateField(widget=DATE, label=_("Period ends on"))
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        label=_("Why"),
        help_text=_("Shown in the pledge's history and the partnership's activity feed."),
    )

    def __init__(self, *args: Any, pledge: Pledge, **kwargs: Any) -> None:
        installments = list(pledge.installments.all())
        initial = {"amount": pledge.amount, "hours": pledge.hours, "ends_on": pledge.ends_on}
        for n, part in enumerate(installments, start=1):
            initial[f"due_on_{n}"] = part.rescheduled_to or part.due_on
            initial[f"amount_{n}"] = part.amount
        kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        if pledge.kind != ResourceKind.PEOPLE:
            del self.fields["hours"]
        self.has_value = pledge.amount is not None
        if self.has_value:
            self.add_installment_rows(max(len(installments) + 3, 4))
        else:
            self.row_count = 0

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        data["installments"] = self.clean_installment_rows() if self.row_count else None
        return data


class PledgeCancelForm(forms.Form):
    reason = forms.CharField(max_length=2000, label=_("Why cancel it"))


# --- finding in the ledger and the pledges --------------------------------------------------


class _FindForm(forms.Form):
    """A GET form: every field optional; a bad value is named beside its field."""

    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    organization = forms.ModelChoiceField(
        label=_("Organization"), queryset=Organization.objects.none(), required=False
    )
    since = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, members: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = members


class LedgerFindForm(_FindForm):
    type = forms.ChoiceField(
        label=_("Type"), required=False, choices=[("", _("Any type")), *TransactionType.choices]
    )
    field_order = ["q", "type", "organization", "since", "until"]


class PledgeFindForm(_FindForm):
    #: Not ``kind``: the page's ``?kind=`` chooses the kind of a new pledge's form.
    of_kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("Any kind")), *ResourceKind.choices]
    )
    field_order = ["q", "of_kind", "organization", "since", "until"]
