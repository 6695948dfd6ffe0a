"""The notifications list's search (issue 14, item 10)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class NotificationFindForm(forms.Form):
    """A GET form: every field optional; a bad value is named beside its field and the list
    shows everything."""

    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    state = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[("", _("All")), ("unread", _("Unread")), ("read", _("Read or done"))],
    )
