"""Reading and rendering the guide's pages, and which section each page of Accord has.

Only ``docs/<name>.md`` files directly in the guide's folder are served (the name made of
lower-case letters, digits and hyphens), so no request reaches another file. The folder
is ``ACCORD_DOCS_DIR`` when the operator sets it, else the ``docs/`` of the source tree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import nh3
from django.conf import settings
from django.utils.text import slugify
from markdown_it import MarkdownIt

import accord

_NAME = re.compile(r"^[a-z0-9][a-z0-9-]{0,80}$")
_MD_LINK = re.compile(r"^(?:\.{1,2}/)*(?:docs/)?([a-z0-9][a-z0-9-]*)\.md(#[\w-]*)?$")
_parser = MarkdownIt("commonmark", {"html": False}).enable("table")

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "del", "em", "h1", "h2", "h3", "h4",
    "h5", "h6", "hr", "i", "li", "ol", "p", "pre", "s", "strong", "sub", "sup", "table",
    "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}

#: The guide's page and section for each part of Accord (URL namespace, or
#: "namespace:url_name" for one page), the first that matches; the rest: getting started.
SECTIONS: dict[str, tuple[str, str]] = {
    "partnerships:partnership_create": ("getting-started", "2-start-the-partnership"),
    "partnerships:partnership_edit": ("getting-started", "2-start-the-partnership"),
    "partnerships:membership_list": (
        "getting-started",
        "3-invite-organizations-consent-on-both-sides",
    ),
    "partnerships:charter_detail": ("getting-started", "4-agree-the-charter"),
    "partnerships:event_list": ("getting-started", "5-follow-the-activity"),
    "partnerships": ("getting-started", "2-start-the-partnership"),
    "resources:workplan": ("getting-started", "6-plan-the-work-together-workplan"),
    "resources": ("getting-started", "7-resources-pledges-the-ledger-reliability"),
    "notifications": ("getting-started", "8-notifications"),
    "web:home": ("getting-started", "9-your-home-page-waiting-for-you"),
    "web:partnership_home": ("getting-started", "2-start-the-partnership"),
    "decisions": ("decision-rules", ""),
    "results": ("monitoring-and-reporting", ""),
    "participation": ("participation", ""),
    "meetings": ("meetings", ""),
    "surveys": ("surveys", ""),
    "balance": ("balance", ""),
    "stakeholders": ("stakeholder-map", ""),
    "discussions": ("discussions", ""),
    "expertise": ("expertise-map", ""),
    "interop": ("iati", ""),
    "accounts": ("getting-started", "the-api"),
}


@dataclass(frozen=True)
class GuidePage:
    name: str
    title: str
    html: str


def docs_dir() -> Path:
    configured = getattr(settings, "ACCORD_DOCS_DIR", "")
    return Path(configured) if configured else Path(accord.__file__).resolve().parents[2] / "docs"


def page_names() -> list[str]:
    folder = docs_dir()
    if not folder.is_dir():
        return []
    return sorted(p.stem for p in folder.glob("*.md") if _NAME.match(p.stem))


def anchor(text: str) -> str:
    """A heading's anchor: "7. Resources: pledges" → "7-resources-pledges"."""
    return slugify(text.replace(".", " "))


def section_for(namespace: str, url_name: str) -> tuple[str, str]:
    """The guide's (page, anchor) about the page named ``namespace:url_name``."""
    return (
        SECTIONS.get(f"{namespace}:{url_name}")
        or SECTIONS.get(namespace)
        or ("getting-started", "")
    )


def guide_page(name: str) -> GuidePage | None:
    """The page ``docs/<name>.md`` rendered, or None when there is no such page."""
    if not _NAME.match(name or ""):
        return None
    path = docs_dir() / f"{name}.md"
    if not path.is_file():
        return None
    return _render(name, path.read_text(encoding="utf-8"), path.stat().st_mtime_ns)


@cache
def _render(name: str, text: str, _version: int) -> GuidePage:
    tokens = _parser.parse(text)
    title = name.replace("-", " ").capitalize()
    for index, token in enumerate(tokens):
        if token.type == "heading_open":
            content = tokens[index + 1].content
            token.attrSet("id", anchor(content))
            if token.tag == "h1" and title == name.replace("-", " ").capitalize():
                title = content
        if token.type == "inline" and token.children:
            for child in token.children:
                if child.type == "link_open":
                    href = str(child.attrGet("href") or "")
                    match = _MD_LINK.match(href)
                    if match:
                        child.attrSet("href", f"/help/{match.group(1)}/{match.group(2) or ''}")
    html = _parser.renderer.render(tokens, _parser.options, {})
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes={
            "a": {"href", "title"},
            "abbr": {"title"},
            **{h: {"id"} for h in HEADINGS},
            "td": {"align"},
            "th": {"align"},
        },
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )
    return GuidePage(name=name, title=title, html=clean)
