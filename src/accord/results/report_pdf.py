"""The period report as a PDF: the page's own HTML (``results/_report_body.html``) with its
print stylesheet, laid out by WeasyPrint, with the SVG charts drawn as vectors.

It works offline: the document is self-contained (inline SVG, the stylesheet read from the
package) and the URL fetcher refuses everything but ``data:`` URLs, so nothing in a
report -- a name, a description -- can make the server fetch a URL. The PDF is cached
beside the report it is made from (same key: partnership version, period, audience,
language, day), so a second download is one cache read.

Laying out a long report takes a while (about a third of a second a page; a report of
200 indicators runs to a hundred pages), longer than a web request may last. So a report
of more than ``SYNC_INDICATORS`` indicators is made by the task worker
(:func:`report_pdf_build`, listed in ``accord.results.tasks``): the first request queues
it and answers "being prepared"; the next ones find it in the cache. The task is harmless
run twice or late: it makes the PDF of the partnership's current version, once.
"""

from __future__ import annotations

import logging
from importlib import resources

from django.core.cache import cache
from django.tasks import task
from django.template.loader import render_to_string
from django.utils import translation

from accord.partnerships.models import Partnership
from accord.results.selectors.report import (
    REPORT_CACHE_SECONDS,
    ReportBundle,
    period_report_for_audience,
    report_period,
)

STYLESHEET = ("static", "results", "report.css")
#: Reports with more indicators than this are made into a PDF by the task worker.
SYNC_INDICATORS = 40
#: How long a queued PDF counts as being prepared (a second request does not queue again).
QUEUED_SECONDS = 600
# WeasyPrint reports each step of every layout at INFO; the server's log needs none of it.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


def report_stylesheet() -> str:
    path = resources.files("accord.results").joinpath(*STYLESHEET)
    return path.read_text(encoding="utf-8")


def report_html_document(bundle: ReportBundle) -> str:
    return render_to_string("results/report_document.html", {"bundle": bundle})


def _key(bundle: ReportBundle) -> str:
    return f"{bundle.cache_key}:pdf" if bundle.cache_key else ""


def report_pdf(bundle: ReportBundle) -> bytes:
    """The PDF of the report, made now unless it is in the cache already."""
    key = _key(bundle)
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


def report_pdf_or_queue(bundle: ReportBundle) -> bytes | None:
    """The PDF when it is cached or quick to make; otherwise None, the task worker having
    been asked (once) to make it."""
    key = _key(bundle)
    if key and (cached := cache.get(key)) is not None:
        return cached
    if len(bundle.report.indicators) <= SYNC_INDICATORS or not key:
        return report_pdf(bundle)
    if cache.add(f"{key}:queued", True, QUEUED_SECONDS):
        report = bundle.report
        report_pdf_build.enqueue(
            report.partnership.slug,
            report.period.code,
            report.audience,
            translation.get_language() or "",
        )
    return None


@task
def report_pdf_build(slug: str, period: str, audience: str, language: str) -> str:
    """Make the PDF of a partnership's report for ``audience`` and put it in the cache."""
    partnership = Partnership.objects.filter(slug=slug).first()
    if partnership is None:
        return "gone"
    with translation.override(language or None):
        bundle = period_report_for_audience(
            partnership=partnership, period=report_period(period), audience=audience
        )
        report_pdf(bundle)
    return "ready"


def report_pdf_filename(bundle: ReportBundle) -> str:
    report = bundle.report
    return f"{report.partnership.slug}-report-{report.period.code}.pdf"
