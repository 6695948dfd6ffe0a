"""HTML views of surveys. Thin: parse, call one service or selector, render."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from accord.core.http import handles_domain_errors
from accord.errors import NotFound
from accord.partnerships import selectors as partnership_selectors
from accord.surveys.selectors import waves as wave_selectors


def _partnership(request: HttpRequest, slug: str) -> Any:
    """The partnership if the actor may read its surveys; 404 for everyone else."""
    partnership = partnership_selectors.partnership_get(actor=request.user, slug=slug)
    if not request.user.has_perm("surveys.view_surveys", partnership):
        raise NotFound()
    return partnership


def _context(request: HttpRequest, partnership: Any, **extra: Any) -> dict[str, Any]:
    return {
        "partnership": partnership,
        "tab": "surveys",
        "is_insider": True,
        "can_manage": request.user.has_perm("surveys.manage_waves", partnership),
        **extra,
    }


@handles_domain_errors
def wave_list(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = _partnership(request, slug)
    rows = wave_selectors.wave_list(actor=request.user, partnership=partnership)
    return TemplateResponse(
        request, "surveys/wave_list.html", _context(request, partnership, rows=rows)
    )
