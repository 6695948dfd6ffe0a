"""Each city's own rule: the rule a pabulib file names (its META ``rule``), run on the file.

Offers

- :func:`project_scores`: each project's score as the city counted it -- votes for approval
  and choose-1 ballots, points for cumulative and scoring ballots, positional points for
  ordinal ballots (3-2-1 for a voter's first, second and third choice when ballots list
  three projects);
- :func:`official_outcome`: the outcome of the rule the file names;
- :data:`RULES`: the rule names it reads.

======================================  ==================================================
``rule``                                rule run
======================================  ==================================================
``greedy``                              :func:`~accord.engine.budgeting.greedy.greedy_by_score`
                                        (skip what does not fit)
``greedy-no-skip``                      the same, stopping at the first project that does
                                        not fit
``greedy-threshold``                    the same as ``greedy``, for projects scoring at
                                        least ``min_project_score_threshold``
``equalshares``                         :func:`~accord.engine.budgeting.equal_shares.method_of_equal_shares`,
                                        cost utilities, no completion
``equalshares/add1``                    the same with add-one completion as equalshares.net
                                        runs it (until the next outcome would overspend)
``equalshares/add1-comparison``         that outcome or greedy's, whichever more voters
                                        prefer (:func:`~accord.engine.budgeting.comparison.popularity_comparison`)
======================================  ==================================================

A META ``min_project_score_threshold`` applies to every greedy rule (it is how the city
wrote its regulation; for ``greedy-threshold`` it is required). Any other ``rule``
(``unknown``, ...) raises :class:`~accord.engine.errors.ReadError` naming the line.
docs/engine/budgeting.md lists the rule of every file in shared/data and whether the
outcome equals the file's ``selected`` column (it does for every file that has one and
names a rule).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from fractions import Fraction

import numpy as np

from accord.engine.budgeting.comparison import popularity_comparison
from accord.engine.budgeting.equal_shares import method_of_equal_shares
from accord.engine.budgeting.greedy import greedy_by_score, greedy_utilitarian_welfare
from accord.engine.budgeting.instance import BudgetingInstance, Outcome, TieBreaking
from accord.engine.errors import ReadError
from accord.engine.io.pabulib import PabulibElection

__all__ = ["RULES", "official_outcome", "project_scores"]

RULES = (
    "greedy",
    "greedy-no-skip",
    "greedy-threshold",
    "equalshares",
    "equalshares/add1",
    "equalshares/add1-comparison",
)


def project_scores(
    election: PabulibElection, ordinal_points: Sequence[int] | None = None
) -> list[int | Fraction]:
    """Each project's score as the city counted it.

    Approval and choose-1 ballots: the number of voters who chose the project. Cumulative
    and scoring ballots: the sum of its points. Ordinal ballots: positional points, the
    ``k``-th project of a ballot getting ``ordinal_points[k]`` (0 beyond the list); by
    default ``(L, L - 1, ..., 1)`` for ballots of at most ``L`` projects (META
    ``max_length``, else the longest ballot) -- 3-2-1 in Kraków 2024, where every ballot
    lists three projects.

    Examples
    --------
    >>> from accord.engine.io.pabulib import parse_pabulib
    >>> pb = '''META
    ... key;value
    ... budget;10
    ... vote_type;ordinal
    ... max_length;3
    ... PROJECTS
    ... project_id;cost
    ... a;5
    ... b;5
    ... c;5
    ... VOTES
    ... voter_id;vote
    ... 1;a,b,c
    ... 2;c,a
    ... 3;b
    ... '''
    >>> project_scores(parse_pabulib(pb))
    [5, 5, 4]
    >>> project_scores(parse_pabulib(pb), ordinal_points=[1, 1])  # approval of the top two
    [2, 2, 1]
    """
    if election.vote_type in ("cumulative", "scoring"):
        return list(election.points_matrix().sum(axis=0).tolist())
    if election.vote_type != "ordinal":
        return [int(v) for v in election.approval_matrix().sum(axis=0).tolist()]
    lengths = np.diff(election.vote_indptr)
    if ordinal_points is None:
        longest = int(lengths.max(initial=0))
        declared = election.meta_number("max_length")
        top = int(declared) if declared is not None else longest
        ordinal_points = list(range(max(top, longest), 0, -1))
    points = [Fraction(p) for p in ordinal_points]
    position = np.arange(len(election.vote_projects)) - np.repeat(
        election.vote_indptr[:-1], lengths
    )
    totals = [Fraction(0)] * election.num_projects
    for project, k in zip(election.vote_projects.tolist(), position.tolist(), strict=True):
        if k < len(points):
            totals[project] += points[k]
    return [int(t) if t.denominator == 1 else t for t in totals]


def official_outcome(
    election: PabulibElection,
    *,
    ordinal_points: Sequence[int] | None = None,
    category_caps: Mapping[str, int | Fraction] | None = None,
    tie_breaking: TieBreaking = "lexicographic",
) -> Outcome:
    """The outcome of the rule the file names in its META ``rule`` (module docstring).

    Parameters
    ----------
    election : PabulibElection
    ordinal_points : sequence of int, optional
        Ordinal ballots: points by position (see :func:`project_scores`).
    category_caps : mapping, optional
        Greedy rules: the most that may be spent per category (``project_categories()``),
        for a city whose regulation caps categories (no file of pabulib records caps, so
        they are passed here).
    tie_breaking : "lexicographic", "index" or a sequence of project ids

    Returns
    -------
    Outcome

    Raises
    ------
    ReadError
        A ``rule`` this function does not know (``unknown``, ...), or ``greedy-threshold``
        without ``min_project_score_threshold``.
    """
    rule = election.meta.get("rule", "").strip().lower()
    line = election.meta_lines.get("rule")
    if rule not in RULES:
        expected = "a rule among " + ", ".join(RULES)
        raise ReadError(expected, line=line, field="rule", found=rule)
    instance = BudgetingInstance.from_pabulib(election)
    if rule.startswith("greedy"):
        threshold = election.meta_number("min_project_score_threshold")
        if rule == "greedy-threshold" and threshold is None:
            raise ReadError(
                "a 'min_project_score_threshold' row in META (rule greedy-threshold)",
                field="min_project_score_threshold",
            )
        return greedy_by_score(
            instance,
            project_scores(election, ordinal_points),
            skip=rule != "greedy-no-skip",
            min_score=threshold,
            categories=election.project_categories() if category_caps else None,
            category_caps=category_caps,
            tie_breaking=tie_breaking,
        )
    if rule == "equalshares":
        return method_of_equal_shares(instance, tie_breaking=tie_breaking)
    add_one = method_of_equal_shares(
        instance, completion="add1", exhaustive_stop=False, tie_breaking=tie_breaking
    )
    if rule == "equalshares/add1":
        return add_one
    greedy = greedy_utilitarian_welfare(instance, tie_breaking=tie_breaking)
    return popularity_comparison(instance, [add_one, greedy])
