"""The network page and its API: figures checked by hand on ``world`` (County, Fisher Coop,
Foundation), permissions for every role, bad input, bounded queries.

The records: Foundation delivered 500 USD to County; County leads an activity in which
Fisher Coop implements. So Foundation -> County, County <-> Coop.

The partner network survey, two waves (threshold 3):

- "Spring" (closed; County and Foundation answered): County names Foundation at level 2
  rating everything 4; Foundation names County at level 3 rating everything 3.
- "Autumn" (open; all three answered): County names Foundation at level 2 (all 4); Coop
  names County at level 1 (all 2); Foundation names Coop at level 1 (all 4).
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from accord.balance.selectors import network as network_selectors
from accord.partnerships import selectors as partnership_selectors
from accord.resources import services as resource_services
from accord.surveys import services as survey_services
from tests.api.conftest import Api
from tests.conftest import ROLES
from tests.surveys.conftest import add_member

INSIDERS = {
    "admin",
    "coordinator",
    "representative",
    "small_representative",
    "staff",
    "community",
    "observer",
    "invitee",
}
#: coordinators and people of member organizations see who named whom
#: (``surveys.view_named_answers``; a platform admin reads a partnership as an insider only:
#: surveys and balance are self-governed apps, accounts.models.SELF_GOVERNED_APPS)
NAMED_READERS = {"coordinator", "representative", "small_representative", "staff"}
ANSWERS_FOR = {
    "county": "coordinator",
    "foundation": "representative",
    "coop": "small_representative",
}
DIMENSIONS = ("power", "involvement", "resources", "reliability", "mission", "openness")


def cell(level: int, score: int) -> dict[str, Any]:
    return {"level": str(level)} | {d: score for d in DIMENSIONS}


def network_answers() -> dict[str, Any]:
    return {"net-contributions": ["data"], "net-main": "data", "net-years": 1, "net-success": 3}


def wave(world: Any, title: str, *, days_ago: int, days_open: int) -> Any:
    now = timezone.now()
    return survey_services.wave_create(
        actor=world.users["coordinator"],
        partnership=world.partnership,
        instrument_code="partner-network",
        title=title,
        opens_at=now - timedelta(days=days_ago),
        closes_at=now - timedelta(days=days_ago) + timedelta(days=days_open),
    )


def rate(world: Any, survey: Any, org: str, ratings: dict[str, tuple[int, int]], *, at: Any = None):
    """``org`` answers: the members in ``ratings`` at (level, score), every other "not
    working together" (level 0)."""
    user = world.users[ANSWERS_FOR.get(org, org)]
    others = partnership_selectors.member_organizations(partnership=world.partnership)
    cells: dict[int, dict[str, Any]] = {o.pk: {"level": "0"} for o in others}
    del cells[world.orgs[org].pk]
    cells.update({world.orgs[k].pk: cell(*v) for k, v in ratings.items()})
    survey_services.answer_submit(
        actor=user,
        wave=survey,
        organization=world.orgs[org],
        values=network_answers(),
        ratings=cells,
        now=at,
    )


def record(world: Any) -> None:
    coordinator = world.users["coordinator"]
    resource_services.ledger_entry_post(
        actor=coordinator,
        partnership=world.partnership,
        type="3",
        value=Decimal(500),
        currency_code="USD",
        value_date=timezone.localdate() - timedelta(days=3),
        provider=world.orgs["foundation"],
        receiver=world.orgs["county"],
    )
    activity = resource_services.activity_create(
        actor=coordinator,
        partnership=world.partnership,
        title="Restock the fish",
        lead_organization=world.orgs["county"],
    )
    resource_services.activity_chain_add(
        actor=coordinator, activity=activity, organization=world.orgs["coop"], role="4"
    )


@pytest.fixture
def waves(world: Any) -> tuple[Any, Any]:
    spring = wave(world, "Spring", days_ago=40, days_open=20)
    at = timezone.now() - timedelta(days=30)
    rate(world, spring, "county", {"foundation": (2, 4)}, at=at)
    rate(world, spring, "foundation", {"county": (3, 3)}, at=at)
    autumn = wave(world, "Autumn", days_ago=2, days_open=20)
    rate(world, autumn, "county", {"foundation": (2, 4)})
    rate(world, autumn, "coop", {"county": (1, 2)})
    rate(world, autumn, "foundation", {"coop": (1, 4)})
    return spring, autumn


def url(world: Any, **query: str) -> str:
    base = reverse("balance:network", args=[world.partnership.slug])
    return base + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def api_path(world: Any) -> str:
    return f"/partnerships/{world.partnership.slug}/balance/network"


# --- figures by hand --------------------------------------------------------------------------


def test_records_network_by_hand(world):
    record(world)
    page = network_selectors.network_page(
        actor=world.users["coordinator"], partnership=world.partnership
    )
    assert page.source == "records"  # no survey wave yet
    overall = page.overall
    assert (overall.members, overall.ties, overall.reported_ties) == (3, 2, 3)
    assert overall.density == pytest.approx(2 / 3)
    assert overall.reciprocity == pytest.approx(2 / 3)  # County <-> Coop of the three
    assert overall.degree_centralization == pytest.approx(1.0)  # County holds both ties
    rows = {row.name: row for row in page.members}
    assert [row.name for row in page.members] == ["County", "Fisher Coop", "Foundation"]
    assert rows["County"].betweenness == pytest.approx(1.0)  # between Coop and Foundation
    assert rows["County"].ties == 2 and rows["Foundation"].names == 1
    details = {(t.source, t.target): t.detail for t in page.ties}
    assert details == {
        ("County", "Fisher Coop"): "1 shared activity",
        ("Fisher Coop", "County"): "1 shared activity",
        ("Foundation", "County"): "delivered resources",
    }
    assert "Foundation works for County (delivered resources)." in page.svg


def test_a_reversed_delivery_is_no_tie(world):
    coordinator = world.users["coordinator"]
    entry = resource_services.ledger_entry_post(
        actor=coordinator,
        partnership=world.partnership,
        type="3",
        value=Decimal(80),
        currency_code="USD",
        value_date=timezone.localdate(),
        provider=world.orgs["coop"],
        receiver=world.orgs["foundation"],
    )
    resource_services.ledger_entry_reverse(actor=coordinator, entry=entry, reason="Typo")
    page = network_selectors.network_page(
        actor=coordinator, partnership=world.partnership, source="records"
    )
    assert page.overall.ties == 0 and page.ties == []


def test_survey_waves_by_hand(world, waves):
    spring, autumn = waves
    page = network_selectors.network_page(
        actor=world.users["coordinator"], partnership=world.partnership
    )
    assert page.source == "survey" and page.wave.id == autumn.pk
    overall = page.overall
    assert overall.ties == 3 and overall.density == pytest.approx(1.0)  # a triangle
    assert overall.reciprocity == 0.0
    assert overall.trust == pytest.approx((4 + 2 + 4) / 3)
    assert overall.trust_percent == pytest.approx(100 * (10 / 3) / 4)
    assert (overall.respondents, overall.response_rate) == (3, 1.0)
    rows = {row.name: row for row in page.members}
    assert rows["County"].trust == pytest.approx(2.0) and rows["County"].raters == 1
    assert rows["Foundation"].value == pytest.approx(4.0)
    change = page.comparison
    assert change.before.id == spring.pk
    assert [(t.source, t.target, t.after) for t in change.added] == [
        ("Fisher Coop", "County", "cooperative"),
        ("Foundation", "Fisher Coop", "cooperative"),
    ]
    assert [(t.source, t.target, t.before) for t in change.lost] == [
        ("Foundation", "County", "integrated")
    ]
    assert change.changed == [] and change.unchanged_count == 1
    assert change.figures_before.density == pytest.approx(1 / 3)
    assert change.figures_before.reciprocity == 1.0
    assert change.figures_before.trust_percent == pytest.approx(100 * 3.5 / 4)
    # both pictures, members in the same places
    assert "Fisher Coop names County (cooperative)." in page.svg
    assert "Foundation and County name each other" not in page.svg
    assert (
        "County and Foundation name each other (County: coordinated; Foundation: integrated)."
        in change.svg_before
    )


def test_choosing_the_waves(world, waves):
    spring, autumn = waves
    page = network_selectors.network_page(
        actor=world.users["coordinator"], partnership=world.partnership, wave_id=spring.pk
    )
    assert page.wave.id == spring.pk and page.comparison is None  # nothing older
    assert page.overall.ties == 1
    back = network_selectors.network_page(
        actor=world.users["coordinator"],
        partnership=world.partnership,
        wave_id=spring.pk,
        before_id=autumn.pk,
    )
    assert [(t.source, t.target) for t in back.comparison.lost] == [
        ("Fisher Coop", "County"),
        ("Foundation", "Fisher Coop"),
    ]


def test_aggregates_only_for_observers(world, waves):
    spring, _ = waves
    page = network_selectors.network_page(
        actor=world.users["observer"], partnership=world.partnership
    )
    assert not page.can_see_ties and page.svg == "" and page.ties == []
    assert page.overall.trust == pytest.approx(10 / 3)  # 3 answered: threshold met
    assert all(row.ties is None and row.betweenness is None for row in page.members)
    assert all(row.trust is None for row in page.members)  # each rated by one member only
    change = page.comparison
    assert change.added is None and change.added_count == 2 and change.lost_count == 1
    assert change.figures_before is None  # Spring: 2 answers, below the threshold of 3
    assert change.svg_before == ""
    held = network_selectors.network_page(
        actor=world.users["observer"], partnership=world.partnership, wave_id=spring.pk
    )
    assert held.suppressed and held.overall is None and held.members == []


# --- the page -----------------------------------------------------------------------------------


def login(client: Any, world: Any, role: str) -> Any:
    if role != "anonymous":
        client.force_login(world.users[role])
    return client


@pytest.mark.parametrize("role", ROLES)
def test_page_for_every_role(client, world, waves, role):
    response = login(client, world, role).get(url(world))
    assert response.status_code == (200 if role in INSIDERS else 404)
    if role in INSIDERS:
        content = response.content.decode()
        assert "Density" in content
        assert ("<svg" in content) == (role in NAMED_READERS)
        assert ("now names" in content) == (role in NAMED_READERS)
    else:
        assert b"Fisher Coop" not in response.content


@pytest.mark.parametrize("role", ROLES)
def test_records_page_for_every_role(client, world, role):
    record(world)
    response = login(client, world, role).get(url(world, source="records"))
    assert response.status_code == (200 if role in INSIDERS else 404)
    if role in INSIDERS:
        assert b"delivered resources" in response.content and b"<svg" in response.content


@pytest.mark.parametrize("role", ROLES)
def test_public_partnership_keeps_the_network_to_members(client, public_world, role):
    response = login(client, public_world, role).get(url(public_world))
    assert response.status_code == (200 if role in INSIDERS else 404)


def test_another_partnerships_coordinator_sees_nothing(client, world, waves):
    client.force_login(world.users["outsider"])
    for query in ({}, {"source": "records"}, {"wave": str(waves[0].pk)}):
        response = client.get(url(world, **query))
        assert response.status_code == 404 and b"Autumn" not in response.content


@pytest.mark.parametrize(
    "query",
    [{"wave": "abc"}, {"wave": "999999"}, {"before": "-1"}, {"source": "gossip"}, {"wave": "１"}],
)
def test_bad_choices_are_404(client, world, waves, query):
    client.force_login(world.users["coordinator"])
    assert client.get(url(world, **query)).status_code == 404


def test_a_wave_of_another_partnership_is_404(client, world, waves):
    other = survey_services.wave_create(
        actor=world.users["outsider"],
        partnership=world.other_partnership,
        instrument_code="partner-network",
        title="Theirs",
        opens_at=timezone.now() - timedelta(days=1),
        closes_at=timezone.now() + timedelta(days=1),
    )
    client.force_login(world.users["coordinator"])
    assert client.get(url(world, wave=str(other.pk))).status_code == 404


def test_page_without_any_survey_wave(client, world):
    client.force_login(world.users["coordinator"])
    response = client.get(url(world, source="survey"))
    assert response.status_code == 200
    assert b"No wave of the partner network survey has answers yet" in response.content


def test_post_is_refused(client, world):
    client.force_login(world.users["coordinator"])
    assert client.post(url(world)).status_code == 405


# --- the API ------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_api_for_every_role(client, world, waves, role):
    response = Api(client, world).get(role, api_path(world))
    expected = 200 if role in INSIDERS else 404
    assert response.status_code == expected, response.content
    if expected == 200:
        body = response.json()
        assert body["source"] == "survey" and body["rule"] == "or"
        assert body["overall"]["density"] == pytest.approx(1.0)
        assert (len(body["ties"]) == 3) == (role in NAMED_READERS)
        assert body["comparison"]["added_count"] == 2
        assert (body["comparison"]["added"] is None) == (role not in NAMED_READERS)


def test_api_records_and_errors(client, world, waves):
    record(world)
    api = Api(client, world)
    records = api.get("coordinator", api_path(world) + "?source=records").json()
    assert records["overall"]["reciprocity"] == pytest.approx(2 / 3)
    assert {m["name"]: m["betweenness"] for m in records["members"]}["County"] == 1.0
    spring = api.get("coordinator", api_path(world) + f"?wave_id={waves[0].pk}").json()
    assert spring["overall"]["ties"] == 1 and spring["comparison"] is None
    missing = api.get("coordinator", api_path(world) + "?wave_id=999999")
    assert missing.status_code == 404 and "detail" in missing.json()
    bad = api.get("coordinator", api_path(world) + "?source=gossip")
    assert bad.status_code == 422 and "detail" in bad.json()


# --- bounded queries ----------------------------------------------------------------------------


def grow(world: Any, extra: int) -> None:
    """``extra`` more members, each delivering resources to County."""
    for k in range(extra):
        key = f"member{len(world.orgs)}x{k}"
        add_member(world, key, "community")
        resource_services.ledger_entry_post(
            actor=world.users["coordinator"],
            partnership=world.partnership,
            type="3",
            value=Decimal(10 + k),
            currency_code="USD",
            value_date=timezone.localdate(),
            provider=world.orgs[key],
            receiver=world.orgs["county"],
        )


@pytest.mark.parametrize("source", ["survey", "records"])
def test_queries_are_bounded(client, world, waves, source, django_assert_max_num_queries):
    record(world)
    client.force_login(world.users["coordinator"])
    autumn = waves[1]
    for size in (2, 12):
        grow(world, size)
        for key in list(world.orgs)[-size:]:
            if key.startswith("member"):
                rate(world, autumn, key, {"county": (2, 3), "foundation": (1, 2)})
        with django_assert_max_num_queries(16):
            response = client.get(url(world, source=source))
        assert response.status_code == 200
