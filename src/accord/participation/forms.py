"""HTML forms for participation. They check the shape of the input; the services check
what it means (phases, budgets, who may) and their errors land beside the fields."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from accord.core.formats import format_amount
from accord.participation.groups import GROUP_CHOICES
from accord.participation.models import (
    Audience,
    BallotKind,
    BudgetRule,
    ParticipationRound,
    RoundKind,
    StatementChoice,
    SupportMode,
)
from accord.partners.models import Organization
from accord.reference.models import SdgTarget

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"})


class RoundForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of round"), choices=RoundKind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("What the round is about"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    audience = forms.ChoiceField(
        label=_("Who takes part"), choices=Audience.choices, initial=Audience.PARTNERSHIP
    )
    support_mode = forms.ChoiceField(
        label=_("Issue naming: how issues are supported"),
        choices=SupportMode.choices,
        initial=SupportMode.APPROVAL,
    )
    dots = forms.IntegerField(
        label=_("Issue naming: dots per participant"), min_value=1, max_value=100, required=False
    )
    budget = forms.DecimalField(
        label=_("Budget: amount from the pooled fund"),
        max_digits=18,
        decimal_places=2,
        required=False,
    )
    fund_holder = forms.ModelChoiceField(
        label=_("Budget: member holding the pooled fund"),
        queryset=Organization.objects.none(),
        required=False,
    )
    ballot_kind = forms.ChoiceField(
        label=_("Budget: ballot"), choices=BallotKind.choices, initial=BallotKind.APPROVAL
    )
    max_projects = forms.IntegerField(
        label=_("Budget: most projects on a ballot"),
        min_value=1,
        required=False,
        help_text=_("Empty: voters may choose projects up to the budget."),
    )
    points = forms.IntegerField(
        label=_("Budget: points each voter spreads (cumulative ballots)"),
        min_value=1,
        max_value=1000,
        required=False,
    )
    rule = forms.ChoiceField(label=_("Budget: rule"), choices=BudgetRule.choices)

    def __init__(self, *args: Any, members: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if members is not None:
            self.fields["fund_holder"].queryset = members  # type: ignore[attr-defined]


class OpenForm(forms.Form):
    collect_until = forms.DateTimeField(label=_("Collecting ends"), widget=DATETIME)
    review_until = forms.DateTimeField(label=_("Review ends"), widget=DATETIME)
    vote_until = forms.DateTimeField(label=_("Voting ends"), widget=DATETIME)
    rule = forms.ChoiceField(
        label=_("Rule that decides the budget"), choices=BudgetRule.choices, required=False
    )

    def __init__(self, *args: Any, round_: ParticipationRound | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if round_ is None or round_.kind != RoundKind.BUDGET:
            del self.fields["rule"]
        else:
            self.fields["rule"].initial = round_.rule


class FacilitatorForm(forms.Form):
    email = forms.EmailField(
        label=_("Facilitator's email"),
        help_text=_("Someone who works for a member, or a participant of the partnership."),
    )


class ImportForm(forms.Form):
    file = forms.FileField(label=_("pabulib .pb file"))
    title = forms.CharField(label=_("Title (default: the file's description)"), required=False)
    rule = forms.ChoiceField(
        label=_("Rule"),
        choices=[("", _("The file's own, where Accord implements it")), *BudgetRule.choices],
        required=False,
    )


class IssueForm(forms.Form):
    title = forms.CharField(label=_("Issue"), max_length=200)
    text = forms.CharField(label=_("What is the issue?"), widget=forms.Textarea(attrs={"rows": 3}))
    place = forms.CharField(label=_("Where"), max_length=200, required=False)
    sdg_target = forms.ModelChoiceField(
        label=_("SDG target (optional)"),
        queryset=SdgTarget.objects.none(),
        required=False,
    )
    photo = forms.FileField(
        label=_("Photo (optional, at most 2 MB)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )

    def __init__(self, *args: Any, targets: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if targets is not None:
            self.fields["sdg_target"].queryset = targets  # type: ignore[attr-defined]


class HideForm(forms.Form):
    reason = forms.CharField(
        label=_("Why it is hidden (everyone sees this)"),
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class MergeForm(forms.Form):
    into = forms.ModelChoiceField(label=_("Merge into"), queryset=None)  # type: ignore[arg-type]

    def __init__(self, *args: Any, targets: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["into"].queryset = targets  # type: ignore[attr-defined]


class ActivityForm(forms.Form):
    lead_organization = forms.ModelChoiceField(
        label=_("Member that leads the activity"),
        queryset=None,  # type: ignore[arg-type]
    )

    def __init__(self, *args: Any, members: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lead_organization"].queryset = members  # type: ignore[attr-defined]


class ProjectForm(forms.Form):
    title = forms.CharField(label=_("Project"), max_length=200)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    cost = forms.DecimalField(label=_("Cost"), max_digits=18, decimal_places=2)
    owner = forms.ModelChoiceField(
        label=_("Member organization that would carry it out"),
        queryset=None,  # type: ignore[arg-type]
    )

    def __init__(self, *args: Any, members: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = members  # type: ignore[attr-defined]


class IssueProjectForm(ProjectForm):
    """An issue put on a budget round's list (title and description come from the issue)."""

    budget_round = forms.ModelChoiceField(label=_("Budget round"), queryset=None)  # type: ignore[arg-type]

    def __init__(self, *args: Any, members: Any, rounds: Any, **kwargs: Any) -> None:
        super().__init__(*args, members=members, **kwargs)
        del self.fields["title"]
        del self.fields["description"]
        self.fields["budget_round"].queryset = rounds  # type: ignore[attr-defined]


class ReviewForm(forms.Form):
    reason = forms.CharField(
        label=_("Why it is not feasible"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )


class StatementForm(forms.Form):
    text = forms.CharField(
        label=_("Your statement"),
        max_length=280,
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": 280}),
        help_text=_("One idea, in a sentence others can agree or disagree with."),
    )


class StatementVoteForm(forms.Form):
    statement = forms.IntegerField(widget=forms.HiddenInput)
    choice = forms.ChoiceField(choices=StatementChoice.choices)


class PublicJoinForm(forms.Form):
    email = forms.EmailField(label=_("Your email"))


class BallotForm(forms.Form):
    """A budget ballot, built for the round's kind of ballot, that works without
    JavaScript: tick boxes (approval), a number of points per project (cumulative), or one
    drop-down per place in the ranking (ranking)."""

    def __init__(
        self, *args: Any, round_: ParticipationRound, projects: list[Any], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.round = round_
        self.projects = projects
        choices = [
            (p.pk, f"{p.title} — {format_amount(p.cost)} {round_.currency}") for p in projects
        ]
        if round_.ballot_kind == BallotKind.APPROVAL:
            self.fields["projects"] = forms.MultipleChoiceField(
                label=_("The projects you support"),
                choices=choices,
                widget=forms.CheckboxSelectMultiple,
                required=False,
            )
        elif round_.ballot_kind == BallotKind.CUMULATIVE:
            for project in projects:
                self.fields[f"points_{project.pk}"] = forms.IntegerField(
                    label=f"{project.title} — {format_amount(project.cost)} {round_.currency}",
                    min_value=0,
                    max_value=round_.points or 1000,
                    required=False,
                )
        else:
            places = min(round_.max_projects or len(projects), len(projects))
            for place in range(1, places + 1):
                self.fields[f"rank_{place}"] = forms.TypedChoiceField(
                    label=_("Choice %(n)s") % {"n": place},
                    choices=[("", "—"), *choices],
                    coerce=int,
                    empty_value=None,
                    required=False,
                )

    def selections(self) -> list[int] | dict[int, int]:
        """The ballot as the services take it (call once the form is valid)."""
        data = self.cleaned_data
        if self.round.ballot_kind == BallotKind.APPROVAL:
            return [int(k) for k in data.get("projects", [])]
        if self.round.ballot_kind == BallotKind.CUMULATIVE:
            return {
                p.pk: data[f"points_{p.pk}"] for p in self.projects if data.get(f"points_{p.pk}")
            }
        ranked = [data[name] for name in sorted(data, key=lambda n: int(n.split("_")[1]))]
        return [pk for pk in ranked if pk is not None]


class PaperBallotForm(BallotForm):
    """A paper ballot entered by a facilitator, for a person with an account or named."""

    def __init__(self, *args: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"] = forms.ModelChoiceField(
            label=_("Participant with an account"), queryset=people, required=False
        )
        self.fields["name"] = forms.CharField(
            label=_("…or the name written on the paper ballot"), max_length=200, required=False
        )
        self.fields["group"] = forms.ChoiceField(
            label=_("Their group (for a name)"),
            choices=[("", "—"), *GROUP_CHOICES],
            required=False,
        )
        self.order_fields(["person", "name", "group"])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("person") and not data.get("name"):
            raise forms.ValidationError(_("Choose the participant, or write their name."))
        return data
