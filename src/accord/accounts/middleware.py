"""The signed-in person's interface language, remembered on their account."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils import translation

from accord.accounts.services import language_is_offered


class UserLanguageMiddleware:
    """After ``AuthenticationMiddleware``: a signed-in person who chose a language reads
    every page in it, whatever the browser says (LocaleMiddleware has already chosen from
    the cookie, then Accept-Language, for everyone else)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # The API authenticates by token, not by the session: it follows Accept-Language
        # (LocaleMiddleware) and reads no session user (two queries on every call).
        user = None if request.path.startswith("/api/") else getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            language = getattr(user, "language", "")
            if language and language_is_offered(language):
                translation.activate(language)
                request.LANGUAGE_CODE = language
        return self.get_response(request)
