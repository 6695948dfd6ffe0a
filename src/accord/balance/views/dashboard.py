"""The balance dashboard and its alert thresholds."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from accord.core.http import handles_domain_errors
from accord.partnerships import selectors as partnership_selectors


def _partnership(request: HttpRequest, slug: str) -> Any:
    return partnership_selectors.partnership_get_for(
        actor=request.user, slug=slug, perm="balance.view_balance"
    )


@handles_domain_errors
def dashboard(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = _partnership(request, slug)
    context = {"partnership": partnership, "tab": "balance", "is_insider": True}
    return TemplateResponse(request, "balance/dashboard.html", context)


@handles_domain_errors
def dashboard_settings(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = _partnership(request, slug)
    context = {"partnership": partnership, "tab": "balance", "is_insider": True}
    return TemplateResponse(request, "balance/dashboard.html", context)
