"""HTML views: the IATI file (streamed), the coordinator's IATI page, and the import."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accord.core.http import form_submit, handles_domain_errors
from accord.errors import Invalid
from accord.interop import forms, selectors, services
from accord.interop import rules as interop_rules
from accord.interop.models import Scope
from accord.partnerships import selectors as partnership_selectors


def xml_response(partnership: Any, scope: str | None) -> StreamingHttpResponse:
    """The partnership's IATI file, streamed as it is written."""
    if scope not in (None, *Scope.values):
        raise Invalid(_("scope: use one of %(options)s.") % {"options": ", ".join(Scope.values)})
    response = StreamingHttpResponse(
        selectors.iati_stream(partnership=partnership, scope=scope),
        content_type="application/xml; charset=utf-8",
    )
    response["Content-Disposition"] = f'inline; filename="{partnership.slug}-iati.xml"'
    return response


@require_GET
@handles_domain_errors
def iati_export(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = selectors.iati_partnership_get(actor=request.user, slug=slug)
    try:
        return xml_response(partnership, request.GET.get("scope") or None)
    except Invalid as exc:
        return TemplateResponse(request, "400.html", {"message": exc.message}, status=400)


def _report_message(report: services.ImportReport) -> str:
    return _(
        "Imported %(id)s: %(posted)s transaction(s) posted, %(reversed)s reversed, "
        "%(indicators)s indicator(s), %(warnings)s warning(s)."
    ) % {
        "id": report.identifier,
        "posted": report.transactions_posted,
        "reversed": report.transactions_reversed,
        "indicators": report.indicators,
        "warnings": len(report.warnings),
    }


def _import_action(request: HttpRequest, partnership: Any, problems: list[str]) -> Any:
    def action(data: dict[str, Any]) -> services.ImportReport:
        try:
            report = services.iati_import(
                actor=request.user,
                content=data["file"].read(),
                partnership=partnership,
                activity_identifier=data["activity"] or None,
            )
        except Invalid as exc:
            problems.extend(exc.field_errors.get("file", []))
            raise
        request.session["iati_warnings"] = report.warnings[:100]
        return report

    return action


@login_required
@handles_domain_errors
def iati_settings(request: HttpRequest, slug: str) -> HttpResponse:
    """The coordinator's IATI page: how the file is published, and updating from a file."""
    partnership = selectors.iati_partnership_for(
        actor=request.user, slug=slug, perm="interop.change_iati_settings"
    )
    publication = selectors.publication_get(partnership=partnership)
    members = partnership_selectors.member_organizations(partnership=partnership)
    action = request.POST.get("action")
    settings_form = forms.PublicationForm(
        request.POST if action == "settings" else None,
        members=members,
        initial={
            "scope": publication.scope,
            "reporting_organization": publication.reporting_organization,
            "identifier": publication.identifier,
        },
    )
    import_form = forms.ImportForm(
        request.POST if action == "import" else None,
        request.FILES if action == "import" else None,
    )
    problems: list[str] = []
    here = reverse("interop:iati_settings", args=[slug])
    if action == "settings":
        done = form_submit(
            request,
            settings_form,
            lambda data: services.iati_publication_update(
                actor=request.user, partnership=partnership, **data
            ),
            success=_("The IATI settings are saved."),
            then=here,
        )
    else:
        can_import = interop_rules.allowed(request.user, "interop.import_iati", partnership)
        done = form_submit(
            request,
            import_form if can_import else None,
            _import_action(request, partnership, problems),
            success=_report_message,
            then=here,
        )
    if done:
        return done
    context = {
        "partnership": partnership,
        "publication": publication,
        "settings_form": settings_form,
        "import_form": import_form,
        "problems": problems,
        "warnings": request.session.pop("iati_warnings", []),
        "is_insider": True,
        "tab": "iati",
    }
    return TemplateResponse(request, "interop/iati_settings.html", context)


@login_required
@handles_domain_errors
def iati_import(request: HttpRequest) -> HttpResponse:
    """Start a partnership (or update the one an earlier import made) from an IATI file."""
    form = forms.ImportForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    done = form_submit(
        request,
        form,
        _import_action(request, None, problems),
        success=_report_message,
        then=lambda report: reverse("interop:iati_settings", args=[report.partnership.slug]),
    )
    if done:
        return done
    return TemplateResponse(
        request, "interop/iati_import.html", {"form": form, "problems": problems}
    )
