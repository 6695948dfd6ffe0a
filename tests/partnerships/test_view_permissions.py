"""Every partnership page and action, for every role (docs/permissions.md mirrors this).

Members-only partnership: people outside it get 404 whether or not it exists.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from accord.partnerships import services
from tests.conftest import ROLES

pytestmark = pytest.mark.django_db

INSIDERS = {
    "coordinator",
    "representative",
    "small_representative",
    "staff",
    "community",
    "observer",
    "invitee",
    "admin",
}
OUTSIDE = {"stranger", "outsider"}


def expected_read(role: str) -> int:
    return 200 if role in INSIDERS else 404


def expected_coordinator_only(role: str, *, anonymous: int = 302, success: int = 200) -> int:
    if role == "anonymous":
        return anonymous
    if role in OUTSIDE:
        return 404
    return success if role == "coordinator" else 403


def client_for(client, world, role):
    if role != "anonymous":
        client.force_login(world.user(role))
    return client


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    "name", ["web:partnership_home", "membership_list", "charter_detail", "event_list"]
)
def test_read_pages_of_a_members_only_partnership(client, world, role, name):
    response = client_for(client, world, role).get(
        reverse(name if ":" in name else f"partnerships:{name}", args=[world.partnership.slug])
    )
    assert response.status_code == expected_read(role)
    if response.status_code == 404:
        assert b"Lake Partnership" not in response.content


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", ["web:partnership_home", "membership_list", "charter_detail"])
def test_read_pages_of_a_public_partnership(client, public_world, role, name):
    response = client_for(client, public_world, role).get(
        reverse(
            name if ":" in name else f"partnerships:{name}", args=[public_world.partnership.slug]
        )
    )
    assert response.status_code == 200


@pytest.mark.parametrize("role", ROLES)
def test_public_partnership_feed_is_for_insiders(client, public_world, role):
    response = client_for(client, public_world, role).get(
        reverse("partnerships:event_list", args=[public_world.partnership.slug])
    )
    assert response.status_code == (200 if role in INSIDERS else 403)


@pytest.mark.parametrize("role", ROLES)
def test_public_pages_hide_member_details_from_outsiders(client, public_world, role):
    response = client_for(client, public_world, role).get(
        reverse("partnerships:membership_list", args=[public_world.partnership.slug])
    )
    pending_visible = b"Youth Network" in response.content
    assert pending_visible == (role in INSIDERS)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", ["partnership_edit", "charter_draft"])
def test_coordinator_forms(client, world, role, name):
    response = client_for(client, world, role).get(
        reverse(name if ":" in name else f"partnerships:{name}", args=[world.partnership.slug])
    )
    assert response.status_code == expected_coordinator_only(role)


@pytest.mark.parametrize("role", ROLES)
def test_status_change(client, world, role):
    url = reverse("partnerships:partnership_transition", args=[world.partnership.slug])
    response = client_for(client, world, role).post(url, {"to_status": "active", "confirm": "on"})
    assert response.status_code == expected_coordinator_only(role, success=302)
    world.partnership.refresh_from_db()
    assert (world.partnership.status == "active") == (role == "coordinator")


@pytest.mark.parametrize("role", ROLES)
def test_invite(client, world, role):
    url = reverse("partnerships:membership_list", args=[world.partnership.slug])
    response = client_for(client, world, role).post(
        url, {"action": "invite", "organization": world.orgs["school"].pk}
    )
    expected = expected_coordinator_only(role, anonymous=404, success=302)
    assert response.status_code == expected
    invited = world.partnership.memberships.filter(organization=world.orgs["school"]).exists()
    assert invited == (role == "coordinator")


@pytest.mark.parametrize("role", ROLES)
def test_respond_to_invitation(client, world, role):
    url = reverse("partnerships:membership_respond", args=[world.memberships["youth"].pk])
    response = client_for(client, world, role).post(url, {"answer": "accept"})
    membership = world.memberships["youth"]
    membership.refresh_from_db()
    if role == "invitee":
        assert response.status_code == 302 and membership.status == "accepted"
    else:
        assert response.status_code == {"anonymous": 302, "stranger": 404, "outsider": 404}.get(
            role, 403
        )
        assert membership.status == "invited"


@pytest.mark.parametrize("role", ROLES)
def test_admit(client, world, role):
    services.membership_respond(
        actor=world.users["invitee"], membership=world.memberships["youth"], accept=True
    )
    url = reverse("partnerships:membership_decide", args=[world.memberships["youth"].pk])
    response = client_for(client, world, role).post(url, {"decision": "admit"})
    membership = world.memberships["youth"]
    membership.refresh_from_db()
    if role == "coordinator":
        assert response.status_code == 302 and membership.status == "admitted"
    else:
        # the invitee's organization can see its own membership but cannot admit itself
        assert response.status_code == {"anonymous": 302, "stranger": 404, "outsider": 404}.get(
            role, 403
        )
        assert membership.status == "accepted"


@pytest.mark.parametrize("role", ROLES)
def test_withdraw(client, world, role):
    url = reverse("partnerships:membership_withdraw", args=[world.memberships["coop"].pk])
    response = client_for(client, world, role).post(url, {"reason": "leaving"})
    membership = world.memberships["coop"]
    membership.refresh_from_db()
    if role == "small_representative":
        assert response.status_code == 302 and membership.status == "withdrawn"
    else:
        assert response.status_code == {"anonymous": 302, "stranger": 404, "outsider": 404}.get(
            role, 403
        )
        assert membership.status == "admitted"


@pytest.mark.parametrize("role", ROLES)
def test_sign_charter(client, world, role):
    coordinator = world.users["coordinator"]
    version = services.charter_draft_save(
        actor=coordinator, partnership=world.partnership, common_outcome="Lake"
    )
    services.charter_publish(actor=coordinator, version=version)
    url = reverse("partnerships:charter_detail", args=[world.partnership.slug])
    response = client_for(client, world, role).post(
        url, {"organization": world.orgs["foundation"].pk, "confirm": "on"}
    )
    signed = version.signatures.filter(organization=world.orgs["foundation"]).exists()
    if role == "representative":
        assert response.status_code == 302 and signed
    else:
        assert not signed
        assert response.status_code == (404 if role in OUTSIDE | {"anonymous"} else 400)
        if role in INSIDERS:  # the form is re-shown with an error or not offered at all
            assert b"Sign charter" not in response.content or b"errorlist" in response.content


@pytest.mark.parametrize("role", ROLES)
def test_join_as_community_participant(client, public_world, role):
    url = reverse("partnerships:participant_join", args=[public_world.partnership.slug])
    response = client_for(client, public_world, role).post(url)
    joined = public_world.partnership.participants.filter(
        role="community", left_at__isnull=True
    ).count()
    if role == "anonymous":
        assert response.status_code == 302 and joined == 1
    elif role in {"community", "coordinator", "representative", "small_representative", "staff"}:
        # already taking part, in person or through an organization
        assert response.status_code == 403 and joined == 1
    else:  # anyone else signed in can join a public partnership that allows individuals
        assert response.status_code == 302 and joined == 2


def test_home_lists_only_what_the_person_may_see(client, world):
    client.force_login(world.users["outsider"])
    content = client.get("/").content
    assert b"School Partnership" in content and b"Lake Partnership" not in content
    client.force_login(world.users["invitee"])
    content = client.get("/").content
    assert b"Invitations waiting for your answer" in content and b"Youth Network" in content
