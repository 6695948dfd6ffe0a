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
    #: The zone dates and times are shown in ("" when none: the partnership's, then the site's).
    time_zone: str


class TimeZoneIn(Schema):
    time_zone: str


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
        "time_zone": user.time_zone,
    }


@router.put("/me/language", response=MeOut, operation_id="accord_api_me_language")
def me_language(request: HttpRequest, payload: LanguageIn) -> dict[str, Any]:
    """Choose the interface language (en, fr, es): pages and emails follow it."""
    services.user_set_language(actor=actor(request), language=payload.language)
    return me(request)


@router.put("/me/time-zone", response=MeOut, operation_id="accord_api_me_time_zone")
def me_time_zone(request: HttpRequest, payload: TimeZoneIn) -> dict[str, Any]:
    """Choose the time zone (an IANA name such as Africa/Nairobi; "" follows the partnership's)."""
    services.user_set_time_zone(actor=actor(request), time_zone=payload.time_zone)
    return me(request)
