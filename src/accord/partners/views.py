from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from accord.accounts import services as account_services
from accord.core.http import form_submit, handles_domain_errors
from accord.errors import Forbidden
from accord.partners import forms, selectors, services
from accord.partners.models import Affiliation


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

    def add_person(data: dict[str, Any]) -> Affiliation:
        """Affiliate the person; someone new to Accord gets a mail to set a password."""
        affiliation = services.affiliation_add(
            actor=request.user, organization=organization, **data
        )
        if not affiliation.user.has_usable_password():
            account_services.user_send_set_password(user=affiliation.user, request=request)
        return affiliation

    done = form_submit(
        request,
        form,
        add_person,
        success=lambda affiliation: _("%(person)s added.") % {"person": affiliation.user},
        then=organization,
    )
    if done:
        return done
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
