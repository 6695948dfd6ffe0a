from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation.trans_real import parse_accept_lang_header
from django.views import i18n
from django.views.decorators.http import require_POST

from accord.accounts import forms, services, tasks, throttling
from accord.accounts.models import AccessToken
from accord.errors import AccordError, Invalid


class LoginView(auth_views.LoginView):
    form_class = forms.EmailAuthenticationForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        language = getattr(self.request, "LANGUAGE_CODE", "")
        asked = parse_accept_lang_header(self.request.headers.get("Accept-Language", ""))
        if language in {code.split("-")[0].lower() for code, _quality in asked}:
            # the browser asked for it (not the site's fallback)
            services.user_language_adopt(user=form.get_user(), language=language)
        return response


class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset page, with the email sent by the worker: the answer is the same, in
    the same time, whether an account has that email or not, and requests are counted per
    client address (accounts/throttling.py). The emailed link is on ``ACCORD_BASE_URL``."""

    def form_valid(self, form: Any) -> HttpResponse:
        if throttling.reset_request_allowed(address=throttling.client_address(self.request)):
            tasks.password_reset_send.enqueue(form.cleaned_data["email"])
        return redirect(self.get_success_url())


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Django's set-password page; setting a password from the emailed link also confirms
    an account that someone else created for this person (it stays inactive until then)."""

    def form_valid(self, form: Any) -> HttpResponse:
        services.account_confirm_pending(user=form.user)
        return super().form_valid(form)


@login_required
def token_list(request: HttpRequest) -> HttpResponse:
    form = forms.AccessTokenForm(request.POST or None)
    new_secret = None
    if request.method == "POST" and form.is_valid():
        try:
            _, new_secret = services.access_token_create(
                actor=request.user, name=form.cleaned_data["name"]
            )  # type: ignore[arg-type]
            form = forms.AccessTokenForm()
        except AccordError as exc:
            form.add_error(None, exc.message)
    tokens = AccessToken.objects.filter(user_id=request.user.pk)
    return TemplateResponse(
        request,
        "accounts/token_list.html",
        {"form": form, "tokens": tokens, "new_secret": new_secret},
    )


@login_required
@require_POST
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    services.access_token_revoke(actor=request.user, token_id=token_id)  # type: ignore[arg-type]
    return redirect("accounts:token_list")


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """The language switch of every page's footer (no JavaScript): Django's ``set_language``
    (the cookie, the redirect back), and for a signed-in person the choice remembered on
    their account, so that it follows them to other devices and into their emails."""
    language = request.POST.get("language", "")
    if not services.language_is_offered(language):
        raise Invalid(_("This language is not offered."))
    if request.user.is_authenticated:
        services.user_set_language(actor=request.user, language=language)
    # Django's view sets the cookie and goes back to ``next`` when it is on this site.
    return i18n.set_language(request)


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    """The person's own settings: the time zone their dates and times are shown in."""
    form = forms.TimeZoneForm(
        request.POST or None,
        initial={"time_zone": request.user.time_zone},  # type: ignore[union-attr]
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.user_set_time_zone(
                actor=request.user,  # type: ignore[arg-type]
                time_zone=form.cleaned_data["time_zone"],
            )
        except AccordError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Saved."))
            return redirect("accounts:profile")
    return TemplateResponse(
        request, "accounts/profile.html", {"form": form}, status=400 if form.errors else 200
    )
