"""The GAO practices page: each practice's live score from the partnership's records,
next to the members' self-assessment."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from accord.core.http import handles_domain_errors
from accord.errors import NotFound
from accord.partnerships import selectors as partnership_selectors


@handles_domain_errors
def gao(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = partnership_selectors.partnership_get(actor=request.user, slug=slug)
    if not partnership_selectors.is_insider(actor=request.user, partnership=partnership):
        raise NotFound("No such partnership.")
    context = {"partnership": partnership, "tab": "balance", "is_insider": True}
    return TemplateResponse(request, "balance/gao.html", context)
