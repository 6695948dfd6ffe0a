"""The figures of one wave, per instrument (docs/balance/instruments.md): factor means with
strength or concern, the expectations' spread and the sectors furthest apart, the network's
answer counts and received value and trust, and the GAO ratings.

Every figure obeys the wave's threshold: a group (the whole wave, a sector, the raters of
one member) smaller than the threshold gets no figure, only its size.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext, gettext_lazy

from accord.partners.models import Organization, Sector
from accord.surveys import scoring
from accord.surveys.instruments import instrument, translated
from accord.surveys.models import Instrument, Wave
from accord.surveys.selectors.scores import (
    TRUST_DIMENSIONS,
    VALUE_DIMENSIONS,
    ItemScores,
    NetworkRating,
    SubmissionAnswers,
    ratings_from,
    respondent_count,
    scores_from,
    wave_answers,
)

SECTOR_LABELS = dict(Sector.choices)


def sector_label(code: str) -> str:
    return gettext(str(SECTOR_LABELS.get(code, code)))


@dataclass(frozen=True)
class Spread:
    n: int
    mean: float | None
    sd: float | None
    low: float | None
    high: float | None

    @property
    def range(self) -> float | None:
        return None if self.low is None or self.high is None else self.high - self.low


def spread(values: list[float], threshold: int) -> Spread:
    if len(values) < threshold or not values:
        return Spread(len(values), None, None, None, None)
    return Spread(
        len(values), scoring.mean(values), scoring.population_sd(values), min(values), max(values)
    )


@dataclass(frozen=True)
class SectorValue:
    sector: str
    label: str
    n: int
    mean: float | None


def sector_values(per_respondent: list[tuple[str, float]], threshold: int) -> list[SectorValue]:
    """Mean per sector of (sector, value) pairs; None for a sector below the threshold."""
    grouped: dict[str, list[float]] = defaultdict(list)
    for sector, value in per_respondent:
        if sector:
            grouped[sector].append(value)
    return [
        SectorValue(
            sector,
            sector_label(sector),
            len(values),
            scoring.mean(values) if len(values) >= threshold else None,
        )
        for sector, values in sorted(grouped.items())
    ]


LEVEL_LABELS = {
    scoring.STRENGTH: gettext_lazy("Strength"),
    scoring.BORDERLINE: gettext_lazy("Borderline: worth discussing"),
    scoring.CONCERN: gettext_lazy("Concern: to address"),
}


@dataclass(frozen=True)
class FactorScore:
    code: str
    label: str
    category: str
    spread: Spread
    level: str | None
    by_sector: list[SectorValue]

    @property
    def level_label(self) -> str:
        return str(LEVEL_LABELS[self.level]) if self.level else ""


@dataclass(frozen=True)
class CategoryScore:
    code: str
    label: str
    spread: Spread
    factors: list[FactorScore]


def factor_scores(
    wave: Wave, submissions: list[SubmissionAnswers], suppressed: bool
) -> list[CategoryScore]:
    """Per respondent, each factor's mean over its answered items; then, per factor, the
    mean over respondents (with spread and sectors). Categories the same way, for display."""
    definition = instrument(wave.instrument)
    factor_items = {
        f.code: [q.code for q in definition.factor_items(f.code)] for f in definition.factors
    }
    category_items = {
        c.code: [
            i for f in definition.factors if f.category == c.code for i in factor_items[f.code]
        ]
        for c in definition.categories
    }
    per_factor: dict[str, list[tuple[str, float]]] = defaultdict(list)
    per_category: dict[str, list[float]] = defaultdict(list)
    for submission in submissions:
        for code, value in scoring.respondent_group_means(submission.numbers, factor_items).items():
            per_factor[code].append((submission.sector, value))
        for code, value in scoring.respondent_group_means(
            submission.numbers, category_items
        ).items():
            per_category[code].append(value)
    threshold = wave.threshold if not suppressed else max(wave.threshold, len(submissions) + 1)
    categories = []
    for category in definition.categories:
        factors = []
        for factor in (f for f in definition.factors if f.category == category.code):
            pairs = per_factor[factor.code]
            factor_spread = spread([v for _, v in pairs], threshold)
            factors.append(
                FactorScore(
                    code=factor.code,
                    label=translated(factor.label),
                    category=category.code,
                    spread=factor_spread,
                    level=scoring.factor_class(factor_spread.mean),
                    by_sector=[] if suppressed else sector_values(pairs, wave.threshold),
                )
            )
        categories.append(
            CategoryScore(
                code=category.code,
                label=translated(category.label),
                spread=spread(per_category[category.code], threshold),
                factors=factors,
            )
        )
    return categories


@dataclass(frozen=True)
class ExpectationItem:
    code: str
    text: str
    low_label: str
    high_label: str
    spread: Spread
    furthest: tuple[str, str, float] | None


@dataclass(frozen=True)
class MemberEmphasis:
    organization: str
    sector: str
    emphasis: float


@dataclass(frozen=True)
class ExpectationAlignment:
    emphasis: Spread
    items: list[ExpectationItem]
    by_sector: list[SectorValue]
    #: (sector label, sector label, distance) furthest first, among sectors with a mean
    sector_pairs: list[tuple[str, str, float]]
    #: Each member's own emphasis (named waves, for readers of named answers)
    members: list[MemberEmphasis] = field(default_factory=list)


def expectation_alignment(
    wave: Wave,
    submissions: list[SubmissionAnswers],
    suppressed: bool,
    *,
    names: dict[int, str] | None = None,
) -> ExpectationAlignment:
    """Emphasis on societal (7) against financial (1) returns: per respondent the mean of
    the emphasis items; its spread; per item the spread and the two sectors furthest apart;
    the sectors' emphasis and every pair of sectors, furthest first."""
    definition = instrument(wave.instrument)
    questions = [q for q in definition.questions if q.group == "emphasis"]
    threshold = wave.threshold if not suppressed else len(submissions) + 1
    emphasis: list[tuple[str, float, int | None]] = []
    for submission in submissions:
        value = scoring.mean(
            submission.numbers[q.code] for q in questions if q.code in submission.numbers
        )
        if value is not None:
            emphasis.append((submission.sector, value, submission.organization_id))
    items = []
    for question in questions:
        pairs = [
            (s.sector, s.numbers[question.code]) for s in submissions if question.code in s.numbers
        ]
        sectors = {v.label: v.mean for v in sector_values(pairs, threshold) if v.mean is not None}
        furthest = scoring.furthest_pairs(sectors)
        low, high = question.end_labels
        items.append(
            ExpectationItem(
                code=question.code,
                text=question.display_text,
                low_label=low,
                high_label=high,
                spread=spread([v for _, v in pairs], threshold),
                furthest=furthest[0] if furthest else None,
            )
        )
    by_sector = [] if suppressed else sector_values([(s, v) for s, v, _ in emphasis], threshold)
    sector_means = {v.label: v.mean for v in by_sector if v.mean is not None}
    members = []
    if names is not None and not suppressed and not wave.anonymous:
        # One row per member organization: in a wave answered per person, the mean of its
        # persons, shown only when at least the threshold of them answered.
        per_member: dict[int, list[float]] = defaultdict(list)
        member_sector: dict[int, str] = {}
        for sector, value, org_id in emphasis:
            if org_id is not None:
                per_member[org_id].append(value)
                member_sector[org_id] = sector
        members = sorted(
            (
                MemberEmphasis(
                    names.get(org_id, ""), sector_label(member_sector[org_id]), mean_value
                )
                for org_id, values in per_member.items()
                if (not wave.per_person or len(values) >= wave.threshold)
                and (mean_value := scoring.mean(values)) is not None
            ),
            key=lambda m: m.emphasis,
        )
    return ExpectationAlignment(
        emphasis=spread([v for _, v, _ in emphasis], threshold),
        items=items,
        by_sector=by_sector,
        sector_pairs=scoring.furthest_pairs(sector_means),
        members=members,
    )


@dataclass(frozen=True)
class MemberReceived:
    """What the other members say of one member: how many rated it as a partner, and the
    mean value and trust they give it (None below the threshold)."""

    organization_id: int
    name: str
    raters: int
    value: float | None
    trust: float | None


@dataclass(frozen=True)
class NetworkSummary:
    respondents: int
    members: int
    ties: int
    ties_by_level: dict[int, int]
    #: Mean pair-level trust and value (1–4), and trust as a share of the maximum (%)
    trust: float | None
    value: float | None
    trust_percent: float | None
    received: list[MemberReceived]


def network_summary(
    wave: Wave,
    ratings: list[NetworkRating],
    respondents: int,
    members: dict[int, str],
    suppressed: bool,
) -> NetworkSummary:
    threshold = wave.threshold
    pair_trust = [
        t for r in ratings if (t := scoring.composite(r.trust, TRUST_DIMENSIONS)) is not None
    ]
    pair_value = [
        v for r in ratings if (v := scoring.composite(r.value, VALUE_DIMENSIONS)) is not None
    ]
    by_rated: dict[int, list[NetworkRating]] = defaultdict(list)
    for rating in ratings:
        by_rated[rating.rated_org_id].append(rating)
    received = []
    for org_id, name in members.items():
        got = by_rated.get(org_id, [])
        enough = not suppressed and len(got) >= threshold
        values = [scoring.composite(r.value, VALUE_DIMENSIONS) for r in got]
        trusts = [scoring.composite(r.trust, TRUST_DIMENSIONS) for r in got]
        received.append(
            MemberReceived(
                organization_id=org_id,
                name=name,
                raters=len(got),
                value=scoring.mean(v for v in values if v is not None) if enough else None,
                trust=scoring.mean(t for t in trusts if t is not None) if enough else None,
            )
        )
    trust = None if suppressed else scoring.mean(pair_trust)
    levels: dict[int, int] = {1: 0, 2: 0, 3: 0}
    for rating in ratings:
        levels[rating.level] = levels.get(rating.level, 0) + 1
    return NetworkSummary(
        respondents=respondents,
        members=len(members),
        ties=len(ratings),
        ties_by_level=levels,
        trust=trust,
        value=None if suppressed else scoring.mean(pair_value),
        trust_percent=None if trust is None else 100 * trust / 4,
        received=received,
    )


@dataclass(frozen=True)
class PracticeRow:
    item: Any
    #: (sector label, mean or None below the threshold)
    sectors: list[tuple[str, float | None]]


@dataclass(frozen=True)
class WaveResults:
    wave: Wave
    scores: ItemScores
    categories: list[CategoryScore] = field(default_factory=list)
    expectations: ExpectationAlignment | None = None
    network: NetworkSummary | None = None
    #: For the GAO self-assessment: (set label, [item scores]) per practice list
    practice_sets: list[tuple[str, list[Any]]] = field(default_factory=list)
    #: Questions outside the instrument's scores (free text, the network's general questions)
    other_items: list[Any] = field(default_factory=list)


def _member_names(wave: Wave) -> dict[int, str]:
    return dict(
        Organization.objects.filter(
            memberships__partnership_id=wave.partnership_id, memberships__status="admitted"
        )
        .order_by("name")
        .values_list("pk", "name")
    )


def wave_results(*, wave: Wave, named_answers: bool = False) -> WaveResults:
    """Everything the results page and the export show for a wave. ``named_answers``: the
    reader may see who said what in a named wave (``surveys.view_named_answers``).
    At most four queries."""
    submissions = wave_answers(wave)
    respondents = respondent_count(wave)
    scores = scores_from(wave, submissions, respondents)
    suppressed = scores.suppressed
    results = WaveResults(wave=wave, scores=scores)
    if wave.instrument == Instrument.COLLABORATION_FACTORS:
        results.categories.extend(factor_scores(wave, submissions, suppressed))
    elif wave.instrument == Instrument.EXPECTATIONS:
        names = _member_names(wave) if named_answers else None
        results = WaveResults(
            wave=wave,
            scores=scores,
            expectations=expectation_alignment(wave, submissions, suppressed, names=names),
        )
    elif wave.instrument == Instrument.PARTNER_NETWORK:
        results = WaveResults(
            wave=wave,
            scores=scores,
            network=network_summary(
                wave, ratings_from(submissions), respondents, _member_names(wave), suppressed
            ),
        )
    elif wave.instrument == Instrument.GAO_PRACTICES:
        definition = instrument(wave.instrument)
        for category in definition.categories:
            results.practice_sets.append(
                (
                    translated(category.label),
                    [
                        PracticeRow(
                            scores.items[q.code],
                            [
                                (sector_label(k), v)
                                for k, v in scores.items[q.code].by_sector.items()
                            ],
                        )
                        for q in definition.questions
                        if q.group == category.code
                    ],
                )
            )
    definition = instrument(wave.instrument)
    results.other_items.extend(
        scores.items[q.code] for q in definition.questions if not q.group and q.code in scores.items
    )
    return results
