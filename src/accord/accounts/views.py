from __future__ import annotations

from typing import Any

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_POST

from accord.accounts import forms, services
from accord.accounts.models import AccessToken
from accord.errors import AccordError


class LoginView(auth_views.LoginView):
    form_class = forms.EmailAuthenticationForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset view, with the emailed link on ``ACCORD_BASE_URL`` rather than on the
    host the request named."""

    def form_valid(self, form: Any) -> HttpResponse:
        protocol, domain = services.site_address()
        self.extra_email_context = {"protocol": protocol, "domain": domain, "site_name": domain}
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
