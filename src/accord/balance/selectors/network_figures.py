"""What the network page shows, as plain dataclasses (the API serializes the same ones)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from accord.engine.networks import NetworkMetrics, TrustValueScores


@dataclass(frozen=True)
class WaveChoice:
    id: int
    title: str
    respondents: int
    state: str
    threshold: int


@dataclass(frozen=True)
class Overall:
    """Figures of the whole network. Shares are fractions (0-1); trust and value on 1-4."""

    members: int
    ties: int
    reported_ties: int
    density: float | None
    degree_centralization: float | None
    betweenness_centralization: float | None
    reciprocity: float | None
    trust: float | None = None
    value: float | None = None
    trust_percent: float | None = None
    value_percent: float | None = None
    respondents: int | None = None
    response_rate: float | None = None


@dataclass(frozen=True)
class MemberRow:
    organization_id: int
    name: str
    #: position in the network (``None`` when the reader may not see it)
    ties: int | None
    named_by: int | None
    names: int | None
    betweenness: float | None
    #: as rated by the others (survey only; ``None`` below the threshold or unrated)
    raters: int | None = None
    trust: float | None = None
    value: float | None = None
    trust_dimensions: dict[str, float] = field(default_factory=dict)
    value_dimensions: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class TieRow:
    source_id: int
    source: str
    target_id: int
    target: str
    weight: float
    detail: str
    reciprocated: bool


@dataclass(frozen=True)
class TieChangeRow:
    source_id: int
    source: str
    target_id: int
    target: str
    before: str
    after: str


@dataclass(frozen=True)
class Comparison:
    before: WaveChoice
    after: WaveChoice
    #: ``None`` for a reader who sees aggregates only (the counts stay)
    added: list[TieChangeRow] | None
    lost: list[TieChangeRow] | None
    changed: list[TieChangeRow] | None
    added_count: int
    lost_count: int
    changed_count: int
    unchanged_count: int
    figures_before: Overall | None
    figures_after: Overall | None
    svg_before: str = ""


@dataclass(frozen=True)
class NetworkPage:
    source: str
    can_see_ties: bool
    waves: list[WaveChoice]
    wave: WaveChoice | None
    #: the wave's figures are held back: fewer respondents than its threshold
    suppressed: bool
    overall: Overall | None
    members: list[MemberRow]
    ties: list[TieRow]
    svg: str
    comparison: Comparison | None


def overall_of(
    metrics: NetworkMetrics, scores: TrustValueScores | None = None, respondents: int | None = None
) -> Overall:
    extra: dict[str, Any] = {}
    if scores is not None:
        extra = {
            "trust": scores.trust,
            "value": scores.value,
            "trust_percent": scores.trust_percent,
            "value_percent": scores.value_percent,
            "respondents": respondents,
            "response_rate": respondents / metrics.nodes if metrics.nodes and respondents else None,
        }
    return Overall(
        members=metrics.nodes,
        ties=metrics.ties,
        reported_ties=metrics.directed_ties,
        density=metrics.density,
        degree_centralization=metrics.degree_centralization,
        betweenness_centralization=metrics.betweenness_centralization,
        reciprocity=metrics.reciprocity,
        **extra,
    )


def wave_choice(summary: Any) -> WaveChoice:
    return WaveChoice(
        id=summary.id,
        title=summary.title,
        respondents=summary.respondents,
        state=summary.state,
        threshold=summary.threshold,
    )
