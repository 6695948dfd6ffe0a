from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from accord.core.http import form_submit, handles_domain_errors
from accord.errors import Forbidden
from accord.partners import forms, selectors, services


def organization_list(request: HttpRequest) -> HttpResponse:
    finder = forms.OrganizationFindForm(request.GET or None)
    found = finder.cleaned_data if finder.is_bound and finder.is_valid() else {}
    organizations = selectors.organization_list(
        actor=request.user, search=found.get("q", "").strip(), sector=found.get("sector", "")
    )
    page = Paginator(organizations, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "page": page,
        "finder": finder,
        "is_filtered": any(found.values()),
        "query": query.urlencode(),
    }
    return TemplateResponse(request, "partners/organization_list.html", context)


@login_required
@handles_domain_errors
def organization_create(request: HttpRequest) -> HttpResponse:
    form = forms.OrganizationForm(request.POST or None)
    done = form_submit(
        request,
        form,
        lambda data: services.organization_create(actor=request.user, **data),
        success=_("Organization registered; you are its representative."),
    )
    if done:
        return done
    return TemplateResponse(
        request, "partners/organization_form.html", {"form": form, "creating": True}
    )


@handles_domain_errors
def organization_detail(request: HttpRequest, organization_id: int) -> HttpResponse:
    organization = selectors.organization_get(actor=request.user, organization_id=organization_id)
    can_manage = request.user.has_perm("partners.add_affiliation", organization)
    form = forms.AffiliationForm(request.POST or None) if can_manage else None

    def add_person(data: dict[str, Any]) -> str:
        """Ask the person (new to Accord or not: the answer does not tell) to join."""
        return services.affiliation_invite(actor=request.user, organization=organization, **data)

    done = form_submit(
        request,
        form,
        add_person,
        success=lambda email: (
            _("%(email)s was asked to join. They appear here once they confirm.") % {"email": email}
        ),
        then=organization,
    )
    if done:
        return done
    context = {
        "organization": organization,
        "affiliations": list(selectors.affiliation_list(organization=organization)),
        "pending": selectors.affiliation_pending(organization=organization) if can_manage else [],
        "form": form,
        "can_manage": can_manage,
    }
    return TemplateResponse(request, "partners/organization_detail.html", context)


@login_required
@handles_domain_errors
def organization_edit(request: HttpRequest, organization_id: int) -> HttpResponse:
    organization = selectors.organization_get(actor=request.user, organization_id=organization_id)
    if not request.user.has_perm("partners.change_organization", organization):
        raise Forbidden()
    form = forms.OrganizationForm(request.POST or None, instance=organization)
    done = form_submit(
        request,
        form,
        lambda data: services.organization_update(
            actor=request.user, organization=organization, **data
        ),
        then=organization,
    )
    if done:
        return done
    return TemplateResponse(
        request, "partners/organization_form.html", {"form": form, "organization": organization}
    )


@login_required
@handles_domain_errors
def affiliation_request(request: HttpRequest, request_id: int) -> HttpResponse:
    """The invited person's page: which organization asks, and accept or decline."""
    asked = selectors.affiliation_request_get(actor=request.user, request_id=request_id)
    if request.method == "POST" and asked.answered_at is None:
        accept = request.POST.get("answer") == "accept"
        services.affiliation_request_answer(actor=request.user, request_id=asked.pk, accept=accept)
        messages.success(
            request,
            _("You joined %(organization)s.") % {"organization": asked.organization}
            if accept
            else _("You declined to join %(organization)s.") % {"organization": asked.organization},
        )
        return redirect("partners:affiliation_request", request_id=asked.pk)
    asked = selectors.affiliation_request_get(actor=request.user, request_id=request_id)
    return TemplateResponse(request, "partners/affiliation_request.html", {"asked": asked})
