"""The accounts router: who the token belongs to."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from accord.accounts.auth import actor

router = Router(tags=["accounts"])


class MeOut(Schema):
    id: int
    email: str
    name: str
    is_platform_admin: bool


@router.get("/me", response=MeOut, operation_id="accord_api_me")  # as before the move
def me(request: HttpRequest) -> dict[str, Any]:
    user = actor(request)
    return {
        "id": user.pk,
        "email": user.email,
        "name": user.name,
        "is_platform_admin": user.is_superuser,
    }
