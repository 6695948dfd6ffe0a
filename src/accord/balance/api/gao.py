"""The GAO practices API: every figure of the GAO page as JSON."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema

from accord.balance.selectors import gao as gao_selectors
from accord.core.api import actor, read_auth
from accord.errors import NotFound
from accord.partnerships import selectors as partnership_selectors

router = Router(tags=["balance"])


class GaoComponentOut(Schema):
    code: str
    title: str
    fraction: float | None
    explanation: str
    evidence_url: str


class GaoSectorOut(Schema):
    sector: str
    label: str
    score: float | None


class GaoSelfAssessmentOut(Schema):
    mean: float | None
    score: float | None
    answers: int
    by_sector: list[GaoSectorOut]
    spread: float | None
    comments: list[str]


class GaoPracticeOut(Schema):
    code: str
    report: str
    number: int
    title: str
    score: int | None
    components: list[GaoComponentOut]
    self_assessment: GaoSelfAssessmentOut | None
    gap: float | None
    large_gap: bool


class GaoWaveOut(Schema):
    id: int
    title: str
    respondents: int
    suppressed: bool
    threshold: int


class GaoPageOut(Schema):
    wave: GaoWaveOut | None
    large_gap_points: float
    practices: list[GaoPracticeOut]


def _practice_out(row: gao_selectors.PracticeRow) -> dict[str, Any]:
    definition = row.practice.definition
    assessment = row.self_assessment
    return {
        "code": definition.code,
        "report": definition.report,
        "number": definition.number,
        "title": definition.title,
        "score": row.score,
        "components": [
            {
                "code": linked.component.code,
                "title": linked.component.title,
                "fraction": linked.component.fraction,
                "explanation": linked.component.explanation,
                "evidence_url": linked.url,
            }
            for linked in row.components
        ],
        "self_assessment": None
        if assessment is None
        else {
            "mean": assessment.mean,
            "score": assessment.score,
            "answers": assessment.answers,
            "by_sector": [vars(sector) for sector in assessment.by_sector],
            "spread": assessment.spread,
            "comments": assessment.comments,
        },
        "gap": row.gap,
        "large_gap": row.large_gap,
    }


@router.get("/partnerships/{slug}/balance/gao", response=GaoPageOut, auth=read_auth)
def gao_practices(request: HttpRequest, slug: str, wave_id: int | None = None) -> dict[str, Any]:
    """The sixteen GAO practices: live score (0–100, null with no evidence yet) with each
    component's fraction, explanation and evidence page; the self-assessment of the wave
    (``wave_id``, default the latest with answers) on the same scale, by sector, and the
    gap. Members only: 404 for everyone else."""
    who = actor(request)
    partnership = partnership_selectors.partnership_get(actor=who, slug=slug)
    if not who.has_perm("balance.view_balance", partnership):
        raise NotFound(_("No such partnership."))
    page = gao_selectors.gao_page(actor=who, partnership=partnership, wave_id=wave_id)
    return {
        "wave": vars(page.wave) if page.wave else None,
        "large_gap_points": gao_selectors.gao_scoring.LARGE_GAP,
        "practices": [_practice_out(row) for row in page.rows],
    }
