"""The period report as a PDF: the page's own HTML (``results/_report_body.html``) with its
print stylesheet, laid out by WeasyPrint, with the SVG charts drawn as vectors.

It works offline: the document is self-contained (inline SVG, the stylesheet read from the
package) and the URL fetcher refuses everything but ``data:`` URLs, so nothing in a
report -- a name, a description -- can make the server fetch a URL. The PDF is cached
beside the report it is made from (same key: partnership version, period, audience,
language, day), so a second download is one cache read.
"""

from __future__ import annotations

import logging
from importlib import resources

from django.core.cache import cache
from django.template.loader import render_to_string

from accord.results.selectors.report import REPORT_CACHE_SECONDS, ReportBundle

STYLESHEET = ("static", "results", "report.css")
# WeasyPrint reports each step of every layout at INFO; the server's log needs none of it.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


def report_stylesheet() -> str:
    path = resources.files("accord.results").joinpath(*STYLESHEET)
    return path.read_text(encoding="utf-8")


def report_html_document(bundle: ReportBundle) -> str:
    return render_to_string("results/report_document.html", {"bundle": bundle})


def report_pdf(bundle: ReportBundle) -> bytes:
    """The PDF of the report, from the cache when it was made for this version already."""
    key = f"{bundle.cache_key}:pdf" if bundle.cache_key else ""
    if key and (cached := cache.get(key)) is not None:
        return cached
    from weasyprint import CSS, HTML
    from weasyprint.urls import URLFetcher

    fetcher = URLFetcher(allowed_protocols=("data",))
    pdf = HTML(string=report_html_document(bundle), base_url=None, url_fetcher=fetcher).write_pdf(
        stylesheets=[CSS(string=report_stylesheet(), url_fetcher=fetcher)]
    )
    if key:
        cache.set(key, pdf, REPORT_CACHE_SECONDS)
    return pdf


def report_pdf_filename(bundle: ReportBundle) -> str:
    report = bundle.report
    return f"{report.partnership.slug}-report-{report.period.code}.pdf"
