"""HTML views for indicators and measurements. Thin: parse, call one service or selector,
render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accord.core.http import download, form_submit, handles_domain_errors
from accord.core.spreadsheets import FORMATS, spreadsheet
from accord.errors import Forbidden, Invalid, NotFound
from accord.partners import selectors as partner_selectors
from accord.partnerships import selectors as partnership_selectors
from accord.resources import selectors as resource_selectors
from accord.results import forms, selectors, services
from accord.results.library import library_for
from accord.results.models import (
    ActionItemStatus,
    CommitmentStatus,
    Indicator,
    Measurement,
    MeasurementStatus,
)
from accord.results.periods import reporting_periods
from accord.results.report_pdf import report_pdf_filename, report_pdf_or_queue


def _partnership(request: HttpRequest, slug: str) -> Any:
    """The partnership if the actor may read its results: 404 when they may not see it."""
    return partnership_selectors.partnership_get_for(
        actor=request.user, slug=slug, perm="results.view_results"
    )


def _manageable(request: HttpRequest, slug: str) -> Any:
    partnership = _partnership(request, slug)
    if not request.user.has_perm("results.manage_indicators", partnership):
        raise Forbidden(_("Only the partnership's coordinators define indicators."))
    return partnership


def _context(request: HttpRequest, partnership: Any, **extra: Any) -> dict[str, Any]:
    return {
        "partnership": partnership,
        "tab": "results",
        "roles": partnership_selectors.actor_roles(actor=request.user, partnership=partnership),
        "is_insider": partnership_selectors.is_insider(actor=request.user, partnership=partnership),
        "can_manage": request.user.has_perm("results.manage_indicators", partnership),
        **extra,
    }


def _periods(indicator: Indicator) -> list[Any]:
    return reporting_periods(
        indicator.reporting_start, indicator.reporting_end, indicator.frequency
    )


@handles_domain_errors
def indicator_list(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = _partnership(request, slug)
    progress = selectors.indicator_progress_list(actor=request.user, partnership=partnership)
    late = [(p.indicator, row) for p in progress for row in p.overdue]
    context = _context(request, partnership, progress=progress, late=late)
    return TemplateResponse(request, "results/indicator_list.html", context)


def _indicator_form(request: HttpRequest, partnership: Any, indicator: Any = None) -> Any:
    return forms.IndicatorForm(
        request.POST or None,
        members=partnership_selectors.member_organizations(partnership=partnership),
        activities=resource_selectors.activity_choices(partnership=partnership),
        indicator=indicator,
    )


@login_required
@handles_domain_errors
def indicator_create(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = _manageable(request, slug)
    form = _indicator_form(request, partnership)
    done = form_submit(
        request,
        form,
        lambda _data: services.indicator_create(
            actor=request.user, partnership=partnership, **form.service_data()
        ),
        success=_("Indicator defined. Set its targets next."),
        then=lambda indicator: reverse("results:indicator_targets", args=[slug, indicator.pk]),
    )
    if done:
        return done
    return TemplateResponse(
        request, "results/indicator_form.html", _context(request, partnership, form=form)
    )


@login_required
@handles_domain_errors
def indicator_edit(request: HttpRequest, slug: str, indicator_id: int) -> HttpResponse:
    partnership = _manageable(request, slug)
    indicator = selectors.indicator_get(
        actor=request.user, partnership=partnership, indicator_id=indicator_id
    )
    form = _indicator_form(request, partnership, indicator)
    done = form_submit(
        request,
        form,
        lambda _data: services.indicator_update(
            actor=request.user, indicator=indicator, **form.service_data()
        ),
        success=_("Indicator saved."),
        then=reverse("results:indicator_detail", args=[slug, indicator.pk]),
    )
    if done:
        return done
    context = _context(request, partnership, form=form, indicator=indicator)
    return TemplateResponse(request, "results/indicator_form.html", context)


@login_required
@handles_domain_errors
def indicator_library(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = _manageable(request, slug)
    entries = library_for(partnership.type)
    form = forms.LibraryStartForm(
        request.POST or None,
        members=partnership_selectors.member_organizations(partnership=partnership),
        entries=entries,
    )
    done = form_submit(
        request,
        form,
        lambda data: services.indicator_create_from_library(
            actor=request.user, partnership=partnership, **data
        ),
        success=_("Indicator added from the library. Set its targets next."),
        then=lambda indicator: reverse("results:indicator_targets", args=[slug, indicator.pk]),
    )
    if done:
        return done
    context = _context(
        request,
        partnership,
        form=form,
        entries=entries,
        posted_key=request.POST.get("key", ""),
    )
    return TemplateResponse(request, "results/indicator_library.html", context)


@handles_domain_errors
def indicator_detail(request: HttpRequest, slug: str, indicator_id: int) -> HttpResponse:
    partnership = _partnership(request, slug)
    indicator = selectors.indicator_get(
        actor=request.user, partnership=partnership, indicator_id=indicator_id
    )
    is_insider = partnership_selectors.is_insider(actor=request.user, partnership=partnership)
    progress = selectors.indicator_progress(indicator, internal=is_insider)
    context = _context(
        request,
        partnership,
        indicator=indicator,
        progress=progress,
        chart_svg=selectors.indicator_chart_svg(progress),
        measurements=list(selectors.measurement_list(actor=request.user, indicator=indicator)),
        can_report=request.user.has_perm("results.report_indicator", indicator),
    )
    return TemplateResponse(request, "results/indicator_detail.html", context)


@handles_domain_errors
def indicator_chart(request: HttpRequest, slug: str, indicator_id: int) -> HttpResponse:
    partnership = _partnership(request, slug)
    indicator = selectors.indicator_get(
        actor=request.user, partnership=partnership, indicator_id=indicator_id
    )
    is_insider = partnership_selectors.is_insider(actor=request.user, partnership=partnership)
    progress = selectors.indicator_progress(indicator, internal=is_insider)
    return HttpResponse(selectors.indicator_chart_svg(progress), content_type="image/svg+xml")


@login_required
@handles_domain_errors
def indicator_targets(request: HttpRequest, slug: str, indicator_id: int) -> HttpResponse:
    partnership = _manageable(request, slug)
    indicator = selectors.indicator_get(
        actor=request.user, partnership=partnership, indicator_id=indicator_id
    )
    form = forms.TargetsForm(request.POST or None, indicator=indicator, periods=_periods(indicator))
    done = form_submit(
        request,
        form,
        lambda _data: services.indicator_targets_set(
            actor=request.user, indicator=indicator, targets=form.targets()
        ),
        success=_("Targets saved."),
        then=reverse("results:indicator_detail", args=[slug, indicator.pk]),
    )
    if done:
        return done
    context = _context(request, partnership, indicator=indicator, form=form)
    return TemplateResponse(request, "results/indicator_targets.html", context)


@login_required
@handles_domain_errors
def measurement_create(request: HttpRequest, slug: str, indicator_id: int) -> HttpResponse:
    partnership = _partnership(request, slug)
    indicator = selectors.indicator_get(
        actor=request.user, partnership=partnership, indicator_id=indicator_id
    )
    if not request.user.has_perm("results.report_indicator", indicator):
        raise Forbidden(_("Only the people of the reporting organization report its values."))
    form = forms.MeasurementForm(
        request.POST or None,
        request.FILES or None,
        indicator=indicator,
        periods=_periods(indicator),
        initial={"period_start": request.GET.get("period", "")},
    )
    done = form_submit(
        request,
        form,
        lambda _data: services.measurement_create(
            actor=request.user, indicator=indicator, **form.service_data()
        ),
        success=_("Value saved."),
        then=lambda m: reverse("results:measurement_detail", args=[slug, m.pk]),
    )
    if done:
        return done
    context = _context(request, partnership, indicator=indicator, form=form)
    return TemplateResponse(request, "results/measurement_form.html", context)


def _measurement_action(request: HttpRequest, measurement: Measurement, action: str) -> str:
    """One workflow step from the measurement page; returns the message to flash."""
    actor = request.user
    if action == "submit":
        services.measurement_submit(actor=actor, measurement=measurement)
        return _("Submitted for verification.")
    if action == "return":
        form = forms.ReturnForm(request.POST)
        if not form.is_valid():
            raise Invalid(_("Say what should change."))
        services.measurement_return(
            actor=actor, measurement=measurement, comment=form.cleaned_data["comment"]
        )
        return _("Returned to the reporter with your comment.")
    if action in ("approve", "approve_lock"):
        services.measurement_approve(
            actor=actor, measurement=measurement, lock=action == "approve_lock"
        )
        return _("Approved.") if action == "approve" else _("Approved and locked.")
    if action == "lock":
        services.measurement_lock(actor=actor, measurement=measurement)
        return _("Locked.")
    if action == "discard":
        services.measurement_discard(actor=actor, measurement=measurement)
        return _("Draft discarded.")
    raise Invalid(_("Unknown action."))


@handles_domain_errors
def measurement_detail(request: HttpRequest, slug: str, measurement_id: int) -> HttpResponse:
    partnership = _partnership(request, slug)
    measurement = selectors.measurement_get(
        actor=request.user, partnership=partnership, measurement_id=measurement_id
    )
    indicator = measurement.indicator
    action = request.POST.get("action", "") if request.method == "POST" else ""
    if action and action != "edit":
        if not request.user.is_authenticated:
            return redirect(f"{reverse('accounts:login')}?next={request.path}")
        message = _measurement_action(request, measurement, action)
        messages.success(request, message)
        if action == "discard":
            return redirect("results:indicator_detail", slug=slug, indicator_id=indicator.pk)
        return redirect("results:measurement_detail", slug=slug, measurement_id=measurement.pk)
    can_report = request.user.has_perm("results.report_indicator", indicator)
    editable = can_report and measurement.status in (
        MeasurementStatus.DRAFT,
        MeasurementStatus.RETURNED,
    )
    form = (
        forms.MeasurementForm(
            request.POST if action == "edit" else None,
            request.FILES if action == "edit" else None,
            indicator=indicator,
            measurement=measurement,
            allow_submit=False,
        )
        if editable
        else None
    )
    if action == "edit":
        done = form_submit(
            request,
            form,
            lambda _data: services.measurement_update(
                actor=request.user,
                measurement=measurement,
                **form.service_data(),
            ),
            success=_("Value saved."),
            then=reverse("results:measurement_detail", args=[slug, measurement.pk]),
        )
        if done:
            return done
    can_verify = request.user.has_perm("results.verify_measurement", measurement)
    context = _context(
        request,
        partnership,
        indicator=indicator,
        measurement=measurement,
        cells=selectors.cell_table(measurement),
        form=form,
        return_form=forms.ReturnForm(),
        can_report=can_report,
        can_verify=can_verify,
        can_lock=can_verify or (measurement.verifier_id == request.user.pk),
        can_correct=request.user.has_perm("results.correct_measurement", measurement),
        show_evidence=request.user.has_perm("results.view_internal", partnership),
    )
    return TemplateResponse(request, "results/measurement_detail.html", context)


@login_required
@handles_domain_errors
def measurement_correct(request: HttpRequest, slug: str, measurement_id: int) -> HttpResponse:
    partnership = _partnership(request, slug)
    measurement = selectors.measurement_get(
        actor=request.user, partnership=partnership, measurement_id=measurement_id
    )
    if not request.user.has_perm("results.correct_measurement", measurement):
        raise Forbidden(_("Only the people of the reporting organization correct its values."))
    form = forms.CorrectionForm(
        request.POST or None,
        request.FILES or None,
        indicator=measurement.indicator,
        measurement=measurement,
    )
    done = form_submit(
        request,
        form,
        lambda _data: services.measurement_correct(
            actor=request.user, measurement=measurement, **form.service_data()
        ),
        success=_("Correction saved as a draft; it goes through verification like any value."),
        then=lambda m: reverse("results:measurement_detail", args=[slug, m.pk]),
    )
    if done:
        return done
    context = _context(
        request, partnership, indicator=measurement.indicator, measurement=measurement, form=form
    )
    return TemplateResponse(request, "results/measurement_correct.html", context)


@login_required
@handles_domain_errors
def measurement_evidence(request: HttpRequest, slug: str, measurement_id: int) -> HttpResponse:
    partnership = partnership_selectors.partnership_get_for(
        actor=request.user,
        slug=slug,
        perm="results.view_internal",
        message=_("Evidence files are for the partnership's members."),
    )
    measurement = selectors.measurement_get(
        actor=request.user, partnership=partnership, measurement_id=measurement_id
    )
    if not measurement.evidence_file:
        raise NotFound(_("This measurement has no evidence file."))
    return FileResponse(
        measurement.evidence_file.open("rb"),
        as_attachment=True,
        filename=measurement.evidence_file.name.rsplit("/", 1)[-1],
    )


# --- Commitments, action items and benefits -----------------------------------------------


def _internal(request: HttpRequest, slug: str) -> Any:
    """The partnership if the actor is an insider: 404 outside, 403 for the public."""
    return partnership_selectors.partnership_get_for(
        actor=request.user,
        slug=slug,
        perm="results.view_internal",
        message=_(
            "Commitments, action items and benefits are visible to the partnership's members."
        ),
    )


def _accountability_context(request: HttpRequest, partnership: Any, **extra: Any) -> dict[str, Any]:
    return {
        "partnership": partnership,
        "tab": "results",
        "roles": partnership_selectors.actor_roles(actor=request.user, partnership=partnership),
        "is_insider": True,
        **extra,
    }


def _represented_members(request: HttpRequest, partnership: Any) -> Any:
    """The member organizations the actor may act for: all for a coordinator, else those
    they represent."""
    members = partnership_selectors.member_organizations(partnership=partnership)
    if request.user.has_perm("partnerships.change_partnership", partnership):
        return members
    return members.filter(pk__in=partner_selectors.represented_organizations(actor=request.user))


@handles_domain_errors
def commitment_list(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = _internal(request, slug)
    form = (
        forms.CommitmentForm(
            request.POST or None,
            organizations=_represented_members(request, partnership),
            activities=resource_selectors.activity_choices(partnership=partnership),
            indicators=selectors.indicator_choices(partnership=partnership),
        )
        if request.user.has_perm("results.add_commitment", partnership)
        else None
    )
    done = form_submit(
        request,
        form,
        lambda data: services.commitment_create(
            actor=request.user, partnership=partnership, **data
        ),
        success=_("Commitment recorded."),
        then=reverse("results:commitment_list", kwargs={"slug": slug}),
    )
    if done:
        return done
    context = _accountability_context(
        request,
        partnership,
        commitments=list(selectors.commitment_list(partnership=partnership)),
        statuses=CommitmentStatus.choices,
        form=form,
    )
    return TemplateResponse(request, "results/commitment_list.html", context)


@login_required
@require_POST
@handles_domain_errors
def commitment_status(request: HttpRequest, slug: str, commitment_id: int) -> HttpResponse:
    partnership = _internal(request, slug)
    commitment = selectors.commitment_get(partnership=partnership, commitment_id=commitment_id)
    form = forms.CommitmentStatusForm(request.POST)
    if not form.is_valid():
        raise Invalid(_("Choose a status; a day done must be a date."))
    services.commitment_status_set(actor=request.user, commitment=commitment, **form.cleaned_data)
    messages.success(request, _("Status saved; a coordinator will confirm it."))
    return redirect(
        reverse("results:commitment_list", kwargs={"slug": slug}) + f"#commitment-{commitment.pk}"
    )


@login_required
@require_POST
@handles_domain_errors
def commitment_confirm(request: HttpRequest, slug: str, commitment_id: int) -> HttpResponse:
    partnership = _internal(request, slug)
    commitment = selectors.commitment_get(partnership=partnership, commitment_id=commitment_id)
    services.commitment_confirm(actor=request.user, commitment=commitment)
    messages.success(request, _("Status confirmed."))
    return redirect(
        reverse("results:commitment_list", kwargs={"slug": slug}) + f"#commitment-{commitment.pk}"
    )


@handles_domain_errors
def accountability(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = _internal(request, slug)
    rows = selectors.accountability_overview(actor=request.user, partnership=partnership)
    context = _accountability_context(request, partnership, rows=rows)
    return TemplateResponse(request, "results/accountability.html", context)


@handles_domain_errors
def organization_accountability(
    request: HttpRequest, slug: str, organization_id: int
) -> HttpResponse:
    partnership = _internal(request, slug)
    page = selectors.organization_accountability(
        actor=request.user, partnership=partnership, organization_id=organization_id
    )
    context = _accountability_context(
        request,
        partnership,
        organization=page.figures.organization,
        figures=page.figures,
        commitments=page.commitments,
        action_items=page.action_items,
    )
    return TemplateResponse(request, "results/organization_accountability.html", context)


def _action_item_data(partnership: Any, data: dict[str, Any]) -> dict[str, Any]:
    """A form's cleaned data for a service: the owner's (user, organization) ids become
    the person and the organization, both looked up within the partnership."""
    data = dict(data)
    user_id, organization_id = data.pop("owner")
    data["owner"] = selectors.member_person_get(partnership=partnership, user_id=user_id)
    data["owner_organization"] = partnership_selectors.member_organization_find(
        partnership=partnership, organization_id=organization_id
    )
    return data


@handles_domain_errors
def action_item_list(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = _internal(request, slug)
    form = (
        forms.ActionItemForm(
            request.POST or None,
            owners=selectors.action_item_owner_choices(partnership=partnership).filter(
                organization__in=_represented_members(request, partnership)
            ),
            proposals=selectors.decided_proposal_choices(partnership=partnership),
            activities=resource_selectors.activity_choices(partnership=partnership),
            indicators=selectors.indicator_choices(partnership=partnership),
        )
        if request.user.has_perm("results.add_action_item", partnership)
        else None
    )
    done = form_submit(
        request,
        form,
        lambda data: services.action_item_create(
            actor=request.user, partnership=partnership, **_action_item_data(partnership, data)
        ),
        success=_("Action item given; its owner is told."),
        then=lambda item: reverse("results:action_item_detail", args=[slug, item.pk]),
    )
    if done:
        return done
    mine = bool(request.GET.get("mine")) and request.user.is_authenticated
    items = selectors.action_item_list(
        partnership=partnership, owner=request.user if mine else None
    )
    context = _accountability_context(request, partnership, items=list(items), form=form, mine=mine)
    return TemplateResponse(request, "results/action_item_list.html", context)


@handles_domain_errors
def action_item_detail(request: HttpRequest, slug: str, item_id: int) -> HttpResponse:
    partnership = _internal(request, slug)
    item = selectors.action_item_get(partnership=partnership, item_id=item_id)
    is_open = item.status == ActionItemStatus.OPEN
    action = request.POST.get("action", "") if request.method == "POST" else ""
    done_form = (
        forms.ActionItemDoneForm(request.POST if action == "done" else None)
        if is_open and request.user.has_perm("results.complete_action_item", item)
        else None
    )
    reassign_form = (
        forms.ActionItemReassignForm(
            request.POST if action == "reassign" else None,
            owners=selectors.action_item_owner_choices(partnership=partnership),
        )
        if is_open and request.user.has_perm("results.reassign_action_item", item)
        else None
    )
    then = reverse("results:action_item_detail", args=[slug, item.pk])
    if action == "reassign":
        done = form_submit(
            request,
            reassign_form,
            lambda data: services.action_item_reassign(
                actor=request.user, item=item, **_action_item_data(partnership, data)
            ),
            success=_("Action item passed on; the new owner is told."),
            then=then,
        )
    else:
        done = form_submit(
            request,
            done_form,
            lambda data: services.action_item_complete(actor=request.user, item=item, **data),
            success=_("Marked done."),
            then=then,
        )
    if done:
        return done
    context = _accountability_context(
        request, partnership, item=item, done_form=done_form, reassign_form=reassign_form
    )
    return TemplateResponse(request, "results/action_item_detail.html", context)


def _benefit_data(partnership: Any, data: dict[str, Any]) -> dict[str, Any]:
    """The form's recipient (``("organization" | "person", id)``) for the service."""
    data = dict(data)
    kind, pk = data.pop("recipient")
    if kind == "organization":
        data["recipient_organization"] = partnership_selectors.member_organization_find(
            partnership=partnership, organization_id=pk
        )
    else:
        data["recipient_user"] = selectors.community_participant_find(
            partnership=partnership, user_id=pk
        )
    return data


@handles_domain_errors
def benefit_list(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = _internal(request, slug)
    can_record = request.user.has_perm("results.record_benefit", partnership)
    form = None
    if can_record:
        coordinator = request.user.has_perm("partnerships.change_partnership", partnership)
        members = partnership_selectors.member_organizations(partnership=partnership)
        people = selectors.community_participants(partnership=partnership)
        form = forms.BenefitForm(
            request.POST or None,
            request.FILES or None,
            organizations=members
            if coordinator
            else members.filter(affiliations__user_id=request.user.pk),
            people=people if coordinator else people.filter(pk=request.user.pk),
        )
    done = form_submit(
        request,
        form,
        lambda data: services.benefit_record(
            actor=request.user, partnership=partnership, **_benefit_data(partnership, data)
        ),
        success=_("Benefit recorded."),
        then=reverse("results:benefit_list", kwargs={"slug": slug}),
    )
    if done:
        return done
    page_obj = Paginator(selectors.benefit_list(partnership=partnership), 50).get_page(
        request.GET.get("page")
    )
    context = _accountability_context(
        request, partnership, page_obj=page_obj, form=form, can_record=can_record
    )
    return TemplateResponse(request, "results/benefit_list.html", context)


@login_required
@require_POST
@handles_domain_errors
def benefit_reverse(request: HttpRequest, slug: str, benefit_id: int) -> HttpResponse:
    partnership = _internal(request, slug)
    benefit = selectors.benefit_get(partnership=partnership, benefit_id=benefit_id)
    form = forms.ReverseForm(request.POST)
    if not form.is_valid():
        raise Invalid(_("Say why the benefit is reversed."))
    services.benefit_reverse(
        actor=request.user, benefit=benefit, reason=form.cleaned_data["reason"]
    )
    messages.success(request, _("Benefit #%(id)s reversed.") % {"id": benefit.pk})
    return redirect("results:benefit_list", slug=slug)


@handles_domain_errors
def benefit_evidence(request: HttpRequest, slug: str, benefit_id: int) -> HttpResponse:
    """The evidence file of a benefit, for insiders only (never served as a public file)."""
    partnership = _internal(request, slug)
    benefit = selectors.benefit_get(partnership=partnership, benefit_id=benefit_id)
    if not benefit.evidence_file:
        raise NotFound(_("This benefit has no evidence file."))
    return FileResponse(
        benefit.evidence_file.open("rb"),
        as_attachment=True,
        filename=benefit.evidence_file.name.rsplit("/", 1)[-1],
    )


@handles_domain_errors
def benefit_summary(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = _internal(request, slug)
    summary = selectors.benefit_summary(partnership=partnership)
    context = _accountability_context(request, partnership, summary=summary)
    return TemplateResponse(request, "results/benefit_summary.html", context)


@handles_domain_errors
def mutual_benefit_svg(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = _internal(request, slug)
    return HttpResponse(
        selectors.benefit_summary(partnership=partnership).mutual_svg,
        content_type="image/svg+xml",
    )


# --- The period report and the exports ----------------------------------------------------


def _report_bundle(request: HttpRequest, slug: str) -> tuple[Any, Any]:
    """The partnership and its report for ``?period=`` (default: the last quarter ended),
    as the actor may read it; an unknown or future period is a 404."""
    partnership = _partnership(request, slug)
    code = request.GET.get("period", "")
    try:
        period = selectors.report_period(code) if code else selectors.default_report_period()
    except Invalid as exc:
        raise NotFound(exc.message) from exc
    bundle = selectors.period_report(actor=request.user, partnership=partnership, period=period)
    return partnership, bundle


@handles_domain_errors
def report(request: HttpRequest, slug: str) -> HttpResponse:
    partnership, bundle = _report_bundle(request, slug)
    insider = partnership_selectors.is_insider(actor=request.user, partnership=partnership)
    titles = selectors.export_table_titles()
    context = _context(
        request,
        partnership,
        bundle=bundle,
        periods=selectors.report_period_choices(partnership=partnership),
        export_tables=[
            (table, titles[table])
            for table in selectors.EXPORT_TABLES
            if insider or table not in selectors.INTERNAL_TABLES
        ],
    )
    return TemplateResponse(request, "results/report.html", context)


@handles_domain_errors
def report_pdf(request: HttpRequest, slug: str) -> HttpResponse:
    """The PDF; for a long report made by the task worker, a page that reloads until it is
    ready (202)."""
    partnership, bundle = _report_bundle(request, slug)
    pdf = report_pdf_or_queue(bundle)
    if pdf is None:
        context = _context(request, partnership, bundle=bundle)
        return TemplateResponse(request, "results/report_pdf_wait.html", context, status=202)
    return download(pdf, filename=report_pdf_filename(bundle), content_type="application/pdf")


@handles_domain_errors
def export(request: HttpRequest, slug: str) -> HttpResponse:
    """``?table=`` indicators, measurements, commitments, action_items or benefits,
    ``?format=`` csv or xlsx."""
    partnership = _partnership(request, slug)
    table, fmt = request.GET.get("table", ""), request.GET.get("format", "csv")
    if fmt not in FORMATS:
        raise NotFound(_("Export as csv or xlsx."))
    sheet = selectors.export_table(actor=request.user, partnership=partnership, table=table)
    content, content_type = spreadsheet(sheet, format=fmt)
    filename = f"{partnership.slug}-{table.replace('_', '-')}-{timezone.localdate()}.{fmt}"
    return download(content, filename=filename, content_type=content_type)
