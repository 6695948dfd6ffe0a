"""What each opinion group stands for, and what all groups share, as Pol.is computes it.

- :func:`group_vote_counts`: agrees, disagrees and votes cast per group and statement;
- :func:`representative_statements`: Pol.is' "repness" [1]_ [2]_. For group ``g`` and a
  statement, the agree probability ``pa = (1 + agrees) / (2 + votes)`` in the group, its
  ratio ``ra`` to the same probability among everyone else, and two z statistics: ``pat``
  (is ``pa`` above 1/2?) and ``rat`` (is the group's agree rate above the others'? a
  two-proportion test). The same for disagreement (``pd``, ``rd``, ``pdt``, ``rdt``). A
  statement represents the group when both tests pass at 90% confidence (one-sided,
  z > 1.2816) for agreement or for disagreement. Up to ``max_statements`` are kept, ranked
  by ``r * rt * p * pt``, the group's best agreed statement first and agreements before
  disagreements; a group with no significant statement gets its best one by test.
- :func:`group_informed_consensus`: the product over groups of ``(agrees + 1) / (votes + 2)``
  [1]_ section 4.4, high only for statements that every group agrees with;
- :func:`consensus_statements`: the statements every group agrees with (each group's
  agree probability above 1/2), by group-informed consensus.

References
----------
.. [1] C. Small, M. Bjorkegren, T. Erkkilä, L. Shaw and C. Megill, "Polis: Scaling
   Deliberation by Mapping High Dimensional Opinion Spaces", RECERCA 26(2), 2021,
   sections 4.3 (representative comments) and 4.4 (group-informed consensus).
.. [2] The Pol.is math worker (compdemocracy/polis, math/src/polismath/math/repness.clj
   and stats.clj), read as a description of the method.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np

#: One-sided z threshold for 90% confidence, as Pol.is uses it.
Z_90 = 1.2816


@dataclass(frozen=True)
class RepresentativeStatement:
    """A statement that sets a group apart, with the figures that selected it.

    ``direction`` says whether the group stands out by agreeing or by disagreeing;
    ``n_success`` of ``n_trials`` group members voted that way; ``probability`` is
    ``(1 + n_success) / (2 + n_trials)``; ``representativeness`` its ratio to the same
    probability among all other clustered participants; the two ``*_z`` are the z
    statistics of the one-proportion and two-proportion tests.
    """

    statement: int
    direction: Literal["agree", "disagree"]
    n_success: int
    n_trials: int
    probability: float
    probability_z: float
    representativeness: float
    representativeness_z: float


@dataclass(frozen=True)
class GroupVoteCounts:
    """Per group (rows) and statement (columns): agrees, disagrees and votes cast."""

    agree: np.ndarray
    disagree: np.ndarray
    seen: np.ndarray


def group_vote_counts(
    rows: np.ndarray,
    cols: np.ndarray,
    values: np.ndarray,
    labels: np.ndarray,
    n_groups: int,
    n_statements: int,
) -> GroupVoteCounts:
    """Count the votes of each group's members (``labels[row] == g``); -1 labels are skipped."""
    group = labels[rows]
    inside = group >= 0
    # one pass: a code per (group, statement, vote + 1)
    code = (group[inside] * n_statements + cols[inside]) * 3 + (values[inside] + 1).astype(np.int64)
    table = np.bincount(code, minlength=n_groups * n_statements * 3).reshape(
        n_groups, n_statements, 3
    )
    return GroupVoteCounts(agree=table[:, :, 2], disagree=table[:, :, 0], seen=table.sum(axis=2))


def _prop_test(successes: np.ndarray, trials: np.ndarray) -> np.ndarray:
    """z of "the success rate is above 1/2", with one pseudo-count added to each count."""
    s, n = successes + 1.0, trials + 1.0
    return 2.0 * np.sqrt(n) * (s / n - 0.5)


def _two_prop_test(
    success_in: np.ndarray, success_out: np.ndarray, trials_in: np.ndarray, trials_out: np.ndarray
) -> np.ndarray:
    """z of "the rate inside is above the rate outside", one pseudo-count on each count."""
    s1, s2 = success_in + 1.0, success_out + 1.0
    n1, n2 = trials_in + 1.0, trials_out + 1.0
    pooled = (s1 + s2) / (n1 + n2)
    spread = np.sqrt(pooled * (1.0 - pooled) * (1.0 / n1 + 1.0 / n2))
    return np.divide(s1 / n1 - s2 / n2, spread, out=np.zeros_like(pooled), where=pooled < 1.0)


def _as_statement(stats: dict[str, np.ndarray], j: int, direction: str) -> RepresentativeStatement:
    key = "a" if direction == "agree" else "d"
    return RepresentativeStatement(
        statement=int(j),
        direction="agree" if key == "a" else "disagree",
        n_success=int(stats["n" + key][j]),
        n_trials=int(stats["ns"][j]),
        probability=float(stats["p" + key][j]),
        probability_z=float(stats["p" + key + "t"][j]),
        representativeness=float(stats["r" + key][j]),
        representativeness_z=float(stats["r" + key + "t"][j]),
    )


def _metric(s: RepresentativeStatement) -> float:
    return s.representativeness * s.representativeness_z * s.probability * s.probability_z


def representative_statements(
    counts: GroupVoteCounts,
    *,
    excluded: np.ndarray | None = None,
    max_statements: int = 5,
) -> tuple[tuple[RepresentativeStatement, ...], ...]:
    """The statements that represent each group (see the module docstring), per group.

    ``excluded`` statements (moderated out) are never chosen. Statements are scanned in
    index order, so ties go to the lower index.
    """
    n_groups, m = counts.seen.shape
    allowed = np.ones(m, dtype=bool)
    if excluded is not None and len(excluded):
        allowed[excluded] = False
    total_a, total_d, total_s = (
        x.sum(axis=0) for x in (counts.agree, counts.disagree, counts.seen)
    )
    result = []
    for g in range(n_groups):
        na, nd, ns = counts.agree[g], counts.disagree[g], counts.seen[g]
        oa, od, os_ = total_a - na, total_d - nd, total_s - ns
        stats = {"na": na, "nd": nd, "ns": ns}
        stats["pa"] = (1.0 + na) / (2.0 + ns)
        stats["pd"] = (1.0 + nd) / (2.0 + ns)
        stats["pat"] = _prop_test(na, ns)
        stats["pdt"] = _prop_test(nd, ns)
        stats["ra"] = stats["pa"] / ((1.0 + oa) / (2.0 + os_))
        stats["rd"] = stats["pd"] / ((1.0 + od) / (2.0 + os_))
        stats["rat"] = _two_prop_test(na, oa, ns, os_)
        stats["rdt"] = _two_prop_test(nd, od, ns, os_)
        passes = allowed & (
            ((stats["rat"] > Z_90) & (stats["pat"] > Z_90))
            | ((stats["rdt"] > Z_90) & (stats["pdt"] > Z_90))
        )
        direction = np.where(stats["rat"] > stats["rdt"], "agree", "disagree")
        sufficient = [_as_statement(stats, j, direction[j]) for j in np.flatnonzero(passes)]
        best_agree = _best_agreed(stats, allowed)
        if not sufficient:
            if best_agree is not None:
                chosen = [_as_statement(stats, best_agree, "agree")]
            else:
                candidates = np.flatnonzero(allowed)
                if candidates.size:
                    score = np.maximum(stats["rat"], stats["rdt"])[candidates]
                    j = int(candidates[np.argmax(score)])
                    chosen = [_as_statement(stats, j, direction[j])]
                else:
                    chosen = []
        else:
            ranked = sorted(
                (s for s in sufficient if s.statement != best_agree),
                key=lambda s: (-_metric(s), s.statement),
            )
            if best_agree is not None:
                ranked.insert(0, _as_statement(stats, best_agree, "agree"))
            ranked = ranked[:max_statements]
            chosen = [s for s in ranked if s.direction == "agree"]
            chosen += [s for s in ranked if s.direction == "disagree"]
        result.append(tuple(chosen))
    return tuple(result)


def _best_agreed(stats: dict[str, np.ndarray], allowed: np.ndarray) -> int | None:
    """The statement the group most clearly agrees with, scanned as Pol.is does: the first
    acceptable one (agree test significant, or ``ra > 1`` with ``pa > 1/2``), then any that
    beats it by ``ra*rat*pa*pat`` (once the best has ``ra > 1``) or by ``pa*pat``."""
    best: int | None = None
    for j in np.flatnonzero(allowed):
        if stats["na"][j] == 0 and stats["nd"][j] == 0:
            continue
        if best is None:
            if stats["pat"][j] > Z_90 or (stats["ra"][j] > 1.0 and stats["pa"][j] > 0.5):
                best = int(j)
            continue
        if stats["ra"][best] > 1.0:
            score = stats["ra"] * stats["rat"] * stats["pa"] * stats["pat"]
        else:
            score = stats["pa"] * stats["pat"]
        if score[j] > score[best]:
            best = int(j)
    return best


def group_informed_consensus(counts: GroupVoteCounts) -> np.ndarray:
    """Per statement, the product over groups of ``(agrees + 1) / (votes + 2)``."""
    return np.prod((counts.agree + 1.0) / (counts.seen + 2.0), axis=0)


def consensus_statements(
    counts: GroupVoteCounts,
    *,
    excluded: np.ndarray | None = None,
    max_statements: int = 5,
) -> tuple[int, ...]:
    """Statements whose agree probability ``(agrees + 1) / (votes + 2)`` is above 1/2 in
    every group, highest group-informed consensus first (ties: lower index first)."""
    probabilities = (counts.agree + 1.0) / (counts.seen + 2.0)
    every = np.all(probabilities > 0.5, axis=0)
    if excluded is not None and len(excluded):
        every[excluded] = False
    consensus = np.prod(probabilities, axis=0)
    candidates = np.flatnonzero(every)
    order = np.lexsort((candidates, -consensus[candidates]))
    return tuple(int(j) for j in candidates[order][:max_statements])
