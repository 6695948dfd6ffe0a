"""The ledger and the pledges as CSV or XLSX, as found by the list's search and filters
(issue 14, item 10): through the formula-safe writer (core.spreadsheets)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from accord.core.http import download, handles_domain_errors
from accord.core.spreadsheets import FORMATS, spreadsheet
from accord.errors import NotFound
from accord.partnerships.selectors import member_organizations
from accord.resources import forms, selectors_find
from accord.resources.views import _found, _partnership


@handles_domain_errors
def ledger_export(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    if fmt not in FORMATS:
        raise NotFound(_("Export as .csv or .xlsx."))
    partnership = _partnership(request, slug)
    finder = forms.LedgerFindForm(
        request.GET or None, members=member_organizations(partnership=partnership)
    )
    entries = selectors_find.ledger_find(partnership=partnership, found=_found(finder))
    content, content_type = spreadsheet(selectors_find.ledger_sheet(entries), format=fmt)
    day = timezone.localdate().isoformat()
    return download(
        content, filename=f"{partnership.slug}-ledger-{day}.{fmt}", content_type=content_type
    )


@handles_domain_errors
def pledge_export(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    if fmt not in FORMATS:
        raise NotFound(_("Export as .csv or .xlsx."))
    partnership = _partnership(request, slug)
    finder = forms.PledgeFindForm(
        request.GET or None, members=member_organizations(partnership=partnership)
    )
    pledges = selectors_find.pledge_find(partnership=partnership, found=_found(finder))
    content, content_type = spreadsheet(selectors_find.pledge_sheet(pledges), format=fmt)
    day = timezone.localdate().isoformat()
    return download(
        content, filename=f"{partnership.slug}-pledges-{day}.{fmt}", content_type=content_type
    )
