"""Who an API request comes from: a personal access token, or the anonymous public.

The accounts app owns the tokens, so it owns reading them; ``accord.core.api`` re-exports
these for the apps' routers.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer

from accord.accounts import services as account_services


class TokenAuth(HttpBearer):
    """``Authorization: Bearer acc_…`` with a personal access token. A bad token is a 401."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = account_services.access_token_authenticate(token)
        if user is None:
            raise AuthenticationError(401, _("The access token is unknown or revoked."))
        request.user = user
        return user


def anonymous(request: HttpRequest) -> Any:
    """Read endpoints also answer without a token, as the public would see them."""
    if request.headers.get("Authorization"):
        return None  # a token was sent but TokenAuth refused it; never fall back silently
    return AnonymousUser()


token_auth = TokenAuth()
read_auth = [token_auth, anonymous]


def actor(request: HttpRequest) -> Any:
    """Who is asking: the token's user, or the anonymous public on a read endpoint."""
    return request.auth if request.auth is not None else AnonymousUser()  # type: ignore[attr-defined]
