"""The ballots on a motion: :class:`Choice` codes and :class:`MotionBallots`, with its tally.

:class:`MotionBallots` holds one entry per eligible voter as numpy arrays and validates them;
its :attr:`~MotionBallots.tally` (counts, weights and reasons per group and choice) is
computed once and read by every rule.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import IntEnum
from fractions import Fraction
from functools import cached_property

import numpy as np

from accord.engine.voting.caps import integer_weights, label_sums

__all__ = ["Choice", "MotionBallots"]


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
