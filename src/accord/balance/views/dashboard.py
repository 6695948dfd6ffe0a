"""The balance dashboard and its alert thresholds.

The dashboard reads stored figures only; a power analysis that is not stored yet is
queued by a POST ("Compute now"), as on the power page, never on a GET.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accord.balance import forms, services
from accord.balance.selectors import alerts as alert_selectors
from accord.balance.selectors import dashboard as dashboard_selectors
from accord.balance.selectors import dashboard_sources
from accord.core.http import form_submit, handles_domain_errors
from accord.decisions import selectors as decision_selectors
from accord.decisions import services as decision_services
from accord.errors import Forbidden, NotFound
from accord.partnerships import selectors as partnership_selectors

#: How often the dashboard reloads itself while a power analysis is being computed.
REFRESH_SECONDS = 5


def _partnership(request: HttpRequest, slug: str) -> Any:
    """The partnership if the actor is an insider; 404 for everyone else (members only)."""
    partnership = partnership_selectors.partnership_get(actor=request.user, slug=slug)
    if not request.user.has_perm("balance.view_balance", partnership):
        raise NotFound(_("No such partnership."))
    return partnership


def _context(request: HttpRequest, partnership: Any, **extra: Any) -> dict[str, Any]:
    return {
        "partnership": partnership,
        "tab": "balance",
        "subtab": "dashboard",
        "is_insider": True,
        "can_tune": request.user.has_perm("balance.change_balance_settings", partnership),
        **extra,
    }


@handles_domain_errors
@require_http_methods(["GET", "HEAD", "POST"])
def dashboard(request: HttpRequest, slug: str) -> HttpResponse:
    """The balance of the partnership. POST asks the task worker for the power analyses of
    the rules in force that are not computed yet."""
    partnership = _partnership(request, slug)
    if request.method == "POST":
        snapshots = [
            rule.snapshot for rule in dashboard_sources.rules_in_force(partnership=partnership)
        ]
        decision_services.power_request(
            actor=request.user, partnership=partnership, snapshots=snapshots
        )
        messages.success(
            request, _("The power analyses are being computed; this page shows them when ready.")
        )
        return redirect("balance:dashboard", slug=slug)
    board = dashboard_selectors.balance_dashboard(partnership=partnership)
    thresholds = alert_selectors.balance_settings_get(partnership=partnership)
    context = _context(
        request,
        partnership,
        board=board,
        alerts=alert_selectors.balance_alerts(dashboard=board, thresholds=thresholds),
        refresh_seconds=REFRESH_SECONDS if board.waiting else None,
        stale_after=decision_selectors.POWER_STALE_AFTER,
    )
    return TemplateResponse(request, "balance/dashboard.html", context)


@handles_domain_errors
@require_http_methods(["GET", "HEAD", "POST"])
def dashboard_settings(request: HttpRequest, slug: str) -> HttpResponse:
    """The alert thresholds: every insider reads them, the coordinator changes them."""
    partnership = _partnership(request, slug)
    thresholds = alert_selectors.balance_settings_get(partnership=partnership)
    can_tune = request.user.has_perm("balance.change_balance_settings", partnership)
    if request.method == "POST" and not can_tune:
        raise Forbidden(_("Only the partnership's coordinators tune the alerts."))
    form = forms.BalanceSettingsForm(request.POST or None, instance=thresholds)
    done = form_submit(
        request,
        form,
        lambda data: services.balance_settings_update(
            actor=request.user, partnership=partnership, **data
        ),
        success=_("Alert thresholds saved."),
        then=lambda _row: redirect_target(slug),
    )
    if done:
        return done
    status = 400 if form.is_bound else 200
    context = _context(request, partnership, form=form, thresholds=thresholds, subtab="alerts")
    return TemplateResponse(request, "balance/dashboard_settings.html", context, status=status)


def redirect_target(slug: str) -> str:
    return reverse("balance:dashboard", args=[slug]) + "#alerts"
