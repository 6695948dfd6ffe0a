from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse

from accord.accounts import services as account_services
from accord.core.http import add_error_to_form, handles_domain_errors
from accord.errors import AccordError, Forbidden
from accord.partners import forms, selectors, services


def organization_list(request: HttpRequest) -> HttpResponse:
    search = request.GET.get("q", "")[:100]
    page = Paginator(selectors.organization_list(actor=request.user, search=search), 50).get_page(
        request.GET.get("page")
    )
    return TemplateResponse(request, "partners/organization_list.html", {"page": page, "q": search})


@login_required
@handles_domain_errors
def organization_create(request: HttpRequest) -> HttpResponse:
    form = forms.OrganizationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            organization = services.organization_create(actor=request.user, **form.cleaned_data)
        except AccordError as exc:
            add_error_to_form(form, exc)
        else:
            messages.success(request, "Organization registered; you are its representative.")
            return redirect(organization)
    return TemplateResponse(
        request, "partners/organization_form.html", {"form": form, "creating": True}
    )


@handles_domain_errors
def organization_detail(request: HttpRequest, organization_id: int) -> HttpResponse:
    organization = selectors.organization_get(actor=request.user, organization_id=organization_id)
    can_manage = request.user.has_perm("partners.add_affiliation", organization)
    form = forms.AffiliationForm(request.POST or None) if can_manage else None
    if request.method == "POST":
        if form is None:
            raise Forbidden()
        if form.is_valid():
            try:
                affiliation = services.affiliation_add(
                    actor=request.user, organization=organization, **form.cleaned_data
                )
            except AccordError as exc:
                add_error_to_form(form, exc)
            else:
                if not affiliation.user.has_usable_password():
                    account_services.user_send_set_password(user=affiliation.user, request=request)
                messages.success(request, f"{affiliation.user} added.")
                return redirect(organization)
    context = {
        "organization": organization,
        "affiliations": list(selectors.affiliation_list(organization=organization)),
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
    if request.method == "POST" and form.is_valid():
        try:
            services.organization_update(
                actor=request.user, organization=organization, **form.cleaned_data
            )
        except AccordError as exc:
            add_error_to_form(form, exc)
        else:
            return redirect(organization)
    return TemplateResponse(
        request, "partners/organization_form.html", {"form": form, "organization": organization}
    )
