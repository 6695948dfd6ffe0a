"""The network API: every figure of the network page as JSON (the SVG picture aside, which
the page draws from the same figures)."""

from __future__ import annotations

from typing import Any, Literal

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema

from accord.balance.selectors import network as network_selectors
from accord.core.api import actor, read_auth
from accord.errors import NotFound
from accord.partnerships import selectors as partnership_selectors

router = Router(tags=["balance"])


class NetworkWaveOut(Schema):
    id: int
    title: str
    respondents: int
    state: str
    threshold: int


class NetworkOverallOut(Schema):
    members: int
    ties: int = Field(description="Undirected ties: either side names the other.")
    reported_ties: int = Field(description="Directed ties as reported (or recorded).")
    density: float | None
    degree_centralization: float | None
    betweenness_centralization: float | None
    reciprocity: float | None
    trust: float | None = Field(None, description="Mean pair trust, 1-4 (survey only).")
    value: float | None = Field(None, description="Mean pair value, 1-4 (survey only).")
    trust_percent: float | None = Field(None, description="100 x trust / 4, as PARTNER.")
    value_percent: float | None = None
    respondents: int | None = None
    response_rate: float | None = None


class NetworkMemberOut(Schema):
    organization_id: int
    name: str
    ties: int | None
    named_by: int | None
    names: int | None
    betweenness: float | None = Field(description="Normalized (0-1), undirected graph.")
    raters: int | None
    trust: float | None
    value: float | None
    trust_dimensions: dict[str, float]
    value_dimensions: dict[str, float]


class NetworkTieOut(Schema):
    source_id: int
    source: str
    target_id: int
    target: str
    weight: float = Field(
        description="Survey: level of collaboration (1-3). Records: kinds of working "
        "together (resources delivered, shared activities)."
    )
    detail: str
    reciprocated: bool


class NetworkTieChangeOut(Schema):
    source_id: int
    source: str
    target_id: int
    target: str
    before: str
    after: str


class NetworkComparisonOut(Schema):
    before: NetworkWaveOut
    after: NetworkWaveOut
    added: list[NetworkTieChangeOut] | None
    lost: list[NetworkTieChangeOut] | None
    changed: list[NetworkTieChangeOut] | None
    added_count: int
    lost_count: int
    changed_count: int
    unchanged_count: int
    figures_before: NetworkOverallOut | None
    figures_after: NetworkOverallOut | None


class NetworkOut(Schema):
    source: str
    rule: str = Field(description='"or": a tie counts when either side names the other.')
    can_see_ties: bool
    waves: list[NetworkWaveOut]
    wave: NetworkWaveOut | None
    suppressed: bool
    overall: NetworkOverallOut | None
    members: list[NetworkMemberOut]
    ties: list[NetworkTieOut]
    comparison: NetworkComparisonOut | None


@router.get("/partnerships/{slug}/balance/network", response=NetworkOut, auth=read_auth)
def network(
    request: HttpRequest,
    slug: str,
    source: Literal["survey", "records"] | None = None,
    wave_id: int | None = None,
    before_wave_id: int | None = None,
) -> Any:
    """The network of the members: density, degree and betweenness centralization,
    reciprocity, trust and value (PARTNER's scores) overall and per member, the ties, and
    what changed between two waves of the partner network survey (``wave_id``, default the
    newest with answers; ``before_wave_id``, default the one before). ``source``: the
    survey (default when a wave has answers) or the records (resources delivered, shared
    activities). Who named whom only for coordinators and people of member organizations.
    Members only: 404 for everyone else."""
    who = actor(request)
    partnership = partnership_selectors.partnership_get(actor=who, slug=slug)
    if not who.has_perm("balance.view_balance", partnership):
        raise NotFound(_("No such partnership."))
    page = network_selectors.network_page(
        actor=who,
        partnership=partnership,
        source=source,
        wave_id=wave_id,
        before_id=before_wave_id,
    )
    return {**vars(page), "rule": network_selectors.RULE}
