"""The REST API: every endpoint for every role, and errors that never become 500."""

from __future__ import annotations

import pytest

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
OUTSIDE = {"stranger", "outsider", "anonymous"}


def coordinator_only(role: str, success: int) -> int:
    if role in OUTSIDE:
        return 404 if role != "anonymous" else 401
    return success if role == "coordinator" else 403


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("suffix", ["", "/memberships", "/charter", "/events", "/participants"])
def test_reads_of_a_members_only_partnership(api, world, role, suffix):
    response = api.get(role, f"/partnerships/{world.partnership.slug}{suffix}")
    assert response.status_code == (200 if role in INSIDERS else 404)
    assert response["Content-Type"].startswith("application/json")


@pytest.mark.parametrize("role", ROLES)
def test_partnership_list_shows_only_visible(api, world, role):
    response = api.get(role, "/partnerships")
    assert response.status_code == 200
    slugs = {item["slug"] for item in response.json()["items"]}
    assert (world.partnership.slug in slugs) == (role in INSIDERS)
    assert (world.other_partnership.slug in slugs) == (role in {"outsider", "admin"})


@pytest.mark.parametrize("role", ROLES)
def test_update_partnership(api, world, role):
    response = api.send(
        "patch", role, f"/partnerships/{world.partnership.slug}", {"places": "North shore"}
    )
    assert response.status_code == coordinator_only(role, 200)
    world.partnership.refresh_from_db()
    assert (world.partnership.places == "North shore") == (role == "coordinator")


@pytest.mark.parametrize("role", ROLES)
def test_status_transition(api, world, role):
    response = api.post(
        role, f"/partnerships/{world.partnership.slug}/status", {"status": "active"}
    )
    assert response.status_code == coordinator_only(role, 200)


@pytest.mark.parametrize("role", ROLES)
def test_invite(api, world, role):
    response = api.post(
        role,
        f"/partnerships/{world.partnership.slug}/memberships",
        {"organization_id": world.orgs["school"].pk},
    )
    assert response.status_code == coordinator_only(role, 201)


@pytest.mark.parametrize("role", ROLES)
def test_respond(api, world, role):
    response = api.post(
        role, f"/memberships/{world.memberships['youth'].pk}/respond", {"accept": True}
    )
    if role == "invitee":
        assert response.status_code == 200 and response.json()["status"] == "accepted"
    else:
        assert response.status_code == {"anonymous": 401, "stranger": 404, "outsider": 404}.get(
            role, 403
        )


@pytest.mark.parametrize("role", ROLES)
def test_decide(api, world, role):
    services.membership_respond(
        actor=world.users["invitee"], membership=world.memberships["youth"], accept=True
    )
    response = api.post(
        role, f"/memberships/{world.memberships['youth'].pk}/decide", {"admit": True}
    )
    if role == "coordinator":
        assert response.status_code == 200 and response.json()["status"] == "admitted"
    else:
        assert response.status_code == {"anonymous": 401, "stranger": 404, "outsider": 404}.get(
            role, 403
        )


@pytest.mark.parametrize("role", ROLES)
def test_withdraw(api, world, role):
    response = api.post(
        role, f"/memberships/{world.memberships['coop'].pk}/withdraw", {"reason": "done"}
    )
    if role == "small_representative":
        assert response.status_code == 200 and response.json()["status"] == "withdrawn"
    else:
        assert response.status_code == {"anonymous": 401, "stranger": 404, "outsider": 404}.get(
            role, 403
        )


@pytest.mark.parametrize("role", ROLES)
def test_charter_draft_publish_sign(api, world, role):
    slug = world.partnership.slug
    response = api.send(
        "put", role, f"/partnerships/{slug}/charter/draft", {"common_outcome": "A lake for all"}
    )
    assert response.status_code == coordinator_only(role, 200)
    if role != "coordinator":
        api.send(
            "put",
            "coordinator",
            f"/partnerships/{slug}/charter/draft",
            {"common_outcome": "A lake for all"},
        )
    response = api.post(role, f"/partnerships/{slug}/charter/draft/publish")
    assert response.status_code == coordinator_only(role, 200)
    if role != "coordinator":
        api.post("coordinator", f"/partnerships/{slug}/charter/draft/publish")
    response = api.post(role, f"/partnerships/{slug}/charter/1/signatures", {})
    expected = {"anonymous": 401, "stranger": 404, "outsider": 404}.get(
        role, 201 if role in {"representative", "small_representative", "coordinator"} else 403
    )
    assert response.status_code == expected


def test_charter_shows_who_signed(api, world):
    slug = world.partnership.slug
    api.send(
        "put",
        "coordinator",
        f"/partnerships/{slug}/charter/draft",
        {"common_outcome": "A lake for all"},
    )
    api.post("coordinator", f"/partnerships/{slug}/charter/draft/publish")
    api.post("representative", f"/partnerships/{slug}/charter/1/signatures", {})
    (version,) = api.get("observer", f"/partnerships/{slug}/charter").json()
    assert version["in_force"] and version["sections"]["common_outcome"] == "A lake for all"
    assert {s["organization"]: s["signed"] for s in version["signatures"]} == {
        "County": False,
        "Fisher Coop": False,
        "Foundation": True,
    }


def test_create_partnership_and_organization(api, world):
    response = api.post(
        "stranger",
        "/organizations",
        {
            "name": "New NGO",
            "sector": "civil_society",
            "capacity": "small",
            "expertise_offered": ["Training"],
        },
    )
    assert response.status_code == 201, response.content
    org = response.json()
    assert org["iati_type"] == "22" and org["expertise_offered"] == ["Training"]
    response = api.post(
        "stranger",
        "/partnerships",
        {
            "name": "River Pact",
            "purpose": "Clean river",
            "type": "network",
            "modality": "business_ngo",
            "sdg_targets": ["6.3"],
            "lead_organization_id": org["id"],
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "forming" and body["sdg_targets"] == ["6.3"]
    assert (
        api.get("stranger", f"/partnerships/{body['slug']}/memberships").json()["items"][0][
            "organization"
        ]
        == "New NGO"
    )


@pytest.mark.parametrize(
    ("method", "path", "body", "status", "message"),
    [
        ("post", "/partnerships", {"name": "X"}, 422, "purpose"),
        (
            "post",
            "/partnerships",
            {"name": "X", "purpose": "Y", "type": "cartel", "modality": "business_ngo"},
            422,
            "type",
        ),
        (
            "post",
            "/partnerships",
            {
                "name": "X",
                "purpose": "Y",
                "type": "network",
                "modality": "business_ngo",
                "sdg_targets": ["99.1"],
            },
            400,
            "99.1",
        ),
        ("post", "/partnerships", "not json at all", 400, "parse"),
        (
            "post",
            "/organizations",
            {"name": "County", "sector": "public", "capacity": "large"},
            409,
            "already exists",
        ),
        (
            "post",
            "/organizations",
            {"name": "Y", "sector": "public", "capacity": "large", "country": "ZZZ"},
            400,
            "country",
        ),
        ("get", "/partnerships/does-not-exist", None, 404, "No such partnership"),
        ("get", "/memberships/999999/respond", None, 405, ""),
    ],
)
def test_bad_input_gets_a_clear_4xx(api, world, method, path, body, status, message):
    response = (
        api.get("coordinator", path) if method == "get" else api.post("coordinator", path, body)
    )
    assert response.status_code == status, response.content
    if message:
        assert message in response.json()["detail"]


def test_bad_token_is_401_not_anonymous(client, world):
    response = client.get("/api/v1/partnerships", headers={"Authorization": "Bearer acc_nope"})
    assert response.status_code == 401
    assert "token" in response.json()["detail"]


def test_revoked_token_stops_working(api, world):
    from accord.accounts import services as account_services
    from accord.accounts.models import AccessToken

    assert api.get("coordinator", "/me").status_code == 200
    token = AccessToken.objects.get(user=world.users["coordinator"])
    account_services.access_token_revoke(actor=world.users["coordinator"], token_id=token.pk)
    assert api.get("coordinator", "/me").status_code == 401


def test_openapi_document_and_docs(client, db):
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["info"]["title"] == "Accord API"
    for path in [
        "/api/v1/partnerships",
        "/api/v1/partnerships/{slug}/charter",
        "/api/v1/memberships/{membership_id}/respond",
    ]:
        assert path in schema["paths"]
    assert client.get("/api/v1/docs").status_code == 200


def test_public_partnership_reads_without_token(public_api, public_world):
    response = public_api.get(
        "anonymous", f"/partnerships/{public_world.partnership.slug}/memberships"
    )
    assert response.status_code == 200
    names = {m["organization"] for m in response.json()["items"]}
    assert names == {"County", "Foundation", "Fisher Coop"}  # the pending invitation is not public
    assert (
        public_api.get(
            "anonymous", f"/partnerships/{public_world.partnership.slug}/events"
        ).status_code
        == 403
    )
