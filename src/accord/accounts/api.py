"""The accounts router: who the token belongs to, and the language they read."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from accord.accounts import services
from accord.accounts.auth import actor

router = Router(tags=["accounts"])


class MeOut(Schema):
    id: int
    email: str
    name: str
    is_platform_admin: bool
    #: The interface language chosen ("" when none: the browser's, then the site's).
    language: str


class LanguageIn(Schema):
    language: str


@router.get("/me", response=MeOut, operation_id="accord_api_me")  # as before the move
def me(request: HttpRequest) -> dict[str, Any]:
    user = actor(request)
    return {
        "id": user.pk,
        "email": user.email,
        "name": user.name,
        "is_platform_admin": user.is_superuser,
        "language": user.language,
    }


@router.put("/me/language", response=MeOut, operation_id="accord_api_me_language")
def me_language(request: HttpRequest, payload: LanguageIn) -> dict[str, Any]:
    """Choose the interface language (en, fr, es): pages and emails follow it."""
    services.user_set_language(actor=actor(request), language=payload.language)
    return me(request)
