"""HTML views for the workplan and resources. Thin: parse, call one service or selector, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accord.core import uploads
from accord.core.http import download, form_submit, handles_domain_errors
from accord.core.spreadsheets import FORMATS, spreadsheet
from accord.errors import Forbidden, Invalid, NotFound
from accord.partners import selectors as partner_selectors
from accord.partnerships import selectors as partnership_selectors
from accord.partnerships.roles import Role
from accord.partnerships.selectors import member_organizations
from accord.resources import forms, selectors, selectors_find, selectors_plans, services
from accord.resources.models import ResourceKind


def _partnership(request: HttpRequest, slug: str) -> Any:
    """The partnership if the actor may see its resources: 404 outside, 403 for the public."""
    return partnership_selectors.partnership_get_for(
        actor=request.user,
        slug=slug,
        perm="resources.view_resources",
        message=_("Resources are visible to the partnership's members."),
    )


def _with_currency_code(data: dict[str, Any]) -> dict[str, Any]:
    """A form's cleaned data for a service: the form's ``currency`` is ``currency_code``."""
    data = dict(data)
    data["currency_code"] = data.pop("currency")
    return data


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
    if context["roles"] & {Role.COORDINATOR, Role.ADMIN}:  # the storage quota, theirs to watch
        context["storage"] = uploads.storage_summary(partnership_id=partnership.pk)
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
            activities=selectors.activity_choices(partnership=partnership),
            pledges=selectors.pledge_list(partnership=partnership),
        )
        if can_post
        else None
    )
    done = form_submit(
        request,
        form,
        lambda data: services.ledger_entry_post(
            actor=request.user, partnership=partnership, **_with_currency_code(data)
        ),
        success=_("Posted to the ledger."),
        then=reverse("resources:ledger_list", kwargs={"slug": slug}),
    )
    if done:
        return done
    finder = forms.LedgerFindForm(request.GET or None, members=members)
    found = _found(finder)
    page = Paginator(selectors_find.ledger_find(partnership=partnership, found=found), 50).get_page(
        request.GET.get("page")
    )
    rows = selectors.ledger_page_converted(partnership=partnership, entries=list(page))
    context = _context(
        request,
        partnership,
        "resources",
        page=page,
        rows=rows,
        form=form,
        can_post=can_post,
        finder=finder,
        found=found,
        query=_query(request),
    )
    return TemplateResponse(request, "resources/ledger_list.html", context)


def _found(finder: Any) -> selectors_find.Found:
    """What the find form asks for; nothing (everything) while it is unsent or invalid."""
    if finder.is_bound and finder.is_valid():
        return selectors_find.Found.of(finder.cleaned_data)
    return selectors_find.Found()


def _query(request: HttpRequest) -> str:
    """The page's query without its page number, for the next-page and export links."""
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


@login_required
@require_POST
@handles_domain_errors
def ledger_entry_reverse(request: HttpRequest, slug: str, entry_id: int) -> HttpResponse:
    partnership = _partnership(request, slug)
    entry = selectors.ledger_entry_get(partnership=partnership, entry_id=entry_id)
    form = forms.ReverseForm(request.POST)
    if not form.is_valid():
        raise Invalid(_("Say why the entry is reversed."))
    services.ledger_entry_reverse(
        actor=request.user, entry=entry, reason=form.cleaned_data["reason"]
    )
    messages.success(request, _("Entry #%(id)s reversed.") % {"id": entry.pk})
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
    # The kind is chosen first (a link per kind): the form then shows that kind's fields.
    kind = (request.POST if request.method == "POST" else request.GET).get("kind", "")
    if request.method == "POST" and kind not in ResourceKind.values:
        kind = ResourceKind.MONEY  # the form then says to choose the kind again
    form = (
        forms.PledgeForm(
            request.POST or None,
            kind=kind,
            pledgers=pledgers,
            members=members,
            activities=selectors.activity_choices(partnership=partnership),
            initial={"currency": partnership.reporting_currency},
        )
        if can_pledge and kind in ResourceKind.values
        else None
    )
    done = form_submit(
        request,
        form,
        lambda data: services.pledge_create(
            actor=request.user, partnership=partnership, **_with_currency_code(data)
        ),
        success=_("Pledge recorded."),
        then=reverse("resources:pledge_list", kwargs={"slug": slug}),
    )
    if done:
        return done
    finder = forms.PledgeFindForm(request.GET or None, members=members)
    found = _found(finder)
    page = Paginator(selectors_find.pledge_find(partnership=partnership, found=found), 50).get_page(
        request.GET.get("page")
    )
    pledges = list(page)
    context = _context(
        request,
        partnership,
        "resources",
        pledges=pledges,
        page=page,
        finder=finder,
        found=found,
        query=_query(request),
        form=form,
        can_pledge=can_pledge,
        pledge_kinds=ResourceKind.choices,
        kind_label=ResourceKind(kind).label if kind in ResourceKind.values else "",
    )
    status = 400 if form is not None and form.errors and request.method == "POST" else 200
    return TemplateResponse(request, "resources/pledge_list.html", context, status=status)


@handles_domain_errors
def rate_list(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = _partnership(request, slug)
    can_add = request.user.has_perm("resources.add_rate", partnership)
    form = forms.RateForm(request.POST or None) if can_add else None
    done = form_submit(
        request,
        form,
        lambda data: services.exchange_rate_add(
            actor=request.user, partnership=partnership, **_with_currency_code(data)
        ),
        then=reverse("resources:rate_list", kwargs={"slug": slug}),
    )
    if done:
        return done
    rates = list(selectors.rate_list(partnership=partnership))
    return TemplateResponse(
        request,
        "resources/rate_list.html",
        _context(request, partnership, "resources", rates=rates, form=form),
    )


def _workplan_change(
    request: HttpRequest, partnership: Any, action: str, activity_id: int, data: dict[str, Any]
) -> Any:
    """One change from the workplan page: a new activity, or a link of an existing one to an
    organization in its chain (``chain``) or to a responsibility (``raci``)."""
    if action == "activity":
        return services.activity_create(actor=request.user, partnership=partnership, **data)
    activity = selectors.activity_get(partnership=partnership, activity_id=activity_id)
    if action == "chain":
        return services.activity_chain_add(actor=request.user, activity=activity, **data)
    data = dict(data)
    email = data.pop("person_email")
    person = (
        partnership_selectors.member_person_find(partnership=partnership, email=email)
        if email
        else None
    )
    if email and person is None:
        message = _("No one with the email %(email)s works for a member organization.") % {
            "email": email
        }
        raise Invalid(message, field_errors={"person_email": [message]})
    return services.responsibility_add(actor=request.user, activity=activity, person=person, **data)


@handles_domain_errors
def workplan(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = _partnership(request, slug)
    members = member_organizations(partnership=partnership)
    can_change = request.user.has_perm("resources.change_workplan", partnership)
    post = request.POST if request.method == "POST" else None
    action = request.POST.get("action", "") if post else ""
    target = int(request.POST.get("activity_id") or 0) if post else 0

    member_choices = [("", "---------"), *((org.pk, str(org)) for org in members)]

    def link_forms(activity_id: int) -> tuple[forms.ChainForm, forms.ResponsibilityForm]:
        """Each activity has its own forms (and so its own field ids); the members are
        read once for all of them."""
        bound = post if activity_id == target else None
        return (
            forms.ChainForm(
                bound if action == "chain" else None,
                members=members,
                member_choices=member_choices,
                prefix=f"chain-{activity_id}",
            ),
            forms.ResponsibilityForm(
                bound if action == "raci" else None,
                members=members,
                member_choices=member_choices,
                prefix=f"raci-{activity_id}",
            ),
        )

    activity_form = forms.ActivityForm(
        post if action == "activity" else None,
        members=members,
        activities=selectors.activity_choices(partnership=partnership),
    )
    posted_forms = link_forms(target)
    if post is not None and not can_change:
        raise Forbidden()
    form = {"activity": activity_form, "chain": posted_forms[0], "raci": posted_forms[1]}.get(
        action
    )
    if form is not None:
        done = form_submit(
            request,
            form,
            lambda data: _workplan_change(request, partnership, action, target, data),
            then=reverse("resources:workplan", kwargs={"slug": slug}),
        )
        if done:
            return done
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
        timeline=selectors_plans.workplan_timeline(activities=activities),
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
    done = form_submit(
        request,
        form,
        lambda data: services.support_request_create(
            actor=request.user, partnership=partnership, **_with_currency_code(data)
        ),
        success=_("Request sent to the partnership."),
        then=reverse("resources:support_list", kwargs={"slug": slug}),
    )
    if done:
        return done
    context = _context(
        request,
        partnership,
        "resources",
        requests=list(selectors.support_request_list(partnership=partnership)),
        form=form,
        can_decide=request.user.has_perm("resources.decide_support", partnership),
        support_rule=services.support_rule(partnership=partnership),
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
            raise Invalid(_("Say who pays and when."))
        services.support_request_deliver(actor=request.user, request=support, **form.cleaned_data)
    elif request.POST.get("decision") == "vote":  # under the partnership's rule for pooled money
        proposal = services.support_request_propose(actor=request.user, request=support)
        messages.success(request, _("The request is put to the vote."))
        return redirect("decisions:proposal_detail", slug=slug, proposal_id=proposal.pk)
    else:
        services.support_request_decide(
            actor=request.user, request=support, approve=request.POST.get("decision") == "approve"
        )
    return redirect("resources:support_list", slug=slug)


@handles_domain_errors
def resource_export(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    """The summary as CSV or XLSX, through the formula-safe writer (core.spreadsheets)."""
    if fmt not in FORMATS:
        raise NotFound(_("Export as .csv or .xlsx."))
    partnership = _partnership(request, slug)
    summary = selectors.resource_summary(partnership=partnership)
    content, content_type = spreadsheet(selectors.resource_summary_sheet(summary), format=fmt)
    filename = f"{partnership.slug}-resources-{summary.as_of}.{fmt}"
    return download(content, filename=filename, content_type=content_type)


@handles_domain_errors
def ledger_entry_evidence(request: HttpRequest, slug: str, entry_id: int) -> HttpResponse:
    """The evidence file of an entry, for insiders only (never served as a public file)."""
    partnership = _partnership(request, slug)
    entry = selectors.ledger_entry_get(partnership=partnership, entry_id=entry_id)
    if not entry.evidence:
        raise NotFound(_("This entry has no evidence file."))
    return FileResponse(
        entry.evidence.open("rb"),
        as_attachment=True,
        filename=entry.evidence.name.rsplit("/", 1)[-1],
    )
