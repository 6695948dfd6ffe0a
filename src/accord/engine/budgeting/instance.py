"""The input and output of every budgeting rule: :class:`BudgetingInstance`, :class:`Outcome`.

A rule receives the projects' costs, the budget and each voter's support set (a dense
voters × projects ``bool`` matrix) and returns an :class:`Outcome`: the selected projects in
the order the rule chose them, the rounds that explain the choice, and how much of the money
each voter decided (used by :mod:`accord.engine.budgeting.shares`).

Tie-breaking (the ``tie_breaking`` parameter of every rule) is an order of the projects:
``"lexicographic"`` (default) prefers the smaller project id compared as a string, which is
pabutools' default ``lexico_tie_breaking`` (so ``"10"`` comes before ``"9"``); ``"index"``
prefers the project that comes first in the file; a sequence of project ids gives the order
explicitly (earlier wins).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from accord.engine.io.pabulib import PabulibElection

__all__ = ["BudgetingInstance", "Outcome", "SelectionRound", "TieBreaking"]

TieBreaking = str | Sequence[str]
Money = int | Fraction


@dataclass(frozen=True, eq=False)
class BudgetingInstance:
    """Costs, budget and approval ballots of one participatory-budgeting election.

    Attributes
    ----------
    costs : numpy.ndarray
        ``int64`` cost of each project (an object array of Fractions is accepted too).
    budget : int or Fraction
        The budget limit.
    approvals : numpy.ndarray
        ``bool`` matrix, voters × projects: the voter supports the project.  For ordinal,
        cumulative and scoring ballots this is the set of projects the ballot names.
    project_ids : tuple[str, ...]
        Project ids (for tie-breaking and for reporting); defaults to ``"0", "1", ...``.

    Examples
    --------
    >>> instance = BudgetingInstance.from_lists(
    ...     costs=[3, 2], budget=4, ballots=[["0"], ["0", "1"]], project_ids=["0", "1"])
    >>> instance.approvals.astype(int).tolist()
    [[1, 0], [1, 1]]
    """

    costs: np.ndarray
    budget: Money
    approvals: np.ndarray
    project_ids: tuple[str, ...]

    def __post_init__(self) -> None:
        if self.approvals.ndim != 2 or self.approvals.shape[1] != len(self.costs):
            raise ValueError("approvals must be voters × projects")
        if len(self.project_ids) != len(self.costs):
            raise ValueError("one project id per cost")
        if any(c < 0 for c in self.costs.tolist()):
            raise ValueError("costs must be non-negative")

    @property
    def num_voters(self) -> int:
        return int(self.approvals.shape[0])

    @property
    def num_projects(self) -> int:
        return len(self.costs)

    def exact_costs(self) -> list[Money]:
        return [c if isinstance(c, Fraction) else int(c) for c in self.costs.tolist()]

    @classmethod
    def from_lists(
        cls,
        *,
        costs: Sequence[Money],
        budget: Money,
        ballots: Sequence[Sequence[str]],
        project_ids: Sequence[str] | None = None,
    ) -> BudgetingInstance:
        """Build an instance from plain lists: ballots name the projects they support."""
        ids = tuple(project_ids) if project_ids is not None else tuple(map(str, range(len(costs))))
        index = {p: j for j, p in enumerate(ids)}
        approvals = np.zeros((len(ballots), len(ids)), dtype=bool)
        for i, ballot in enumerate(ballots):
            approvals[i, [index[p] for p in ballot]] = True
        if all(isinstance(c, int | np.integer) for c in costs):
            cost_array = np.asarray(costs, dtype=np.int64).reshape(len(ids))
        else:
            cost_array = np.asarray([Fraction(c) for c in costs], dtype=object).reshape(len(ids))
        return cls(costs=cost_array, budget=budget, approvals=approvals, project_ids=ids)

    @classmethod
    def from_pabulib(cls, election: PabulibElection) -> BudgetingInstance:
        """The instance of a pabulib election (support sets of whatever ballot kind)."""
        return cls(
            costs=election.costs,
            budget=election.budget,
            approvals=election.approval_matrix(),
            project_ids=election.project_ids,
        )

    def priority(self, tie_breaking: TieBreaking) -> np.ndarray:
        """Rank of each project under ``tie_breaking`` (0 wins every tie)."""
        m = self.num_projects
        if isinstance(tie_breaking, str):
            if tie_breaking == "lexicographic":
                order = sorted(range(m), key=lambda j: self.project_ids[j])
            elif tie_breaking == "index":
                order = list(range(m))
            else:
                raise ValueError(f"unknown tie_breaking {tie_breaking!r}")
        else:
            index = {p: j for j, p in enumerate(self.project_ids)}
            order = [index[p] for p in tie_breaking]
            if sorted(order) != list(range(m)):
                raise ValueError("tie_breaking must list every project id once")
        rank = np.empty(m, dtype=np.int64)
        rank[np.asarray(order, dtype=np.int64)] = np.arange(m)
        return rank


@dataclass(frozen=True)
class SelectionRound:
    """One step of a rule.

    Attributes
    ----------
    project : str
        The project id selected in this round.
    stage : str
        ``"mes"``, ``"utilitarian"`` (greedy completion), ``"greedy"`` or ``"phragmen"``.
    value : Fraction
        What the project won with: MES's price per unit of utility ρ, Phragmén's new
        maximal load, greedy's satisfaction per unit of cost.
    tied : tuple[str, ...]
        Other projects with exactly the same value, lost to the tie-breaking.
    """

    project: str
    stage: str
    value: Fraction | float
    tied: tuple[str, ...] = ()


@dataclass(frozen=True, eq=False)
class Outcome:
    """The projects a rule selected, with its explanation.

    Attributes
    ----------
    rule : str
        The rule and its options, e.g. ``"mes[cost, add1]"``.
    selected : tuple[str, ...]
        Selected project ids in the order they were selected.
    total_cost : int or Fraction
    budget : int or Fraction
    rounds : tuple[SelectionRound, ...]
    voter_money_group : numpy.ndarray
        ``int64`` per voter: index into ``voter_money``.
    voter_money : tuple[Fraction, ...]
        The money each voter decided, by group: voter ``i`` decided
        ``voter_money[voter_money_group[i]]`` (see :mod:`accord.engine.budgeting.shares`).
    unattributed_money : Fraction
        Cost of selected projects that nobody supports.
    per_voter_budget : Fraction or None
        Equal Shares only: each voter's budget in the run that gave the outcome (larger than
        budget / voters after add-one completion).
    increments : int
        Equal Shares with add-one completion: how many units were added to each voter's budget.
    """

    rule: str
    selected: tuple[str, ...]
    total_cost: Money
    budget: Money
    rounds: tuple[SelectionRound, ...]
    voter_money_group: np.ndarray
    voter_money: tuple[Fraction, ...]
    unattributed_money: Fraction = Fraction(0)
    per_voter_budget: Fraction | None = None
    increments: int = 0

    @property
    def selected_set(self) -> frozenset[str]:
        return frozenset(self.selected)

    def voter_money_array(self) -> np.ndarray:
        """Money decided by each voter as ``float`` (exact values: ``voter_money``)."""
        values = np.asarray([float(v) for v in self.voter_money], dtype=float)
        return values[self.voter_money_group]


def unique_ballots(approvals: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Distinct rows of a ``bool`` matrix, their multiplicities and each row's index."""
    if approvals.shape[0] == 0:
        return approvals, np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    if approvals.shape[1] == 0:
        n = approvals.shape[0]
        return approvals[:1], np.asarray([n], dtype=np.int64), np.zeros(n, dtype=np.int64)
    packed = np.packbits(approvals, axis=1)
    keys = np.ascontiguousarray(packed).view(np.dtype((np.void, packed.shape[1])))[:, 0]
    _, first, inverse, counts = np.unique(
        keys, return_index=True, return_inverse=True, return_counts=True
    )
    return approvals[first], counts.astype(np.int64), inverse.astype(np.int64).reshape(-1)


def money_groups(
    parts: Sequence[tuple[np.ndarray, Sequence[Fraction]]], n_rows: int
) -> tuple[np.ndarray, tuple[Fraction, ...]]:
    """Combine per-row money given as several (label per row, value per label) parts.

    Returns a label per row and the exact total per label.
    """
    if not parts:
        return np.zeros(n_rows, dtype=np.int64), (Fraction(0),)
    stacked = np.stack([labels for labels, _ in parts], axis=1)
    keys, inverse = np.unique(stacked, axis=0, return_inverse=True)
    values = tuple(
        sum((Fraction(parts[p][1][key[p]]) for p in range(len(parts))), Fraction(0))
        for key in keys.tolist()
    )
    return inverse.astype(np.int64).reshape(-1), values
