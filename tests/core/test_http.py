"""``accord.core.http``: the form POST sequence and downloads, on a plain form."""

from __future__ import annotations

from typing import Any

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.test import RequestFactory

from accord.core.http import download, form_submit
from accord.errors import Forbidden, Invalid


class NameForm(forms.Form):
    name = forms.CharField()


def _request(method: str, data: dict[str, str] | None = None) -> Any:
    factory = RequestFactory()
    request = factory.post("/", data or {}) if method == "POST" else factory.get("/")
    request._messages = CookieStorage(request)
    return request


def _refuse(data: dict[str, Any]) -> Any:
    raise Invalid("Taken.", field_errors={"name": ["That name is taken."]})


def test_a_get_renders_the_form_without_calling_the_service():
    called = []
    request = _request("GET")
    assert form_submit(request, NameForm(None), called.append, then="/done/") is None
    assert called == []


def test_invalid_input_renders_the_form_again():
    called = []
    form = NameForm({})
    assert form_submit(_request("POST"), form, called.append, then="/done/") is None
    assert called == [] and "name" in form.errors


def test_a_service_error_goes_beside_its_field():
    form = NameForm({"name": "Lake"})
    assert form_submit(_request("POST", {"name": "Lake"}), form, _refuse, then="/") is None
    assert form.errors == {"name": ["That name is taken."]}


def test_success_flashes_the_message_of_the_result_and_redirects():
    request = _request("POST", {"name": "Lake"})
    response = form_submit(
        request,
        NameForm(request.POST),
        lambda data: data["name"].upper(),
        success=lambda result: f"{result} saved.",
        then=lambda result: f"/{result.lower()}/",
    )
    assert response is not None and response.status_code == 302
    assert response["Location"] == "/lake/"
    assert [str(m) for m in get_messages(request)] == ["LAKE saved."]


def test_posting_a_form_the_actor_has_not_been_given_is_forbidden():
    with pytest.raises(Forbidden):
        form_submit(_request("POST", {"name": "Lake"}), None, lambda data: None, then="/")
    assert form_submit(_request("GET"), None, lambda data: None, then="/") is None


def test_download_is_an_attachment_and_text_says_its_charset():
    text = download("a,b\n", filename="log.csv", content_type="text/csv")
    assert text["Content-Type"] == "text/csv; charset=utf-8"
    assert text["Content-Disposition"] == 'attachment; filename="log.csv"'
    binary = download(b"PK", filename="x.xlsx", content_type="application/octet-stream")
    assert binary["Content-Type"] == "application/octet-stream" and binary.content == b"PK"
