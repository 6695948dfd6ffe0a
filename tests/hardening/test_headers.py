"""Issue 15, item 8: a Content-Security-Policy on every page, no inline script or style
(so no 'unsafe-inline' is needed), and HSTS in production mode.

The crawl follows the links of the demo, signed in as its coordinator, from the home page
and the partnership's overview, and checks every HTML page it reaches.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.core.management import call_command
from django.test import override_settings

from accord.demo.loader import DEMO_LOGINS, LAKE_SLUG

pytestmark = pytest.mark.django_db

SKIPPED = re.compile(
    r"(export|logout|\.csv|\.xlsx|\.pdf|\.pb|\.xml|\.svg|\.zip|/evidence|/photo|preflib)"
)
MAX_PAGES = 120


class _Page(HTMLParser):
    """The links, inline scripts and style attributes of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.inline_styles: list[str] = []
        self.inline_scripts = 0
        self.style_elements = 0
        self.handlers: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "a" and values.get("href"):
            self.links.append(values["href"] or "")
        if "style" in values:
            self.inline_styles.append(f"<{tag} style={values['style']!r}>")
        self.handlers += [f"<{tag} {name}>" for name in values if name.startswith("on")]
        if tag == "script" and not values.get("src") and values.get("type") != "application/json":
            self.inline_scripts += 1
        if tag == "style":
            self.style_elements += 1


def _crawl(client, starts: list[str]) -> dict[str, object]:
    seen: dict[str, object] = {}
    queue = list(starts)
    while queue and len(seen) < MAX_PAGES:
        path = queue.pop(0).split("#")[0]
        if not path.startswith("/") or path.startswith("//") or path in seen:
            continue
        if SKIPPED.search(path) or (path.startswith("/api/") and path != "/api/v1/docs"):
            continue
        response = client.get(path)
        seen[path] = response
        if response.status_code == 200 and "text/html" in response.get("Content-Type", ""):
            page = _Page()
            page.feed(response.content.decode())
            response.parsed = page
            queue += page.links
    return seen


def test_every_demo_page_has_a_strict_policy_and_needs_no_inline_code(client):
    """One crawl (the demo loads once): the pages it reaches, their header, their HTML."""
    from accord.accounts.models import User

    call_command("demo", verbosity=0)
    coordinator = next(login for login in DEMO_LOGINS if login.role.startswith("coordinator ("))
    client.force_login(User.objects.get(email=coordinator.email))
    pages = _crawl(client, ["/", f"/p/{LAKE_SLUG}/", "/api/v1/docs"])

    # the crawl reaches the main pages, none of them failing
    assert len(pages) >= 25
    for part in ("/resources", "/decisions", "/results", "/participation"):
        assert any(part in path for path in pages), part
    assert [p for p, r in pages.items() if r.status_code >= 500] == []

    for path, response in pages.items():
        policy = response.get("Content-Security-Policy", "")
        assert "default-src 'self'" in policy, path
        assert "script-src 'self'" in policy and "style-src 'self'" in policy, path
        assert "frame-ancestors 'none'" in policy and "object-src 'none'" in policy, path
        assert "unsafe-inline" not in policy and "unsafe-eval" not in policy, path

    problems = {}
    for path, response in pages.items():
        page = getattr(response, "parsed", None)
        if page is None:
            continue
        found = page.inline_styles + page.handlers
        if page.inline_scripts or page.style_elements:
            found.append(f"{page.inline_scripts} inline scripts, {page.style_elements} <style>")
        if found:
            problems[path] = found[:3]
    assert problems == {}


def test_hsts_in_production_mode(client):
    response = client.get("/accounts/login/", secure=True)
    assert response.get("Strict-Transport-Security", "").startswith("max-age=31536000")
    assert "Content-Security-Policy" in response


@override_settings(SECURE_HSTS_SECONDS=0)
def test_no_hsts_when_turned_off(client):
    response = client.get("/accounts/login/", secure=True)
    assert "Strict-Transport-Security" not in response
