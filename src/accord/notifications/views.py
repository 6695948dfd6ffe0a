from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_POST

from accord.notifications import forms, selectors, services


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    finder = forms.NotificationFindForm(request.GET or None)
    found = finder.cleaned_data if finder.is_bound and finder.is_valid() else {}
    page = Paginator(selectors.notification_find(actor=request.user, **found), 50).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "page": page,
        "finder": finder,
        "is_filtered": any(found.values()),
        "query": query.urlencode(),
    }
    return TemplateResponse(request, "notifications/notification_list.html", context)


@login_required
@require_POST
def notification_read_all(request: HttpRequest) -> HttpResponse:
    services.notifications_mark_read(actor=request.user)
    return redirect("notifications:notification_list")
