"""The expertise pages: a partnership's map (what members bring and lack, and who outside
offers it) and an organization's areas. Thin: parse, call one service or selector, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accord.core.http import form_submit, handles_domain_errors
from accord.errors import Forbidden
from accord.expertise import forms, selectors, services
from accord.expertise.rules import may
from accord.partners import selectors as partner_selectors


@handles_domain_errors
def expertise_map(request: HttpRequest, slug: str) -> HttpResponse:
    """The map; its POST says that an activity needs an area (coordinators)."""
    partnership = selectors.partnership_for_map(actor=request.user, slug=slug)
    can_change = may(request.user, "expertise.change_activity_needs", partnership)
    if request.method == "POST" and not can_change:
        raise Forbidden()
    form = (
        forms.ActivityNeedForm(
            request.POST or None,
            activities=selectors.activity_choices(partnership=partnership),
        )
        if can_change
        else None
    )
    done = form_submit(
        request,
        form,
        lambda data: services.activity_need_add(actor=request.user, **data),
        success=_("The need is on the map."),
        then=reverse("expertise:expertise_map", kwargs={"slug": slug}),
    )
    if done:
        return done
    context = {
        "partnership": partnership,
        "tab": "expertise",
        "is_insider": True,
        "map": selectors.expertise_map(partnership=partnership),
        "need_form": form,
        "can_change": can_change,
        "can_invite": may(request.user, "expertise.invite_organization", partnership),
    }
    status = 400 if request.method == "POST" else 200
    return TemplateResponse(request, "expertise/expertise_map.html", context, status=status)


@login_required
@require_POST
@handles_domain_errors
def activity_need_remove(request: HttpRequest, slug: str, need_id: int) -> HttpResponse:
    partnership = selectors.partnership_for_map(actor=request.user, slug=slug)
    need = selectors.activity_need_get(partnership=partnership, need_id=need_id)
    services.activity_need_remove(actor=request.user, need=need)
    messages.success(request, _("The need is off the map."))
    return redirect("expertise:expertise_map", slug)


@login_required
@require_POST
@handles_domain_errors
def expertise_invite(request: HttpRequest, slug: str, organization_id: int) -> HttpResponse:
    """One click: invite an organization that offers what the partnership lacks."""
    partnership = selectors.partnership_for_map(actor=request.user, slug=slug)
    organization = partner_selectors.organization_get(
        actor=request.user, organization_id=organization_id
    )
    services.expertise_invite(
        actor=request.user, partnership=partnership, organization=organization
    )
    messages.success(
        request,
        _("%(name)s is invited to join; it becomes a member once it accepts and is admitted.")
        % {"name": organization.name},
    )
    return redirect("expertise:expertise_map", slug)


def _organization_page(
    request: HttpRequest, organization: Any, form: Any, status: int = 200
) -> HttpResponse:
    context = {
        "organization": organization,
        "items": list(selectors.organization_expertise_list(organization=organization)),
        "form": form,
        "can_change": form is not None,
    }
    return TemplateResponse(
        request, "expertise/organization_expertise.html", context, status=status
    )


@handles_domain_errors
def organization_expertise(request: HttpRequest, organization_id: int) -> HttpResponse:
    """An organization's areas, offered and needed (everyone reads them, as the directory);
    its POST adds one (its representatives)."""
    organization = partner_selectors.organization_get(
        actor=request.user, organization_id=organization_id
    )
    can_change = may(request.user, "expertise.change_organization_expertise", organization)
    if request.method == "POST" and not can_change:
        raise Forbidden()
    form = forms.OrganizationExpertiseForm(request.POST or None) if can_change else None
    done = form_submit(
        request,
        form,
        lambda data: services.organization_expertise_add(
            actor=request.user, organization=organization, **data
        ),
        success=_("Saved."),
        then=reverse("expertise:organization_expertise", args=[organization.pk]),
    )
    if done:
        return done
    return _organization_page(
        request, organization, form, status=400 if request.method == "POST" else 200
    )


@login_required
@require_POST
@handles_domain_errors
def organization_expertise_remove(
    request: HttpRequest, organization_id: int, item_id: int
) -> HttpResponse:
    organization = partner_selectors.organization_get(
        actor=request.user, organization_id=organization_id
    )
    item = selectors.organization_expertise_get(organization=organization, item_id=item_id)
    services.organization_expertise_remove(actor=request.user, item=item)
    messages.success(request, _("Removed."))
    return redirect("expertise:organization_expertise", organization.pk)
