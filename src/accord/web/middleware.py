"""The web's middleware: a domain error that escapes a view is a 4xx page, never a 500;
every request runs in the person's time zone."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.utils import timezone

from accord.accounts import time_zones
from accord.errors import AccordError
from accord.partnerships.models import Partnership

TEMPLATES = {403: "403.html", 404: "404.html"}


class DomainErrorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, AccordError):
            return None
        status = exception.status_code
        template = TEMPLATES.get(status, "400.html")
        body = render_to_string(template, {"message": exception.message}, request=request)
        return HttpResponse(body, status=status)


class TimeZoneMiddleware:
    """After authentication: every date-time is shown and read in the person's zone.

    Their own zone (``User.time_zone``) wins. Without one, the partnership's: on a page,
    the partnership the view already loaded for its template (no query); on a form sent
    to a partnership's address, read by its slug (one query), so that a typed date-time
    is read in the zone the page showed. Otherwise the operator's ``TIME_ZONE``.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        own = _own_zone(request)
        timezone.activate(time_zones.zone(own))
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()

    def process_view(
        self, request: HttpRequest, view: Any, args: Any, kwargs: dict[str, Any]
    ) -> None:
        slug = kwargs.get("slug")
        if slug and request.method not in SAFE_METHODS and not _own_zone(request):
            zone_name = (
                Partnership.objects.filter(slug=slug).values_list("time_zone", flat=True).first()
            )
            timezone.activate(time_zones.zone(zone_name))

    def process_template_response(
        self, request: HttpRequest, response: TemplateResponse
    ) -> TemplateResponse:
        partnership = (response.context_data or {}).get("partnership")
        if isinstance(partnership, Partnership) and not _own_zone(request):
            timezone.activate(time_zones.zone(partnership.time_zone))
        return response


SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def _own_zone(request: HttpRequest) -> str:
    if request.path.startswith("/api/"):
        # The API authenticates by token, not by the session: reading the session's user
        # here would cost every API call two queries for nothing. API date-times are UTC.
        return ""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return ""
    return getattr(user, "time_zone", "") or ""
