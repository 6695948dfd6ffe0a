"""What a person must never read on a page: identifiers in snake_case and Python reprs.

Shared by the test-client scan (tests/web/test_plain_words.py) and the browser crawl
(tests/browser/test_crawl.py). Text inside <code>, <pre>, <script>, <style>, <textarea>,
form values and attributes is not visible prose and is not checked.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

SNAKE = re.compile(r"\b[a-z]+_[a-z_]+\b")
#: A repr: a list or dict of strings, an object's default repr, or None/True/False as a value
#: (not "None yet." or "None of the members", where a lowercase word follows).
REPR = re.compile(r"\['|\{'|<object at|\b(?:None|True|False)\b(?!\s+[a-z])")
HIDDEN = {"code", "pre", "script", "style", "textarea", "template", "head"}
#: Words a person may legitimately read with an underscore: none yet. Keep it empty unless
#: the page shows a name a person types (an email address is matched out below).
EMAIL = re.compile(r"\S+@\S+")
#: Links the crawl never follows: signing out, deleting, downloads that are not pages.
SKIP_LINK = re.compile(
    r"logout|sign-?out|delete|/media/|/export/|/download|format=|feed\.ics|"
    r"\.(?:csv|xlsx|ics|json|xml|pdf|zip)\b"
)


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.hidden = 0
        self.stack: list[str] = []
        self.text: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.links.append(href)
        if tag in {"br", "img", "input", "meta", "link", "hr", "source", "wbr"}:
            return
        self.stack.append(tag)
        if tag in HIDDEN:
            self.hidden += 1

    def handle_endtag(self, tag):
        if tag not in self.stack:
            return
        while self.stack:
            top = self.stack.pop()
            if top in HIDDEN:
                self.hidden -= 1
            if top == tag:
                break

    def handle_data(self, data):
        if not self.hidden:
            self.text.append(data)


def parse(html: str) -> tuple[str, list[str]]:
    """The visible text of a page (outside code, pre, script...) and its link targets."""
    page = _Page()
    page.feed(html)
    return " ".join(page.text), page.links


def code_in_text(text: str) -> list[str]:
    """Each snake_case identifier or Python repr in visible text, with a little context."""
    text = EMAIL.sub(" ", text)
    found = []
    for pattern in (SNAKE, REPR):
        for match in pattern.finditer(text):
            start = max(match.start() - 30, 0)
            found.append(" ".join(text[start : match.end() + 30].split()))
    return found


def same_site_links(base_url: str, page_url: str, links: list[str]) -> list[str]:
    """Paths (with query) of the links on a page that stay on this site and are safe to GET."""
    host = urlsplit(base_url).netloc
    out = []
    for href in links:
        url = urljoin(page_url, href)
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or parts.netloc != host:
            continue
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        if SKIP_LINK.search(path) or path.startswith("/admin"):
            continue
        out.append(path)
    return out
