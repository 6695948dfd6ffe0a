"""Permanent acts ask for a tick in the same form (issue 14, item 8): publishing a charter,
signing it, changing the partnership's status. Without it: 400, the error beside the box,
nothing changed. A charter with empty sections is published only when the coordinator says
so; the common outcome is required and refuses outright."""

from __future__ import annotations

from django.urls import reverse

from accord.partnerships import services
from accord.partnerships.models import CharterVersion

FULL = {
    "common_outcome": "A living lake",
    "shared_values": "Care",
    "joint_strategies": "Clean the shores",
    "roles_and_responsibilities": "Foundation funds",
    "policy_data_sharing": "Open data",
    "policy_intellectual_property": "CC-BY",
    "policy_conflict_resolution": "Mediation",
    "policy_exit": "Three months' notice",
}


def _draft_url(world):
    return reverse("partnerships:charter_draft", args=[world.partnership.slug])


def test_publish_without_the_tick_is_refused_and_nothing_is_saved(client, world):
    client.force_login(world.user("coordinator"))
    response = client.post(_draft_url(world), {**FULL, "action": "publish"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Tick the box to confirm publishing" in body
    assert 'name="confirm_publish"' in body
    assert not CharterVersion.objects.filter(partnership=world.partnership).exists()


def test_publish_with_the_tick_publishes(client, world):
    client.force_login(world.user("coordinator"))
    data = {**FULL, "action": "publish", "confirm_publish": "on"}
    assert client.post(_draft_url(world), data).status_code == 302
    assert CharterVersion.objects.get(partnership=world.partnership).is_published


def test_saving_a_draft_needs_no_tick(client, world):
    client.force_login(world.user("coordinator"))
    response = client.post(_draft_url(world), {"common_outcome": "Lake", "action": "save"})
    assert response.status_code == 302
    assert not CharterVersion.objects.get(partnership=world.partnership).is_published


def test_empty_sections_are_named_and_need_their_own_tick(client, world):
    client.force_login(world.user("coordinator"))
    data = {"common_outcome": "Lake", "policy_exit": "Notice", "action": "publish"}
    refused = client.post(_draft_url(world), {**data, "confirm_publish": "on"})
    assert refused.status_code == 400
    body = refused.content.decode()
    assert "These sections are empty: Shared values, Joint strategies" in body
    assert (
        "Conflict-resolution policy." in body
        and "Exit policy" not in body.split("These sections are empty")[1].split(".")[0]
    )
    assert 'name="confirm_empty"' in body
    assert not CharterVersion.objects.filter(partnership=world.partnership).exists()
    ok = client.post(_draft_url(world), {**data, "confirm_publish": "on", "confirm_empty": "on"})
    assert ok.status_code == 302
    assert CharterVersion.objects.get(partnership=world.partnership).is_published


def test_the_common_outcome_is_required_whatever_is_ticked(client, world):
    client.force_login(world.user("coordinator"))
    data = {**FULL, "common_outcome": "", "action": "publish"}
    response = client.post(
        _draft_url(world), {**data, "confirm_publish": "on", "confirm_empty": "on"}
    )
    assert response.status_code == 400
    assert not CharterVersion.objects.filter(partnership=world.partnership).exists()


def test_sign_without_the_tick_is_refused(client, world):
    coordinator = world.users["coordinator"]
    version = services.charter_draft_save(
        actor=coordinator, partnership=world.partnership, common_outcome="Lake"
    )
    services.charter_publish(actor=coordinator, version=version)
    client.force_login(world.user("representative"))
    url = reverse("partnerships:charter_detail", args=[world.partnership.slug])
    assert "I understand a signature cannot be withdrawn." in client.get(url).content.decode()
    response = client.post(url, {"organization": world.orgs["foundation"].pk})
    assert response.status_code == 400
    assert "Tick the box to confirm the signature." in response.content.decode()
    assert not version.signatures.exists()


def test_status_change_without_the_tick_is_refused(client, world):
    client.force_login(world.user("coordinator"))
    home = reverse("web:partnership_home", args=[world.partnership.slug])
    assert 'name="confirm"' in client.get(home).content.decode()
    url = reverse("partnerships:partnership_transition", args=[world.partnership.slug])
    before = world.partnership.status
    response = client.post(url, {"to_status": "active"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Tick the box to confirm the change of status." in body
    assert 'value="active" selected' in body
    world.partnership.refresh_from_db()
    assert world.partnership.status == before
