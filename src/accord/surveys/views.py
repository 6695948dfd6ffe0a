"""HTML views of surveys. Thin: parse, call one service or selector, render.

Everyone who is not an insider of the partnership gets a 404 on every page (public
partnership or not); insiders without the right to an action get a 403.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accord.core.http import download, form_submit, handles_domain_errors
from accord.core.spreadsheets import FORMATS, spreadsheet
from accord.errors import Forbidden, Invalid, NotFound
from accord.partnerships import selectors as partnership_selectors
from accord.surveys import forms, services
from accord.surveys.instruments import all_instruments, instrument, translated
from accord.surveys.rules import answer_permission, who_answers
from accord.surveys.selectors import exports as export_selectors
from accord.surveys.selectors import results as result_selectors
from accord.surveys.selectors import waves as wave_selectors
from accord.surveys.services.answers import member_organizations


def _partnership(request: HttpRequest, slug: str) -> Any:
    """The partnership if the actor may read its surveys; 404 for everyone else."""
    partnership = partnership_selectors.partnership_get(actor=request.user, slug=slug)
    if not request.user.has_perm("surveys.view_surveys", partnership):
        raise NotFound(_("No such partnership."))
    return partnership


def _manageable(request: HttpRequest, slug: str) -> Any:
    partnership = _partnership(request, slug)
    if not request.user.has_perm("surveys.manage_waves", partnership):
        raise Forbidden(_("Only the partnership's coordinators run survey waves."))
    return partnership


def _wave(request: HttpRequest, slug: str, wave_id: int) -> Any:
    partnership = _partnership(request, slug)
    return wave_selectors.wave_get(actor=request.user, partnership=partnership, wave_id=wave_id)


def _context(request: HttpRequest, partnership: Any, **extra: Any) -> dict[str, Any]:
    return {
        "partnership": partnership,
        "tab": "surveys",
        "is_insider": True,
        "can_manage": request.user.has_perm("surveys.manage_waves", partnership),
        **extra,
    }


@handles_domain_errors
def wave_list(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = _partnership(request, slug)
    rows = wave_selectors.wave_list(actor=request.user, partnership=partnership)
    return TemplateResponse(
        request, "surveys/wave_list.html", _context(request, partnership, rows=rows)
    )


@login_required
@handles_domain_errors
def wave_create(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = _manageable(request, slug)
    form = forms.WaveForm(request.POST or None)
    done = form_submit(
        request,
        form,
        lambda _data: services.wave_create(
            actor=request.user, partnership=partnership, **form.service_data()
        ),
        success=_("Survey wave created."),
    )
    if done:
        return done
    instruments = [(translated(i.title), translated(i.description)) for i in all_instruments()]
    return TemplateResponse(
        request,
        "surveys/wave_form.html",
        _context(request, partnership, form=form, editing=False, instruments=instruments),
    )


@login_required
@handles_domain_errors
def wave_edit(request: HttpRequest, slug: str, wave_id: int) -> HttpResponse:
    partnership = _manageable(request, slug)
    wave = wave_selectors.wave_get(actor=request.user, partnership=partnership, wave_id=wave_id)
    initial = {
        "title": wave.title,
        "opens_at": timezone.localtime(wave.opens_at).strftime("%Y-%m-%dT%H:%M"),
        "closes_at": timezone.localtime(wave.closes_at).strftime("%Y-%m-%dT%H:%M"),
        "anonymity": "anonymous" if wave.anonymous else "named",
        "threshold": wave.threshold,
    }
    form = forms.WaveForm(request.POST or None, initial=initial, wave=wave)
    done = form_submit(
        request,
        form,
        lambda _data: services.wave_update(actor=request.user, wave=wave, **form.service_data()),
        success=_("Survey wave saved."),
    )
    if done:
        return done
    return TemplateResponse(
        request,
        "surveys/wave_form.html",
        _context(request, partnership, form=form, editing=True, wave=wave),
    )


@handles_domain_errors
def wave_detail(request: HttpRequest, slug: str, wave_id: int) -> HttpResponse:
    wave = _wave(request, slug, wave_id)
    partnership = wave.partnership
    to_answer, answered_mine = wave_selectors.answer_status(actor=request.user, wave=wave)
    can_manage = request.user.has_perm("surveys.manage_waves", partnership)
    context = _context(
        request,
        partnership,
        wave=wave,
        definition=instrument(wave.instrument),
        description=translated(instrument(wave.instrument).description),
        to_answer=to_answer,
        answered_mine=answered_mine,
        members=wave_selectors.member_count(partnership=partnership),
        respondents=list(wave_selectors.respondent_list(wave=wave)) if can_manage else None,
    )
    return TemplateResponse(request, "surveys/wave_detail.html", context)


def _answering_organization(request: HttpRequest, wave: Any) -> Any:
    """The organization the person answers for: the one named in the request, else their
    first. Forbidden for people who represent no member organization (in a wave answered
    per person: who belong to none)."""
    if not request.user.has_perm(answer_permission(wave), wave.partnership):
        raise Forbidden(who_answers(wave))
    mine = wave_selectors.answerable_organizations(
        actor=request.user, partnership=wave.partnership, per_person=wave.per_person
    )
    wanted = request.POST.get("organization") or request.GET.get("organization")
    if wanted:
        chosen = next((o for o in mine if str(o.pk) == wanted), None)
        if chosen is None:
            raise Forbidden(who_answers(wave))
        return chosen
    if not mine:
        raise Forbidden(who_answers(wave))
    return mine[0]


@login_required
@handles_domain_errors
def wave_answer(request: HttpRequest, slug: str, wave_id: int) -> HttpResponse:
    wave = _wave(request, slug, wave_id)
    organization = _answering_organization(request, wave)
    definition = instrument(wave.instrument)
    others = [o for pk, o in member_organizations(wave).items() if pk != organization.pk]
    form = forms.AnswerForm(request.POST or None, definition=definition, others=others)
    done = form_submit(
        request,
        form,
        lambda _data: services.answer_submit(
            actor=request.user, wave=wave, organization=organization, **form.service_data()
        ),
        success=_("Thank you: your answers are recorded.")
        if wave.per_person
        else _("Thank you: your organization's answers are recorded."),
        then=lambda _respondent: wave.get_absolute_url(),
    )
    if done:
        return done
    status = 400 if request.method == "POST" else 200
    if wave.per_person:
        already = wave_selectors.person_answered(wave=wave, actor=request.user) is not None
    else:
        already = bool(
            wave_selectors.answered_organization_ids(wave=wave, organization_ids=[organization.pk])
        )
    context = _context(
        request,
        wave.partnership,
        wave=wave,
        organization=organization,
        already_answered=already,
        definition=definition,
        description=translated(definition.description),
        form=form,
        sections=form.sections(),
    )
    return TemplateResponse(request, "surveys/wave_answer.html", context, status=status)


@handles_domain_errors
def wave_results(request: HttpRequest, slug: str, wave_id: int) -> HttpResponse:
    wave = _wave(request, slug, wave_id)
    results = result_selectors.wave_results(
        wave=wave,
        named_answers=request.user.has_perm("surveys.view_named_answers", wave.partnership),
    )
    context = _context(request, wave.partnership, wave=wave, results=results)
    return TemplateResponse(request, "surveys/wave_results.html", context)


@handles_domain_errors
def wave_export(request: HttpRequest, slug: str, wave_id: int) -> HttpResponse:
    wave = _wave(request, slug, wave_id)
    format_ = request.GET.get("format", "csv")
    if format_ not in FORMATS:
        raise Invalid(_("Choose CSV or XLSX."))
    results = result_selectors.wave_results(wave=wave)
    content, content_type = spreadsheet(export_selectors.wave_sheet(results), format=format_)
    return download(
        content,
        filename=f"{wave.partnership.slug}-survey-{wave.pk}.{format_}",
        content_type=content_type,
    )


@require_POST
@login_required
@handles_domain_errors
def wave_remind(request: HttpRequest, slug: str, wave_id: int) -> HttpResponse:
    wave = _wave(request, slug, wave_id)
    told = services.wave_remind(actor=request.user, wave=wave)
    messages.success(request, _("Reminder sent to %(count)d representatives.") % {"count": told})
    return redirect(wave)


@require_POST
@login_required
@handles_domain_errors
def wave_close(request: HttpRequest, slug: str, wave_id: int) -> HttpResponse:
    wave = _wave(request, slug, wave_id)
    services.wave_close(actor=request.user, wave=wave)
    messages.success(request, _("The wave is closed."))
    return redirect(wave)
