"""The accounts router: who the token belongs to, and the language they read."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema

from accord.accounts import services
from accord.accounts.auth import actor
from accord.accounts.models import AccessToken

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


# --- personal access tokens ------------------------------------------------------------------


class AccessTokenOut(Schema):
    id: int
    name: str
    prefix: str
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


class AccessTokenCreatedOut(AccessTokenOut):
    #: The token itself, shown this once: only its hash is stored.
    secret: str


class AccessTokenIn(Schema):
    name: str = Field(..., min_length=1, max_length=100)


@router.get("/tokens", response=list[AccessTokenOut])
def token_list(request: HttpRequest) -> Any:
    """One's own tokens, revoked ones included (a person holds a handful)."""
    return AccessToken.objects.filter(user_id=actor(request).pk)


@router.post("/tokens", response={201: AccessTokenCreatedOut})
def token_create(request: HttpRequest, payload: AccessTokenIn) -> Any:
    """Create a token for oneself; the answer carries its secret, which is never shown
    again."""
    token, secret = services.access_token_create(actor=actor(request), name=payload.name)
    return 201, {**AccessTokenOut.from_orm(token).dict(), "secret": secret}


@router.post("/tokens/{token_id}/revoke", response=AccessTokenOut)
def token_revoke(request: HttpRequest, token_id: int) -> Any:
    """Revoke one of one's own tokens (404 for anyone else's); revoking the token that
    signs this request is allowed, and it answers no request after."""
    return services.access_token_revoke(actor=actor(request), token_id=token_id)


@router.put("/me/time-zone", response=MeOut, operation_id="accord_api_me_time_zone")
def me_time_zone(request: HttpRequest, payload: TimeZoneIn) -> dict[str, Any]:
    """Choose the time zone (an IANA name such as Africa/Nairobi; "" follows the partnership's)."""
    services.user_set_time_zone(actor=actor(request), time_zone=payload.time_zone)
    return me(request)
