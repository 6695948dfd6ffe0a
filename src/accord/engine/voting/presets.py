"""Named decision rules for the rule picker: each a :class:`Preset` with a plain explanation.

Offered here:

- :data:`PRESETS` -- the presets in the order the picker shows them;
- :func:`get_preset` -- a preset by its stable key (the value a partnership stores);
- :func:`preset_choices` -- ``(key, name)`` pairs for a form's choices.

A preset is a :class:`~accord.engine.voting.motions.DecisionRule` (method + quorum +
safeguards) with a name, two or three plain sentences saying what it does, and what it
needs from the ballots (groups, weights, reasons). Keys never change once published; names
and explanations may be reworded. A partnership that needs something else stores its own
:class:`~accord.engine.voting.motions.DecisionRule` (see ``DecisionRule.to_dict``);
:meth:`Preset.with_quorum` and :meth:`Preset.with_group_consent` adapt a preset.

Examples
--------
>>> [preset.name for preset in PRESETS][:3]
['Simple majority', 'Two-thirds majority', 'Majority of all members']
>>> from accord.engine.voting.motions import MotionBallots
>>> ballots = MotionBallots.from_labels(
...     ["yes"] * 6 + ["no"] * 3, groups=["public"] * 6 + ["community"] * 3
... )
>>> get_preset("concurrent_majority_by_sector").decide(ballots).outcome
'rejected'
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from accord.engine.voting.motions import (
    Condition,
    DecisionRule,
    MotionBallots,
    MotionResult,
    Quorum,
    decide,
)

__all__ = ["PRESETS", "Preset", "get_preset", "preset_choices"]


@dataclass(frozen=True)
class Preset:
    """A named decision rule with its plain-language explanation.

    Attributes
    ----------
    key : str
        Stable identifier, stored by the apps.
    name : str
        Short name shown in the picker.
    explanation : str
        Two or three plain sentences: what passes, what happens on a tie, what it needs.
    rule : DecisionRule
        What :func:`~accord.engine.voting.motions.decide` applies.
    needs_groups, needs_weights, needs_reasons : bool
        Whether the ballots must carry groups (sectors), weights (e.g. contributions) or
        reasons for objections for the preset to mean what it says.
    required_groups : tuple of str
        Group names the ballots must have (for group consent).
    """

    key: str
    name: str
    explanation: str
    rule: DecisionRule
    needs_groups: bool = False
    needs_weights: bool = False
    needs_reasons: bool = False
    required_groups: tuple[str, ...] = ()

    def decide(self, ballots: MotionBallots) -> MotionResult:
        """Apply the preset's rule to the ballots."""
        missing = [g for g in self.required_groups if g not in ballots.group_names]
        if missing:
            raise ValueError(
                f"the preset '{self.name}' needs the group(s) {missing}; the ballots have "
                f"{list(ballots.group_names)}"
            )
        return decide(ballots, self.rule)

    def with_quorum(self, quorum: Quorum | None) -> Preset:
        """The same preset with another quorum (``None`` removes it).

        Examples
        --------
        >>> get_preset("simple_majority").with_quorum(Quorum(overall=3)).rule.quorum
        Quorum(overall=3, per_group=None)
        """
        return dataclasses.replace(self, rule=dataclasses.replace(self.rule, quorum=quorum))

    def with_group_consent(self, groups: Sequence[str]) -> Preset:
        """The same preset with the named groups' consent added as a safeguard."""
        groups = (groups,) if isinstance(groups, str) else tuple(groups)
        safeguard = Condition("group_consent", {"groups": groups})
        rule = dataclasses.replace(self.rule, safeguards=(*self.rule.safeguards, safeguard))
        return dataclasses.replace(
            self,
            rule=rule,
            needs_groups=True,
            required_groups=(*self.required_groups, *groups),
        )


_HALF = Quorum(overall=Fraction(1, 2))

PRESETS: tuple[Preset, ...] = (
    Preset(
        key="simple_majority",
        name="Simple majority",
        explanation=(
            "The proposal passes when more members vote yes than no; abstentions are not "
            "counted. A tie does not pass. An objection counts as a no."
        ),
        rule=DecisionRule(Condition("simple_majority")),
    ),
    Preset(
        key="two_thirds_majority",
        name="Two-thirds majority",
        explanation=(
            "The proposal passes when at least two-thirds of the yes and no votes are yes; "
            "abstentions are not counted. Use it for changes that should carry broad support, "
            "such as amending the charter."
        ),
        rule=DecisionRule(Condition("qualified_majority", {"threshold": Fraction(2, 3)})),
    ),
    Preset(
        key="majority_of_all_members",
        name="Majority of all members",
        explanation=(
            "The proposal passes when more than half of all members vote yes, so staying away "
            "or abstaining counts like a no. A tie does not pass."
        ),
        rule=DecisionRule(
            Condition(
                "qualified_majority",
                {"threshold": Fraction(1, 2), "base": "eligible", "tie_breaking": "reject"},
            )
        ),
    ),
    Preset(
        key="consensus",
        name="Consensus",
        explanation=(
            "The proposal passes when nobody votes no or objects and at least one member "
            "votes yes. Members may stand aside by abstaining. At least half of the members "
            "must take part."
        ),
        rule=DecisionRule(Condition("unanimity"), quorum=_HALF),
    ),
    Preset(
        key="consent",
        name="Consent (sociocratic)",
        explanation=(
            "The proposal passes unless a member raises an objection and states the reason "
            "for it; each objection must be resolved before the proposal can pass. Members "
            "consent, stand aside or object; at least half of them must take part, since "
            "silence counts as consent."
        ),
        rule=DecisionRule(Condition("consent"), quorum=_HALF),
        needs_reasons=True,
    ),
    Preset(
        key="concurrent_majority_by_sector",
        name="Concurrent majority by sector",
        explanation=(
            "The proposal passes only with a majority of all members and a majority inside "
            "every sector that votes, so no sector can be outvoted by the others. A tie "
            "overall or in any sector does not pass."
        ),
        rule=DecisionRule(Condition("concurrent_majority", {"groups": "voting"})),
        needs_groups=True,
    ),
    Preset(
        key="weighted_by_contribution_capped_30",
        name="Weighted by contribution, capped at 30%",
        explanation=(
            "Each member's vote counts in proportion to their contribution, but no member "
            "holds more than 30% of the total; what lies above the cap is shared among the "
            "others in proportion to their contributions. The proposal passes when the yes "
            "weight exceeds the no weight (with fewer than four contributing members, all "
            "of them weigh the same)."
        ),
        rule=DecisionRule(
            Condition(
                "weighted_majority", {"cap": Fraction(3, 10), "if_infeasible": "equal_shares"}
            )
        ),
        needs_weights=True,
    ),
    Preset(
        key="majority_with_community_consent",
        name="Majority with community consent",
        explanation=(
            "The proposal passes with a simple majority, and only if a majority of the "
            "community members who vote agree: free, prior and informed consent. Silence is "
            "not consent, so the community must vote."
        ),
        rule=DecisionRule(
            Condition("simple_majority"),
            safeguards=(Condition("group_consent", {"groups": ("community",)}),),
        ),
        needs_groups=True,
        required_groups=("community",),
    ),
)

_BY_KEY = {preset.key: preset for preset in PRESETS}


def get_preset(key: str) -> Preset:
    """The preset with this key.

    Raises
    ------
    ValueError
        For an unknown key, listing the known ones.

    Examples
    --------
    >>> get_preset("two_thirds_majority").name
    'Two-thirds majority'
    """
    try:
        return _BY_KEY[key]
    except KeyError:
        raise ValueError(f"unknown preset {key!r}; choose one of {sorted(_BY_KEY)}") from None


def preset_choices() -> list[tuple[str, str]]:
    """``(key, name)`` pairs in display order, for a form's choices.

    Examples
    --------
    >>> preset_choices()[0]
    ('simple_majority', 'Simple majority')
    """
    return [(preset.key, preset.name) for preset in PRESETS]
