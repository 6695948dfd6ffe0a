"""HTML views for plans that change: an activity's page (status, dates, progress, links
removed) and a pledge's page (its history, amendment and cancellation). Thin: parse, call
one service or selector, render."""

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
from accord.errors import Invalid
from accord.partnerships import selectors as partnership_selectors
from accord.partnerships.roles import represented_organization_ids
from accord.resources import forms, selectors_plans, services


def _partnership(request: HttpRequest, slug: str) -> Any:
    """The partnership if the actor may see its resources: 404 outside, 403 for the public."""
    return partnership_selectors.partnership_get_for(
        actor=request.user,
        slug=slug,
        perm="resources.view_resources",
        message=_("Resources are visible to the partnership's members."),
    )


def _render(
    request: HttpRequest, template: str, partnership: Any, form: Any, **extra: Any
) -> HttpResponse:
    context = {
        "partnership": partnership,
        "tab": extra.pop("tab", "resources"),
        "roles": partnership_selectors.actor_roles(actor=request.user, partnership=partnership),
        "is_insider": True,
        "form": form,
        **extra,
    }
    # A form sent back with its errors is a 400, so that a script notices.
    invalid = request.method == "POST" and form is not None and bool(form.errors)
    return TemplateResponse(request, template, context, status=400 if invalid else 200)


@handles_domain_errors
def activity_change(request: HttpRequest, slug: str, activity_id: int) -> HttpResponse:
    partnership = _partnership(request, slug)
    activity = selectors_plans.activity_detail(partnership=partnership, activity_id=activity_id)
    can_change = request.user.has_perm("resources.change_workplan", partnership)
    form = (
        forms.ActivityChangeForm(
            request.POST or None,
            initial={
                "status": activity.status,
                "start_on": activity.start_on,
                "end_on": activity.end_on,
                "progress_percent": activity.progress_percent,
            },
        )
        if can_change and not activity.is_closed
        else None
    )
    done = form_submit(
        request,
        form,
        lambda data: services.activity_update(actor=request.user, activity=activity, **data),
        success=_("The activity was changed."),
        then=reverse("resources:workplan", kwargs={"slug": slug}) + f"#act-{activity.pk}",
    )
    if done:
        return done
    return _render(
        request,
        "resources/activity_change.html",
        partnership,
        form,
        tab="workplan",
        activity=activity,
        can_remove=can_change and not activity.is_closed,
        remove_form=forms.RemoveLinkForm(),
    )


def _removal(request: HttpRequest, slug: str, activity_id: int) -> tuple[Any, Any, str]:
    partnership = _partnership(request, slug)
    activity = selectors_plans.activity_detail(partnership=partnership, activity_id=activity_id)
    form = forms.RemoveLinkForm(request.POST)
    if not form.is_valid():
        raise Invalid(_("Say why it is removed."))
    return partnership, activity, form.cleaned_data["reason"]


@login_required
@require_POST
@handles_domain_errors
def activity_chain_remove(
    request: HttpRequest, slug: str, activity_id: int, link_id: int
) -> HttpResponse:
    partnership, activity, reason = _removal(request, slug, activity_id)
    link = selectors_plans.activity_link_get(
        partnership=partnership, activity=activity, link_id=link_id
    )
    services.activity_chain_remove(actor=request.user, link=link, reason=reason)
    messages.success(request, _("Removed from the chain of implementation."))
    return redirect("resources:activity_change", slug=slug, activity_id=activity.pk)


@login_required
@require_POST
@handles_domain_errors
def responsibility_remove(
    request: HttpRequest, slug: str, activity_id: int, responsibility_id: int
) -> HttpResponse:
    partnership, activity, reason = _removal(request, slug, activity_id)
    responsibility = selectors_plans.responsibility_get(
        partnership=partnership, activity=activity, responsibility_id=responsibility_id
    )
    services.responsibility_remove(actor=request.user, responsibility=responsibility, reason=reason)
    messages.success(request, _("Responsibility removed."))
    return redirect("resources:activity_change", slug=slug, activity_id=activity.pk)


def _may_amend(request: HttpRequest, partnership: Any, pledge: Any) -> bool:
    """Whether to offer the forms; the service decides (a coordinator, or the pledger's
    representative)."""
    if not request.user.has_perm("resources.amend_pledge", partnership):
        return False
    return request.user.has_perm(
        "partnerships.change_partnership", partnership
    ) or pledge.organization_id in represented_organization_ids(request.user)


@handles_domain_errors
def pledge_detail(request: HttpRequest, slug: str, pledge_id: int) -> HttpResponse:
    """A pledge, its history, and (for who may) the forms that amend or cancel it."""
    partnership = _partnership(request, slug)
    pledge = selectors_plans.pledge_detail(partnership=partnership, pledge_id=pledge_id)
    may_amend = pledge.cancelled_at is None and _may_amend(request, partnership, pledge)
    form = forms.PledgeAmendForm(request.POST or None, pledge=pledge) if may_amend else None
    here = reverse("resources:pledge_detail", kwargs={"slug": slug, "pledge_id": pledge.pk})
    done = form_submit(
        request,
        form,
        lambda data: services.pledge_amend(
            actor=request.user,
            pledge=pledge,
            reason=data["reason"],
            amount=data.get("amount"),
            hours=data.get("hours"),
            ends_on=data["ends_on"],
            installments=data["installments"],
        ),
        success=_("The pledge was amended."),
        then=here,
    )
    if done:
        return done
    return _render(
        request,
        "resources/pledge_detail.html",
        partnership,
        form,
        pledge=pledge,
        amendments=list(selectors_plans.pledge_amendment_list(pledge=pledge)),
        delivered=services.pledge_delivered(pledge),
        cancel_form=forms.PledgeCancelForm() if may_amend else None,
    )


@login_required
@require_POST
@handles_domain_errors
def pledge_cancel(request: HttpRequest, slug: str, pledge_id: int) -> HttpResponse:
    partnership = _partnership(request, slug)
    pledge = selectors_plans.pledge_detail(partnership=partnership, pledge_id=pledge_id)
    form = forms.PledgeCancelForm(request.POST)
    if not form.is_valid():
        raise Invalid(_("Say why the pledge is cancelled."))
    services.pledge_cancel(actor=request.user, pledge=pledge, reason=form.cleaned_data["reason"])
    messages.success(request, _("The pledge was cancelled."))
    return redirect("resources:pledge_detail", slug=slug, pledge_id=pledge.pk)
