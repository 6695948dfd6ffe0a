"""Minutes in Markdown to safe HTML: CommonMark (markdown-it-py), then nh3.

The minutes are stored as typed; only what is rendered is cleaned. nh3 keeps ordinary
formatting, drops ``<script>`` and ``<style>`` with their content, every ``on…`` event
attribute and ``javascript:`` links, and adds ``rel="noopener noreferrer"`` to links.
"""

from __future__ import annotations

import nh3
from markdown_it import MarkdownIt

_parser = MarkdownIt("commonmark", {"html": True}).enable("table")

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "del", "em", "h1", "h2", "h3", "h4",
    "h5", "h6", "hr", "i", "li", "ol", "p", "pre", "s", "strong", "sub", "sup", "table",
    "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip


def minutes_html(text: str) -> str:
    """The minutes as HTML that is safe to put in a page as is."""
    return nh3.clean(
        _parser.render(text or ""),
        tags=ALLOWED_TAGS,
        attributes={"a": {"href", "title"}, "abbr": {"title"}, "td": {"align"}, "th": {"align"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )
