"""The guide's pages, for everyone (they hold nothing of any partnership)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from accord.errors import NotFound
from accord.web.help import guide


def help_index(request: HttpRequest) -> HttpResponse:
    pages = [p for p in (guide.guide_page(name) for name in guide.page_names()) if p]
    return TemplateResponse(request, "web/help_index.html", {"pages": pages})


def help_page(request: HttpRequest, name: str) -> HttpResponse:
    page = guide.guide_page(name)
    if page is None:
        raise NotFound(_("There is no such page in the guide."))
    return TemplateResponse(request, "web/help_page.html", {"page": page})
