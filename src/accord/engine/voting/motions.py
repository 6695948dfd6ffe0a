"""Deciding a motion: yes / no / abstain / object ballots, with weights, caps, groups, quorums.

A partnership decides a proposal ("motion") by one *method*, a *quorum* and any number of
*safeguards*. Offered here, each returning a :class:`MotionResult` that carries its
explanation:

- :func:`simple_majority` -- more yes than no;
- :func:`qualified_majority` -- yes reach a fraction (e.g. 2/3) of yes + no, of all ballots
  cast, or of all eligible voters;
- :func:`unanimity` -- consensus: no "no", no objection, at least one yes;
- :func:`consent` -- sociocratic consent: accepted unless a reasoned objection exists;
- :func:`weighted_majority` -- majority of weight, optionally with a cap on any voter's share
  of the total weight (:func:`accord.engine.voting.caps.capped_weights`);
- :func:`concurrent_majority` -- a majority overall *and* inside every group (sector);
- :func:`group_consent` -- named groups' majorities must agree (free, prior and informed
  consent);
- :func:`quorum_check` -- participation overall and per group;
- :func:`decide` -- a :class:`DecisionRule` = method + quorum + safeguards, evaluated in a
  fixed, documented order.

Inputs are a :class:`MotionBallots` (numpy arrays, one entry per eligible voter) and plain
parameters; outcomes are ``"accepted"``, ``"rejected"`` or ``"no_quorum"``.

Conventions shared by every rule
--------------------------------
- Ballot codes are :class:`Choice`: ``ABSENT`` (did not vote), ``YES``, ``NO``, ``ABSTAIN``,
  ``OBJECT``. Under the majority rules an objection is counted as a "no" (an objection is at
  least a vote against); under :func:`unanimity` it blocks; under :func:`consent` it blocks
  when it carries a reason and is invalid input without one.
- A voter has *voted* (for quorum) when they cast any ballot other than ``ABSENT``,
  abstentions included: an abstaining member is present.
- Ties: when the yes side lands exactly on the threshold, ``tie_breaking`` decides.
  ``"reject"`` keeps the status quo and is the default for the "more than half" rules
  (a 4-4 vote fails); ``"accept"`` is the default for :func:`qualified_majority`, whose
  threshold is read as "at least two-thirds".
- A rule never accepts a motion when nobody voted for it, except :func:`consent`, where
  silence is consent (combine it with a quorum).

Order of evaluation in :func:`decide`: every condition is evaluated (so invalid input always
raises, whatever the votes), then the outcome is the first of

1. ``"no_quorum"`` if the quorum (overall, then per group) is not met;
2. ``"rejected"`` if the method fails;
3. ``"rejected"`` if a safeguard fails, the first failing one in the order given;
4. ``"accepted"`` otherwise.

:attr:`MotionResult.decided_by` names that condition, and :attr:`MotionResult.reason` says
it in one plain sentence.

References
----------
.. [1] H. M. Robert, *Robert's Rules of Order Newly Revised*, 12th ed., 2020, section 44
   (majority, two-thirds vote, ties, quorum).
.. [2] J. C. Calhoun, *A Disquisition on Government*, 1851 (the concurrent majority).
.. [3] G. Endenburg, *Sociocracy: The Organization of Decision-Making*, Eburon, 1998; and
   J. Buck and S. Villines, *We the People*, 2nd ed., 2017 (consent: no reasoned objection).
.. [4] United Nations Declaration on the Rights of Indigenous Peoples, 2007, articles 19 and
   32 (free, prior and informed consent).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import IntEnum
from fractions import Fraction
from functools import cached_property
from types import MappingProxyType
from typing import Any, Literal

import numpy as np

from accord.engine.voting.caps import as_fraction, capped_weights, integer_weights, label_sums

__all__ = [
    "Choice",
    "ChoiceTotals",
    "Comparison",
    "Condition",
    "ConditionResult",
    "DecisionRule",
    "GroupTotals",
    "MotionBallots",
    "MotionResult",
    "Quorum",
    "QuorumCheck",
    "QuorumCount",
    "concurrent_majority",
    "consent",
    "decide",
    "group_consent",
    "qualified_majority",
    "quorum_check",
    "simple_majority",
    "unanimity",
    "weighted_majority",
]

Outcome = Literal["accepted", "rejected", "no_quorum"]
TieBreaking = Literal["reject", "accept"]
Base = Literal["yes_no", "cast", "eligible"]
Abstentions = Literal["ignore", "count"]


class Choice(IntEnum):
    """A ballot on a motion; the integer codes stored in :attr:`MotionBallots.choices`."""

    ABSENT = 0
    YES = 1
    NO = 2
    ABSTAIN = 3
    OBJECT = 4


_N_CHOICES = len(Choice)
_LABELS = {choice.name.lower(): choice for choice in Choice} | {
    "objection": Choice.OBJECT,
    "not voted": Choice.ABSENT,
}


# --------------------------------------------------------------------------------------------
# Input
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class MotionBallots:
    """The ballots on one motion, one entry per eligible voter (numpy arrays).

    Parameters
    ----------
    choices : array of int
        :class:`Choice` codes, one per voter; ``ABSENT`` (0) for eligible voters who did
        not vote.
    weights : array of non-negative numbers, optional
        Voting weights (default 1 each). Non-integer weights are scaled to integers exactly;
        :attr:`weight_unit` keeps the scale so that totals are reported in your units.
    groups : array of int, optional
        Group (e.g. sector) index of each voter, into :attr:`group_names` (default: one group).
    group_names : tuple of str, optional
        Names of the groups (default ``"all"`` for one group, else ``"0"``, ``"1"``, ...).
    reasons : array of bool, optional
        Whether each ballot carries a stated reason; only read for objections under
        :func:`consent` (default: no reasons).
    eligible_groups : array of int, optional
        Only when the arrays list just the ballots received rather than every eligible
        voter: the group index of *every* eligible voter, from which eligible counts per group
        are taken for quorums. Weights of voters who are not listed are then unknown, so
        weight totals (and weight caps) cover the listed voters only.

    Raises
    ------
    ValueError
        On any inconsistent input, with a message saying which voter or group is at fault.

    Examples
    --------
    >>> ballots = MotionBallots.from_labels(
    ...     ["yes", "no", "yes", "abstain"], groups=["public", "public", "community", "community"]
    ... )
    >>> ballots.group_names, ballots.choices.tolist()
    (('public', 'community'), [1, 2, 1, 3])
    """

    choices: np.ndarray
    weights: np.ndarray | None = None
    groups: np.ndarray | None = None
    group_names: tuple[str, ...] = ()
    reasons: np.ndarray | None = None
    eligible_groups: np.ndarray | None = None
    weight_unit: Fraction = field(init=False, default=Fraction(1))

    def __post_init__(self) -> None:
        choices = np.asarray(self.choices)
        if choices.ndim != 1:
            raise ValueError(f"choices must be a one-dimensional array; got shape {choices.shape}")
        if choices.dtype.kind not in "iu":
            raise ValueError(
                "choices must be integer Choice codes (ABSENT=0, YES=1, NO=2, ABSTAIN=3, "
                "OBJECT=4); use MotionBallots.from_labels for 'yes'/'no' labels"
            )
        bad = (choices < 0) | (choices >= _N_CHOICES)
        if bool(np.any(bad)):
            position = int(np.argmax(bad))
            raise ValueError(
                f"choices must be codes 0..4 (ABSENT=0, YES=1, NO=2, ABSTAIN=3, OBJECT=4); "
                f"voter {position} has {int(choices[position])}"
            )
        n = choices.shape[0]
        choices = choices.astype(np.int64, copy=False)

        if self.weights is None:
            weights, unit = np.ones(n, dtype=np.int64), Fraction(1)
        else:
            weights, unit = integer_weights(self.weights, n)

        groups = _index_array(self.groups, n, "groups")
        eligible_groups = (
            None
            if self.eligible_groups is None
            else _index_array(self.eligible_groups, None, "eligible_groups")
        )
        highest = max(
            int(groups.max(initial=-1)),
            -1 if eligible_groups is None else int(eligible_groups.max(initial=-1)),
        )
        names = tuple(str(name) for name in self.group_names)
        if not names:
            names = ("all",) if highest <= 0 else tuple(str(i) for i in range(highest + 1))
        if len(set(names)) != len(names):
            raise ValueError(f"group_names must be distinct; got {names}")
        if highest >= len(names):
            raise ValueError(
                f"group index {highest} has no name: group_names lists only {len(names)} groups"
            )

        if self.reasons is None:
            reasons = np.zeros(n, dtype=bool)
        else:
            reasons = np.asarray(self.reasons)
            if reasons.shape != (n,):
                raise ValueError(
                    f"reasons must have one entry per voter ({n}); got {reasons.shape}"
                )
            if reasons.dtype.kind != "b":
                raise ValueError("reasons must be booleans (does the ballot state a reason?)")

        # Private read-only copies: the tally is cached, so the arrays must never change.
        object.__setattr__(self, "choices", _read_only(choices))
        object.__setattr__(self, "weights", _read_only(weights))
        object.__setattr__(self, "weight_unit", unit)
        object.__setattr__(self, "groups", _read_only(groups))
        object.__setattr__(self, "group_names", names)
        object.__setattr__(self, "reasons", _read_only(reasons))
        object.__setattr__(self, "eligible_groups", _read_only(eligible_groups))

        if eligible_groups is not None:
            cast = self.tally.counts[:, 1:].sum(axis=1)
            over = np.flatnonzero(cast > self.tally.eligible)
            if over.size:
                g = int(over[0])
                raise ValueError(
                    f"group '{names[g]}' has {int(cast[g])} ballots but only "
                    f"{int(self.tally.eligible[g])} eligible voters in eligible_groups"
                )

    @classmethod
    def from_labels(
        cls,
        choices: Sequence[str | int],
        *,
        groups: Sequence[str] | None = None,
        weights: Sequence[object] | np.ndarray | None = None,
        reasons: Sequence[bool] | None = None,
        group_names: Sequence[str] | None = None,
        eligible_groups: Sequence[str] | None = None,
    ) -> MotionBallots:
        """Build ballots from labels such as ``"yes"`` and group names such as ``"public"``.

        Choice labels (case-insensitive): ``yes``, ``no``, ``abstain``, ``object`` (or
        ``objection``), ``absent`` (or ``not voted``); :class:`Choice` members work too. Group
        names are numbered in the order of ``group_names`` if given, else in order of first
        appearance.
        """
        codes = []
        for position, label in enumerate(choices):
            if isinstance(label, int) and not isinstance(label, bool) and 0 <= label < _N_CHOICES:
                codes.append(int(label))
                continue
            key = str(label).strip().lower()
            if key not in _LABELS:
                raise ValueError(
                    f"voter {position}: unknown choice {label!r}; use one of yes, no, abstain, "
                    "object, absent"
                )
            codes.append(int(_LABELS[key]))
        names: list[str] = list(group_names) if group_names is not None else []
        index: dict[str, int] = {name: i for i, name in enumerate(names)}

        def number(labels: Sequence[str], what: str) -> np.ndarray:
            numbers = []
            for position, name in enumerate(labels):
                if name not in index:
                    if group_names is not None:
                        raise ValueError(
                            f"{what} {position}: group {name!r} is not in group_names {tuple(names)}"
                        )
                    index[name] = len(names)
                    names.append(name)
                numbers.append(index[name])
            return np.array(numbers, dtype=np.int64)

        group_array = None if groups is None else number(groups, "voter")
        eligible_array = (
            None if eligible_groups is None else number(eligible_groups, "eligible voter")
        )
        return cls(
            choices=np.array(codes, dtype=np.int64),
            weights=None if weights is None else np.asarray(weights),
            groups=group_array,
            group_names=tuple(names),
            reasons=None if reasons is None else np.asarray(reasons, dtype=bool),
            eligible_groups=eligible_array,
        )

    @property
    def n_voters(self) -> int:
        """Number of rows (eligible voters, or ballots received with ``eligible_groups``)."""
        return int(self.choices.shape[0])

    @cached_property
    def tally(self) -> _Tally:
        """Counts and weights per group and choice, computed once."""
        return _tally(self)


def _read_only(array: np.ndarray | None) -> np.ndarray | None:
    if array is None:
        return None
    copy = np.array(array, copy=True)
    copy.setflags(write=False)
    return copy


def _index_array(values: object, n: int | None, name: str) -> np.ndarray:
    if values is None:
        assert n is not None
        return np.zeros(n, dtype=np.int64)
    array = np.asarray(values)
    if array.ndim != 1 or (n is not None and array.shape[0] != n):
        expected = "one entry per voter" if n is not None else "a one-dimensional array"
        raise ValueError(f"{name} must have {expected}; got shape {array.shape}")
    if array.size and array.dtype.kind not in "iu":
        raise ValueError(
            f"{name} must be integer group indices; use MotionBallots.from_labels for names"
        )
    array = array.astype(np.int64, copy=False)
    if array.size and int(array.min()) < 0:
        raise ValueError(
            f"{name} must be non-negative; entry {int(np.argmax(array < 0))} is negative"
        )
    return array


@dataclass(frozen=True, eq=False)
class _Tally:
    counts: np.ndarray  # (groups, choices) int64
    weights: np.ndarray  # (groups, choices) exact Python ints (object array)
    eligible: np.ndarray  # (groups,) eligible voters per group
    reasoned: np.ndarray  # (groups, choices) ballots carrying a reason


def _tally(ballots: MotionBallots) -> _Tally:
    n_groups = len(ballots.group_names)
    assert ballots.groups is not None and ballots.weights is not None
    assert ballots.reasons is not None
    key = ballots.groups * _N_CHOICES + ballots.choices
    size = n_groups * _N_CHOICES
    counts = np.bincount(key, minlength=size).reshape(n_groups, _N_CHOICES)
    reasoned = np.bincount(key[ballots.reasons], minlength=size).reshape(n_groups, _N_CHOICES)
    weights = ballots.weights
    if weights.dtype != object and bool(np.all(weights == 1)):
        weight_sums = np.array(counts.reshape(size).tolist(), dtype=object)
    else:
        weight_sums = np.array(label_sums(key, weights, size), dtype=object)
    if ballots.eligible_groups is None:
        eligible = counts.sum(axis=1)
    else:
        eligible = np.bincount(ballots.eligible_groups, minlength=n_groups)
    return _Tally(counts, weight_sums.reshape(n_groups, _N_CHOICES), eligible, reasoned)


# --------------------------------------------------------------------------------------------
# Results
# --------------------------------------------------------------------------------------------

Number = int | Fraction


@dataclass(frozen=True)
class ChoiceTotals:
    """Totals of ballots (or of their weight) by choice."""

    yes: Number
    no: Number
    abstain: Number
    object: Number
    absent: Number

    @property
    def cast(self) -> Number:
        """Ballots cast: everything but absent."""
        return self.yes + self.no + self.abstain + self.object

    @property
    def against(self) -> Number:
        """No votes plus objections (what the majority rules count against the motion)."""
        return self.no + self.object

    def line(self) -> str:
        return (
            f"{_fmt(self.yes)} yes, {_fmt(self.no)} no, {_fmt(self.abstain)} abstain, "
            f"{_fmt(self.object)} object, {_fmt(self.absent)} did not vote"
        )


@dataclass(frozen=True)
class GroupTotals:
    """Counts and weights of one group's ballots, and its number of eligible voters."""

    group: str
    eligible: int
    counts: ChoiceTotals
    weights: ChoiceTotals


@dataclass(frozen=True)
class QuorumCount:
    """Participation in one scope (``"overall"`` or a group's name)."""

    scope: str
    voted: int
    eligible: int
    required: int
    met: bool


@dataclass(frozen=True)
class QuorumCheck:
    """The quorum check: overall, then per group (only groups with eligible voters)."""

    met: bool
    overall: QuorumCount | None
    per_group: tuple[QuorumCount, ...]
    reason: str


@dataclass(frozen=True)
class Comparison:
    """One counted comparison: ``yes`` against ``required = threshold * base``.

    ``scope`` is ``"overall"`` or a group's name. ``passed`` is the verdict after tie-breaking;
    ``tie`` says whether ``yes == required`` exactly.
    """

    scope: str
    yes: Number
    against: Number
    abstain: Number
    base: Number
    threshold: Fraction
    required: Number
    tie: bool
    passed: bool


@dataclass(frozen=True)
class ConditionResult:
    """The verdict of one condition (the method or a safeguard) with its counts."""

    condition: str
    role: Literal["method", "safeguard"]
    passed: bool
    reason: str
    comparisons: tuple[Comparison, ...] = ()


@dataclass(frozen=True)
class MotionResult:
    """The outcome of a motion and everything needed to re-check it.

    Attributes
    ----------
    outcome : {"accepted", "rejected", "no_quorum"}
    reason : str
        One plain-language sentence saying why.
    decided_by : str
        ``"quorum"``, or the name of the condition that decided (the method, or the first
        failing safeguard); for an accepted motion, the method.
    rule : DecisionRule
        The rule applied.
    totals, weight_totals : ChoiceTotals
        Ballot counts and weights overall (weights in the caller's units).
    by_group : tuple of GroupTotals
        The same per group.
    quorum : QuorumCheck or None
        The quorum check, if the rule has a quorum.
    conditions : tuple of ConditionResult
        Every condition evaluated, method first, then safeguards in order.
    """

    outcome: Outcome
    reason: str
    decided_by: str
    rule: DecisionRule
    totals: ChoiceTotals
    weight_totals: ChoiceTotals
    by_group: tuple[GroupTotals, ...]
    quorum: QuorumCheck | None
    conditions: tuple[ConditionResult, ...]

    @property
    def accepted(self) -> bool:
        return self.outcome == "accepted"

    def explain(self) -> str:
        """A plain-text account: outcome, reason, quorum, totals per group, every condition."""
        lines = [f"{self.outcome.replace('_', ' ').capitalize()}: {self.reason}"]
        lines.append(f"Decided by: {self.decided_by}")
        if self.quorum is not None:
            met = self.quorum.met
            lines.append(self.quorum.reason if met else f"Quorum not met: {self.quorum.reason}")
        lines.append(f"Totals: {self.totals.line()}")
        if self.weight_totals != self.totals:
            lines.append(f"Weights: {self.weight_totals.line()}")
        if len(self.by_group) > 1:
            lines.extend(
                f"  {g.group} ({g.eligible} eligible): {g.counts.line()}" for g in self.by_group
            )
        for result in self.conditions:
            verdict = "holds" if result.passed else "fails"
            lines.append(f"{result.role} {result.condition} {verdict}: {result.reason}")
        return "\n".join(lines)


def _fmt(value: Number) -> str:
    if isinstance(value, Fraction) and value.denominator != 1:
        return f"{float(value):.4g}"
    return str(int(value))


def _native(value: object) -> Number:
    """An exact native number: int when integral, else Fraction."""
    fraction = Fraction(value)  # type: ignore[arg-type]
    return int(fraction) if fraction.denominator == 1 else fraction


# --------------------------------------------------------------------------------------------
# Rule specification
# --------------------------------------------------------------------------------------------


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
        if self.rule not in _CONDITIONS:
            raise ValueError(f"unknown rule {self.rule!r}; choose one of {sorted(_CONDITIONS)}")
        allowed = _OPTIONS[self.rule]
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


# --------------------------------------------------------------------------------------------
# Evaluation
# --------------------------------------------------------------------------------------------


def decide(ballots: MotionBallots, rule: DecisionRule) -> MotionResult:
    """Decide a motion under a rule: method + quorum + safeguards.

    Every condition is evaluated (so that invalid input raises whatever the votes), and the
    outcome is the first of: ``"no_quorum"`` if the quorum is not met; ``"rejected"`` if the
    method fails; ``"rejected"`` if a safeguard fails (the first failing one in the order
    given); ``"accepted"`` otherwise.

    Parameters
    ----------
    ballots : MotionBallots
    rule : DecisionRule

    Returns
    -------
    MotionResult

    Examples
    --------
    >>> ballots = MotionBallots.from_labels(["yes", "yes", "no", "absent", "absent"])
    >>> rule = DecisionRule(Condition("simple_majority"), quorum=Quorum(overall=Fraction(2, 3)))
    >>> result = decide(ballots, rule)
    >>> result.outcome, result.reason
    ('no_quorum', '3 of 5 eligible voters voted; the quorum is 4.')

    References
    ----------
    .. [1] H. M. Robert, *Robert's Rules of Order Newly Revised*, 12th ed., 2020, sections 40
       (quorum) and 44 (bases for determining a voting result).
    """
    if not isinstance(ballots, MotionBallots):
        raise ValueError("ballots must be a MotionBallots (see MotionBallots.from_labels)")
    quorum = None if rule.quorum is None else quorum_check(ballots, rule.quorum)
    conditions = [_evaluate(ballots, rule.method, "method")]
    conditions += [_evaluate(ballots, s, "safeguard") for s in rule.safeguards]

    method = conditions[0]
    failed_safeguard = next((c for c in conditions[1:] if not c.passed), None)
    outcome: Outcome
    if quorum is not None and not quorum.met:
        outcome, decided_by, reason = "no_quorum", "quorum", quorum.reason
    elif not method.passed:
        outcome, decided_by, reason = "rejected", method.condition, method.reason
    elif failed_safeguard is not None:
        outcome, decided_by = "rejected", failed_safeguard.condition
        reason = f"{failed_safeguard.reason} (safeguard; the {method.condition} held)"
    else:
        outcome, decided_by, reason = "accepted", method.condition, method.reason
        if rule.safeguards:
            reason = reason[:-1] + ", and every safeguard held."
    totals, weight_totals, by_group = _totals(ballots)
    return MotionResult(
        outcome=outcome,
        reason=reason,
        decided_by=decided_by,
        rule=rule,
        totals=totals,
        weight_totals=weight_totals,
        by_group=by_group,
        quorum=quorum,
        conditions=tuple(conditions),
    )


def _evaluate(
    ballots: MotionBallots, condition: Condition, role: Literal["method", "safeguard"]
) -> ConditionResult:
    passed, reason, comparisons = _CONDITIONS[condition.rule](ballots, **condition.options)
    return ConditionResult(condition.rule, role, passed, reason, tuple(comparisons))


def _choice_totals(row: np.ndarray, unit: Fraction = Fraction(1)) -> ChoiceTotals:
    values = [_native(int(v) * unit) for v in row.tolist()]
    return ChoiceTotals(
        yes=values[Choice.YES],
        no=values[Choice.NO],
        abstain=values[Choice.ABSTAIN],
        object=values[Choice.OBJECT],
        absent=values[Choice.ABSENT],
    )


def _totals(ballots: MotionBallots) -> tuple[ChoiceTotals, ChoiceTotals, tuple[GroupTotals, ...]]:
    tally = ballots.tally
    counts = tally.counts.copy()
    # With eligible_groups, eligible voters who are not listed did not vote.
    counts[:, Choice.ABSENT] = tally.eligible - tally.counts[:, 1:].sum(axis=1)
    by_group = tuple(
        GroupTotals(
            group=name,
            eligible=int(tally.eligible[g]),
            counts=_choice_totals(counts[g]),
            weights=_choice_totals(tally.weights[g], ballots.weight_unit),
        )
        for g, name in enumerate(ballots.group_names)
    )
    overall_weights = np.array(
        [sum(int(v) for v in col) for col in tally.weights.T.tolist()], dtype=object
    )
    return (
        _choice_totals(counts.sum(axis=0)),
        _choice_totals(overall_weights, ballots.weight_unit),
        by_group,
    )


def quorum_check(ballots: MotionBallots, quorum: Quorum) -> QuorumCheck:
    """Check participation against a quorum, overall and in every group with eligible voters.

    Parameters
    ----------
    ballots : MotionBallots
    quorum : Quorum
        ``int`` = number of voters; ``Fraction`` = share of the eligible voters, rounded up.

    Returns
    -------
    QuorumCheck
        ``met`` is true when the overall quorum and every group's quorum are met.

    Examples
    --------
    >>> ballots = MotionBallots.from_labels(
    ...     ["yes", "abstain", "absent", "absent"], groups=["a", "a", "b", "b"]
    ... )
    >>> check = quorum_check(ballots, Quorum(overall=Fraction(1, 2), per_group=1))
    >>> check.met, check.reason
    (False, "Group 'b': 0 of 2 eligible voters voted; the quorum is 1.")

    References
    ----------
    .. [1] H. M. Robert, *Robert's Rules of Order Newly Revised*, 12th ed., 2020, section 40.
    """
    tally = ballots.tally
    voted = tally.counts[:, 1:].sum(axis=1)
    overall = None
    failures: list[str] = []
    if quorum.overall is not None:
        eligible, cast = int(tally.eligible.sum()), int(voted.sum())
        required = quorum.required(quorum.overall, eligible)
        overall = QuorumCount("overall", cast, eligible, required, cast >= required)
        if not overall.met:
            failures.append(
                f"{cast} of {eligible} eligible voters voted; the quorum is {required}."
            )
    per_group: list[QuorumCount] = []
    if quorum.per_group is not None:
        for g, name in enumerate(ballots.group_names):
            eligible = int(tally.eligible[g])
            if eligible == 0:
                continue
            required = quorum.required(quorum.per_group, eligible)
            count = QuorumCount(name, int(voted[g]), eligible, required, int(voted[g]) >= required)
            per_group.append(count)
            if not count.met:
                failures.append(
                    f"Group '{name}': {count.voted} of {eligible} eligible voters voted; "
                    f"the quorum is {required}."
                )
    met = not failures
    if met:
        parts = []
        if overall is not None:
            parts.append(f"{overall.voted} of {overall.eligible} voted (quorum {overall.required})")
        if per_group:
            parts.append("every group reached its quorum")
        reason = "Quorum met: " + ", ".join(parts) + "." if parts else "No quorum required."
    else:
        reason = failures[0] if len(failures) == 1 else " ".join(failures)
    return QuorumCheck(met, overall, tuple(per_group), reason)


# --------------------------------------------------------------------------------------------
# Conditions: each returns (passed, reason, comparisons)
# --------------------------------------------------------------------------------------------

_Verdict = tuple[bool, str, list[Comparison]]


def _check_choice(value: object, allowed: tuple[str, ...], name: str) -> None:
    if value not in allowed:
        raise ValueError(f"{name} must be one of {', '.join(map(repr, allowed))}; got {value!r}")


def _threshold(value: object) -> Fraction:
    threshold = as_fraction(value, "threshold")
    if not 0 < threshold <= 1:
        raise ValueError(f"threshold must lie in (0, 1], e.g. Fraction(2, 3); got {threshold}")
    return threshold


def _compare(
    scope: str,
    yes: Number,
    against: Number,
    abstain: Number,
    eligible: Number,
    threshold: Fraction,
    base: Base,
    tie_breaking: TieBreaking,
) -> Comparison:
    base_value = {
        "yes_no": yes + against,
        "cast": yes + against + abstain,
        "eligible": eligible,
    }[base]
    required = _native(threshold * base_value)
    tie = base_value > 0 and yes == required
    if base_value == 0:
        passed = False
    elif tie:
        passed = tie_breaking == "accept"
    else:
        passed = yes > required
    return Comparison(
        scope=scope,
        yes=_native(yes),
        against=_native(against),
        abstain=_native(abstain),
        base=_native(base_value),
        threshold=threshold,
        required=required,
        tie=tie,
        passed=passed,
    )


_BASE_WORDS = {
    "yes_no": "of the yes and no votes",
    "cast": "of the ballots cast",
    "eligible": "of the eligible voters",
}


def _describe(c: Comparison, base: Base, weighted: bool = False) -> str:
    """'5 yes against 4 no' (or 'yes weight 5 against no weight 4') for a comparison."""
    if weighted:
        text = f"yes weight {_fmt(c.yes)} against no weight {_fmt(c.against)}"
    else:
        text = f"{_fmt(c.yes)} yes against {_fmt(c.against)} no"
    if base != "yes_no" or c.abstain:
        counted = "counted" if base != "yes_no" else "not counted"
        if weighted:
            text += f", abstaining weight {_fmt(c.abstain)} ({counted})"
        else:
            text += f", {_fmt(c.abstain)} abstaining ({counted})"
    return text


def _majority_reason(
    c: Comparison, base: Base, tie_breaking: TieBreaking, weighted: bool = False
) -> str:
    counts = _describe(c, base, weighted)
    if c.base == 0:
        return f"No votes to count ({counts})."
    share = "half" if c.threshold == Fraction(1, 2) else str(c.threshold)
    where = _BASE_WORDS[base]
    if c.tie:
        verdict = "passes" if c.passed else "does not pass"
        return (
            f"Yes is exactly {share} {where} ({counts}), which {verdict} "
            f"under tie_breaking='{tie_breaking}'."
        )
    word = "more than" if tie_breaking == "reject" else "at least"
    if c.passed:
        return f"Yes has {word} {share} {where} ({counts})."
    return f"Yes does not have {word} {share} {where} ({counts})."


def _group_row(ballots: MotionBallots, g: int | None, weighted: bool) -> tuple[Number, ...]:
    """(yes, against, abstain, eligible) overall (g=None) or in group g."""
    tally = ballots.tally
    if weighted:
        table = tally.weights
        rows = table if g is None else table[g : g + 1]
        unit = ballots.weight_unit
        sums = [_native(sum(int(v) for v in col) * unit) for col in rows.T.tolist()]
        eligible = sum(sums)
    else:
        rows = tally.counts if g is None else tally.counts[g : g + 1]
        sums = [int(v) for v in rows.sum(axis=0).tolist()]
        eligible = int(tally.eligible.sum() if g is None else tally.eligible[g])
    return (
        sums[Choice.YES],
        sums[Choice.NO] + sums[Choice.OBJECT],
        sums[Choice.ABSTAIN],
        eligible,
    )


def _simple_majority(
    ballots: MotionBallots,
    *,
    abstentions: Abstentions = "ignore",
    tie_breaking: TieBreaking = "reject",
) -> _Verdict:
    _check_choice(abstentions, ("ignore", "count"), "abstentions")
    _check_choice(tie_breaking, ("reject", "accept"), "tie_breaking")
    base: Base = "yes_no" if abstentions == "ignore" else "cast"
    c = _compare("overall", *_group_row(ballots, None, False), Fraction(1, 2), base, tie_breaking)
    return c.passed, _majority_reason(c, base, tie_breaking), [c]


def _qualified_majority(
    ballots: MotionBallots,
    *,
    threshold: Fraction | str = Fraction(2, 3),
    base: Base = "yes_no",
    tie_breaking: TieBreaking = "accept",
) -> _Verdict:
    _check_choice(base, ("yes_no", "cast", "eligible"), "base")
    _check_choice(tie_breaking, ("reject", "accept"), "tie_breaking")
    t = _threshold(threshold)
    c = _compare("overall", *_group_row(ballots, None, False), t, base, tie_breaking)
    return c.passed, _majority_reason(c, base, tie_breaking), [c]


def _unanimity(
    ballots: MotionBallots, *, abstentions: Literal["allow", "block"] = "allow"
) -> _Verdict:
    _check_choice(abstentions, ("allow", "block"), "abstentions")
    counts = ballots.tally.counts.sum(axis=0)
    yes, no, abstain, objections = (
        int(counts[c]) for c in (Choice.YES, Choice.NO, Choice.ABSTAIN, Choice.OBJECT)
    )
    blockers = [f"{no} no"] if no else []
    if objections:
        blockers.append(f"{objections} objection{'s' if objections > 1 else ''}")
    if abstentions == "block" and abstain:
        blockers.append(f"{abstain} abstention{'s' if abstain > 1 else ''}")
    if blockers:
        return False, f"No consensus: {' and '.join(blockers)} against {yes} yes.", []
    if yes == 0:
        return False, "No consensus: nobody voted yes.", []
    aside = f", {abstain} standing aside" if abstain else ""
    return True, f"Consensus: {yes} yes, nobody against{aside}.", []


def _voter_list(positions: np.ndarray) -> str:
    shown = ", ".join(str(int(p)) for p in positions[:5])
    return shown + (f" and {positions.size - 5} more" if positions.size > 5 else "")


def _consent(ballots: MotionBallots, *, count_no_as_objection: bool = False) -> _Verdict:
    if not isinstance(count_no_as_objection, bool):
        raise ValueError("count_no_as_objection must be True or False")
    choices, reasons = ballots.choices, ballots.reasons
    assert reasons is not None
    no_votes = np.flatnonzero(choices == Choice.NO)
    if no_votes.size and not count_no_as_objection:
        raise ValueError(
            f"consent takes yes (consent), abstain (stand aside) and object ballots, but voters "
            f"{_voter_list(no_votes)} voted 'no': record them as objections with their reason, or "
            "pass count_no_as_objection=True to treat a 'no' as an objection"
        )
    objecting = (choices == Choice.OBJECT) | (count_no_as_objection & (choices == Choice.NO))
    unreasoned = np.flatnonzero(objecting & ~reasons)
    if unreasoned.size:
        raise ValueError(
            f"under consent an objection must state its reason, but the objections of voters "
            f"{_voter_list(unreasoned)} have none: ask for the reason (set reasons[i] = True once "
            "it is recorded) or record those ballots as 'no' under another rule"
        )
    n_objections = int(np.count_nonzero(objecting))
    counts = ballots.tally.counts.sum(axis=0)
    yes, abstain = int(counts[Choice.YES]), int(counts[Choice.ABSTAIN])
    if n_objections:
        plural = "s" if n_objections > 1 else ""
        return False, f"{n_objections} reasoned objection{plural} must be resolved first.", []
    return True, f"No reasoned objection ({yes} consent, {abstain} standing aside).", []


def _weighted_majority(
    ballots: MotionBallots,
    *,
    cap: Fraction | str | None = None,
    threshold: Fraction | str = Fraction(1, 2),
    base: Base = "yes_no",
    tie_breaking: TieBreaking = "reject",
    cap_base: Literal["eligible", "cast"] = "eligible",
    if_infeasible: Literal["raise", "equal_shares"] = "raise",
) -> _Verdict:
    _check_choice(base, ("yes_no", "cast", "eligible"), "base")
    _check_choice(tie_breaking, ("reject", "accept"), "tie_breaking")
    _check_choice(cap_base, ("eligible", "cast"), "cap_base")
    t = _threshold(threshold)
    unit = ballots.weight_unit
    if cap is None:
        yes, against, abstain, eligible = _group_row(ballots, None, True)
        note = ""
    else:
        assert ballots.weights is not None
        if cap_base == "eligible":
            weights, inside = ballots.weights, ballots.choices
        else:
            members = ballots.choices != Choice.ABSENT
            weights, inside = ballots.weights[members], ballots.choices[members]
        if not bool(np.any(weights > 0)):
            return False, "No weight to count: no voter with positive weight.", []
        capped = capped_weights(weights, cap, if_infeasible=if_infeasible)
        by_choice = capped.sum_by_label(inside, _N_CHOICES)
        yes, abstain = by_choice[Choice.YES], by_choice[Choice.ABSTAIN]
        against = by_choice[Choice.NO] + by_choice[Choice.OBJECT]
        eligible = Fraction(capped.total)
        yes, against, abstain, eligible = (x * unit for x in (yes, against, abstain, eligible))
        n_capped = int(np.count_nonzero(capped.capped))
        note = (
            f"; {n_capped} voter{'s' if n_capped != 1 else ''} held at the cap of "
            f"{capped.cap} of the total weight"
            + (" (clamped: the cap was infeasible)" if capped.clamped else "")
        )
    c = _compare("overall", yes, against, abstain, eligible, t, base, tie_breaking)
    reason = _majority_reason(c, base, tie_breaking, weighted=True)
    return c.passed, reason[:-1] + note + ".", [c]


def _concurrent_majority(
    ballots: MotionBallots,
    *,
    groups: Literal["voting", "eligible"] = "voting",
    abstentions: Abstentions = "ignore",
    tie_breaking: TieBreaking = "reject",
    weighted: bool = False,
) -> _Verdict:
    _check_choice(groups, ("voting", "eligible"), "groups")
    _check_choice(abstentions, ("ignore", "count"), "abstentions")
    _check_choice(tie_breaking, ("reject", "accept"), "tie_breaking")
    if not isinstance(weighted, bool):
        raise ValueError("weighted must be True or False")
    base: Base = "yes_no" if abstentions == "ignore" else "cast"
    half = Fraction(1, 2)
    overall = _compare("overall", *_group_row(ballots, None, weighted), half, base, tie_breaking)
    comparisons = [overall]
    for g, name in enumerate(ballots.group_names):
        c = _compare(name, *_group_row(ballots, g, weighted), half, base, tie_breaking)
        considered = c.base > 0 if groups == "voting" else int(ballots.tally.eligible[g]) > 0
        if considered:
            comparisons.append(c)
    failing = [c for c in comparisons[1:] if not c.passed]
    if not overall.passed:
        reason = "No majority overall: " + _majority_reason(overall, base, tie_breaking, weighted)
        return False, reason, comparisons
    if failing:
        listed = "; ".join(f"'{c.scope}' ({_describe(c, base, weighted)})" for c in failing)
        which = "group" if len(failing) == 1 else "groups"
        return (
            False,
            f"Majority overall ({_describe(overall, base, weighted)}) but not in {which} {listed}.",
            comparisons,
        )
    n = len(comparisons) - 1
    scope = "voting" if groups == "voting" else "eligible"
    return (
        True,
        f"Majority overall ({_describe(overall, base, weighted)}) "
        f"and in each of the {n} {scope} groups.",
        comparisons,
    )


def _group_consent(
    ballots: MotionBallots,
    *,
    groups: Sequence[str] = (),
    threshold: Fraction | str = Fraction(1, 2),
    abstentions: Abstentions = "ignore",
    tie_breaking: TieBreaking = "reject",
) -> _Verdict:
    if isinstance(groups, str):
        groups = (groups,)
    groups = tuple(groups)
    if not groups:
        raise ValueError("group_consent needs the names of the groups whose consent is required")
    unknown = [g for g in groups if g not in ballots.group_names]
    if unknown:
        raise ValueError(
            f"group_consent names unknown group(s) {unknown}; the ballots have groups "
            f"{list(ballots.group_names)}"
        )
    _check_choice(abstentions, ("ignore", "count"), "abstentions")
    _check_choice(tie_breaking, ("reject", "accept"), "tie_breaking")
    t = _threshold(threshold)
    base: Base = "yes_no" if abstentions == "ignore" else "cast"
    comparisons = [
        _compare(
            name,
            *_group_row(ballots, ballots.group_names.index(name), False),
            t,
            base,
            tie_breaking,
        )
        for name in groups
    ]
    failing = [c for c in comparisons if not c.passed]
    if failing:
        c = failing[0]
        if c.base == 0:
            return (
                False,
                f"Group '{c.scope}' has not given its consent: none of its members voted yes "
                "or no, and silence is not consent.",
                comparisons,
            )
        return False, f"Group '{c.scope}' does not consent ({_describe(c, base)}).", comparisons
    names = ", ".join(f"'{c.scope}'" for c in comparisons)
    return True, f"Consent given by {names}.", comparisons


_CONDITIONS: dict[str, Callable[..., _Verdict]] = {
    "simple_majority": _simple_majority,
    "qualified_majority": _qualified_majority,
    "unanimity": _unanimity,
    "consent": _consent,
    "weighted_majority": _weighted_majority,
    "concurrent_majority": _concurrent_majority,
    "group_consent": _group_consent,
}
_OPTIONS = {
    name: {p for p in inspect.signature(fn).parameters if p != "ballots"}
    for name, fn in _CONDITIONS.items()
}


# --------------------------------------------------------------------------------------------
# Public rules
# --------------------------------------------------------------------------------------------


def simple_majority(
    ballots: MotionBallots,
    *,
    abstentions: Abstentions = "ignore",
    tie_breaking: TieBreaking = "reject",
    quorum: Quorum | None = None,
) -> MotionResult:
    """Simple majority: accepted when yes votes outnumber no votes.

    Objections count as no. Abstentions are not counted by default (``abstentions="ignore"``,
    as in Robert's Rules: a majority of the votes cast for or against); with
    ``abstentions="count"`` yes must exceed half of all ballots cast, so that an abstention
    weighs like a no.

    Parameters
    ----------
    ballots : MotionBallots
    abstentions : {"ignore", "count"}
    tie_breaking : {"reject", "accept"}
        When yes is exactly half: ``"reject"`` (default) keeps the status quo.
    quorum : Quorum, optional

    Returns
    -------
    MotionResult

    Examples
    --------
    >>> ballots = MotionBallots.from_labels(["yes"] * 4 + ["no"] * 3 + ["abstain"] * 2)
    >>> simple_majority(ballots).outcome
    'accepted'
    >>> simple_majority(ballots, abstentions="count").reason
    'Yes does not have more than half of the ballots cast (4 yes against 3 no, 2 abstaining (counted)).'

    A tie does not carry the motion:

    >>> simple_majority(MotionBallots.from_labels(["yes", "no"])).outcome
    'rejected'

    References
    ----------
    .. [1] H. M. Robert, *Robert's Rules of Order Newly Revised*, 12th ed., 2020, 44:1-44:3.
    """
    options = {"abstentions": abstentions, "tie_breaking": tie_breaking}
    return decide(ballots, DecisionRule(Condition("simple_majority", options), quorum=quorum))


def qualified_majority(
    ballots: MotionBallots,
    threshold: Fraction | str = Fraction(2, 3),
    *,
    base: Base = "yes_no",
    tie_breaking: TieBreaking = "accept",
    quorum: Quorum | None = None,
) -> MotionResult:
    """Qualified majority: accepted when yes reach ``threshold`` of the base.

    The base is the yes and no votes (``"yes_no"``, default), all ballots cast including
    abstentions (``"cast"``), or all eligible voters (``"eligible"``, so that not voting
    weighs like a no). Objections count as no.

    Parameters
    ----------
    ballots : MotionBallots
    threshold : Fraction, default 2/3
        In ``(0, 1]``.
    base : {"yes_no", "cast", "eligible"}
    tie_breaking : {"accept", "reject"}
        When yes equals ``threshold * base`` exactly: ``"accept"`` (default) reads the
        threshold as "at least"; ``"reject"`` as "more than". ``threshold=1/2`` with
        ``tie_breaking="reject"`` is :func:`simple_majority`.
    quorum : Quorum, optional

    Returns
    -------
    MotionResult

    Examples
    --------
    >>> ballots = MotionBallots.from_labels(["yes"] * 6 + ["no"] * 3 + ["absent"])
    >>> qualified_majority(ballots).outcome  # 6 of 9 is exactly two-thirds
    'accepted'
    >>> qualified_majority(ballots, base="eligible").outcome  # 6 of 10 is not
    'rejected'

    References
    ----------
    .. [1] H. M. Robert, *Robert's Rules of Order Newly Revised*, 12th ed., 2020, 44:4-44:9
       (two-thirds vote; majority of the entire membership).
    """
    options = {"threshold": threshold, "base": base, "tie_breaking": tie_breaking}
    return decide(ballots, DecisionRule(Condition("qualified_majority", options), quorum=quorum))


def unanimity(
    ballots: MotionBallots,
    *,
    abstentions: Literal["allow", "block"] = "allow",
    quorum: Quorum | None = None,
) -> MotionResult:
    """Unanimity (consensus): no "no", no objection, and at least one yes.

    Abstaining is "standing aside" and does not block unless ``abstentions="block"``. To
    require every eligible member's yes, add ``Quorum(overall=Fraction(1))`` and
    ``abstentions="block"``.

    Parameters
    ----------
    ballots : MotionBallots
    abstentions : {"allow", "block"}
    quorum : Quorum, optional

    Returns
    -------
    MotionResult

    Examples
    --------
    >>> unanimity(MotionBallots.from_labels(["yes", "yes", "abstain"])).reason
    'Consensus: 2 yes, nobody against, 1 standing aside.'
    >>> unanimity(MotionBallots.from_labels(["yes", "yes", "object"])).outcome
    'rejected'

    References
    ----------
    .. [1] C. L. Butler and A. Rothstein, *On Conflict and Consensus*, 1987 (standing aside
       and blocking).
    """
    options = {"abstentions": abstentions}
    return decide(ballots, DecisionRule(Condition("unanimity", options), quorum=quorum))


def consent(
    ballots: MotionBallots,
    *,
    count_no_as_objection: bool = False,
    quorum: Quorum | None = None,
) -> MotionResult:
    """Consent (sociocracy): accepted unless someone raises a reasoned objection.

    Yes means consent, abstain means standing aside; silence is consent, so combine consent
    with a quorum. An objection must state its reason (``reasons[i]``): an objection without
    one is invalid input and raises :class:`ValueError`. A plain "no" has no place in a
    consent round and also raises, unless ``count_no_as_objection=True`` (then it needs a
    reason like any objection).

    Parameters
    ----------
    ballots : MotionBallots
    count_no_as_objection : bool
    quorum : Quorum, optional

    Returns
    -------
    MotionResult

    Raises
    ------
    ValueError
        For an objection without a reason, or a "no" ballot.

    Examples
    --------
    >>> ballots = MotionBallots.from_labels(
    ...     ["yes", "abstain", "object"], reasons=[False, False, True]
    ... )
    >>> consent(ballots).reason
    '1 reasoned objection must be resolved first.'

    References
    ----------
    .. [1] G. Endenburg, *Sociocracy: The Organization of Decision-Making*, Eburon, 1998.
    .. [2] J. Buck and S. Villines, *We the People: Consenting to a Deeper Democracy*, 2nd ed.,
       Sociocracy.info, 2017, chapter 4 (paramount, reasoned objections).
    """
    options = {"count_no_as_objection": count_no_as_objection}
    return decide(ballots, DecisionRule(Condition("consent", options), quorum=quorum))


def weighted_majority(
    ballots: MotionBallots,
    *,
    cap: Fraction | str | None = None,
    threshold: Fraction | str = Fraction(1, 2),
    base: Base = "yes_no",
    tie_breaking: TieBreaking = "reject",
    cap_base: Literal["eligible", "cast"] = "eligible",
    if_infeasible: Literal["raise", "equal_shares"] = "raise",
    quorum: Quorum | None = None,
) -> MotionResult:
    """Weighted majority: yes weight above ``threshold`` of the base weight, optionally capped.

    With ``cap``, each voter's weight is first capped at that share of the total weight and
    the excess is redistributed to the others in proportion to their weights
    (:func:`~accord.engine.voting.caps.capped_weights`). The total is that of all eligible
    voters (``cap_base="eligible"``, the partnership's constitution) or of those who voted
    (``cap_base="cast"``). All arithmetic is exact.

    Parameters
    ----------
    ballots : MotionBallots
    cap : Fraction, optional
        Largest share of the total weight any voter may hold, in ``(0, 1]``.
    threshold : Fraction, default 1/2
    base : {"yes_no", "cast", "eligible"}
        As in :func:`qualified_majority`, in weight.
    tie_breaking : {"reject", "accept"}
        When the yes weight equals ``threshold * base`` exactly (default: rejected).
    cap_base : {"eligible", "cast"}
    if_infeasible : {"raise", "equal_shares"}
        See :func:`~accord.engine.voting.caps.capped_weights`.
    quorum : Quorum, optional
        Counted in voters, not weight.

    Returns
    -------
    MotionResult

    Examples
    --------
    The funder's 60 of 100 units outvote everyone, unless its share is capped at 30 %:

    >>> ballots = MotionBallots.from_labels(["yes", "no", "no", "no"], weights=[60, 20, 12, 8])
    >>> weighted_majority(ballots).outcome
    'accepted'
    >>> weighted_majority(ballots, cap="3/10").outcome
    'rejected'

    References
    ----------
    .. [1] D. S. Felsenthal and M. Machover, *The Measurement of Voting Power*, Edward Elgar,
       1998 (weighted voting).
    """
    options = {
        "cap": cap,
        "threshold": threshold,
        "base": base,
        "tie_breaking": tie_breaking,
        "cap_base": cap_base,
        "if_infeasible": if_infeasible,
    }
    return decide(ballots, DecisionRule(Condition("weighted_majority", options), quorum=quorum))


def concurrent_majority(
    ballots: MotionBallots,
    *,
    groups: Literal["voting", "eligible"] = "voting",
    abstentions: Abstentions = "ignore",
    tie_breaking: TieBreaking = "reject",
    weighted: bool = False,
    quorum: Quorum | None = None,
) -> MotionResult:
    """Concurrent majority: a simple majority overall and inside every group.

    Each group (sector) must have more yes than no, so no group can be outvoted by the
    others. ``groups="voting"`` (default) checks every group in which at least one ballot
    counts toward the majority (yes or no, plus abstentions when ``abstentions="count"``);
    ``groups="eligible"`` checks every group with eligible voters, so a group that stays
    away blocks the motion.

    Parameters
    ----------
    ballots : MotionBallots
    groups : {"voting", "eligible"}
    abstentions : {"ignore", "count"}
    tie_breaking : {"reject", "accept"}
        A tie overall or inside a group rejects by default.
    weighted : bool
        Count weights (uncapped) instead of voters.
    quorum : Quorum, optional

    Returns
    -------
    MotionResult

    Examples
    --------
    >>> ballots = MotionBallots.from_labels(
    ...     ["yes", "yes", "yes", "no", "no"],
    ...     groups=["public", "private", "public", "community", "community"],
    ... )
    >>> concurrent_majority(ballots).reason
    "Majority overall (3 yes against 2 no) but not in group 'community' (0 yes against 2 no)."

    References
    ----------
    .. [1] J. C. Calhoun, *A Disquisition on Government*, 1851.
    .. [2] A. Lijphart, *Democracy in Plural Societies*, Yale University Press, 1977
       (mutual veto in consociational democracy).
    """
    options = {
        "groups": groups,
        "abstentions": abstentions,
        "tie_breaking": tie_breaking,
        "weighted": weighted,
    }
    return decide(ballots, DecisionRule(Condition("concurrent_majority", options), quorum=quorum))


def group_consent(
    ballots: MotionBallots,
    groups: Sequence[str],
    *,
    threshold: Fraction | str = Fraction(1, 2),
    abstentions: Abstentions = "ignore",
    tie_breaking: TieBreaking = "reject",
    quorum: Quorum | None = None,
) -> MotionResult:
    """Group consent (free, prior and informed consent): named groups' majorities must agree.

    Each named group must have more than ``threshold`` yes among its yes and no votes
    (abstentions optionally counted). Silence is not consent: a named group in which nobody
    voted yes or no withholds consent. Usually a safeguard on top of another method
    (``DecisionRule(..., safeguards=(Condition("group_consent", {"groups": (...)}),))``).

    Parameters
    ----------
    ballots : MotionBallots
    groups : sequence of str
        Names of the groups whose consent is required.
    threshold : Fraction, default 1/2
    abstentions : {"ignore", "count"}
    tie_breaking : {"reject", "accept"}
    quorum : Quorum, optional

    Returns
    -------
    MotionResult

    Examples
    --------
    >>> ballots = MotionBallots.from_labels(
    ...     ["yes", "yes", "yes", "absent"], groups=["public", "public", "private", "community"]
    ... )
    >>> group_consent(ballots, ["community"]).outcome
    'rejected'

    References
    ----------
    .. [1] United Nations Declaration on the Rights of Indigenous Peoples, 2007, articles 19
       and 32.
    .. [2] FAO, *Free Prior and Informed Consent: An indigenous peoples' right and a good
       practice for local communities*, 2016.
    """
    options = {
        "groups": tuple(groups) if not isinstance(groups, str) else (groups,),
        "threshold": threshold,
        "abstentions": abstentions,
        "tie_breaking": tie_breaking,
    }
    return decide(ballots, DecisionRule(Condition("group_consent", options), quorum=quorum))
