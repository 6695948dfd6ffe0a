"""Discussion pages: the partnership's (or an activity's) threads, and one thread."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from accord.core.http import add_error_to_form, handles_domain_errors
from accord.decisions.models import Stance
from accord.discussions import forms, selectors, services
from accord.errors import AccordError, Forbidden, NotFound
from accord.partnerships.views import partnership_page_context
from accord.resources.models import Activity


def _activity(partnership, raw):  # type: ignore[no-untyped-def]
    if raw in (None, ""):
        return None
    try:
        activity_id = int(raw)
    except (TypeError, ValueError):
        raise NotFound(_("No such activity.")) from None
    activity = Activity.objects.filter(partnership=partnership, pk=activity_id).first()
    if activity is None:
        raise NotFound(_("No such activity."))
    return activity


@handles_domain_errors
def thread_list(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = selectors.partnership_for_discussions(actor=request.user, slug=slug)
    activity = _activity(partnership, request.GET.get("activity") or request.POST.get("activity"))
    may_start = request.user.has_perm("discussions.add_thread", partnership)
    form = forms.ThreadForm(request.POST or None) if may_start else None
    if request.method == "POST":
        if form is None:
            raise Forbidden(_("Only the people taking part may start a discussion."))
        if form.is_valid():
            try:
                thread = services.thread_create(
                    actor=request.user,
                    partnership=partnership,
                    activity=activity,
                    **form.cleaned_data,
                )
            except AccordError as exc:
                add_error_to_form(form, exc)
            else:
                messages.success(request, _("Discussion started."))
                return redirect(thread)
    threads = selectors.thread_list(
        partnership=partnership, activity_id=activity.pk if activity else None
    )
    page = Paginator(threads, selectors.THREADS_PER_PAGE).get_page(request.GET.get("page"))
    context = partnership_page_context(
        request, partnership, "discussions", page=page, form=form, activity=activity
    )
    return TemplateResponse(request, "discussions/thread_list.html", context)


@handles_domain_errors
def thread_detail(request: HttpRequest, slug: str, thread_id: int) -> HttpResponse:
    thread = selectors.thread_get(actor=request.user, slug=slug, thread_id=thread_id)
    partnership = thread.partnership
    may_comment = request.user.has_perm("discussions.comment_thread", partnership)
    may_hide = request.user.has_perm("discussions.hide_comment", partnership)
    form = forms.CommentForm(request.POST if "comment_add" in request.POST else None)
    hide_form = forms.HideForm(request.POST if "comment_hide" in request.POST else None)
    if request.method == "POST":
        done = _post(request, thread, form, hide_form, may_comment, may_hide)
        if done is not None:
            return done
    page, comments = selectors.comment_page(thread=thread, page_number=request.GET.get("page"))
    context = partnership_page_context(
        request,
        partnership,
        "discussions",
        thread=thread,
        page=page,
        comments=comments,
        form=form if may_comment else None,
        hide_form=hide_form,
        may_comment=may_comment,
        may_hide=may_hide,
        stances=Stance.choices,
    )
    return TemplateResponse(request, "discussions/thread_detail.html", context)


def _post(request, thread, form, hide_form, may_comment, may_hide):  # type: ignore[no-untyped-def]
    """The thread page's POST actions: comment (or reply), edit one's own, hide."""
    if "comment_add" in request.POST:
        if not may_comment:
            raise Forbidden(_("Only the people taking part may comment."))
        if not form.is_valid():
            return None
        data = form.cleaned_data
        try:
            parent = None
            if data.get("parent") is not None:
                parent = selectors.comment_get(
                    actor=request.user, thread=thread, comment_id=data["parent"]
                )
            if request.POST.get("edit"):
                services.comment_edit(
                    actor=request.user, comment=parent, body=data["body"], stance=data["stance"]
                )
            else:
                services.comment_add(
                    actor=request.user,
                    thread=thread,
                    body=data["body"],
                    stance=data["stance"],
                    parent=parent,
                )
        except (Forbidden, NotFound):
            raise
        except AccordError as exc:
            add_error_to_form(form, exc)
            return None
        messages.success(request, _("Comment saved."))
        return redirect(thread)
    if "comment_hide" in request.POST:
        if not may_hide:
            raise Forbidden(_("Only a coordinator hides a comment."))
        if not hide_form.is_valid():
            messages.error(request, _("Say why the comment is hidden."))
            return redirect(thread)
        comment = selectors.comment_get(
            actor=request.user, thread=thread, comment_id=hide_form.cleaned_data["comment"]
        )
        try:
            services.comment_hide(
                actor=request.user, comment=comment, reason=hide_form.cleaned_data["reason"]
            )
        except (Forbidden, NotFound):
            raise
        except AccordError as exc:
            messages.error(request, exc.message)
            return redirect(thread)
        messages.success(request, _("Comment hidden."))
        return redirect(thread)
    return None
