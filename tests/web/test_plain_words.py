"""Plain words (issue 14, item 6): every page of the demo a role can reach by links, rendered
through the test client, shows no snake_case identifier and no Python repr in its visible
text. The browser crawl (tests/browser/test_crawl.py) checks the same at 360 and 1280 px;
this one runs on SQLite and PostgreSQL in the ordinary suite.

The demo is loaded once for the module inside a transaction rolled back at the end (loading
it takes more than a minute), and each role walks the site from the home page.
"""

from __future__ import annotations

from collections import deque

import pytest
from django.db import transaction

from accord.demo.loader import LAKE_SLUG, load_demo
from tests.web.plain_words import code_in_text, parse, same_site_links

#: The roles of issue 14: their demo email (None: not signed in).
ROLES = {
    "coordinator": "amina@kivuli-county.example",
    "community participant": "otieno@community.example",
    "observer": "olivia@observer.example",
    "public": None,
    "other partnership's coordinator": "laura@riverside-city.example",
}
MAX_PAGES = 250
BASE = "http://testserver"


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        load_demo()
        yield
        transaction.set_rollback(True)


def crawl(client) -> tuple[int, dict[str, list[str]]]:
    """Pages visited and, per page, the code found in its text."""
    seen = {"/", f"/p/{LAKE_SLUG}/"}
    queue = deque(seen)
    findings: dict[str, list[str]] = {}
    visited = 0
    while queue and visited < MAX_PAGES:
        path = queue.popleft()
        response = client.get(path)
        visited += 1
        if response.status_code >= 500:
            findings[path] = [f"status {response.status_code}"]
            continue
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        text, links = parse(response.content.decode())
        if found := code_in_text(text):
            findings[path] = found
        for link in same_site_links(BASE, BASE + path, links):
            if link not in seen:
                seen.add(link)
                queue.append(link)
    return visited, findings


@pytest.mark.slow  # loads the whole demo and walks every page: `make test-slow`
@pytest.mark.parametrize("role", list(ROLES))
def test_no_code_in_the_words_of_any_page(demo, db, client, role):
    from accord.demo.accounts import person

    if ROLES[role]:
        client.force_login(person(ROLES[role]))
    visited, findings = crawl(client)
    assert visited > 5
    assert findings == {}, "\n".join(f"{path}: {found}" for path, found in findings.items())


def test_the_scan_finds_code_and_ignores_code_blocks():
    text, links = parse(
        "<p>Sector: civil_society, tie_breaking='reject' ['a']</p>"
        "<code>vote_share</code><pre>{'x': None}</pre><a href='/x/'>x</a>"
    )
    found = code_in_text(text)
    assert len(found) == 3 and "civil_society" in found[0]
    assert links == ["/x/"]
    assert code_in_text("Written to amina_o@example.org on Tuesday") == []
    assert code_in_text("None of the members voted. None yet.") == []
    assert len(code_in_text("Closes: None. Secret: False")) == 2
