"""Issue 15, item 8: pages run under the Content-Security-Policy without a violation.

Chromium reports each blocked inline style or script both in the console and as a
``securitypolicyviolation`` event; the journey opens the main pages of a partnership (and
the API's documentation) and expects neither.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page

from accord.decisions import services as decision_services
from accord.decisions.models import Comment
from tests.browser.test_membership_journey import sign_in
from tests.conftest import build_world

pytestmark = pytest.mark.django_db(transaction=True)

LISTEN = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__csp.push(e.violatedDirective + " " + (e.blockedURI || "inline"));
});
"""


def test_main_pages_raise_no_csp_violation(page: Page, live_server):
    world = build_world()
    coordinator = world.users["coordinator"]
    proposal = decision_services.proposal_create(
        actor=coordinator, partnership=world.partnership, title="Nets", body="Close the bay."
    )
    decision_services.proposal_advance(actor=coordinator, proposal=proposal)
    decision_services.proposal_advance(
        actor=coordinator, proposal=proposal, closes_at=timezone.now() + timedelta(days=2)
    )
    parent = None
    for i in range(3):  # a short reply chain: indented by classes, not inline styles
        parent = Comment.objects.create(
            proposal=proposal,
            parent=parent,
            body=f"reply {i}",
            author=coordinator,
            stance="question",
        )
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text))
    page.add_init_script(LISTEN)
    base, slug = live_server.url, world.partnership.slug
    sign_in(page, base, "coord@county.test")
    violations: dict[str, list[str]] = {}
    for path in (
        "/",
        f"/p/{slug}/",
        f"/p/{slug}/resources/",
        f"/p/{slug}/resources/ledger/",
        f"/p/{slug}/decisions/",
        f"/p/{slug}/decisions/{proposal.pk}/",
        "/api/v1/docs",
    ):
        response = page.goto(base + path)
        assert response is not None and response.status < 400, path
        policy = response.headers.get("content-security-policy") or ""
        assert "default-src 'self'" in policy and "unsafe-inline" not in policy, path
        page.wait_for_load_state("networkidle")
        found = page.evaluate("window.__csp")
        if found:
            violations[path] = found
    assert violations == {}
    assert [text for text in console if "Content Security Policy" in text] == []
