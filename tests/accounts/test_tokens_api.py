"""One's own access tokens through the API (issue 16, item 6), for every role."""

from __future__ import annotations

import pytest

from accord.accounts.models import AccessToken
from tests.api.conftest import Api
from tests.conftest import ROLES

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", ROLES)
def test_tokens_are_ones_own(client, world, role):
    api = Api(client, world)
    created = api.post(role, "/tokens", {"name": "reporting script"})
    if role == "anonymous":
        assert created.status_code == 401
        assert api.get(role, "/tokens").status_code == 401
        assert not AccessToken.objects.filter(name="reporting script").exists()
        return
    assert created.status_code == 201, created.content
    secret = created.json()["secret"]
    assert secret.startswith("acc_")
    # the new token works, and lists without its secret
    listed = client.get("/api/v1/tokens", headers={"Authorization": f"Bearer {secret}"})
    assert listed.status_code == 200
    assert {t["name"] for t in listed.json()} == {"tests", "reporting script"}
    assert all("secret" not in t for t in listed.json())
    token_id = created.json()["id"]
    # nobody else may revoke it
    other_role = "stranger" if role != "stranger" else "outsider"
    assert api.post(other_role, f"/tokens/{token_id}/revoke").status_code == 404
    assert AccessToken.objects.get(pk=token_id).revoked_at is None
    revoked = api.post(role, f"/tokens/{token_id}/revoke")
    assert revoked.status_code == 200 and revoked.json()["revoked_at"] is not None
    after = client.get("/api/v1/tokens", headers={"Authorization": f"Bearer {secret}"})
    assert after.status_code == 401


def test_token_without_a_name_is_refused(client, world):
    api = Api(client, world)
    before = AccessToken.objects.count()
    assert api.post("coordinator", "/tokens", {"name": "   "}).status_code == 400
    assert api.post("coordinator", "/tokens", {"name": "x" * 101}).status_code == 422
    assert AccessToken.objects.count() == before + 1  # the test client's own token
