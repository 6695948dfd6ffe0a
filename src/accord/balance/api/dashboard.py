"""The dashboard API: every figure of the balance dashboard as JSON, the alerts, and the
alert thresholds. Same selectors and services as the pages; nothing is computed in a
request (a power analysis not stored yet is queued by the POST)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema

from accord.balance import services
from accord.balance.models import MINIMUM_RECORDS_MAX
from accord.balance.selectors import alerts as alert_selectors
from accord.balance.selectors import dashboard as dashboard_selectors
from accord.balance.selectors import dashboard_sources
from accord.core.api import actor, read_auth
from accord.decisions import services as decision_services
from accord.errors import NotFound
from accord.partnerships import selectors as partnership_selectors

router = Router(tags=["balance"])


def _partnership(request: HttpRequest, slug: str) -> Any:
    """The partnership if the actor is an insider; 404 for everyone else (members only)."""
    who = actor(request)
    partnership = partnership_selectors.partnership_get(actor=who, slug=slug)
    if not who.has_perm("balance.view_balance", partnership):
        raise NotFound(_("No such partnership."))
    return partnership


# --- schemas ----------------------------------------------------------------------------------


class BalanceConcentrationOut(Schema):
    gini: float = Field(description="0: every holder holds the same; 1 - 1/n: one holds all.")
    hhi: float = Field(description="Herfindahl–Hirschman index, sum of squared shares (0..1).")
    largest_share: float
    largest_name: str
    holders: int


class BalanceColumnOut(Schema):
    key: str
    kind: str = Field(description="seats, resources, power, voice, attendance, budget or benefits")
    label: str
    state: str = Field(description="ready, empty, waiting, not_computed or failed")
    note: str
    source_url: str
    total: float
    unit: str
    per_member: bool
    rate: bool = Field(
        description="true for meetings attended: a row's share is what it attended out of the "
        "meetings whose attendance was recorded for it, not a share of the total"
    )
    rule_id: int | None
    concentration: BalanceConcentrationOut | None


class BalanceRowOut(Schema):
    key: str = Field(description="o<organization id>, individuals, others, or a group code")
    name: str
    group: str
    group_label: str
    shares: dict[str, float | None] = Field(description="column key -> share (0..1) or null")


class BalancePowerRuleOut(Schema):
    rule_id: int | None
    name: str
    kinds: list[str]
    state: str
    reason: str
    vetoes: list[str]
    evidence_url: str


class BalanceFlowPairOut(Schema):
    first: str
    second: str
    forward: Decimal
    backward: Decimal
    reciprocity: float


class BalanceReciprocityOut(Schema):
    overall: float
    reciprocated: float
    total: float
    pairs: list[BalanceFlowPairOut]


class BalanceTrendGroupOut(Schema):
    group: str
    label: str
    shares: list[float | None]


class BalanceTrendOut(Schema):
    kind: str
    label: str
    quarters: list[date]
    totals: list[float]
    groups: list[BalanceTrendGroupOut]


class BalanceAlertOut(Schema):
    code: str
    message: str
    evidence_url: str


class BalanceOut(Schema):
    currency: str
    quarter_start: date
    columns: list[BalanceColumnOut]
    members: list[BalanceRowOut]
    groups: list[BalanceRowOut]
    power_rules: list[BalancePowerRuleOut]
    reciprocity: BalanceReciprocityOut | None
    trends: list[BalanceTrendOut]
    voice_by_kind: dict[str, int]
    comments_this_quarter: dict[str, float]
    benefit_levels: dict[str, int]
    alerts: list[BalanceAlertOut]


class BalanceSettingsOut(Schema):
    voice_gap_percent: int
    benefit_gap_percent: int
    resources_top_percent: int
    power_top_percent: int
    individual_benefits_percent: int
    alert_veto: bool
    minimum_records: int


class BalanceSettingsIn(Schema):
    """Only the fields given change. Percentages are whole numbers from 1 to 100."""

    voice_gap_percent: int | None = Field(None, ge=1, le=100)
    benefit_gap_percent: int | None = Field(None, ge=1, le=100)
    resources_top_percent: int | None = Field(None, ge=1, le=100)
    power_top_percent: int | None = Field(None, ge=1, le=100)
    individual_benefits_percent: int | None = Field(None, ge=1, le=100)
    alert_veto: bool | None = None
    minimum_records: int | None = Field(None, ge=1, le=MINIMUM_RECORDS_MAX)


def _rows(rows: list[Any], columns: list[Any]) -> list[dict[str, Any]]:
    return [
        {
            "key": row.key,
            "name": row.name,
            "group": row.group,
            "group_label": row.group_label,
            "shares": {c.key: share for c, share in zip(columns, row.shares, strict=True)},
        }
        for row in rows
    ]


def _balance(board: Any, alerts: list[Any]) -> dict[str, Any]:
    columns = board.columns
    return {
        "currency": board.currency,
        "quarter_start": board.quarter_start,
        "columns": [
            {
                "key": c.key,
                "kind": c.kind,
                "label": c.label,
                "state": c.state,
                "note": c.note,
                "source_url": c.source_url,
                "total": c.total,
                "unit": str(c.unit),
                "per_member": c.per_member,
                "rate": c.rate,
                "rule_id": c.rule_id,
                "concentration": c.concentration,
            }
            for c in columns
        ],
        "members": _rows(board.members, columns),
        "groups": _rows(board.groups, columns),
        "power_rules": board.power_rules,
        "reciprocity": board.reciprocity,
        "trends": board.trends,
        "voice_by_kind": board.voice_by_kind,
        "comments_this_quarter": board.comments_this_quarter,
        "benefit_levels": board.benefit_levels,
        "alerts": alerts,
    }


# --- endpoints --------------------------------------------------------------------------------


@router.get("/partnerships/{slug}/balance", response=BalanceOut, auth=read_auth)
def balance(request: HttpRequest, slug: str) -> Any:
    """The balance dashboard: per member and per group, each column's shares (seats,
    resources delivered, power under each rule in force, voice, meetings attended, budget
    decided, benefits received), their concentration, the reciprocity of flows, trends per quarter and the
    alerts. Members only (404 otherwise). A power analysis not stored yet has the state
    ``waiting`` or ``not_computed``: POST ``/balance/power`` to queue it."""
    partnership = _partnership(request, slug)
    board = dashboard_selectors.balance_dashboard(partnership=partnership)
    thresholds = alert_selectors.balance_settings_get(partnership=partnership)
    return _balance(board, alert_selectors.balance_alerts(dashboard=board, thresholds=thresholds))


@router.post("/partnerships/{slug}/balance/power", response={202: list[BalancePowerRuleOut]})
def balance_power_request(request: HttpRequest, slug: str) -> Any:
    """Queue the power analyses of the rules in force that are not computed for the
    current members (the task worker computes them). Any member may ask; what is stored or
    on its way is not queued twice."""
    partnership = _partnership(request, slug)
    rules = dashboard_sources.rules_in_force(partnership=partnership)
    decision_services.power_request(
        actor=actor(request), partnership=partnership, snapshots=[r.snapshot for r in rules]
    )
    board = dashboard_selectors.balance_dashboard(partnership=partnership)
    return 202, board.power_rules


@router.get("/partnerships/{slug}/balance/settings", response=BalanceSettingsOut, auth=read_auth)
def balance_settings(request: HttpRequest, slug: str) -> Any:
    """The alert thresholds (the defaults until the coordinator saves them)."""
    partnership = _partnership(request, slug)
    return alert_selectors.balance_settings_get(partnership=partnership)


@router.patch("/partnerships/{slug}/balance/settings", response=BalanceSettingsOut)
def balance_settings_update(request: HttpRequest, slug: str, payload: BalanceSettingsIn) -> Any:
    """Change some alert thresholds (coordinators). A value out of range is a 422 (or a
    400 from the service) and changes nothing."""
    partnership = _partnership(request, slug)
    values = payload.dict(exclude_none=True)
    return services.balance_settings_update(actor=actor(request), partnership=partnership, **values)
