"""The dashboard's trends per quarter (each group's share of the resources delivered, of
the voice and of the benefits, quarter by quarter) and the reciprocity of flows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from accord.balance.charts import ChartColumn, ChartSegment, stacked_columns_svg
from accord.balance.groups import (
    GROUP_ORDER,
    INDIVIDUALS,
    OTHERS,
    group_colour,
    group_label,
)
from accord.balance.selectors import dashboard_sources as sources
from accord.engine.equity import reciprocity
from accord.partnerships.models import Partnership

#: The trends show this many quarters at most, the latest ones.
QUARTERS_SHOWN = 8


def quarter_start(day: date) -> date:
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def quarter_label(day: date) -> str:
    return _("Q%(quarter)s %(year)s") % {"quarter": (day.month - 1) // 3 + 1, "year": day.year}


@dataclass(frozen=True)
class TrendGroup:
    group: str
    label: str
    colour: str
    shares: list[float | None]  # per quarter; None when the quarter has nothing


@dataclass(frozen=True)
class Trend:
    """One quantity's split between groups, quarter by quarter."""

    kind: str  # resources, voice, benefits
    label: str
    quarters: list[date]
    quarter_labels: list[str]
    totals: list[float]
    groups: list[TrendGroup]
    svg: str


def _trend(
    kind: str, label: str, counts: dict[tuple[str, date], float], quarters: list[date]
) -> Trend | None:
    if not counts:
        return None
    totals = [sum(v for (_g, q), v in counts.items() if q == quarter) for quarter in quarters]
    present = sorted(
        {g for (g, q), v in counts.items() if v and q in quarters},
        key=lambda g: GROUP_ORDER.get(g, len(GROUP_ORDER)),
    )
    if not present:
        return None
    groups = [
        TrendGroup(
            group=g,
            label=group_label(g),
            colour=group_colour(g),
            shares=[
                counts.get((g, quarter), 0.0) / total if total else None
                for quarter, total in zip(quarters, totals, strict=True)
            ],
        )
        for g in present
    ]
    labels = [quarter_label(q) for q in quarters]
    svg = stacked_columns_svg(
        [
            ChartColumn(
                label=quarter_text,
                segments=[ChartSegment(g.label, g.colour, g.shares[i] or 0.0) for g in groups],
            )
            for i, quarter_text in enumerate(labels)
        ],
        legend=[(g.label, g.colour) for g in groups],
        title=_("Each group's share of %(what)s, quarter by quarter") % {"what": label},
        compact=True,
    )
    return Trend(kind, label, quarters, labels, totals, groups, svg)


def _by_group(
    raw: dict[tuple[int | None, date], Any], group_of: dict[int, str]
) -> dict[tuple[str, date], float]:
    counts: dict[tuple[str, date], float] = {}
    for (organization_id, quarter), amount in raw.items():
        group = INDIVIDUALS if organization_id is None else group_of.get(organization_id, OTHERS)
        key = (group, quarter)
        counts[key] = counts.get(key, 0.0) + float(amount)
    return counts


def trends(
    *,
    partnership: Partnership,
    group_of: dict[int, str],
    benefits_by_quarter: sources.BenefitCounts,
    delivered_by_quarter: dict[tuple[int, date], Decimal] | None = None,
) -> list[Trend]:
    """Resources, voice and benefits per group and quarter, over the latest quarters that
    have any of them. ``delivered_by_quarter`` when the caller has read it already."""
    if delivered_by_quarter is None:
        delivered_by_quarter = sources.delivered_by_quarter(partnership=partnership)
    resources = _by_group(dict(delivered_by_quarter.items()), group_of)
    voice = _by_group(sources.voice_by_quarter(partnership=partnership), group_of)
    benefits = _by_group(dict(benefits_by_quarter.by_quarter.items()), group_of)
    quarters = sorted({q for counts in (resources, voice, benefits) for (_g, q) in counts})
    quarters = quarters[-QUARTERS_SHOWN:]
    found = [
        _trend("resources", _("the resources delivered"), resources, quarters),
        _trend("voice", _("the voice"), voice, quarters),
        _trend("benefits", _("the benefits received"), benefits, quarters),
    ]
    return [t for t in found if t is not None]


@dataclass(frozen=True)
class FlowPair:
    first: str
    second: str
    forward: Decimal  # first -> second
    backward: Decimal  # second -> first
    reciprocity: float


@dataclass(frozen=True)
class Reciprocity:
    """How much of the flow between organizations comes back (1: all, 0: one-way), and the
    largest pairs."""

    overall: float
    reciprocated: float
    total: float
    pairs: list[FlowPair]


#: The reciprocity panel lists this many pairs, the largest flows first.
PAIRS_SHOWN = 5


def flow_reciprocity(
    flows: dict[tuple[int, int], Decimal], names: dict[int | None, str]
) -> Reciprocity | None:
    """The reciprocity of ``flows`` (provider, receiver) -> amount, over every organization
    that gave or received; None when nothing flowed between two organizations."""
    pairs = {(a, b): v for (a, b), v in flows.items() if a != b and v > 0}
    if not pairs:
        return None
    ids = sorted({i for pair in pairs for i in pair})
    index = {pk: position for position, pk in enumerate(ids)}
    matrix = [[0.0] * len(ids) for _ in ids]
    for (a, b), value in pairs.items():
        matrix[index[a]][index[b]] += float(value)
    result = reciprocity(matrix)
    missing = set(ids) - set(names)
    other_names = sources.organizations_named(missing)
    everyone = {**other_names, **{k: v for k, v in names.items() if k is not None}}
    largest = sorted(
        result.per_pair.items(),
        key=lambda item: -(matrix[item[0][0]][item[0][1]] + matrix[item[0][1]][item[0][0]]),
    )[:PAIRS_SHOWN]
    shown = [
        FlowPair(
            first=everyone.get(ids[i], "?"),
            second=everyone.get(ids[j], "?"),
            forward=pairs.get((ids[i], ids[j]), Decimal(0)),
            backward=pairs.get((ids[j], ids[i]), Decimal(0)),
            reciprocity=share,
        )
        for (i, j), share in largest
    ]
    return Reciprocity(result.overall, result.reciprocated_flow, result.total_flow, shown)
