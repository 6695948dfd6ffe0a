from __future__ import annotations

from typing import Any

import pytest

from accord.accounts import services as account_services


class Api:
    """A tiny API client that signs requests with a person's access token."""

    def __init__(self, client: Any, world: Any) -> None:
        self.client = client
        self.world = world
        self._tokens: dict[str, str] = {}

    def headers(self, role: str) -> dict[str, str]:
        if role == "anonymous":
            return {}
        if role not in self._tokens:
            _, self._tokens[role] = account_services.access_token_create(
                actor=self.world.user(role), name="tests"
            )
        return {"Authorization": f"Bearer {self._tokens[role]}"}

    def get(self, role: str, path: str) -> Any:
        return self.client.get(f"/api/v1{path}", headers=self.headers(role))

    def send(self, method: str, role: str, path: str, body: Any = None) -> Any:
        call = getattr(self.client, method)
        return call(
            f"/api/v1{path}",
            data=body if body is not None else {},
            content_type="application/json",
            headers=self.headers(role),
        )

    def post(self, role: str, path: str, body: Any = None) -> Any:
        return self.send("post", role, path, body)


@pytest.fixture
def api(client: Any, world: Any) -> Api:
    return Api(client, world)


@pytest.fixture
def public_api(client: Any, public_world: Any) -> Api:
    return Api(client, public_world)
