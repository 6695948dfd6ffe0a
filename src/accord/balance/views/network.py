"""The network page (read only): metrics, the picture and the changes between waves."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from accord.core.http import handles_domain_errors
from accord.partnerships import selectors as partnership_selectors


@handles_domain_errors
def network(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = partnership_selectors.partnership_get_for(
        actor=request.user,
        slug=slug,
        perm="partnerships.view_feed",
        message=_("The partnership's network is visible to its members."),
    )
    return TemplateResponse(request, "balance/network.html", {"partnership": partnership})
