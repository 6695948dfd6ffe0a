from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import authenticate
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from accord.accounts import throttling, time_zones


class EmailAuthenticationForm(AuthenticationForm):
    """Sign-in by email and password, slowed after repeated failures (accounts/throttling)."""

    username = forms.EmailField(
        label=_("Email"),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("That email and password do not match an account."),
        "throttled": ngettext_lazy(
            "Too many failed sign-ins. Wait %(seconds)s second before trying again, "
            "or reset your password.",
            "Too many failed sign-ins. Wait %(seconds)s seconds before trying again, "
            "or reset your password.",
            "seconds",
        ),
    }

    def clean(self) -> dict[str, Any]:
        email = self.cleaned_data.get("username") or ""
        password = self.cleaned_data.get("password")
        address = throttling.client_address(self.request)
        wait = throttling.signin_wait(email=email, address=address) if email else 0
        if wait:
            raise forms.ValidationError(
                self.error_messages["throttled"], code="throttled", params={"seconds": wait}
            )
        if email and password:
            self.user_cache = authenticate(self.request, username=email.lower(), password=password)
            if self.user_cache is None:
                throttling.signin_failure_record(email=email, address=address)
                raise self.get_invalid_login_error()
            self.confirm_login_allowed(self.user_cache)
            throttling.signin_success(email=email)
        return self.cleaned_data


class AccessTokenForm(forms.Form):
    name = forms.CharField(
        max_length=100, help_text=_("What the token is for, e.g. “quarterly report script”.")
    )


class TimeZoneForm(forms.Form):
    time_zone = forms.ChoiceField(
        label=_("Time zone"),
        required=False,
        help_text=_(
            "Dates and times are shown and read in this zone. Blank: the zone of the "
            "partnership you are looking at, or else the site's."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["time_zone"].choices = [
            ("", _("The partnership's zone")),
            *time_zones.zone_choices(),
        ]
