"""Crawl the demo in Chromium (issue 14, items 4 and 6 and "Quality"): every page reachable
by links, for each role, at 1280 px (and at 360 px for the coordinator, who sees the most
pages, and the public). A page fails when it

- scrolls sideways (the page, not a table in its own scrolling box),
- requests anything from another host,
- shows a code identifier (snake_case) or a Python repr in its visible text,
- answers 5xx,
- weighs more than 100 KB as transferred (compressed), or
- takes the server more than 300 ms (time to first byte, from Chromium's resource timing).

Server time is measured on this machine's loopback, so it is the server's time; a shared CI
runner is several times slower than a developer's machine and runs other jobs at once, so
the limit is multiplied by ACCORD_CRAWL_TIME_FACTOR (default 1; CI sets 3 or so) rather
than made lax for everyone. A page over the limit is loaded once more and fails only when
it is over the limit again: the crawl's own Chromium shares the machine's two cores with the
server, and a one-off spike (a first render of a template, a cache filled once per
language) is not the page's time; a page slow by design is slow both times.

- has serious or critical accessibility findings by axe-core (the copy bundled with
  axe-playwright-python, run once per page path and width, for the first role that
  reaches it).
"""

from __future__ import annotations

import os
import time
from collections import deque
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser
from playwright.sync_api import Error as PlaywrightError

from accord.demo.accounts import DEMO_PASSWORD
from accord.demo.loader import LAKE_SLUG, load_demo
from tests.web.plain_words import code_in_text, parse, same_site_links

# Slow (about 11 minutes on this machine): run by `make test-slow`, not by `make test`.
pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

ROLES = {
    "coordinator": "amina@kivuli-county.example",
    "community participant": "otieno@community.example",
    "observer": "olivia@observer.example",
    "public": None,
    "other partnership's coordinator": "laura@riverside-city.example",
}
NARROW_ROLES = ("coordinator", "public")
MAX_PAGES = 400
MAX_BYTES = 100_000
MAX_SERVER_MS = 300 * float(os.environ.get("ACCORD_CRAWL_TIME_FACTOR", "1"))
#: Paths whose server time is not limited (none: the power analysis is read from the worker's
#: stored result, issue 14 item 2).
SLOW_EXEMPT: tuple[str, ...] = ()


def sign_in(context, base: str, email: str) -> None:
    page = context.new_page()
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    page.close()


def _server_ms_again(page, url: str) -> float:
    """The server time of a second load of the same page (then back where the crawl was:
    the page is the same)."""
    response = page.goto(url)
    if response is None:
        return 0.0
    timing = response.request.timing
    return timing["responseStart"] - timing["requestStart"]


AXE = Axe()
SERIOUS = {"serious", "critical"}


def _accessibility(page, checked: set[tuple[str, int]], path: str, width: int) -> list[str]:
    """axe-core's serious and critical findings on the page, once per (path, width)."""
    if (path, width) in checked:
        return []
    checked.add((path, width))
    violations = AXE.run(page).response.get("violations", [])
    return [
        f"{width}px {path}: axe {v['impact']}: {v['id']} ({len(v['nodes'])} elements: "
        f"{v['nodes'][0]['target']})"
        for v in violations
        if v.get("impact") in SERIOUS
    ]


def crawl(
    browser: Browser,
    base: str,
    email: str | None,
    width: int,
    only: set[str] | None,
    axe_checked: set[tuple[str, int]],
):
    """Visit pages breadth first; return (pages visited, findings, paths seen)."""
    context = browser.new_context(viewport={"width": width, "height": 800})
    if email:
        sign_in(context, base, email)
    page = context.new_page()
    host = urlsplit(base).netloc
    foreign: list[str] = []
    page.on(
        "request",
        lambda request: (
            foreign.append(request.url)
            if urlsplit(request.url).netloc not in (host, "")
            and not request.url.startswith(("data:", "blob:"))
            else None
        ),
    )
    start = ["/", f"/p/{LAKE_SLUG}/"]
    seen = set(start)
    queue = deque(start)
    findings: list[str] = []
    visited: list[str] = []
    while queue and len(visited) < MAX_PAGES:
        path = queue.popleft()
        foreign.clear()
        try:
            response = page.goto(base + path)
        except PlaywrightError as exc:  # a file to download, not a page
            if "Download is starting" in str(exc):
                continue
            raise
        if response is None:
            continue
        visited.append(path)
        if response.status >= 500:
            findings.append(f"{width}px {path}: status {response.status}")
            continue
        if response.status != 200 or "html" not in (response.header_value("content-type") or ""):
            continue
        page.wait_for_load_state("load")
        timing = response.request.timing
        server_ms = timing["responseStart"] - timing["requestStart"]
        size = response.request.sizes()["responseBodySize"]
        wide = page.evaluate(
            "[document.scrollingElement.scrollWidth, document.scrollingElement.clientWidth]"
        )
        if wide[0] > wide[1] + 1:
            findings.append(f"{width}px {path}: page scrolls sideways ({wide[0]} > {wide[1]})")
        if foreign:
            findings.append(f"{width}px {path}: requests another host: {sorted(set(foreign))}")
        if size > MAX_BYTES:
            findings.append(f"{width}px {path}: {size} bytes transferred")
        if server_ms > MAX_SERVER_MS and not path.startswith(SLOW_EXEMPT):
            again = _server_ms_again(page, base + path)
            if again > MAX_SERVER_MS:
                findings.append(
                    f"{width}px {path}: {server_ms:.0f} ms on the server, {again:.0f} ms again"
                )
        findings += _accessibility(page, axe_checked, path, width)
        text, links = parse(page.content())
        if only is None or path in only:
            findings += [
                f"{width}px {path}: code in words: {found}" for found in code_in_text(text)
            ]
        for link in same_site_links(base, page.url, links):
            if link not in seen:
                seen.add(link)
                queue.append(link)
    context.close()
    return visited, findings


def test_every_page_of_the_demo_for_every_role(browser: Browser, live_server):
    started = time.monotonic()
    load_demo()
    base = live_server.url
    report: list[str] = []
    counts: dict[str, int] = {}
    axe_checked: set[tuple[str, int]] = set()
    for role, email in ROLES.items():
        widths = (1280, 360) if role in NARROW_ROLES else (1280,)
        words_checked: set[str] | None = None
        for width in widths:
            visited, findings = crawl(browser, base, email, width, words_checked, axe_checked)
            # The words do not depend on the width: check them once per role.
            words_checked = set()
            counts[f"{role} at {width}px"] = len(visited)
            report += [f"{role}: {finding}" for finding in findings]
    print(f"\nPages crawled: {counts} in {time.monotonic() - started:.0f} s")
    assert all(count > 5 for count in counts.values()), counts
    assert report == [], "\n".join(report)
