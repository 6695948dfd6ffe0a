"""A decision rule as data: :class:`DecisionRule` = method + :class:`Quorum` + safeguards,
each method or safeguard a :class:`Condition` (a rule's name and its options).

``DecisionRule.to_dict()`` / ``DecisionRule.from_dict()`` store a rule as JSON and rebuild
exactly the same rule; :func:`~accord.engine.voting.motions.deciding.decide` applies it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from types import MappingProxyType
from typing import Any

import numpy as np

from accord.engine.voting.caps import as_fraction
from accord.engine.voting.motions.verdicts import CONDITIONS, OPTIONS

__all__ = ["Condition", "DecisionRule", "Quorum"]


@dataclass(frozen=True)
class Quorum:
    """A quorum: how many eligible voters must vote, overall and in each group.

    An ``int`` is an absolute number of voters; a :class:`~fractions.Fraction` (or a
    ``float`` or a string such as ``"1/2"``) is a share of the eligible voters, rounded up
    (a quorum of 1/2 among 9 voters needs 5). Abstentions and objections count as voting.
    ``per_group`` applies to every group that has eligible voters.

    Examples
    --------
    >>> Quorum(overall=Fraction(1, 2), per_group=1)
    Quorum(overall=Fraction(1, 2), per_group=1)
    """

    overall: int | Fraction | None = None
    per_group: int | Fraction | None = None

    def __post_init__(self) -> None:
        for name in ("overall", "per_group"):
            object.__setattr__(self, name, _quorum_value(getattr(self, name), name))

    def required(self, value: int | Fraction, eligible: int) -> int:
        if isinstance(value, Fraction):
            return -((-value.numerator * eligible) // value.denominator)  # ceil
        return value


def _quorum_value(value: object, name: str) -> int | Fraction | None:
    if value is None:
        return None
    if isinstance(value, int | np.integer) and not isinstance(value, bool):
        if int(value) < 0:
            raise ValueError(f"quorum {name} must be a non-negative number of voters; got {value}")
        return int(value)
    fraction = as_fraction(value, f"quorum {name}")
    if not 0 <= fraction <= 1:
        raise ValueError(
            f"quorum {name} as a share must lie in [0, 1]; got {fraction} "
            "(pass an int for an absolute number of voters)"
        )
    return fraction


@dataclass(frozen=True)
class Condition:
    """A method or safeguard by name, with its options (keyword arguments of the function).

    Examples
    --------
    >>> Condition("group_consent", {"groups": ("community",)}).rule
    'group_consent'
    """

    rule: str
    options: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.rule not in CONDITIONS:
            raise ValueError(f"unknown rule {self.rule!r}; choose one of {sorted(CONDITIONS)}")
        allowed = OPTIONS[self.rule]
        unknown = sorted(set(self.options) - allowed)
        if unknown:
            raise ValueError(
                f"{self.rule} takes no option {', '.join(unknown)}; its options are {sorted(allowed)}"
            )
        options = dict(self.options)
        for name in ("threshold", "cap"):  # exact numbers, so that equal rules compare equal
            if options.get(name) is not None:
                options[name] = as_fraction(options[name], name)
        if isinstance(options.get("groups"), list | tuple):
            options["groups"] = tuple(options["groups"])
        elif isinstance(options.get("groups"), str) and self.rule == "group_consent":
            options["groups"] = (options["groups"],)
        object.__setattr__(self, "options", MappingProxyType(options))

    def __hash__(self) -> int:
        return hash((self.rule, tuple(sorted((k, repr(v)) for k, v in self.options.items()))))


@dataclass(frozen=True)
class DecisionRule:
    """A decision rule: a method, an optional quorum and safeguards, evaluated by :func:`decide`.

    Examples
    --------
    >>> from accord.engine.voting.motions import MotionBallots, decide
    >>> rule = DecisionRule(
    ...     Condition("simple_majority"),
    ...     quorum=Quorum(overall=Fraction(1, 2)),
    ...     safeguards=(Condition("group_consent", {"groups": ("community",)}),),
    ... )
    >>> ballots = MotionBallots.from_labels(
    ...     ["yes", "yes", "no", "no"], groups=["public", "private", "community", "community"]
    ... )
    >>> result = decide(ballots, rule)
    >>> result.outcome, result.decided_by
    ('rejected', 'simple_majority')
    """

    method: Condition
    quorum: Quorum | None = None
    safeguards: tuple[Condition, ...] = ()

    def __post_init__(self) -> None:
        if not isinstance(self.method, Condition):
            raise ValueError("method must be a Condition, e.g. Condition('simple_majority')")
        safeguards = tuple(self.safeguards)
        if not all(isinstance(s, Condition) for s in safeguards):
            raise ValueError("safeguards must be Conditions, e.g. Condition('group_consent', ...)")
        object.__setattr__(self, "safeguards", safeguards)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready description (fractions as strings such as ``"2/3"``).

        ``DecisionRule.from_dict(rule.to_dict()) == rule`` for every rule, so a partnership's
        rule can be stored as data (e.g. in a JSON field) and rebuilt exactly.

        Examples
        --------
        >>> rule = DecisionRule(Condition("qualified_majority"), quorum=Quorum(overall=Fraction(1, 2)))
        >>> rule.to_dict()["quorum"]
        {'overall': '1/2', 'per_group': None}
        >>> DecisionRule.from_dict(rule.to_dict()) == rule
        True
        """

        def condition(c: Condition) -> dict[str, Any]:
            return {"rule": c.rule, "options": {k: _plain(v) for k, v in c.options.items()}}

        quorum = None
        if self.quorum is not None:
            quorum = {
                "overall": _plain(self.quorum.overall),
                "per_group": _plain(self.quorum.per_group),
            }
        return {
            "method": condition(self.method),
            "quorum": quorum,
            "safeguards": [condition(s) for s in self.safeguards],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> DecisionRule:
        """Rebuild a rule from :meth:`to_dict`'s output; unknown keys raise ``ValueError``."""
        unknown = sorted(set(data) - {"method", "quorum", "safeguards"})
        if unknown:
            raise ValueError(f"a decision rule has no field {', '.join(unknown)}")
        if "method" not in data:
            raise ValueError("a decision rule needs a method, e.g. {'rule': 'simple_majority'}")

        def condition(item: Mapping[str, Any]) -> Condition:
            options = {
                k: tuple(v) if isinstance(v, list) else v
                for k, v in item.get("options", {}).items()
            }
            return Condition(item["rule"], options)

        quorum = data.get("quorum")
        return cls(
            method=condition(data["method"]),
            quorum=None
            if quorum is None
            else Quorum(**{k: _unplain(v) for k, v in quorum.items()}),
            safeguards=tuple(condition(s) for s in data.get("safeguards", ())),
        )


def _plain(value: object) -> object:
    if isinstance(value, Fraction):
        return str(value)
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    return value


def _unplain(value: object) -> object:
    return Fraction(value) if isinstance(value, str) else value
