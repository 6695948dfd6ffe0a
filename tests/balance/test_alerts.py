"""Alerts in plain language from the partnership's thresholds, against the hand-computed
case of conftest, and the thresholds' validation."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accord.balance import services
from accord.balance.models import BalanceSettings
from accord.balance.selectors import alerts as alert_selectors
from accord.balance.selectors.alerts import (
    BENEFIT_GAP,
    INDIVIDUAL_BENEFITS,
    POWER_TOP,
    RESOURCES_TOP,
    VETO,
    VOICE_GAP,
    balance_alerts,
    balance_settings_get,
)
from accord.balance.selectors.dashboard import balance_dashboard
from accord.decisions import services as decision_services
from accord.errors import Forbidden, Invalid
from tests.api.conftest import Api

pytestmark = pytest.mark.django_db


def _speak(world) -> None:
    """County writes a proposal; Foundation's people write 5 comments, Coop's 1."""
    proposal = decision_services.proposal_create(
        actor=world.users["coordinator"], partnership=world.partnership, title="Close the bay"
    )
    for role, count in (("representative", 3), ("staff", 2), ("small_representative", 1)):
        for _ in range(count):
            decision_services.comment_add(actor=world.users[role], proposal=proposal, body="Yes.")


def _alerts(partnership, **thresholds):
    settings = balance_settings_get(partnership=partnership)
    for name, value in thresholds.items():
        setattr(settings, name, value)
    return balance_alerts(dashboard=balance_dashboard(partnership=partnership), thresholds=settings)


def _by_code(alerts):
    found: dict[str, list[str]] = {}
    for alert in alerts:
        found.setdefault(alert.code, []).append(alert.message)
    return found


def test_veto_power_and_money_alerts(balanced):
    found = _by_code(_alerts(balanced.partnership))
    assert found[VETO] == [
        "Under the rule for allocating pooled money, Foundation can block every decision alone."
    ]
    assert found[RESOURCES_TOP] == ["Foundation delivered 60 % of all the resources."]
    assert found[POWER_TOP] == [
        "Under the rule for allocating pooled money, Foundation holds 60 % of the voting power."
    ]


def test_thresholds_silence_alerts(balanced):
    found = _by_code(
        _alerts(
            balanced.partnership, alert_veto=False, resources_top_percent=60, power_top_percent=61
        )
    )
    assert VETO not in found and POWER_TOP not in found
    assert RESOURCES_TOP not in found  # 60 % is not more than 60 %


def test_benefit_alerts(balanced):
    found = _by_code(_alerts(balanced.partnership, minimum_records=4))
    assert found[BENEFIT_GAP] == [
        "Philanthropic: 33 % of the members, but 0 % of the benefits received."
    ]
    assert INDIVIDUAL_BENEFITS not in found  # 50 % individual, under 75 %
    found = _by_code(
        _alerts(balanced.partnership, minimum_records=4, individual_benefits_percent=40)
    )
    assert found[INDIVIDUAL_BENEFITS] == [
        "50 % of the recorded benefits were individual; 25 % reached an institution."
    ]
    # five benefits needed by default: four are not judged
    assert BENEFIT_GAP not in _by_code(_alerts(balanced.partnership, minimum_records=5))


def test_voice_alert_this_quarter(balanced):
    world = balanced.world
    _speak(world)
    board = balance_dashboard(partnership=world.partnership)
    county = board.groups[[g.group for g in board.groups].index("public")]
    assert board.comments_this_quarter == {"philanthropic": 5.0, "community": 1.0}
    voice = next(c for c in board.columns if c.kind == "voice")
    assert voice.total == 7  # the proposal and six comments
    assert voice.group_share("public") == pytest.approx(1 / 7)
    assert county.name == "Public sector"
    found = _by_code(_alerts(world.partnership, minimum_records=6))
    assert found[VOICE_GAP] == [
        "Public sector: 33 % of the members, but 0 % of the comments written this quarter."
    ]
    assert VOICE_GAP not in _by_code(_alerts(world.partnership, minimum_records=7))


def test_alerts_link_to_their_evidence(balanced, client):
    world = balanced.world
    slug = world.partnership.slug
    alerts = _alerts(world.partnership, minimum_records=4)
    urls = {a.code: a.evidence_url for a in alerts}
    assert urls[VETO] == reverse("decisions:power_analysis", args=[slug]) + (
        f"?rules={balanced.rule.pk}"
    )
    assert urls[BENEFIT_GAP] == reverse("results:benefit_summary", args=[slug])
    client.force_login(world.users["coordinator"])
    for url in urls.values():
        assert client.get(url).status_code == 200


def test_alerts_on_the_dashboard_and_the_overview(balanced, client):
    world = balanced.world
    client.force_login(world.users["small_representative"])
    page = client.get(reverse("balance:dashboard", args=[world.partnership.slug]))
    home = client.get(reverse("web:partnership_home", args=[world.partnership.slug]))
    message = "Under the rule for allocating pooled money, Foundation can block every decision"
    assert message in page.content.decode()
    assert message in home.content.decode()
    client.force_login(world.users["outsider"])
    # the public overview of a members-only partnership is a 404; no alert leaks elsewhere
    assert (
        client.get(reverse("web:partnership_home", args=[world.partnership.slug])).status_code
        == 404
    )


# --- thresholds -----------------------------------------------------------------------------


def test_settings_default_without_writing(world):
    settings = balance_settings_get(partnership=world.partnership)
    assert settings.pk is None and settings.voice_gap_percent == 50
    assert not BalanceSettings.objects.exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("voice_gap_percent", 0),
        ("power_top_percent", 101),
        ("minimum_records", 0),
        ("minimum_records", 100_001),
        ("individual_benefits_percent", "many"),
    ],
)
def test_a_threshold_out_of_range_is_a_clear_error(world, field, value):
    with pytest.raises(Invalid) as caught:
        services.balance_settings_update(
            actor=world.users["coordinator"], partnership=world.partnership, **{field: value}
        )
    assert field in caught.value.field_errors
    assert not BalanceSettings.objects.exists()


def test_only_coordinators_tune(world):
    with pytest.raises(Forbidden):
        services.balance_settings_update(
            actor=world.users["representative"], partnership=world.partnership, alert_veto=False
        )
    row = services.balance_settings_update(
        actor=world.users["coordinator"], partnership=world.partnership, alert_veto=False
    )
    assert row.alert_veto is False and row.updated_by == world.users["coordinator"]


def test_the_page_shows_the_error_beside_the_field(world, client):
    client.force_login(world.users["coordinator"])
    url = reverse("balance:dashboard_settings", args=[world.partnership.slug])
    data = {
        "voice_gap_percent": 150,
        "benefit_gap_percent": 50,
        "resources_top_percent": 50,
        "power_top_percent": 50,
        "individual_benefits_percent": 75,
        "minimum_records": 10,
    }
    response = client.post(url, data)
    assert response.status_code == 400
    assert "Enter a percentage between 1 and 100." in response.content.decode()
    assert not BalanceSettings.objects.exists()


def test_the_api_refuses_a_threshold_out_of_range(world, client):
    api = Api(client, world)
    path = f"/partnerships/{world.partnership.slug}/balance/settings"
    response = api.send("patch", "coordinator", path, {"voice_gap_percent": 0})
    assert response.status_code == 422
    assert "voice_gap_percent" in response.json()["detail"]
    assert not BalanceSettings.objects.exists()


def test_partnership_alerts_are_cached_until_something_changes(
    balanced, django_assert_max_num_queries
):
    partnership = balanced.partnership
    first = alert_selectors.partnership_alerts(partnership=partnership)
    with django_assert_max_num_queries(2):
        again = alert_selectors.partnership_alerts(partnership=partnership)
    assert again == first
    services.balance_settings_update(
        actor=balanced.world.users["coordinator"], partnership=partnership, alert_veto=False
    )
    assert VETO not in _by_code(alert_selectors.partnership_alerts(partnership=partnership))
