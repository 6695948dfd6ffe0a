"""The templates page (what each template presets) and creating a partnership from one."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accord.core.http import form_submit, handles_domain_errors
from accord.errors import NotFound
from accord.partners import selectors as partner_selectors
from accord.web.partnership_templates import forms, registry, selectors, services


def partnership_template_list(request: HttpRequest) -> HttpResponse:
    """Every template with what it presets, in words. Open to everyone: templates are
    part of the software, not of any partnership."""
    context = {"templates": selectors.template_descriptions()}
    return TemplateResponse(request, "web/partnership_template_list.html", context)


def _success(applied: services.TemplateApplied) -> str:
    text = _("Partnership created from the template “%(template)s”.") % {
        "template": applied.template.name
    }
    if applied.indicators_waiting:
        text += " " + ngettext(
            "%(count)d indicator of the template waits for a member organization to report "
            "it: add it from the indicators page once one is admitted.",
            "%(count)d indicators of the template wait for a member organization to report "
            "them: add them from the indicators page once one is admitted.",
            applied.indicators_waiting,
        ) % {"count": applied.indicators_waiting}
    return text


@login_required
@handles_domain_errors
def partnership_create_from_template(request: HttpRequest, key: str) -> HttpResponse:
    template = registry.template_get(key)
    if template is None:
        raise NotFound(_("There is no such partnership template."))
    lead_choices = partner_selectors.represented_organizations(actor=request.user)
    form = forms.PartnershipFromTemplateForm(
        request.POST or None, template=template, lead_choices=lead_choices
    )
    done = form_submit(
        request,
        form,
        lambda _data: services.partnership_create_from_template(
            actor=request.user, template_key=template.key, **form.service_kwargs()
        ),
        success=_success,
        then=lambda applied: applied.partnership,
    )
    if done:
        return done
    context = {"form": form, "template": selectors.template_description(template)}
    return TemplateResponse(request, "web/partnership_create_from_template.html", context)
