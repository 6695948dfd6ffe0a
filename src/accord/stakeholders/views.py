"""The stakeholder map's page and its actions. Thin: parse, call one service or
selector, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accord.core.http import form_submit, handles_domain_errors
from accord.errors import Forbidden
from accord.stakeholders import forms, selectors, services
from accord.stakeholders.grid_chart import GridPoint, power_interest_svg
from accord.stakeholders.labels import QUADRANT_LABELS, SALIENCE_SHORT
from accord.stakeholders.rules import may


def _add_form(request: HttpRequest, partnership: Any) -> Any:
    if not may(request.user, "stakeholders.add_stakeholder", partnership):
        return None
    data = request.POST if request.POST.get("action") == "add" else None
    return forms.StakeholderForm(
        data, organizations=selectors.organization_choices(partnership=partnership)
    )


def _rate_form(request: HttpRequest, partnership: Any) -> Any:
    if not may(request.user, "stakeholders.rate_stakeholder", partnership):
        return None
    organizations = selectors.rater_organizations(actor=request.user, partnership=partnership)
    data = request.POST if request.POST.get("action") == "rate" else None
    return forms.RatingForm(
        data,
        stakeholders=selectors.stakeholder_choices(partnership=partnership),
        organizations=organizations,
        initial={"organization": organizations.first()},
    )


def _page(
    request: HttpRequest, partnership: Any, add_form: Any, rate_form: Any, status: int = 200
) -> HttpResponse:
    figures = selectors.stakeholder_map(partnership=partnership)
    points = [
        GridPoint(
            number=place.number,
            name=place.stakeholder.display_name,
            power=place.means["power"],
            interest=place.means["interest"],
            is_member=place.is_member,
        )
        for place in figures.rated
    ]
    rows = [
        {
            "place": place,
            "quadrant": QUADRANT_LABELS.get(place.quadrant) if place.quadrant else None,
            "salience": SALIENCE_SHORT.get(place.salience) if place.salience else None,
        }
        for place in figures.places
    ]
    raters = selectors.rater_organizations(actor=request.user, partnership=partnership)
    context = {
        "partnership": partnership,
        "tab": "balance",
        "subtab": "stakeholders",
        "is_insider": True,
        "figures": figures,
        "rows": rows,
        "grid_svg": power_interest_svg(points) if points else "",
        "add_form": add_form,
        "rate_form": rate_form,
        "my_ratings": selectors.ratings_by(partnership=partnership, organizations=raters),
        "can_remove": may(request.user, "stakeholders.remove_stakeholder", partnership),
        "can_invite": may(request.user, "stakeholders.invite_stakeholder", partnership),
    }
    return TemplateResponse(request, "stakeholders/stakeholder_map.html", context, status=status)


@handles_domain_errors
def stakeholder_map(request: HttpRequest, slug: str) -> HttpResponse:
    """The map; its POST adds a stakeholder (``action=add``) or places one (``action=rate``)."""
    partnership = selectors.partnership_for_map(actor=request.user, slug=slug)
    add_form = _add_form(request, partnership)
    rate_form = _rate_form(request, partnership)
    if request.method == "POST":
        action = request.POST.get("action")
        form = {"add": add_form, "rate": rate_form}.get(action or "")
        if action not in ("add", "rate"):
            raise Forbidden(_("Unknown action."))
        if action == "add":
            done = form_submit(
                request,
                form,
                lambda data: services.stakeholder_add(
                    actor=request.user, partnership=partnership, **data
                ),
                success=lambda s: _("%(name)s is on the map.") % {"name": s.display_name},
                then=request.path,
            )
        else:
            done = form_submit(
                request,
                form,
                lambda data: services.stakeholder_rate(
                    actor=request.user,
                    stakeholder=data["stakeholder"],
                    organization=data["organization"],
                    replace=True,
                    **form.ratings(),
                ),
                success=lambda r: (
                    _("Your placing of %(name)s is saved.") % {"name": r.stakeholder.display_name}
                ),
                then=request.path,
            )
        if done:
            return done
        return _page(request, partnership, add_form, rate_form, status=400)
    return _page(request, partnership, add_form, rate_form)


@login_required
@require_POST
@handles_domain_errors
def stakeholder_remove(request: HttpRequest, slug: str, stakeholder_id: int) -> HttpResponse:
    partnership = selectors.partnership_for_map(actor=request.user, slug=slug)
    stakeholder = selectors.stakeholder_get(partnership=partnership, stakeholder_id=stakeholder_id)
    services.stakeholder_remove(actor=request.user, stakeholder=stakeholder)
    messages.success(request, _("%(name)s is off the map.") % {"name": stakeholder.display_name})
    return redirect("stakeholders:map", slug)


@login_required
@require_POST
@handles_domain_errors
def stakeholder_invite(request: HttpRequest, slug: str, stakeholder_id: int) -> HttpResponse:
    partnership = selectors.partnership_for_map(actor=request.user, slug=slug)
    stakeholder = selectors.stakeholder_get(partnership=partnership, stakeholder_id=stakeholder_id)
    services.stakeholder_invite(actor=request.user, stakeholder=stakeholder)
    messages.success(
        request,
        _("%(name)s is invited to join; it becomes a member once it accepts and is admitted.")
        % {"name": stakeholder.display_name},
    )
    return redirect("stakeholders:map", slug)
