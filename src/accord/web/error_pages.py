"""The site's 404 and 500 answers: JSON under /api/ (as the API documents), the HTML pages
elsewhere. The API's own handlers (core.api) cover the requests that reach an operation;
these cover the rest, such as an address no operation matches (``/api/v1/x/-1``)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.views import defaults


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def not_found(request: HttpRequest, exception: Any = None) -> HttpResponse:
    if _is_api(request):
        return JsonResponse({"detail": _("Not found.")}, status=404)
    return defaults.page_not_found(request, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    if _is_api(request):
        return JsonResponse(
            {"detail": _("Something went wrong on our side. The error has been logged.")},
            status=500,
        )
    return defaults.server_error(request)
