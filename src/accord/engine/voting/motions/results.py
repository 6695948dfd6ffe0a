"""What deciding a motion returns: totals, comparisons, the quorum check, every condition's
verdict and the :class:`MotionResult`.

Each verdict carries an English ``reason`` (a debugging aid, and what ``explain()`` prints)
and the same reason as data: a ``code`` (a
:class:`~accord.engine.voting.motions.explanations.ReasonCode`) and ``params`` from which an
app renders its own, translated sentence (docs/engine/explanations.md).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Literal

from accord.engine.voting.motions.explanations import fmt

if TYPE_CHECKING:
    from accord.engine.voting.motions.decision_rule import DecisionRule

__all__ = [
    "ChoiceTotals",
    "Comparison",
    "ConditionResult",
    "GroupTotals",
    "MotionResult",
    "QuorumCheck",
    "QuorumCount",
]

Outcome = Literal["accepted", "rejected", "no_quorum"]
TieBreaking = Literal["reject", "accept"]
Base = Literal["yes_no", "cast", "eligible"]
Abstentions = Literal["ignore", "count"]
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
            f"{fmt(self.yes)} yes, {fmt(self.no)} no, {fmt(self.abstain)} abstain, "
            f"{fmt(self.object)} object, {fmt(self.absent)} did not vote"
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
    """The quorum check: overall, then per group (only groups with eligible voters).

    ``reason`` is the English sentence; ``code`` (``"quorum_met"``, ``"quorum_not_met"`` or
    ``"no_quorum_required"``) and ``params`` say the same as data.
    """

    met: bool
    overall: QuorumCount | None
    per_group: tuple[QuorumCount, ...]
    reason: str
    code: str = field(kw_only=True)
    params: dict[str, Any] = field(kw_only=True, hash=False)


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
    """The verdict of one condition (the method or a safeguard) with its counts.

    ``reason`` is the English sentence; ``code`` (a
    :class:`~accord.engine.voting.motions.explanations.ReasonCode`) and ``params`` say the
    same as data.
    """

    condition: str
    role: Literal["method", "safeguard"]
    passed: bool
    reason: str
    comparisons: tuple[Comparison, ...] = ()
    code: str = field(kw_only=True)
    params: dict[str, Any] = field(kw_only=True, hash=False)


@dataclass(frozen=True)
class MotionResult:
    """The outcome of a motion and everything needed to re-check it.

    Attributes
    ----------
    outcome : {"accepted", "rejected", "no_quorum"}
    reason : str
        One plain-language sentence saying why (English; for people, render ``code`` and
        ``params`` instead).
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
    code : str
        What ``reason`` says, as a
        :class:`~accord.engine.voting.motions.explanations.ReasonCode`: ``"no_quorum"``,
        ``"method_failed"``, ``"safeguard_failed"`` or ``"accepted"``.
    params : dict
        JSON-ready: ``condition`` (= ``decided_by``), ``method``, ``safeguards`` (how many),
        and the deciding condition's (or the quorum's) ``reason_code`` and ``reason_params``.
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
    code: str = field(kw_only=True)
    params: dict[str, Any] = field(kw_only=True, hash=False)

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


def _native(value: object) -> Number:
    """An exact native number: int when integral, else Fraction."""
    fraction = Fraction(value)  # type: ignore[arg-type]
    return int(fraction) if fraction.denominator == 1 else fraction
