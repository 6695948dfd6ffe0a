"""The surveys API: instruments, waves, answers, reminders and every figure of a wave.
Same services and selectors as the pages; the same threshold everywhere."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema

from accord.core.api import actor, read_auth
from accord.core.http import download
from accord.core.spreadsheets import FORMATS, spreadsheet
from accord.errors import Forbidden, Invalid, NotFound
from accord.partnerships import selectors as partnership_selectors
from accord.surveys import services
from accord.surveys.instruments import CODES, Question, all_instruments, instrument, translated
from accord.surveys.rules import answer_permission, who_answers
from accord.surveys.selectors import exports as export_selectors
from accord.surveys.selectors import results as result_selectors
from accord.surveys.selectors import scores as score_selectors
from accord.surveys.selectors import waves as wave_selectors

router = Router(tags=["surveys"])


def _partnership(request: HttpRequest, slug: str) -> Any:
    """404 for anyone who is not an insider, whether or not the partnership exists."""
    who = actor(request)
    partnership = partnership_selectors.partnership_get(actor=who, slug=slug)
    if not who.has_perm("surveys.view_surveys", partnership):
        raise NotFound(_("No such partnership."))
    return partnership


def _wave(request: HttpRequest, slug: str, wave_id: int) -> Any:
    partnership = _partnership(request, slug)
    return wave_selectors.wave_get(actor=actor(request), partnership=partnership, wave_id=wave_id)


# --- schemas ----------------------------------------------------------------------------------


class SurveyOptionOut(Schema):
    value: str
    label: str


class SurveyQuestionOut(Schema):
    code: str
    kind: str
    text: str
    label: str
    group: str
    required: bool
    comment: bool
    scale: list[int] | None
    anchors: list[str] | None
    options: list[SurveyOptionOut]
    minimum: float | None
    maximum: float | None
    columns: list[SurveyQuestionOut]


class SurveyInstrumentOut(Schema):
    code: str
    version: int
    title: str
    description: str
    anonymous_default: bool
    named_only: bool
    per_person_default: bool
    questions: list[SurveyQuestionOut]


def _question_out(question: Question) -> dict[str, Any]:
    return {
        "code": question.code,
        "kind": question.kind,
        "text": question.display_text,
        "label": translated(question.label),
        "group": question.group,
        "required": question.required,
        "comment": question.comment,
        "scale": list(question.scale) if question.is_scale else None,
        "anchors": list(question.end_labels) if question.is_scale else None,
        "options": [{"value": v, "label": label} for v, label in question.translated_options()],
        "minimum": question.minimum,
        "maximum": question.maximum,
        "columns": [_question_out(c) for c in question.columns],
    }


def _instrument_out(code: str) -> dict[str, Any]:
    definition = instrument(code)
    return {
        "code": definition.code,
        "version": definition.version,
        "title": translated(definition.title),
        "description": translated(definition.description),
        "anonymous_default": definition.anonymous_default,
        "named_only": definition.named_only,
        "per_person_default": definition.per_person_default,
        "questions": [_question_out(q) for q in definition.questions],
    }


class SurveyWaveOut(Schema):
    id: int
    instrument: str
    instrument_label: str
    title: str
    opens_at: datetime
    closes_at: datetime
    state: str
    state_label: str
    anonymous: bool
    threshold: int
    per_person: bool = Field(
        description="Each person of a member organization answers, not each organization"
    )
    respondents: int


def _wave_out(wave: Any) -> dict[str, Any]:
    return {
        "id": wave.pk,
        "instrument": wave.instrument,
        "instrument_label": wave.get_instrument_display(),
        "title": wave.title,
        "opens_at": wave.opens_at,
        "closes_at": wave.closes_at,
        "state": wave.state,
        "state_label": wave.get_state_display(),
        "anonymous": wave.anonymous,
        "threshold": wave.threshold,
        "per_person": wave.per_person,
        "respondents": getattr(wave, "respondent_count", None)
        if getattr(wave, "respondent_count", None) is not None
        else score_selectors.respondent_count(wave),
    }


class SurveyWaveIn(Schema):
    instrument: str = Field(description="One of " + ", ".join(CODES))
    title: str
    opens_at: datetime
    closes_at: datetime
    anonymous: bool | None = Field(None, description="None: the instrument's default")
    threshold: int = 3
    per_person: bool | None = Field(
        None,
        description="Each person of a member organization answers (true) or each organization "
        "once (false); None: the instrument's default",
    )


class SurveyWavePatchIn(Schema):
    title: str | None = None
    opens_at: datetime | None = None
    closes_at: datetime | None = None
    anonymous: bool | None = None
    threshold: int | None = None


class SurveyAnswersIn(Schema):
    organization_id: int | None = Field(
        None, description="The organization answered for; needed when you represent several."
    )
    values: dict[str, Any] = Field(default_factory=dict, description="Question code → answer")
    comments: dict[str, str] = Field(default_factory=dict, description="Question code → comment")
    ratings: dict[int, dict[str, Any]] = Field(
        default_factory=dict,
        description="Network survey: member organization id → column code → answer",
    )


class SurveyRespondentOut(Schema):
    organization_id: int
    answered_on: str


class SurveyRemindOut(Schema):
    told: int


class SurveyItemScoreOut(Schema):
    item: str
    label: str
    mean: float | None
    answers: int
    by_sector: dict[str, float | None]
    comments: list[str]
    by_organization: dict[int, float | None] = Field(
        default_factory=dict,
        description="A named wave answered per person: member organization id → mean of its "
        "persons (null below the threshold)",
    )


class SurveySpreadOut(Schema):
    n: int
    mean: float | None
    sd: float | None
    low: float | None
    high: float | None


class SurveySectorValueOut(Schema):
    sector: str
    label: str
    n: int
    mean: float | None


class SurveyFactorOut(Schema):
    code: str
    label: str
    category: str
    spread: SurveySpreadOut
    level: str | None
    level_label: str
    by_sector: list[SurveySectorValueOut]


class SurveyCategoryOut(Schema):
    code: str
    label: str
    spread: SurveySpreadOut
    factors: list[SurveyFactorOut]


class SurveyExpectationItemOut(Schema):
    code: str
    text: str
    spread: SurveySpreadOut
    furthest: list[Any] | None


class SurveyExpectationsOut(Schema):
    emphasis: SurveySpreadOut
    items: list[SurveyExpectationItemOut]
    by_sector: list[SurveySectorValueOut]
    sector_pairs: list[list[Any]]


class SurveyReceivedOut(Schema):
    organization_id: int
    name: str
    raters: int
    value: float | None
    trust: float | None


class SurveyNetworkOut(Schema):
    respondents: int
    members: int
    ties: int
    ties_by_level: dict[int, int]
    trust: float | None
    value: float | None
    trust_percent: float | None
    received: list[SurveyReceivedOut]


class SurveyScoresOut(Schema):
    wave: SurveyWaveOut
    respondents: int
    suppressed: bool
    items: list[SurveyItemScoreOut]
    categories: list[SurveyCategoryOut]
    expectations: SurveyExpectationsOut | None
    network: SurveyNetworkOut | None


class SurveyRatingOut(Schema):
    rater_org_id: int
    rated_org_id: int
    level: int
    value: dict[str, float]
    trust: dict[str, float]


# --- endpoints --------------------------------------------------------------------------------


@router.get(
    "/partnerships/{slug}/survey-instruments", response=list[SurveyInstrumentOut], auth=read_auth
)
def instrument_list(request: HttpRequest, slug: str) -> list[dict[str, Any]]:
    _partnership(request, slug)
    return [_instrument_out(i.code) for i in all_instruments()]


@router.get("/partnerships/{slug}/survey-waves", response=list[SurveyWaveOut], auth=read_auth)
def wave_list(request: HttpRequest, slug: str) -> list[dict[str, Any]]:
    partnership = _partnership(request, slug)
    rows = wave_selectors.wave_list(actor=actor(request), partnership=partnership)
    return [_wave_out(row.wave) for row in rows]


@router.post("/partnerships/{slug}/survey-waves", response={201: SurveyWaveOut})
def wave_create(
    request: HttpRequest, slug: str, payload: SurveyWaveIn
) -> tuple[int, dict[str, Any]]:
    partnership = _partnership(request, slug)
    wave = services.wave_create(
        actor=actor(request),
        partnership=partnership,
        instrument_code=payload.instrument,
        title=payload.title,
        opens_at=payload.opens_at,
        closes_at=payload.closes_at,
        anonymous=payload.anonymous,
        threshold=payload.threshold,
        per_person=payload.per_person,
    )
    return 201, _wave_out(wave)


@router.get("/partnerships/{slug}/survey-waves/{wave_id}", response=SurveyWaveOut, auth=read_auth)
def wave_detail(request: HttpRequest, slug: str, wave_id: int) -> dict[str, Any]:
    return _wave_out(_wave(request, slug, wave_id))


@router.patch("/partnerships/{slug}/survey-waves/{wave_id}", response=SurveyWaveOut)
def wave_update(
    request: HttpRequest, slug: str, wave_id: int, payload: SurveyWavePatchIn
) -> dict[str, Any]:
    wave = _wave(request, slug, wave_id)
    updated = services.wave_update(
        actor=actor(request), wave=wave, **payload.model_dump(exclude_unset=True)
    )
    return _wave_out(updated)


@router.post("/partnerships/{slug}/survey-waves/{wave_id}/close", response=SurveyWaveOut)
def wave_close(request: HttpRequest, slug: str, wave_id: int) -> dict[str, Any]:
    wave = _wave(request, slug, wave_id)
    return _wave_out(services.wave_close(actor=actor(request), wave=wave))


@router.post("/partnerships/{slug}/survey-waves/{wave_id}/remind", response=SurveyRemindOut)
def wave_remind(request: HttpRequest, slug: str, wave_id: int) -> dict[str, int]:
    wave = _wave(request, slug, wave_id)
    return {"told": services.wave_remind(actor=actor(request), wave=wave)}


@router.post(
    "/partnerships/{slug}/survey-waves/{wave_id}/answers", response={201: SurveyRespondentOut}
)
def answer_submit(
    request: HttpRequest, slug: str, wave_id: int, payload: SurveyAnswersIn
) -> tuple[int, dict[str, Any]]:
    who = actor(request)
    wave = _wave(request, slug, wave_id)
    if not who.has_perm(answer_permission(wave), wave.partnership):
        raise Forbidden(who_answers(wave))
    mine = wave_selectors.answerable_organizations(
        actor=who, partnership=wave.partnership, per_person=wave.per_person
    )
    if payload.organization_id is None:
        if len(mine) != 1:
            raise Invalid(_("Say which organization you answer for (organization_id)."))
        organization = mine[0]
    else:
        organization = next((o for o in mine if o.pk == payload.organization_id), None)
        if organization is None:
            raise Forbidden(who_answers(wave))
    respondent = services.answer_submit(
        actor=who,
        wave=wave,
        organization=organization,
        values=payload.values,
        comments=payload.comments,
        ratings=payload.ratings,
    )
    return 201, {
        "organization_id": respondent.organization_id,
        "answered_on": respondent.answered_on.isoformat(),
    }


@router.get(
    "/partnerships/{slug}/survey-waves/{wave_id}/scores", response=SurveyScoresOut, auth=read_auth
)
def wave_scores(request: HttpRequest, slug: str, wave_id: int) -> dict[str, Any]:
    wave = _wave(request, slug, wave_id)
    results = result_selectors.wave_results(wave=wave)
    return {
        "wave": _wave_out(wave),
        "respondents": results.scores.respondents,
        "suppressed": results.scores.suppressed,
        "items": list(results.scores.items.values()),
        "categories": results.categories,
        "expectations": results.expectations,
        "network": results.network,
    }


@router.get(
    "/partnerships/{slug}/survey-waves/{wave_id}/ratings",
    response=list[SurveyRatingOut],
    auth=read_auth,
)
def wave_ratings(request: HttpRequest, slug: str, wave_id: int) -> list[Any]:
    """Who rated whom in a named network wave: for coordinators and member organizations'
    people; observers and community participants read the aggregates (``scores``)."""
    wave = _wave(request, slug, wave_id)
    if not actor(request).has_perm("surveys.view_named_answers", wave.partnership):
        raise Forbidden(_("Only the members see who rated whom; the aggregates are in scores."))
    if wave.instrument != "partner-network":
        raise NotFound(_("This wave has no network ratings."))
    return score_selectors.network_ratings(wave.partnership_id, wave.pk)


@router.get("/partnerships/{slug}/survey-waves/{wave_id}/export", auth=read_auth)
def wave_export(request: HttpRequest, slug: str, wave_id: int, format: str = "csv") -> HttpResponse:
    wave = _wave(request, slug, wave_id)
    if format not in FORMATS:
        raise Invalid(_("Choose CSV or XLSX."))
    results = result_selectors.wave_results(wave=wave)
    content, content_type = spreadsheet(export_selectors.wave_sheet(results), format=format)
    return download(
        content,
        filename=f"{wave.partnership.slug}-survey-{wave.pk}.{format}",
        content_type=content_type,
    )
