"""The HTML side of every app: domain errors to 404/403 or a message, service errors beside
their form field, the form POST sequence, and downloads (the API has ``accord.core.api``)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse

from accord.errors import AccordError, Forbidden, NotFound


def add_error_to_form(form: forms.BaseForm, error: AccordError) -> None:
    """Put a service error on the form: beside its field where the form has that field,
    the rest on top in words only (never "closes_at: ..." with a field's code name)."""
    if not error.field_errors:
        form.add_error(None, error.message)
        return
    for field, messages_ in error.field_errors.items():
        for message in messages_:
            form.add_error(field if field in form.fields else None, message)


def handles_domain_errors(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Render NotFound as 404 and Forbidden as 403; other errors flash and go back.

    Views that have a form catch ``AccordError`` themselves and show it on the form.
    """

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except NotFound as exc:
            return TemplateResponse(request, "404.html", {"message": exc.message}, status=404)
        except Forbidden as exc:
            return TemplateResponse(request, "403.html", {"message": exc.message}, status=403)
        except AccordError as exc:
            messages.error(request, exc.message)
            return redirect(request.META.get("HTTP_REFERER") or request.path)

    return wrapper


def form_submit(
    request: HttpRequest,
    form: forms.BaseForm | None,
    action: Callable[[dict[str, Any]], Any],
    *,
    success: str | Callable[[Any], str] | None = None,
    then: Any = None,
) -> HttpResponse | None:
    """The POST of a form page: validate, call the service, answer.

    Returns a redirect when the form was posted, valid, and ``action`` (a call of one
    service with the cleaned data) succeeded: ``success`` (a text, or a function of the
    service's result) is flashed, and the redirect goes to ``then`` (a URL, a model, or a
    function of the result; the result itself when omitted). Returns None when the page
    should render the form again: a GET, invalid input, or a service error, which is put
    beside its field (``add_error_to_form``). ``form`` is None when the actor may not use
    it (the page shows none): posting it anyway is ``Forbidden``.
    """
    if request.method != "POST":
        return None
    if form is None:
        raise Forbidden()
    if not form.is_valid():
        return None
    try:
        result = action(form.cleaned_data)
    except AccordError as exc:
        add_error_to_form(form, exc)
        return None
    if success is not None:
        messages.success(request, success(result) if callable(success) else success)
    target = result if then is None else then(result) if callable(then) else then
    return redirect(target)


def download(content: str | bytes, *, filename: str, content_type: str) -> HttpResponse:
    """A file for the browser to save (``Content-Disposition: attachment``)."""
    if isinstance(content, str) and "charset" not in content_type:
        content_type += "; charset=utf-8"
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
