"""Reads about decision rules: the rule in force, snapshots, delivered weights."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from accord.decisions.models import (
    CHAMBERS_OF,
    DecisionKind,
    DecisionRule,
    RuleAssignment,
    Secrecy,
    Voters,
    WeightsMode,
)
from accord.engine.voting.presets import get_preset
from accord.errors import NotFound
from accord.partnerships.models import Partnership
from accord.partnerships.selectors import member_organizations
from accord.resources.selectors import resource_summary

DEFAULT_PRESET = "simple_majority"


def rule_list(*, partnership: Partnership) -> QuerySet[DecisionRule]:
    return DecisionRule.objects.filter(partnership=partnership).order_by("name")


def rule_get(*, partnership: Partnership, rule_id: int) -> DecisionRule:
    rule = DecisionRule.objects.filter(partnership=partnership, pk=rule_id).first()
    if rule is None:
        raise NotFound(_("No such decision rule."))
    return rule


def assignment_list(*, partnership: Partnership) -> QuerySet[RuleAssignment]:
    return RuleAssignment.objects.filter(partnership=partnership).select_related("rule")


def rule_for_kind(*, partnership: Partnership, kind: str) -> DecisionRule | None:
    """The rule assigned to this kind of decision, else the general one, else None."""
    assignments = {a.kind: a.rule for a in assignment_list(partnership=partnership)}
    return assignments.get(kind) or assignments.get(DecisionKind.GENERAL)


def governing_rule(*, partnership: Partnership, kind: str) -> DecisionRule | None:
    """The rule that must decide a foundation step of ``kind`` (admission, charter, rules).

    None while the partnership has assigned no rule (neither for ``kind`` nor a general
    one) or has no admitted member to vote: until then its coordinators act directly, which
    is how a forming partnership admits its first members and publishes its first charter.
    """
    rule = rule_for_kind(partnership=partnership, kind=kind)
    if rule is None or not member_organizations(partnership=partnership).exists():
        return None
    return rule


def delivered_weights(*, partnership: Partnership) -> dict[str, str]:
    """Each member's resources delivered so far, in the reporting currency, as weights.

    Money and valued in-kind contributions as the resources summary converts them; a
    member that delivered nothing weighs 0.
    """
    summary = resource_summary(partnership=partnership)
    return {
        str(row.organization.pk): str(Fraction(row.delivered_total))
        for row in summary.partners
        if row.delivered_total > 0
    }


def rule_snapshot(rule: DecisionRule) -> dict[str, Any]:
    """``rule.snapshot()`` with weights read from the ledger now, for delivered weights.

    Voting freezes this snapshot into the proposal, so a tally never changes when later
    resources arrive; the power analysis shows the weights as they stand today.
    """
    snapshot = rule.snapshot()
    if rule.weights_mode == WeightsMode.DELIVERED:
        snapshot["weights"] = delivered_weights(partnership=rule.partnership)
    return snapshot


def default_snapshot() -> dict[str, Any]:
    """What a partnership without any assigned rule decides by: simple majority, open."""
    preset = get_preset(DEFAULT_PRESET)
    return {
        "id": None,
        "name": f"{preset.name} (default)",
        "preset": preset.key,
        "rule": preset.rule.to_dict(),
        "weights_mode": WeightsMode.EQUAL,
        "weights": {},
        "cap": "",
        "secrecy": Secrecy.OPEN,
        "voters": Voters.ORGANIZATIONS,
    }


def chambers_of(snapshot: dict[str, Any]) -> tuple[str, ...]:
    """The chambers a rule snapshot votes in (organizations for snapshots without ``voters``)."""
    return CHAMBERS_OF[snapshot.get("voters") or Voters.ORGANIZATIONS]


def current_snapshot(partnership: Partnership) -> dict[str, Any]:
    """The general rule's snapshot, or the default rule's."""
    rule = rule_for_kind(partnership=partnership, kind=DecisionKind.GENERAL)
    return rule_snapshot(rule) if rule is not None else default_snapshot()
