"""HTML forms of surveys. They check the shape of the input; the services check its meaning
(scale, membership, dates) and put their errors beside the same fields."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from accord.partners.models import Organization
from accord.surveys.instruments import (
    CODES,
    InstrumentDefinition,
    Question,
    instrument,
    translated,
)
from accord.surveys.models import THRESHOLD_DEFAULT, THRESHOLD_MAX, THRESHOLD_MIN
from accord.surveys.services.answers import comment_field, matrix_field

ANONYMITY_CHOICES = [
    ("default", _("As the instrument suggests")),
    ("anonymous", _("Anonymous: answers are kept apart from who answered")),
    ("named", _("Named: answers say which organization gave them")),
]

ANSWERED_BY_CHOICES = [
    ("default", _("As the instrument suggests")),
    ("organization", _("Each member organization, once, through a representative")),
    ("person", _("Each person of a member organization (representatives and staff), once")),
]


def _same_minute(a: datetime, b: datetime) -> bool:
    return a.replace(second=0, microsecond=0) == b.replace(second=0, microsecond=0)


class WaveForm(forms.Form):
    instrument = forms.ChoiceField(label=_("Instrument"))
    title = forms.CharField(label=_("Title"), max_length=200)
    opens_at = forms.DateTimeField(
        label=_("Opens"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    closes_at = forms.DateTimeField(
        label=_("Closes"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    anonymity = forms.ChoiceField(
        label=_("Anonymity"), choices=ANONYMITY_CHOICES, widget=forms.RadioSelect
    )
    answered_by = forms.ChoiceField(
        label=_("Who answers"),
        choices=ANSWERED_BY_CHOICES,
        widget=forms.RadioSelect,
        required=False,
        help_text=_("The partner network survey is always answered by each organization."),
    )
    threshold = forms.IntegerField(
        label=_("Anonymity threshold"),
        help_text=_(
            "No figure is shown for a group of fewer respondents than this (%(low)d–%(high)d)."
        )
        % {"low": THRESHOLD_MIN, "high": THRESHOLD_MAX},
        initial=THRESHOLD_DEFAULT,
    )

    def __init__(self, *args: Any, wave: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["instrument"].choices = [
            (code, translated(instrument(code).title)) for code in CODES
        ]
        self.fields["anonymity"].initial = "default"
        self.fields["answered_by"].initial = "default"
        self.wave = wave
        if wave is not None:
            del self.fields["instrument"]
            del self.fields["answered_by"]  # fixed at creation

    def service_data(self) -> dict[str, Any]:
        """The service's arguments. When editing, only what changed: the form shows times to
        the minute, so an unchanged opening posted back must not count as a move."""
        data = dict(self.cleaned_data)
        if self.wave is not None:
            data = {k: v for k, v in data.items() if k in self.changed_data}
            for name in ("opens_at", "closes_at"):
                if name in data and _same_minute(data[name], getattr(self.wave, name)):
                    del data[name]
        anonymity = data.pop("anonymity", None)
        if anonymity is not None:
            data["anonymous"] = None if anonymity == "default" else anonymity == "anonymous"
        answered_by = data.pop("answered_by", None)
        if self.wave is None:
            data["per_person"] = (
                None if answered_by in (None, "", "default") else answered_by == "person"
            )
        if "instrument" in data:
            data["instrument_code"] = data.pop("instrument")
        return data


def _scale_field(question: Question, label: str) -> forms.Field:
    return forms.TypedChoiceField(
        label=label,
        choices=[(str(p), str(p)) for p in question.points],
        coerce=int,
        required=False,
        widget=forms.RadioSelect,
    )


def question_field(question: Question, label: str) -> forms.Field:
    """A form field of the right shape for one question (never required here: the service
    says which answers are missing, beside the same field)."""
    if question.is_scale:
        return _scale_field(question, label)
    if question.kind == "single":
        return forms.ChoiceField(
            label=label,
            choices=question.translated_options(),
            required=False,
            widget=forms.RadioSelect,
        )
    if question.kind == "multiple":
        return forms.MultipleChoiceField(
            label=label,
            choices=question.translated_options(),
            required=False,
            widget=forms.CheckboxSelectMultiple,
        )
    if question.kind == "number":
        return forms.FloatField(
            label=label, required=False, min_value=question.minimum, max_value=question.maximum
        )
    return forms.CharField(label=label, required=False, max_length=5000, widget=forms.Textarea)


class AnswerForm(forms.Form):
    """The whole survey on one page: one field per question, a comment field beside the
    ratings that take one, and for the network survey one group of fields per other member
    (``m-<organization id>-<column>``)."""

    def __init__(
        self,
        *args: Any,
        definition: InstrumentDefinition,
        others: list[Organization],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.definition = definition
        self.others = others
        for question in definition.questions:
            if question.kind == "member_matrix":
                for organization in others:
                    for column in question.columns:
                        self.fields[matrix_field(organization.pk, column.code)] = question_field(
                            column, column.display_text
                        )
                continue
            self.fields[question.code] = question_field(question, question.display_text)
            if question.comment:
                self.fields[comment_field(question.code)] = forms.CharField(
                    label=_("Comment (optional)"),
                    required=False,
                    max_length=2000,
                    widget=forms.Textarea(attrs={"rows": 2}),
                )

    def sections(self) -> list[dict[str, Any]]:
        """The fields in display order, grouped: plain questions, then one block per member."""
        blocks: list[dict[str, Any]] = []
        for question in self.definition.questions:
            if question.kind == "member_matrix":
                blocks.append(
                    {
                        "matrix": True,
                        "question": question,
                        "members": [
                            {
                                "organization": organization,
                                "fields": [
                                    {
                                        "question": c,
                                        "field": self[matrix_field(organization.pk, c.code)],
                                    }
                                    for c in question.columns
                                ],
                            }
                            for organization in self.others
                        ],
                    }
                )
                continue
            blocks.append(
                {
                    "matrix": False,
                    "question": question,
                    "field": self[question.code],
                    "comment": self[comment_field(question.code)] if question.comment else None,
                }
            )
        return blocks

    def service_data(self) -> dict[str, Any]:
        values: dict[str, Any] = {}
        comments: dict[str, Any] = {}
        ratings: dict[int, dict[str, Any]] = {}
        for name, value in self.cleaned_data.items():
            if name.startswith("m-"):
                _m, organization_id, column = name.split("-", 2)
                ratings.setdefault(int(organization_id), {})[column] = _plain(value)
            elif name.endswith("-comment"):
                if value:
                    comments[name.removesuffix("-comment")] = value
            else:
                values[name] = _plain(value)
        return {"values": values, "comments": comments, "ratings": ratings}


def _plain(value: Any) -> Any:
    return None if value in ("", None, []) else value
