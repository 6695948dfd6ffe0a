"""Decision rules: creating them, and assigning one to a kind of decision."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accord.audit.services import partnership_event_record
from accord.audit.summaries import summary
from accord.decisions import choice_rules, selectors
from accord.decisions.models import (
    DecisionKind,
    DecisionRule,
    RuleAssignment,
    Secrecy,
    Voters,
    WeightsMode,
)
from accord.decisions.services import consent
from accord.decisions.services._common import _invalid, _share, _weights
from accord.decisions.services.power import power_queue
from accord.engine.voting import motions
from accord.engine.voting.presets import get_preset
from accord.errors import Conflict
from accord.errors import require_permission as _require
from accord.partnerships.models import Partnership


@transaction.atomic
def rule_create(
    *,
    actor: Any,
    partnership: Partnership,
    name: str,
    preset: str = "",
    spec: Mapping[str, Any] | None = None,
    weights_mode: str = WeightsMode.EQUAL,
    weights: Mapping[Any, Any] | None = None,
    cap: Any = "",
    secrecy: str = Secrecy.OPEN,
    voters: str = Voters.ORGANIZATIONS,
    quorum_overall: Any = "",
    quorum_per_group: Any = "",
    consent_groups: Any = (),
) -> DecisionRule:
    """A new rule from a preset key or a custom engine rule (``DecisionRule.to_dict()``).

    ``voters`` says who votes: member organizations (the default), individuals, or both in
    separate chambers. Individuals each have one vote, so a rule where only individuals
    vote takes neither custom or delivered weights nor a cap (under chambers those apply
    to the organizations chamber). Ranked, approval and score rules are voted by
    organizations or by individuals, never in chambers.

    ``quorum_overall`` and ``quorum_per_group`` (a share such as ``"1/2"`` or a number of
    voters) set the quorum of a yes/no rule in place of the preset's; ``consent_groups``
    (sector codes and the partnership's own groups' codes) are the groups whose consent
    every decision under the rule needs (``services.consent``).
    """
    _require(actor, "decisions.manage_rules", partnership)
    name = (name or "").strip()
    if not name:
        raise _invalid("name", _("Give the rule a name."))
    if DecisionRule.objects.filter(partnership=partnership, name=name).exists():
        raise _invalid("name", _("Another rule has this name."))
    # ranked, approval and score rules (None for a yes/no rule)
    choice_spec = choice_rules.rule_spec(preset=preset, spec=spec)
    if choice_spec is None and preset:
        try:
            engine_rule = get_preset(preset).rule
        except ValueError as exc:
            raise _invalid("preset", _("Unknown preset.")) from exc
    elif choice_spec is None and spec:
        try:
            engine_rule = motions.DecisionRule.from_dict(dict(spec))
        except (ValueError, TypeError, KeyError, AttributeError) as exc:
            raise _invalid("spec", _("Not a valid rule: %(error)s") % {"error": exc}) from exc
    elif choice_spec is None:
        raise _invalid("preset", _("Choose a preset or describe a custom rule."))
    if choice_spec is None:
        engine_rule = _with_quorum(engine_rule, quorum_overall, quorum_per_group)
    elif _given(quorum_overall) or _given(quorum_per_group):
        raise _invalid(
            "quorum_overall",
            _("A quorum is a safeguard of yes/no rules; a choice among alternatives has none."),
        )
    groups = consent.group_codes_check(
        partnership=partnership, codes=consent_groups or (), field="consent_groups"
    )
    if weights_mode not in WeightsMode.values:
        raise _invalid("weights_mode", _("Choose equal or custom weights."))
    if secrecy not in Secrecy.values:
        raise _invalid("secrecy", _("Choose open, anonymous or secret ballots."))
    _check_voters(voters, choice_spec=choice_spec, weights_mode=weights_mode, cap=cap)
    rule = DecisionRule.objects.create(
        partnership=partnership,
        name=name,
        preset=preset,
        spec=choice_spec if choice_spec is not None else engine_rule.to_dict(),
        weights_mode=weights_mode,
        weights=_weights(partnership, weights) if weights_mode == WeightsMode.CUSTOM else {},
        cap=_share(cap, "cap"),
        secrecy=secrecy,
        voters=voters,
        consent_groups=groups,
        created_by=actor,
    )
    partnership_event_record(
        actor,
        "decisions.rule_created",
        rule,
        partnership,
        summary(gettext_noop("Decision rule “%(name)s” created"), name=name),
    )
    power_queue(partnership=partnership, snapshots=[selectors.rule_snapshot(rule)])
    return rule


def _given(value: Any) -> bool:
    return value is not None and str(value).strip() != ""


def _quorum_value(value: Any, field: str) -> Any:
    """A quorum as the form or the API gives it: a whole number of voters, or a share."""
    if not _given(value):
        return None
    text = str(value).strip()
    if text.isdigit():
        return int(text)
    try:
        motions.Quorum(overall=text)
    except (ValueError, TypeError, ZeroDivisionError, ArithmeticError):
        raise _invalid(
            field, _("Give a share between 0 and 1 (1/2 or 0.5) or a whole number of voters.")
        ) from None
    return text


def _with_quorum(rule: motions.DecisionRule, overall: Any, per_group: Any) -> Any:
    """The engine rule with the quorum given, where one is (the preset's otherwise)."""
    overall_value = _quorum_value(overall, "quorum_overall")
    per_group_value = _quorum_value(per_group, "quorum_per_group")
    if overall_value is None and per_group_value is None:
        return rule
    spec = rule.to_dict()
    preset_quorum = spec["quorum"] or {"overall": None, "per_group": None}
    spec["quorum"] = {
        "overall": preset_quorum["overall"] if overall_value is None else overall_value,
        "per_group": preset_quorum["per_group"] if per_group_value is None else per_group_value,
    }
    return motions.DecisionRule.from_dict(spec)


def _check_voters(voters: str, *, choice_spec: Any, weights_mode: str, cap: Any) -> None:
    if voters not in Voters.values:
        raise _invalid("voters", _("Choose organizations, individuals or chambers."))
    if voters == Voters.ORGANIZATIONS:
        return
    if choice_spec is not None and voters == Voters.CHAMBERS:
        raise _invalid(
            "voters",
            _(
                "A choice among alternatives has one winner, and two chambers could choose "
                "different ones: ranked, approval and score rules are voted by organizations "
                "or by individuals, not in chambers."
            ),
        )
    if voters == Voters.INDIVIDUALS and weights_mode != WeightsMode.EQUAL:
        raise _invalid(
            "weights_mode",
            _(
                "Individuals each have one vote: custom or delivered weights are weights of "
                "organizations. Choose equal weights, or let organizations vote (alone or in "
                "their own chamber)."
            ),
        )
    if voters == Voters.INDIVIDUALS and cap not in (None, ""):
        raise _invalid(
            "cap",
            _("Individuals each have one vote, so there is no share of the weight to cap."),
        )


def rule_check_fits_kind(*, rule: DecisionRule, kind: str) -> None:
    """Admissions and charter amendments are yes/no questions: they need a yes/no rule."""
    if kind in (DecisionKind.ADMISSION, DecisionKind.CHARTER) and (
        choice_rules.is_alternatives_rule(rule.spec)
    ):
        raise _invalid(
            "rule",
            _("%(kind)s is a yes/no question: choose a yes/no rule.")
            % {"kind": DecisionKind(kind).label},
        )


@transaction.atomic
def rule_assign(
    *, actor: Any, partnership: Partnership, kind: str, rule: DecisionRule
) -> RuleAssignment:
    """Make ``rule`` decide proposals of ``kind`` (replacing any earlier assignment).

    Only while no rule is in force for ``kind`` (the partnership's founding choice): after
    that, changing a rule is itself a decision (``subjects.rule_adoption_propose``).
    """
    _require(actor, "decisions.manage_rules", partnership)
    if kind not in DecisionKind.values:
        raise _invalid("kind", _("Unknown kind of decision."))
    if rule.partnership_id != partnership.pk:
        raise _invalid("rule", _("The rule belongs to another partnership."))
    in_force = selectors.governing_rule(partnership=partnership, kind=kind)
    if in_force is not None:
        raise Conflict(
            _(
                "“%(rule)s” is in force for %(kind)s: changing it is a decision, so propose "
                "adopting the new rule."
            )
            % {"rule": in_force.name, "kind": DecisionKind(kind).label.lower()}
        )
    rule_check_fits_kind(rule=rule, kind=kind)
    return rule_assignment_apply(actor=actor, partnership=partnership, kind=kind, rule=rule)


#: The event of an assignment, by the kind of decision the rule now decides.
_ASSIGNED = {
    DecisionKind.GENERAL: gettext_noop("“%(rule)s” now decides general proposals"),
    DecisionKind.ADMISSION: gettext_noop("“%(rule)s” now decides admitting a member proposals"),
    DecisionKind.CHARTER: gettext_noop("“%(rule)s” now decides amending the charter proposals"),
    DecisionKind.ALLOCATION: gettext_noop(
        "“%(rule)s” now decides allocating pooled money proposals"
    ),
}


def rule_assignment_apply(
    *, actor: Any, partnership: Partnership, kind: str, rule: DecisionRule
) -> RuleAssignment:
    """Store the assignment and record it; callers have authorized it (call in a transaction)."""
    assignment, _created = RuleAssignment.objects.update_or_create(
        partnership=partnership, kind=kind, defaults={"rule": rule}
    )
    partnership_event_record(
        actor,
        "decisions.rule_assigned",
        assignment,
        partnership,
        summary(_ASSIGNED[kind], rule=rule.name),
        kind=kind,
        rule_id=rule.pk,
    )
    # The page's default analysis is now this rule's: queue it if the voters changed since.
    power_queue(partnership=partnership, snapshots=[selectors.rule_snapshot(rule)])
    return assignment
