"""What a 403 page says about the page that was refused: its name in words and, when the
person may see the partnership at all, which partnership it belongs to."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import template
from django.http import HttpRequest
from django.urls import Resolver404, resolve
from django.utils.translation import gettext_lazy as _

from accord.partnerships.models import Partnership

register = template.Library()

#: Pages by URL name, then areas by app namespace (the fallback for a page not named here).
PAGE_NAMES: dict[str, Any] = {
    "partnerships:partnership_edit": _("the partnership's settings"),
    "partnerships:partnership_transition": _("the partnership's status"),
    "partnerships:membership_list": _("the members page"),
    "partnerships:charter_detail": _("the charter"),
    "partnerships:charter_draft": _("the charter draft"),
    "partnerships:event_list": _("the activity feed"),
    "resources:resource_summary": _("the resources summary"),
    "resources:ledger_list": _("the ledger"),
    "resources:pledge_list": _("the pledges"),
    "resources:support_list": _("the support requests"),
    "resources:import_file": _("the ledger import"),
    "resources:rate_list": _("the exchange rates"),
    "resources:workplan": _("the workplan"),
    "decisions:rule_list": _("the decision rules"),
    "decisions:power_analysis": _("the power analysis"),
    "decisions:decision_log": _("the decision log"),
    "results:action_item_list": _("the action items"),
    "results:commitment_list": _("the commitments"),
    "results:report": _("the period report"),
    "accounts:token_list": _("your API tokens"),
}
AREA_NAMES: dict[str, Any] = {
    "partnerships": _("a page of the partnership"),
    "resources": _("a resources page"),
    "decisions": _("a decisions page"),
    "results": _("a results page"),
    "participation": _("a participation page"),
    "surveys": _("a surveys page"),
    "balance": _("a balance page"),
    "stakeholders": _("a stakeholders page"),
    "interop": _("an exchange page"),
}


@dataclass(frozen=True)
class RequestedPage:
    name: Any  # a lazy translated string
    partnership: Partnership | None  # only when the person may see it


@register.simple_tag
def requested_page(request: HttpRequest) -> RequestedPage:
    """Name the page that was refused. The partnership is named only to people allowed to
    see it, so a refusal never reveals a members-only partnership."""
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return RequestedPage(_("this page"), None)
    name = PAGE_NAMES.get(match.view_name) or AREA_NAMES.get(match.namespace) or _("this page")
    slug = match.kwargs.get("slug")
    partnership = Partnership.objects.filter(slug=slug).first() if slug else None
    if partnership is not None and not request.user.has_perm(
        "partnerships.view_partnership", partnership
    ):
        partnership = None
    return RequestedPage(name, partnership)
