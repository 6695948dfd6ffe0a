"""The figures other apps read: item scores with the anonymity threshold applied, the
partner network's ratings, and the list of waves of an instrument.

These take a partnership id, not an actor: the caller has already decided that its reader
may see the partnership's aggregates (``surveys.view_surveys``). Every aggregate here
honours the wave's threshold: no mean, breakdown or comment for fewer respondents.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from uuid import UUID

from django.utils import timezone

from accord.surveys import scoring
from accord.surveys.instruments import instrument as instrument_definition
from accord.surveys.models import Answer, Instrument, Respondent, Wave

#: The PARTNER dimensions of each composite, as the network survey's columns name them.
VALUE_DIMENSIONS = ("power", "involvement", "resources")
TRUST_DIMENSIONS = ("reliability", "mission", "openness")


TEXTUAL = ("text", "single", "multiple")


@dataclass(frozen=True)
class ItemScore:
    item: str
    label: str
    mean: float | None
    answers: int
    by_sector: dict[str, float | None] = field(default_factory=dict)
    comments: list[str] = field(default_factory=list)
    #: A named wave answered per person: the mean of each member organization's persons
    #: (organization id → mean, None for fewer persons than the threshold).
    by_organization: dict[int, float | None] = field(default_factory=dict)


@dataclass(frozen=True)
class ItemScores:
    wave: Wave | None
    respondents: int
    suppressed: bool
    items: dict[str, ItemScore] = field(default_factory=dict)


@dataclass(frozen=True)
class NetworkRating:
    """One member's ratings of another it works with (``level`` ≥ 1: cooperative 1,
    coordinated 2, integrated 3). ``value`` and ``trust`` hold the answered dimensions
    (1–4) by name."""

    rater_org_id: int
    rated_org_id: int
    level: int
    value: dict[str, float]
    trust: dict[str, float]


@dataclass(frozen=True)
class WaveSummary:
    id: int
    title: str
    opens_at: datetime
    closes_at: datetime
    respondents: int
    state: str
    anonymous: bool
    threshold: int


@dataclass
class SubmissionAnswers:
    """One submission's answers, as loaded (organization and sector empty when anonymous)."""

    organization_id: int | None
    sector: str
    numbers: dict[str, float] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)
    choices: dict[str, list[str]] = field(default_factory=dict)
    #: member matrix: rated organization id → item → number or text
    about: dict[int, dict[str, Any]] = field(default_factory=dict)


def wave_answers(wave: Wave) -> list[SubmissionAnswers]:
    """Every submission of the wave with its answers, in one query."""
    rows = Answer.objects.filter(submission__wave_id=wave.pk).values_list(
        "submission_id",
        "submission__organization_id",
        "submission__sector",
        "item",
        "rated_organization_id",
        "number",
        "text",
        "choices",
    )
    by_submission: dict[UUID, SubmissionAnswers] = {}
    for submission_id, org_id, sector, item, rated_id, number, text, choices in rows:
        entry = by_submission.get(submission_id)
        if entry is None:
            entry = by_submission[submission_id] = SubmissionAnswers(org_id, sector)
        if rated_id is not None:
            cell = entry.about.setdefault(rated_id, {})
            cell[item] = number if number is not None else (choices or text)
            continue
        if number is not None:
            entry.numbers[item] = number
        if text:
            entry.texts[item] = text
        if choices:
            entry.choices[item] = list(choices)
    # A stable order that says nothing about when each answer came.
    return sorted(by_submission.values(), key=lambda s: (s.sector, s.organization_id or 0))


def latest_wave(partnership_id: int, instrument: str, now: datetime | None = None) -> Wave | None:
    """The most recently opened wave of the instrument (open or closed) that has answers."""
    return (
        Wave.objects.for_partnership(partnership_id)
        .started(now)
        .filter(instrument=instrument, respondents__isnull=False)
        .select_related("partnership")
        .distinct()
        .order_by("-opens_at", "-pk")
        .first()
    )


def wave_for(partnership_id: int, instrument: str, wave_id: int | None) -> Wave | None:
    if wave_id is None:
        return latest_wave(partnership_id, instrument)
    return (
        Wave.objects.for_partnership(partnership_id)
        .filter(pk=wave_id, instrument=instrument)
        .select_related("partnership")
        .first()
    )


def respondent_count(wave: Wave) -> int:
    return Respondent.objects.filter(wave_id=wave.pk).count()


def _group_mean(values: list[float], threshold: int) -> float | None:
    return scoring.mean(values) if len(values) >= threshold else None


def scores_from(wave: Wave, submissions: list[SubmissionAnswers], respondents: int) -> ItemScores:
    """Item scores of a wave from its loaded answers (``item_scores`` without the queries)."""
    definition = instrument_definition(wave.instrument)
    suppressed = respondents < wave.threshold
    # Every count is of submissions: of organizations, or of persons in a wave answered
    # per person, so the threshold applies to persons there.
    sector_sizes: dict[str, int] = defaultdict(int)
    organization_sizes: dict[int, int] = defaultdict(int)
    for submission in submissions:
        if submission.sector:
            sector_sizes[submission.sector] += 1
        if submission.organization_id is not None:
            organization_sizes[submission.organization_id] += 1
    per_organization = wave.per_person and not wave.anonymous
    items: dict[str, ItemScore] = {}
    for question in definition.questions:
        if question.kind == "member_matrix":
            continue
        numbers = [s.numbers[question.code] for s in submissions if question.code in s.numbers]
        texts = sorted(s.texts[question.code] for s in submissions if question.code in s.texts)
        answered = {
            s.sector for s in submissions if question.code in s.numbers or question.code in s.texts
        }
        answers = sum(
            1
            for s in submissions
            if question.code in s.numbers or question.code in s.texts or question.code in s.choices
        )
        by_sector: dict[str, float | None] = {}
        if not suppressed and question.kind not in TEXTUAL:
            for sector in sorted(sector_sizes):
                if sector not in answered:
                    continue
                values = [
                    s.numbers[question.code]
                    for s in submissions
                    if s.sector == sector and question.code in s.numbers
                ]
                by_sector[sector] = (
                    _group_mean(values, wave.threshold)
                    if sector_sizes[sector] >= wave.threshold
                    else None
                )
        by_organization: dict[int, float | None] = {}
        if per_organization and not suppressed and question.kind not in TEXTUAL:
            for org_id in sorted(organization_sizes):
                values = [
                    s.numbers[question.code]
                    for s in submissions
                    if s.organization_id == org_id and question.code in s.numbers
                ]
                if values:
                    by_organization[org_id] = (
                        _group_mean(values, wave.threshold)
                        if organization_sizes[org_id] >= wave.threshold
                        else None
                    )
        items[question.code] = ItemScore(
            item=question.code,
            label=question.display_label,
            mean=None if suppressed else _group_mean(numbers, wave.threshold),
            answers=answers,
            by_sector=by_sector,
            comments=[] if suppressed else texts,
            by_organization=by_organization,
        )
    return ItemScores(wave=wave, respondents=respondents, suppressed=suppressed, items=items)


def item_scores(partnership_id: int, instrument: str, wave_id: int | None = None) -> ItemScores:
    """Each item's mean, answer count, means by sector and comments for one wave of an
    instrument: ``wave_id``, or the latest open-or-closed wave with answers.

    ``suppressed`` when the wave has fewer respondents than its threshold: then no mean, no
    breakdown and no comment. A sector with fewer respondents than the threshold has None.
    Respondents are organizations, or persons in a wave answered per person (the threshold
    then counts persons; a named one also gets ``by_organization``).
    Anonymous waves record no sector (it could single a respondent out), so their
    ``by_sector`` is empty. Three queries.
    """
    wave = wave_for(partnership_id, instrument, wave_id)
    if wave is None:
        return ItemScores(wave=None, respondents=0, suppressed=True, items={})
    return scores_from(wave, wave_answers(wave), respondent_count(wave))


def ratings_from(submissions: list[SubmissionAnswers]) -> list[NetworkRating]:
    ratings = []
    for submission in submissions:
        if submission.organization_id is None:
            continue
        for rated_id, cell in sorted(submission.about.items()):
            level_text = cell.get("level")
            level = int(level_text) if isinstance(level_text, str) and level_text.isdigit() else 0
            if level < 1:
                continue
            ratings.append(
                NetworkRating(
                    rater_org_id=submission.organization_id,
                    rated_org_id=rated_id,
                    level=level,
                    value={d: float(cell[d]) for d in VALUE_DIMENSIONS if d in cell},
                    trust={d: float(cell[d]) for d in TRUST_DIMENSIONS if d in cell},
                )
            )
    return sorted(ratings, key=lambda r: (r.rater_org_id, r.rated_org_id))


def network_ratings(partnership_id: int, wave_id: int | None = None) -> list[NetworkRating]:
    """Who works with whom, at which level, and the value and trust each gives the other,
    from one partner-network wave (``wave_id``, or the latest open-or-closed one with
    answers). Only the ties: a member a respondent does not work with is left out.

    The network wave is named by design (a rating says who rated whom), so these are
    individual answers, for readers holding ``surveys.view_named_answers``.
    """
    wave = wave_for(partnership_id, Instrument.PARTNER_NETWORK, wave_id)
    if wave is None or wave.anonymous:
        return []
    return ratings_from(wave_answers(wave))


def survey_waves(partnership_id: int, instrument: str) -> list[WaveSummary]:
    """Every wave of the instrument, newest first, with its respondent count (one query)."""
    waves = (
        Wave.objects.for_partnership(partnership_id)
        .filter(instrument=instrument)
        .with_respondents()
        .order_by("-opens_at", "-pk")
    )
    now = timezone.now()
    return [
        WaveSummary(
            id=wave.pk,
            title=wave.title,
            opens_at=wave.opens_at,
            closes_at=wave.closes_at,
            respondents=wave.respondent_count,
            state=wave.state_at(now),
            anonymous=wave.anonymous,
            threshold=wave.threshold,
        )
        for wave in waves
    ]
