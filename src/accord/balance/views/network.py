"""The network page (read only): metrics, the picture and the changes between waves."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from accord.balance.selectors import network as network_selectors
from accord.core.http import handles_domain_errors
from accord.errors import NotFound
from accord.partnerships import selectors as partnership_selectors


def _partnership(request: HttpRequest, slug: str) -> Any:
    """The partnership if the actor is an insider; 404 for everyone else (members only)."""
    partnership = partnership_selectors.partnership_get(actor=request.user, slug=slug)
    if not request.user.has_perm("balance.view_balance", partnership):
        raise NotFound(_("No such partnership."))
    return partnership


def id_param(value: str | None) -> int | None:
    """An optional wave id from the query string: ASCII digits, else no such wave (404)."""
    if not value:
        return None
    if not (value.isascii() and value.isdigit() and len(value) <= 18):
        raise NotFound(_("No such wave of the partner network survey."))
    return int(value)


def source_param(value: str | None) -> network_selectors.Source | None:
    if not value:
        return None
    if value not in ("survey", "records"):
        raise NotFound(_("No such source of ties."))
    return value  # type: ignore[return-value]


@require_safe
@handles_domain_errors
def network(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = _partnership(request, slug)
    page = network_selectors.network_page(
        actor=request.user,
        partnership=partnership,
        source=source_param(request.GET.get("source")),
        wave_id=id_param(request.GET.get("wave")),
        before_id=id_param(request.GET.get("before")),
    )
    context = {
        "partnership": partnership,
        "tab": "balance",
        "subtab": "network",
        "is_insider": True,
        "page": page,
    }
    return TemplateResponse(request, "balance/network.html", context)
