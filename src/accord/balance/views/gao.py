"""The GAO practices page: each practice's live score from the partnership's records,
next to the members' self-assessment."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from accord.balance.selectors import gao as gao_selectors
from accord.core.http import handles_domain_errors
from accord.errors import NotFound
from accord.partnerships import selectors as partnership_selectors


def _partnership(request: HttpRequest, slug: str) -> Any:
    """The partnership if the actor is an insider; 404 for everyone else (members only)."""
    partnership = partnership_selectors.partnership_get(actor=request.user, slug=slug)
    if not request.user.has_perm("balance.view_balance", partnership):
        raise NotFound(_("No such partnership."))
    return partnership


def wave_param(value: str | None) -> int | None:
    """The ``wave`` query parameter: absent, or ASCII digits (anything else is no wave)."""
    if not value:
        return None
    if not (value.isascii() and value.isdigit() and len(value) <= 18):
        raise NotFound(_("No such self-assessment wave."))
    return int(value)


@require_safe
@handles_domain_errors
def gao(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = _partnership(request, slug)
    page = gao_selectors.gao_page(
        actor=request.user,
        partnership=partnership,
        wave_id=wave_param(request.GET.get("wave")),
    )
    context = {
        "partnership": partnership,
        "tab": "balance",
        "subtab": "gao",
        "is_insider": True,
        "page": page,
        "large_gap": round(gao_selectors.gao_scoring.LARGE_GAP),
    }
    return TemplateResponse(request, "balance/gao.html", context)
