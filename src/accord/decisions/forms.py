from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accord.decisions import choice_rules, selectors
from accord.decisions.models import (
    BallotChoice,
    Chamber,
    DecisionKind,
    DecisionRule,
    ProposalStatus,
    Secrecy,
    Stance,
    Voters,
    WeightsMode,
)
from accord.decisions.preset_texts import preset_choices
from accord.errors import Invalid
from accord.partners.models import Organization, Sector


class ProposalForm(forms.Form):
    title = forms.CharField(max_length=200, label=_("Title"))
    body = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}), required=False, label=_("Body")
    )
    kind = forms.ChoiceField(
        choices=DecisionKind.choices, initial=DecisionKind.GENERAL, label=_("Kind")
    )
    affected_groups = forms.MultipleChoiceField(
        choices=Sector.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Groups the proposal affects, whose consent it needs"),
        help_text=_(
            "Free, prior and informed consent: each ticked group can block the decision. On a "
            "yes/no proposal a group consents when most of its members who vote say yes; on a "
            "ranked, approval or score proposal, unless most of them withhold their consent."
        ),
    )

    def __init__(self, *args: Any, groups: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if groups is not None:  # the sectors and the partnership's own groups, by label
            self.fields["affected_groups"].choices = list(groups.items())


class CommentForm(forms.Form):
    stance = forms.ChoiceField(choices=Stance.choices, initial=Stance.QUESTION, label=_("Stance"))
    body = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label=_("Comment"))


class BallotForm(forms.Form):
    """A yes/no ballot in one chamber: for an organization, or (individuals) as yourself.

    ``chamber`` is a hidden field naming the chamber the form votes in (empty: the only one
    there is); field ids carry the chamber so that two forms can share the page.
    """

    organization = forms.ModelChoiceField(
        queryset=Organization.objects.none(),
        label=_("Voting for"),
        empty_label=None,
        required=False,
    )
    choice = forms.ChoiceField(
        choices=BallotChoice.choices, widget=forms.RadioSelect, label=_("Choice")
    )
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        label=_("Reason"),
        help_text=_("Required for an objection."),
    )
    chamber = forms.ChoiceField(
        choices=[("", ""), *Chamber.choices], required=False, widget=forms.HiddenInput
    )

    def __init__(self, *args: Any, organizations: Any, chamber: str = "", **kwargs: Any) -> None:
        if chamber:
            kwargs.setdefault("auto_id", f"id_{chamber}_%s")
        super().__init__(*args, **kwargs)
        self.chamber = chamber
        self.fields["organization"].queryset = organizations
        self.fields["chamber"].initial = chamber
        if chamber == Chamber.INDIVIDUALS:
            del self.fields["organization"]


class PreferenceBallotForm(forms.Form):
    """A ranked, approval or score ballot, without JavaScript.

    Ranked: a rank select per alternative (equal numbers tie, "—" leaves it out). Approval:
    checkboxes. Score: a score select per alternative. ``clean`` turns the fields into the
    ``ranking`` / ``approvals`` / ``scores`` argument of ``services.ballot_cast``, which
    validates them against the rule.
    """

    organization = forms.ModelChoiceField(
        queryset=Organization.objects.none(),
        label=_("Voting for"),
        empty_label=None,
        required=False,
    )

    chamber = forms.ChoiceField(
        choices=[("", ""), *Chamber.choices], required=False, widget=forms.HiddenInput
    )

    def __init__(
        self, *args: Any, organizations: Any, proposal: Any, chamber: str = "", **kwargs: Any
    ) -> None:
        if chamber:
            kwargs.setdefault("auto_id", f"id_{chamber}_%s")
        super().__init__(*args, **kwargs)
        self.chamber = chamber
        self.fields["organization"].queryset = organizations
        self.fields["chamber"].initial = chamber
        if chamber == Chamber.INDIVIDUALS:
            del self.fields["organization"]
        snapshot = proposal.rule_snapshot
        self.rule = choice_rules.ballot_rule(snapshot)
        self.alternatives = list(snapshot["alternatives"])
        self.consent_groups = [g["label"] for g in snapshot.get("group_consent") or ()]
        self._alternative_fields()
        if self.consent_groups:
            self.fields["withhold_consent"] = forms.BooleanField(
                required=False,
                label=_("Withhold my consent"),
                help_text=_(
                    "This decision needs the consent of: %(groups)s. If you belong to one of "
                    "these groups, you may withhold your consent from the proposal: when most "
                    "of a group's members who vote withhold it, the decision is blocked."
                )
                % {"groups": ", ".join(self.consent_groups)},
            )
            self.fields["reason"] = forms.CharField(
                widget=forms.Textarea(attrs={"rows": 2}),
                required=False,
                label=_("Why you withhold consent"),
                help_text=_("Required when you withhold consent; shown with the decision."),
            )

    def _alternative_fields(self) -> None:
        m = len(self.alternatives)
        if self.rule.kind == "approval":
            self.fields["approvals"] = forms.MultipleChoiceField(
                choices=[(str(a["id"]), a["name"]) for a in self.alternatives],
                widget=forms.CheckboxSelectMultiple,
                required=False,
                label=_("Alternatives you approve"),
            )
            return
        for a in self.alternatives:
            if self.rule.kind == "ranked":
                choices = [("", "—"), *((str(k), str(k)) for k in range(1, m + 1))]
                label = gettext("Rank of “%(name)s”") % {"name": a["name"]}
            else:
                scores = range(self.rule.min_score, self.rule.max_score + 1)
                choices = [("", "—"), *((str(k), str(k)) for k in scores)]
                label = gettext("Score of “%(name)s”") % {"name": a["name"]}
            self.fields[f"alternative_{a['id']}"] = forms.TypedChoiceField(
                choices=choices, coerce=int, empty_value=None, required=False, label=label
            )
        if self.rule.kind == "ranked":
            sentences = [gettext("1 is best.")]
            if self.rule.ties:
                sentences.append(
                    gettext("Give two alternatives the same number to rank them equal.")
                )
            sentences.append(
                gettext("Leave out those you do not rank.")
                if self.rule.truncation
                else gettext("Rank every alternative.")
            )
            self.fields[f"alternative_{self.alternatives[0]['id']}"].help_text = " ".join(sentences)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        cleaned: dict[str, Any] = {
            "organization": data.get("organization"),
            "chamber": data.get("chamber", ""),
        }
        if data.get("withhold_consent"):
            cleaned["withhold_consent"] = True
            cleaned["reason"] = data.get("reason", "")
        if self.rule.kind == "approval":
            cleaned["approvals"] = [int(v) for v in data.get("approvals", [])]
            return cleaned
        given = {
            a["id"]: data.get(f"alternative_{a['id']}")
            for a in self.alternatives
            if data.get(f"alternative_{a['id']}") is not None
        }
        if self.rule.kind == "score":
            cleaned["scores"] = given
            return cleaned
        ranking: dict[int, list[int]] = {}
        for alternative_id, rank in given.items():
            ranking.setdefault(rank, []).append(alternative_id)
        cleaned["ranking"] = [ranking[rank] for rank in sorted(ranking)]
        return cleaned


class AlternativeForm(forms.Form):
    name = forms.CharField(max_length=200, label=_("New alternative"))


class AdvanceForm(forms.Form):
    closes_at = forms.DateTimeField(
        required=False,
        label=_("Voting closes at"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )

    def clean_closes_at(self) -> datetime | None:
        value = self.cleaned_data["closes_at"]
        if value is not None and timezone.is_naive(value):
            value = timezone.make_aware(value)
        return value


class CloseForm(forms.Form):
    rationale = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        label=_("Rationale"),
        help_text=_("Why the partnership decided so; kept in the decision log."),
    )


class CloseDecideForm(CloseForm):
    """Closing a vote decides it for good: the coordinator ticks that they know."""

    confirm = forms.BooleanField(
        label=_("I understand closing the vote decides the proposal; it cannot be undone."),
        error_messages={"required": _("Tick the box to confirm closing the vote.")},
    )


class RuleForm(forms.Form):
    """A new decision rule: a preset, and the safeguards people add to it without JSON (a
    quorum overall and per group, the groups whose consent it needs, weights per member by
    name). The JSON box, for rules no preset describes, sits last and is optional."""

    name = forms.CharField(max_length=120, label=_("Name"))
    preset = forms.ChoiceField(
        choices=[
            *preset_choices(),
            *choice_rules.preset_choices(),
            ("", _("Custom: describe the rule as JSON (below)")),
        ],
        required=False,
        initial="simple_majority",
        label=_("Rule"),
    )
    quorum_overall = forms.CharField(
        required=False,
        max_length=20,
        label=_("Quorum overall"),
        help_text=_(
            "Optional: how many eligible voters must vote, as a share (1/2, 0.5) or a number "
            "of voters (5)."
        ),
    )
    quorum_per_group = forms.CharField(
        required=False,
        max_length=20,
        label=_("Quorum in each sector"),
        help_text=_(
            "Optional: the same in every sector that has voters, e.g. 1/2 or 1 (at least one "
            "voter of each sector)."
        ),
    )
    consent_groups = forms.MultipleChoiceField(
        choices=Sector.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Groups whose consent every decision under this rule needs"),
        help_text=_(
            "Free, prior and informed consent: each ticked group can block a decision. A "
            "proposal can name further groups it affects."
        ),
    )
    weights_mode = forms.ChoiceField(
        choices=WeightsMode.choices, initial=WeightsMode.EQUAL, label=_("Weights mode")
    )
    cap = forms.CharField(
        required=False,
        max_length=20,
        label=_("Cap on any member's share of the weight"),
        help_text=_("Optional, e.g. 3/10 or 0.3."),
    )
    secrecy = forms.ChoiceField(choices=Secrecy.choices, initial=Secrecy.OPEN, label=_("Ballots"))
    spec = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        label=_("Custom rule (JSON)"),
        help_text=_(
            "Only for the custom rule: the rule as JSON, as described in the API documentation."
        ),
    )
    voters = forms.ChoiceField(
        choices=Voters.choices,
        initial=Voters.ORGANIZATIONS,
        required=False,
        label=_("Who votes"),
        help_text=_(
            "Individuals are the representatives and staff of member organizations and "
            "the community participants, one vote each, grouped by their organization's sector "
            "(community participants: community). In separate chambers a proposal passes only "
            "if it passes among the organizations and among the individuals. Ranked, approval "
            "and score rules are voted by organizations or by individuals, not in chambers."
        ),
    )

    def __init__(self, *args: Any, groups: Any = None, members: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if groups is not None:  # the sectors and the partnership's own groups, by label
            self.fields["consent_groups"].choices = list(groups.items())
        self.member_fields = []
        for organization in members:  # a weight per member, by name (custom weights)
            name = f"weight_{organization.pk}"
            self.fields[name] = forms.DecimalField(
                required=False,
                min_value=0,
                max_digits=20,
                decimal_places=6,
                label=_("Weight of %(member)s") % {"member": organization.name},
                help_text=_("Only with custom weights; a member left empty weighs 0."),
            )
            self.member_fields.append((organization.pk, name))
        # the fields in the order a person fills them: the custom-rule box near the end
        order = ["name", "preset", "quorum_overall", "quorum_per_group", "consent_groups"]
        order += ["weights_mode", *(n for _, n in self.member_fields), "cap", "secrecy"]
        self.order_fields([*order, "voters", "spec"])

    def clean_voters(self) -> str:
        return self.cleaned_data["voters"] or Voters.ORGANIZATIONS

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        weights = {
            str(pk): str(data.pop(name))
            for pk, name in self.member_fields
            if data.get(name) is not None
        }
        for _pk, name in self.member_fields:
            data.pop(name, None)
        data["weights"] = weights
        return data

    def clean_spec(self) -> dict[str, Any] | None:
        text = self.cleaned_data["spec"].strip()
        if not text:
            return None
        try:
            value = json.loads(text)
        except ValueError as exc:
            raise forms.ValidationError(_("Not valid JSON.")) from exc
        if not isinstance(value, dict):
            raise forms.ValidationError(_("Describe the rule as a JSON object."))
        return value


class AssignForm(forms.Form):
    kind = forms.ChoiceField(choices=DecisionKind.choices, label=_("Kind of decision"))
    rule = forms.ModelChoiceField(queryset=DecisionRule.objects.none(), label=_("Decided by"))

    def __init__(self, *args: Any, rules: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["rule"].queryset = rules


class RuleChoiceField(forms.ModelMultipleChoiceField):
    """Rules to compare: the request's ids are checked before any lookup (each an id, none
    twice, no more than the partnership has), then looked up as usual."""

    def clean(self, value: Any) -> Any:
        values = list(value or []) if isinstance(value, list | tuple) else [value]
        try:
            selectors.power_rule_ids(
                [v for v in values if v not in (None, "")], available=self.queryset.count()
            )
        except Invalid as exc:
            raise forms.ValidationError(exc.field_errors.get("rules", [exc.message])) from exc
        return super().clean(value)


class CompareForm(forms.Form):
    rules = RuleChoiceField(
        queryset=DecisionRule.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label=_("Rules to compare"),
    )

    def __init__(self, *args: Any, rules: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["rules"].queryset = rules


class ProposalFindForm(forms.Form):
    """The proposals list's search (GET): every field optional; a bad value is named beside
    its field and the list shows everything."""

    q = forms.CharField(label=_("Search in titles"), required=False, max_length=200)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any status")), *ProposalStatus.choices]
    )
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("Any kind")), *DecisionKind.choices]
    )
