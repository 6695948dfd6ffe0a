"""Mapping domain errors to HTTP for HTML views (the API has its own handler)."""

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
    """Put a service error on the form: per field where the field exists, else on top."""
    placed = False
    for field, messages_ in error.field_errors.items():
        if field in form.fields:
            for message in messages_:
                form.add_error(field, message)
            placed = True
    if not placed:
        form.add_error(None, error.message)


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
