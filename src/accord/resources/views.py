"""HTML views for the workplan and resources. Thin: parse, call one service or selector, render."""

from __future__ import annotations

import csv
import io
from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_POST

from accord.core.http import add_error_to_form, handles_domain_errors
from accord.errors import AccordError, Forbidden, Invalid, NotFound
from accord.partners import selectors as partner_selectors
from accord.partnerships import selectors as partnership_selectors
from accord.partnerships.selectors import member_organizations
from accord.resources import forms, imports, selectors, services
from accord.resources.models import Activity


def _partnership(request: HttpRequest, slug: str) -> Any:
    """The partnership if the actor may see its resources: 404 outside, 403 for the public."""
    partnership = partnership_selectors.partnership_get(actor=request.user, slug=slug)
    if not request.user.has_perm("resources.view_resources", partnership):
        raise Forbidden("Resources are visible to the partnership's members.")
    return partnership


def _context(request: HttpRequest, partnership: Any, tab: str, **extra: Any) -> dict[str, Any]:
    return {
        "partnership": partnership,
        "tab": tab,
        "roles": partnership_selectors.actor_roles(actor=request.user, partnership=partnership),
        "is_insider": True,
        **extra,
    }


@handles_domain_errors
def resource_summary(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = _partnership(request, slug)
    summary = selectors.resource_summary(partnership=partnership)
    context = _context(
        request,
        partnership,
        "resources",
        summary=summary,
        period_rows=selectors.period_rows(summary),
    )
    return TemplateResponse(request, "resources/resource_summary.html", context)


@handles_domain_errors
def flow_network_svg(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = _partnership(request, slug)
    return HttpResponse(
        selectors.resource_summary(partnership=partnership).flow_svg, content_type="image/svg+xml"
    )


@handles_domain_errors
def ledger_list(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = _partnership(request, slug)
    members = member_organizations(partnership=partnership)
    can_post = request.user.has_perm("resources.post_ledger", partnership)
    form = (
        forms.LedgerEntryForm(
            request.POST or None,
            request.FILES or None,
            members=members,
            activities=Activity.objects.filter(partnership=partnership),
            pledges=selectors.pledge_list(partnership=partnership),
        )
        if can_post
        else None
    )
    if request.method == "POST":
        if form is None:
            raise Forbidden()
        if form.is_valid():
            data = dict(form.cleaned_data)
            try:
                services.ledger_entry_post(
                    actor=request.user,
                    partnership=partnership,
                    currency_code=data.pop("currency"),
                    **data,
                )
            except AccordError as exc:
                add_error_to_form(form, exc)
            else:
                messages.success(request, "Posted to the ledger.")
                return redirect("resources:ledger_list", slug=slug)
    page = Paginator(selectors.ledger_list(partnership=partnership), 50).get_page(
        request.GET.get("page")
    )
    rows = selectors.ledger_page_converted(partnership=partnership, entries=list(page))
    context = _context(
        request, partnership, "resources", page=page, rows=rows, form=form, can_post=can_post
    )
    return TemplateResponse(request, "resources/ledger_list.html", context)


@login_required
@require_POST
@handles_domain_errors
def ledger_entry_reverse(request: HttpRequest, slug: str, entry_id: int) -> HttpResponse:
    partnership = _partnership(request, slug)
    entry = selectors.ledger_entry_get(partnership=partnership, entry_id=entry_id)
    form = forms.ReverseForm(request.POST)
    if not form.is_valid():
        raise Invalid("Say why the entry is reversed.")
    services.ledger_entry_reverse(
        actor=request.user, entry=entry, reason=form.cleaned_data["reason"]
    )
    messages.success(request, f"Entry #{entry.pk} reversed.")
    return redirect("resources:ledger_list", slug=slug)


@handles_domain_errors
def pledge_list(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = _partnership(request, slug)
    members = member_organizations(partnership=partnership)
    can_pledge = request.user.has_perm("resources.add_pledge", partnership)
    is_coordinator = request.user.has_perm("partnerships.change_partnership", partnership)
    pledgers = (
        members
        if is_coordinator
        else members.filter(pk__in=partner_selectors.represented_organizations(actor=request.user))
    )
    form = (
        forms.PledgeForm(
            request.POST or None,
            pledgers=pledgers,
            members=members,
            activities=Activity.objects.filter(partnership=partnership),
            initial={"currency": partnership.reporting_currency},
        )
        if can_pledge
        else None
    )
    if request.method == "POST":
        if form is None:
            raise Forbidden()
        if form.is_valid():
            try:
                services.pledge_create(
                    actor=request.user, partnership=partnership, **form.service_kwargs()
                )
            except AccordError as exc:
                add_error_to_form(form, exc)
            else:
                messages.success(request, "Pledge recorded.")
                return redirect("resources:pledge_list", slug=slug)
    pledges = list(selectors.pledge_list(partnership=partnership))
    return TemplateResponse(
        request,
        "resources/pledge_list.html",
        _context(request, partnership, "resources", pledges=pledges, form=form),
    )


@handles_domain_errors
def rate_list(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = _partnership(request, slug)
    can_add = request.user.has_perm("resources.add_rate", partnership)
    form = forms.RateForm(request.POST or None) if can_add else None
    if request.method == "POST":
        if form is None:
            raise Forbidden()
        if form.is_valid():
            try:
                services.exchange_rate_add(
                    actor=request.user,
                    partnership=partnership,
                    currency_code=form.cleaned_data["currency"],
                    valid_on=form.cleaned_data["valid_on"],
                    to_reporting=form.cleaned_data["to_reporting"],
                )
            except AccordError as exc:
                add_error_to_form(form, exc)
            else:
                return redirect("resources:rate_list", slug=slug)
    rates = list(selectors.rate_list(partnership=partnership))
    return TemplateResponse(
        request,
        "resources/rate_list.html",
        _context(request, partnership, "resources", rates=rates, form=form),
    )


@handles_domain_errors
def workplan(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = _partnership(request, slug)
    members = member_organizations(partnership=partnership)
    activities_qs = Activity.objects.filter(partnership=partnership)
    can_change = request.user.has_perm("resources.change_workplan", partnership)
    post = request.POST if request.method == "POST" else None
    action = request.POST.get("action") if post else None
    target = int(request.POST.get("activity_id") or 0) if post else 0

    def link_forms(activity_id: int) -> tuple[forms.ChainForm, forms.ResponsibilityForm]:
        """Each activity has its own forms (and so its own field ids)."""
        bound = post if activity_id == target else None
        return (
            forms.ChainForm(
                bound if action == "chain" else None, members=members, prefix=f"chain-{activity_id}"
            ),
            forms.ResponsibilityForm(
                bound if action == "raci" else None, members=members, prefix=f"raci-{activity_id}"
            ),
        )

    activity_form = forms.ActivityForm(
        post if action == "activity" else None, members=members, activities=activities_qs
    )
    posted_forms = link_forms(target)
    if post is not None:
        if not can_change:
            raise Forbidden()
        form = {"activity": activity_form, "chain": posted_forms[0], "raci": posted_forms[1]}.get(
            action or ""
        )
        if form is not None and form.is_valid():
            try:
                data = dict(form.cleaned_data)
                if action == "activity":
                    services.activity_create(actor=request.user, partnership=partnership, **data)
                else:
                    activity = selectors.activity_get(partnership=partnership, activity_id=target)
                    if action == "chain":
                        services.activity_chain_add(actor=request.user, activity=activity, **data)
                    else:
                        email = data.pop("person_email")
                        person = (
                            get_user_model().objects.filter(email__iexact=email).first()
                            if email
                            else None
                        )
                        if email and person is None:
                            raise Invalid(f"No one with the email {email} uses Accord.")
                        services.responsibility_add(
                            actor=request.user, activity=activity, person=person, **data
                        )
            except AccordError as exc:
                add_error_to_form(form, exc)
            else:
                return redirect("resources:workplan", slug=slug)
    activities = list(selectors.activity_list(partnership=partnership))
    rows = (
        [(a, posted_forms if a.pk == target else link_forms(a.pk)) for a in activities]
        if can_change
        else [(a, None) for a in activities]
    )
    context = _context(
        request,
        partnership,
        "workplan",
        rows=rows,
        can_change=can_change,
        activity_form=activity_form,
    )
    return TemplateResponse(request, "resources/workplan.html", context)


@handles_domain_errors
def support_list(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = _partnership(request, slug)
    members = member_organizations(partnership=partnership)
    can_request = request.user.has_perm("resources.request_support", partnership)
    form = (
        forms.SupportRequestForm(
            request.POST or None,
            initial={"currency": partnership.reporting_currency},
            organizations=members.filter(
                pk__in=partner_selectors.represented_organizations(actor=request.user)
            ),
        )
        if can_request
        else None
    )
    if request.method == "POST":
        if form is None:
            raise Forbidden()
        if form.is_valid():
            data = dict(form.cleaned_data)
            try:
                services.support_request_create(
                    actor=request.user,
                    partnership=partnership,
                    currency_code=data.pop("currency"),
                    **data,
                )
            except AccordError as exc:
                add_error_to_form(form, exc)
            else:
                messages.success(request, "Request sent to the partnership.")
                return redirect("resources:support_list", slug=slug)
    context = _context(
        request,
        partnership,
        "resources",
        requests=list(selectors.support_request_list(partnership=partnership)),
        form=form,
        can_decide=request.user.has_perm("resources.decide_support", partnership),
        deliver_form=forms.DeliverForm(members=members),
    )
    return TemplateResponse(request, "resources/support_list.html", context)


@login_required
@require_POST
@handles_domain_errors
def support_decide(request: HttpRequest, slug: str, request_id: int) -> HttpResponse:
    partnership = _partnership(request, slug)
    support = selectors.support_request_get(partnership=partnership, request_id=request_id)
    if request.POST.get("decision") == "deliver":
        form = forms.DeliverForm(
            request.POST, members=member_organizations(partnership=partnership)
        )
        if not form.is_valid():
            raise Invalid("Say who pays and when.")
        services.support_request_deliver(actor=request.user, request=support, **form.cleaned_data)
    else:
        services.support_request_decide(
            actor=request.user, request=support, approve=request.POST.get("decision") == "approve"
        )
    return redirect("resources:support_list", slug=slug)


@login_required
@handles_domain_errors
def import_file(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = _partnership(request, slug)
    if not request.user.has_perm("resources.import_ledger", partnership):
        raise Forbidden("Only coordinators import files.")
    form = forms.ImportForm(request.POST or None, request.FILES or None)
    problems: list[Any] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            count = imports.import_file(
                actor=request.user,
                partnership=partnership,
                kind=form.cleaned_data["kind"],
                content=upload.read(),
                filename=upload.name,
            )
        except imports.ImportRejected as exc:
            problems = exc.errors
            form.add_error(
                None, exc.message.split(":")[0] + f": {len(problems)} problem(s), listed below."
            )
        except AccordError as exc:
            add_error_to_form(form, exc)
        else:
            messages.success(request, f"Imported {count} row(s).")
            return redirect("resources:resource_summary", slug=slug)
    context = _context(
        request,
        partnership,
        "resources",
        form=form,
        problems=problems,
        ledger_columns=imports.LEDGER_COLUMNS,
        pledge_columns=imports.PLEDGE_COLUMNS,
    )
    return TemplateResponse(request, "resources/import.html", context)


SUMMARY_COLUMNS = [
    "organization",
    "sector",
    "capacity",
    "pledged",
    "delivered",
    "due",
    "delivered_on_time",
    "delivered_late",
    "outstanding",
    "reliability",
    "mean_delay_days",
    "contribution_relative_to_capacity",
]


def _summary_rows(summary: selectors.ResourceSummary) -> list[list[Any]]:
    rows = []
    for row in summary.partners:
        rel = row.reliability
        rows.append(
            [
                row.organization.name,
                row.organization.sector,
                row.organization.capacity,
                row.pledged_total,
                row.delivered_total,
                rel.due if rel else "",
                rel.delivered_on_time if rel else "",
                rel.delivered_late if rel else "",
                rel.outstanding if rel else "",
                "" if not rel or rel.reliability is None else round(rel.reliability, 4),
                "" if not rel or rel.mean_delay_days is None else round(rel.mean_delay_days, 1),
                "" if row.capacity_ratio is None else round(row.capacity_ratio, 4),
            ]
        )
    return rows


@handles_domain_errors
def resource_export(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    if fmt not in ("csv", "xlsx"):
        raise NotFound("Export as .csv or .xlsx.")
    partnership = _partnership(request, slug)
    summary = selectors.resource_summary(partnership=partnership)
    rows = _summary_rows(summary)
    filename = f"{partnership.slug}-resources-{summary.as_of}"
    if fmt == "xlsx":
        import openpyxl

        workbook = openpyxl.Workbook()
        sheet = workbook.active
        sheet.title = "Resources"
        sheet.append([*SUMMARY_COLUMNS])
        for row in rows:
            sheet.append([float(v) if hasattr(v, "as_tuple") else v for v in row])
        buffer = io.BytesIO()
        workbook.save(buffer)
        response = HttpResponse(
            buffer.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        buffer_text = io.StringIO()
        writer = csv.writer(buffer_text)
        writer.writerow(SUMMARY_COLUMNS)
        writer.writerows(rows)
        response = HttpResponse(buffer_text.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response


@handles_domain_errors
def ledger_entry_evidence(request: HttpRequest, slug: str, entry_id: int) -> HttpResponse:
    """The evidence file of an entry, for insiders only (never served as a public file)."""
    partnership = _partnership(request, slug)
    entry = selectors.ledger_entry_get(partnership=partnership, entry_id=entry_id)
    if not entry.evidence:
        raise NotFound("This entry has no evidence file.")
    return FileResponse(
        entry.evidence.open("rb"),
        as_attachment=True,
        filename=entry.evidence.name.rsplit("/", 1)[-1],
    )
