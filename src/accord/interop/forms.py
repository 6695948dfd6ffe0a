from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from accord.interop.models import Scope
from accord.partners.models import Organization

#: The largest IATI file the import page takes.
MAX_UPLOAD_BYTES = 20 * 1024 * 1024


class PublicationForm(forms.Form):
    scope = forms.ChoiceField(label=_("IATI activities"), choices=Scope.choices)
    reporting_organization = forms.ModelChoiceField(
        label=_("Reporting organization"),
        queryset=Organization.objects.none(),
        required=False,
        help_text=_("Empty: the founding member."),
    )
    identifier = forms.CharField(
        label=_("IATI identifier"),
        max_length=150,
        required=False,
        help_text=_("Empty: the reporting organization's identifier, a dash and the slug."),
    )

    def __init__(self, *args: Any, members: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reporting_organization"].queryset = members


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("IATI activity file"), help_text=_("IATI 2.03 activity XML, up to 20 MB.")
    )
    activity = forms.CharField(
        label=_("IATI identifier of the activity"),
        max_length=150,
        required=False,
        help_text=_("Needed when the file holds several activities."),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 20 MB."))
        return upload
