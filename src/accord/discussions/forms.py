from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from accord.decisions.models import Stance


class ThreadForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    stance = forms.ChoiceField(label=_("Stance"), choices=Stance.choices, initial=Stance.QUESTION)
    body = forms.CharField(
        label=_("What do you want to discuss?"), widget=forms.Textarea(attrs={"rows": 4})
    )


class CommentForm(forms.Form):
    stance = forms.ChoiceField(label=_("Stance"), choices=Stance.choices, initial=Stance.QUESTION)
    body = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}))
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)


class HideForm(forms.Form):
    comment = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    reason = forms.CharField(label=_("Why hide it?"), max_length=300)
