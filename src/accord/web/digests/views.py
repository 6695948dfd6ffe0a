"""The digest's settings page, and the one-click unsubscribe page (no sign-in needed)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from accord.core.http import form_submit
from accord.errors import Invalid
from accord.notifications.models import DigestKind
from accord.web.digests import forms, selectors, services


@login_required
def digest_preferences(request: HttpRequest) -> HttpResponse:
    preference = selectors.preference_of(request.user)
    initial = {
        "frequency": preference.frequency,
        "activity": preference.activity,
        "waiting": preference.waiting,
    }
    form = forms.DigestPreferenceForm(request.POST or None, initial=initial)
    done = form_submit(
        request,
        form,
        lambda data: services.digest_preference_set(actor=request.user, **data),
        success=_("Saved."),
        then=request.path,
    )
    if done:
        return done
    return TemplateResponse(request, "web/digests/digest_preferences.html", {"form": form})


@csrf_exempt  # the signed token is the credential; mail clients POST here (RFC 8058)
def digest_unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET asks (reading never writes); POST stops the part. A forged link is a 400."""
    try:
        if request.method == "POST":
            _user, kind = services.digest_unsubscribe(token=token)
        else:
            _user, kind = services.unsubscribe_read(token)
    except Invalid as exc:
        context = {"error": exc.message}
        return TemplateResponse(request, "web/digests/digest_unsubscribe.html", context, status=400)
    context = {"kind_label": DigestKind(kind).label, "done": request.method == "POST"}
    return TemplateResponse(request, "web/digests/digest_unsubscribe.html", context)
