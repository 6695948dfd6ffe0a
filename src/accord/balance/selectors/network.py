"""The network page: who works with whom, how much they trust and value each other, and
what changed between two waves of the partner network survey.

:func:`network_page` gathers the ties of one source (``network_sources``), computes the
figures with :mod:`accord.engine.networks` and draws the picture. Two sources:

- ``"survey"``: the partner network survey, one wave (by default the newest with
  answers), compared with another (by default the one before it). A rating says who rated
  whom, so the ties, the picture and the per-member position (ties, betweenness) are shown
  only to readers holding ``surveys.view_named_answers``; the others (observers, community
  participants) see the network's aggregates when at least the wave's threshold of
  members answered, and a member's trust and value only when at least that many rated it.
- ``"records"``: resources delivered, shared activities and meetings attended together, for
  every insider.

Undirected figures count a tie when either side reports it (PARTNER's "or" rule).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
from django.utils.translation import gettext as _

from accord.balance.selectors import network_sources as sources
from accord.balance.selectors import network_words as words
from accord.balance.selectors.network_figures import (
    Comparison,
    MemberRow,
    NetworkPage,
    TieChangeRow,
    TieRow,
    WaveChoice,
    overall_of,
    wave_choice,
)
from accord.engine.networks import (
    NetworkMetrics,
    Rating,
    TrustValueScores,
    compare_waves,
    network_metrics,
    network_svg,
    stress_layout,
    trust_value_scores,
)
from accord.errors import NotFound
from accord.partnerships.models import Partnership

Source = Literal["survey", "records"]
RULE = "or"


# --- the records of working together -------------------------------------------------------


def _records_page(*, partnership: Partnership, members: sources.Members) -> NetworkPage:
    ties = sources.record_ties(partnership=partnership, members=members)
    n = len(members.ids)
    edges = [(a, b, tie.weight) for (a, b), tie in sorted(ties.items())]
    metrics = network_metrics(n, edges, rule=RULE)
    details = {pair: words.record_detail(tie) for pair, tie in ties.items()}
    svg = network_svg(
        members.names,
        edges,
        text=words.record_picture_text(_("Who works with whom, from the records")),
        tie_details=details,
        id_prefix="network-records",
    )
    rows = [
        MemberRow(
            organization_id=members.ids[k],
            name=members.names[k],
            ties=metrics.degree[k],
            named_by=metrics.in_degree[k],
            names=metrics.out_degree[k],
            betweenness=metrics.betweenness[k],
        )
        for k in range(n)
    ]
    return NetworkPage(
        source="records",
        can_see_ties=True,
        waves=[],
        wave=None,
        suppressed=False,
        overall=overall_of(metrics),
        members=rows,
        ties=_tie_rows(members, edges, details),
        svg=svg,
        comparison=None,
    )


def _tie_rows(
    members: sources.Members,
    edges: list[tuple[int, int, float]],
    details: dict[tuple[int, int], str],
) -> list[TieRow]:
    present = {(a, b) for a, b, _w in edges}
    return [
        TieRow(
            source_id=members.ids[a],
            source=members.names[a],
            target_id=members.ids[b],
            target=members.names[b],
            weight=float(weight),
            detail=details.get((a, b), ""),
            reciprocated=(b, a) in present,
        )
        for a, b, weight in sorted(edges, key=lambda e: (members.names[e[0]], members.names[e[1]]))
    ]


# --- the partner network survey --------------------------------------------------------------


@dataclass(frozen=True)
class _Wave:
    choice: WaveChoice
    edges: list[tuple[int, int, float]]
    ratings: list[Rating]


def _load_wave(partnership: Partnership, members: sources.Members, choice: WaveChoice) -> _Wave:
    index = members.index()
    edges: list[tuple[int, int, float]] = []
    ratings: list[Rating] = []
    for rating in sources.survey_ratings(partnership=partnership, wave_id=choice.id):
        rater, rated = index.get(rating.rater_org_id), index.get(rating.rated_org_id)
        if rater is None or rated is None or rater == rated:
            continue  # a member who has since left, or a rating of oneself
        edges.append((rater, rated, float(rating.level)))
        ratings.append(Rating(rater, rated, rating.value, rating.trust))
    return _Wave(choice, edges, ratings)


def _survey_members(
    members: sources.Members,
    metrics: NetworkMetrics,
    scores: TrustValueScores,
    *,
    can_see_ties: bool,
    threshold: int,
) -> list[MemberRow]:
    rows = []
    for k in range(len(members.ids)):
        node = scores.nodes[k]
        rated_enough = can_see_ties or node.raters >= threshold
        rows.append(
            MemberRow(
                organization_id=members.ids[k],
                name=members.names[k],
                ties=metrics.degree[k] if can_see_ties else None,
                named_by=metrics.in_degree[k] if can_see_ties else None,
                names=metrics.out_degree[k] if can_see_ties else None,
                betweenness=metrics.betweenness[k] if can_see_ties else None,
                raters=node.raters if rated_enough else None,
                trust=node.trust if rated_enough else None,
                value=node.value if rated_enough else None,
                trust_dimensions=dict(node.trust_dimensions) if rated_enough else {},
                value_dimensions=dict(node.value_dimensions) if rated_enough else {},
            )
        )
    return rows


def _change_rows(members: sources.Members, changes: Any) -> list[TieChangeRow]:
    return [
        TieChangeRow(
            source_id=members.ids[change.source],
            source=members.names[change.source],
            target_id=members.ids[change.target],
            target=members.names[change.target],
            before=words.level_label(change.before),
            after=words.level_label(change.after),
        )
        for change in changes
    ]


def _pick(
    waves: list[WaveChoice], wave_id: int | None, default: WaveChoice | None
) -> WaveChoice | None:
    if wave_id is None:
        return default
    for wave in waves:
        if wave.id == wave_id:
            return wave
    raise NotFound(_("No such wave of the partner network survey."))


def _survey_page(
    *,
    partnership: Partnership,
    members: sources.Members,
    waves: list[WaveChoice],
    can_see_ties: bool,
    wave_id: int | None,
    before_id: int | None,
) -> NetworkPage:
    answered = [w for w in waves if w.respondents > 0]
    wave = _pick(waves, wave_id, answered[0] if answered else None)
    if wave is None:
        return NetworkPage("survey", can_see_ties, waves, None, False, None, [], [], "", None)
    older = [w for w in answered if w.id != wave.id and waves.index(w) > waves.index(wave)]
    before = _pick(waves, before_id, older[0] if older else None)
    if before is not None and before.id == wave.id:
        before = None

    n = len(members.ids)
    current = _load_wave(partnership, members, wave)
    previous = _load_wave(partnership, members, before) if before is not None else None
    # One layout for both waves: a member keeps its place, so a change in the picture is
    # a change in the ties.
    union = current.edges + (previous.edges if previous else [])
    positions = stress_layout(n, [(a, b) for a, b, _w in union])
    metrics = network_metrics(n, current.edges, rule=RULE)
    scores = trust_value_scores(n, current.ratings)
    suppressed = not can_see_ties and wave.respondents < wave.threshold
    details = {(a, b): words.level_label(w) for a, b, w in current.edges}
    svg = ""
    if can_see_ties:
        svg = _survey_svg(members, current, scores, positions, details, wave.title)

    comparison = None
    if previous is not None and before is not None:
        comparison = _comparison(members, current, previous, positions, can_see_ties=can_see_ties)
    return NetworkPage(
        source="survey",
        can_see_ties=can_see_ties,
        waves=waves,
        wave=wave,
        suppressed=suppressed,
        overall=None if suppressed else overall_of(metrics, scores, wave.respondents),
        members=[]
        if suppressed
        else _survey_members(
            members, metrics, scores, can_see_ties=can_see_ties, threshold=wave.threshold
        ),
        ties=_tie_rows(members, current.edges, details) if can_see_ties else [],
        svg=svg,
        comparison=comparison,
    )


def _survey_svg(
    members: sources.Members,
    wave: _Wave,
    scores: TrustValueScores,
    positions: np.ndarray,
    details: dict[tuple[int, int], str],
    title: str,
) -> str:
    return network_svg(
        members.names,
        wave.edges,
        text=words.survey_picture_text(_("Who works with whom: %(wave)s") % {"wave": title}),
        positions=positions,
        node_shades=[node.trust for node in scores.nodes],
        tie_details=details,
        id_prefix=f"network-wave-{wave.choice.id}",
    )


def _comparison(
    members: sources.Members,
    current: _Wave,
    previous: _Wave,
    positions: np.ndarray,
    *,
    can_see_ties: bool,
) -> Comparison:
    n = len(members.ids)
    result = compare_waves(
        n,
        previous.edges,
        current.edges,
        rule=RULE,
        ratings_before=previous.ratings,
        ratings_after=current.ratings,
    )
    before, after = previous.choice, current.choice
    shown_before = can_see_ties or before.respondents >= before.threshold
    shown_after = can_see_ties or after.respondents >= after.threshold
    svg_before = ""
    if can_see_ties:
        details = {(a, b): words.level_label(w) for a, b, w in previous.edges}
        svg_before = _survey_svg(
            members, previous, result.trust_before, positions, details, before.title
        )
    return Comparison(
        before=before,
        after=after,
        added=_change_rows(members, result.added) if can_see_ties else None,
        lost=_change_rows(members, result.lost) if can_see_ties else None,
        changed=_change_rows(members, result.changed) if can_see_ties else None,
        added_count=len(result.added),
        lost_count=len(result.lost),
        changed_count=len(result.changed),
        unchanged_count=result.unchanged,
        figures_before=overall_of(result.before, result.trust_before, before.respondents)
        if shown_before
        else None,
        figures_after=overall_of(result.after, result.trust_after, after.respondents)
        if shown_after
        else None,
        svg_before=svg_before,
    )


# --- the page ---------------------------------------------------------------------------------


def default_source(waves: list[WaveChoice]) -> Source:
    """The survey when a wave has answers, else the records."""
    return "survey" if any(w.respondents > 0 for w in waves) else "records"


def network_page(
    *,
    actor: Any,
    partnership: Partnership,
    source: Source | None = None,
    wave_id: int | None = None,
    before_id: int | None = None,
) -> NetworkPage:
    """Everything the network page and its API show. The caller has checked
    ``balance.view_balance``. A bounded number of queries whatever the size: members (1),
    the records (6 at most) or the waves (1) and two waves' ratings (2 each)."""
    members = sources.members(partnership=partnership)
    waves: list[WaveChoice] = []
    if source != "records":
        waves = [wave_choice(w) for w in sources.survey_waves(partnership=partnership)]
    if source is None:
        source = default_source(waves)
    if source == "records":
        return _records_page(partnership=partnership, members=members)
    return _survey_page(
        partnership=partnership,
        members=members,
        waves=waves,
        can_see_ties=actor.has_perm("surveys.view_named_answers", partnership),
        wave_id=wave_id,
        before_id=before_id,
    )
