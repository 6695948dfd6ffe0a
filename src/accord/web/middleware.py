"""Last line of defence: a domain error that escapes a view is a 4xx page, never a 500."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

from accord.errors import AccordError

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
