from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import authenticate
from django.contrib.auth.forms import AuthenticationForm

from accord.accounts import services


class EmailAuthenticationForm(AuthenticationForm):
    """Sign-in by email and password, refusing further tries after repeated failures."""

    username = forms.EmailField(
        label="Email", widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True})
    )

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "That email and password do not match an account.",
        "throttled": "Too many failed sign-ins for this account from your address. Wait 15 minutes or reset your password.",
    }

    def clean(self) -> dict[str, Any]:
        email = self.cleaned_data.get("username") or ""
        password = self.cleaned_data.get("password")
        address = self.request.META.get("REMOTE_ADDR", "") if self.request else ""
        if email and services.login_is_throttled(email=email, address=address):
            raise forms.ValidationError(self.error_messages["throttled"], code="throttled")
        if email and password:
            self.user_cache = authenticate(self.request, username=email.lower(), password=password)
            if self.user_cache is None:
                services.login_failure_record(email=email, address=address)
                raise self.get_invalid_login_error()
            self.confirm_login_allowed(self.user_cache)
            services.login_failures_clear(email=email, address=address)
        return self.cleaned_data


class AccessTokenForm(forms.Form):
    name = forms.CharField(
        max_length=100, help_text="What the token is for, e.g. “quarterly report script”."
    )
