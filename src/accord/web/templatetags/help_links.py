"""``{% help_url %}``: the guide's section about the page being shown (the "?" of every page)."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse

from accord.web.help import guide

register = template.Library()


@register.simple_tag(takes_context=True)
def help_url(context: Any) -> str:
    request = context.get("request")
    match = getattr(request, "resolver_match", None)
    namespace, url_name = (match.namespace, match.url_name) if match else ("", "")
    page, anchor = guide.section_for(namespace or "", url_name or "")
    return reverse("web:help_page", args=[page]) + (f"#{anchor}" if anchor else "")
