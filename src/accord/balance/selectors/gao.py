"""The GAO practices page: each practice's live score with its components linked to their
evidence, beside the members' self-assessment (the surveys app's ``gao-practices``
instrument) on the same 0–100 scale, with the spread between sectors and the large gaps.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from accord.balance.selectors import gao_scoring
from accord.balance.selectors.gao_components import Component
from accord.balance.selectors.gao_evidence import gao_evidence
from accord.errors import NotFound
from accord.partners.models import Sector
from accord.partnerships.models import Partnership
from accord.surveys import selectors as survey_selectors

INSTRUMENT = "gao-practices"

#: Where each kind of evidence is shown: a component links to its page.
EVIDENCE_PAGES = {
    "charter": "partnerships:charter_detail",
    "indicators": "results:indicator_list",
    "accountability": "results:accountability",
    "commitments": "results:commitment_list",
    "action_items": "results:action_item_list",
    "resources": "resources:resource_summary",
    "workplan": "resources:workplan",
    "decision_rules": "decisions:rule_list",
    "members": "partnerships:membership_list",
    "stakeholders": "stakeholders:map",
}


def sector_label(code: str) -> str:
    labels = dict(Sector.choices)
    return _(labels[code]) if code in labels else code


@dataclass(frozen=True)
class SectorScore:
    sector: str
    label: str
    score: float | None  # None: fewer respondents of the sector than the threshold


@dataclass(frozen=True)
class SelfAssessment:
    mean: float | None  # 1–5
    score: float | None  # 0–100
    answers: int
    by_sector: list[SectorScore]
    spread: float | None  # largest minus smallest sector score
    comments: list[str]


@dataclass(frozen=True)
class LinkedComponent:
    component: Component
    url: str


@dataclass(frozen=True)
class PracticeRow:
    practice: gao_scoring.PracticeScore
    components: list[LinkedComponent]
    self_assessment: SelfAssessment | None
    gap: float | None  # live minus self-assessed

    @property
    def code(self) -> str:
        return self.practice.definition.code

    @property
    def score(self) -> int | None:
        return self.practice.score

    @property
    def large_gap(self) -> bool:
        return gao_scoring.is_large_gap(self.gap)

    @property
    def large_spread(self) -> bool:
        return self.self_assessment is not None and gao_scoring.is_large_gap(
            self.self_assessment.spread
        )


@dataclass(frozen=True)
class SelfAssessmentWave:
    id: int
    title: str
    respondents: int
    suppressed: bool
    threshold: int
    #: Answered by each person of the member organizations (respondents are persons).
    per_person: bool = False


@dataclass
class GaoPage:
    partnership: Partnership
    gao06: list[PracticeRow] = field(default_factory=list)
    gao23: list[PracticeRow] = field(default_factory=list)
    wave: SelfAssessmentWave | None = None

    @property
    def rows(self) -> list[PracticeRow]:
        return [*self.gao06, *self.gao23]

    @property
    def large_gaps(self) -> list[PracticeRow]:
        return [row for row in self.rows if row.large_gap]


def _self_assessment(item: Any) -> SelfAssessment:
    by_sector = [
        SectorScore(code, sector_label(code), gao_scoring.scaled_self_assessment(mean))
        for code, mean in sorted(item.by_sector.items())
    ]
    return SelfAssessment(
        mean=item.mean,
        score=gao_scoring.scaled_self_assessment(item.mean),
        answers=item.answers,
        by_sector=by_sector,
        spread=gao_scoring.sector_spread(item.by_sector),
        comments=list(item.comments),
    )


def gao_page(*, actor: Any, partnership: Partnership, wave_id: int | None = None) -> GaoPage:
    """Every practice, live and self-assessed. ``wave_id`` picks a self-assessment wave
    (NotFound when it is not one of this partnership's); by default the latest with answers.
    """
    evidence = gao_evidence(actor=actor, partnership=partnership)
    scores = survey_selectors.item_scores(partnership.pk, INSTRUMENT, wave_id)
    if wave_id is not None and scores.wave is None:
        raise NotFound(_("No such self-assessment wave."))
    page = GaoPage(partnership=partnership)
    if scores.wave is not None:
        page.wave = SelfAssessmentWave(
            id=scores.wave.pk,
            title=scores.wave.title,
            respondents=scores.respondents,
            suppressed=scores.suppressed,
            threshold=scores.wave.threshold,
            per_person=scores.wave.per_person,
        )
    pages = {key: reverse(name, args=[partnership.slug]) for key, name in EVIDENCE_PAGES.items()}
    for practice in gao_scoring.practice_scores(evidence, sector_label):
        code = practice.definition.code
        item = None if scores.suppressed else scores.items.get(code)
        assessment = _self_assessment(item) if item is not None and item.answers else None
        row = PracticeRow(
            practice=practice,
            components=[LinkedComponent(c, pages[c.evidence]) for c in practice.components],
            self_assessment=assessment,
            gap=gao_scoring.gap(practice.score, assessment.score if assessment else None),
        )
        (page.gao06 if code.startswith("gao06") else page.gao23).append(row)
    return page
