"""The import page: upload, preview what would be posted, confirm (all rows or none), and
the template files to fill in (resources/imports.py does the reading and the checks)."""

from __future__ import annotations

import base64
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from accord.core.http import add_error_to_form, download, handles_domain_errors
from accord.core.spreadsheets import FORMATS, spreadsheet
from accord.errors import AccordError, Forbidden, Invalid, NotFound
from accord.resources import forms, imports
from accord.resources.views import _context, _partnership

#: How long a preview may be confirmed (seconds).
PREVIEW_MAX_AGE = 3600
_SALT = "accord.resources.import-preview"


def _sealed(*, partnership: Any, kind: str, filename: str, content: bytes) -> str:
    """The previewed file, signed for this partnership, so that the confirmation posts
    exactly the rows the person saw."""
    return signing.dumps(
        {
            "p": partnership.pk,
            "kind": kind,
            "name": filename,
            "content": base64.b64encode(content).decode(),
        },
        salt=_SALT,
        compress=True,
    )


def _unsealed(token: str, partnership: Any) -> dict[str, Any]:
    try:
        data = signing.loads(token, salt=_SALT, max_age=PREVIEW_MAX_AGE)
    except signing.BadSignature as exc:
        raise Invalid(_("This preview has expired or was changed: upload the file again.")) from exc
    if data.get("p") != partnership.pk:
        raise Invalid(_("This preview is for another partnership: upload the file again."))
    data["content"] = base64.b64decode(data["content"])
    return data


@login_required
@handles_domain_errors
def import_file(request: HttpRequest, slug: str) -> HttpResponse:
    """Step 1, the upload, answers with a preview (nothing posted); step 2, "Post these
    rows", posts them all or none."""
    partnership = _partnership(request, slug)
    if not request.user.has_perm("resources.import_ledger", partnership):
        raise Forbidden(_("Only coordinators import files."))
    form = forms.ImportForm(request.POST or None, request.FILES or None)
    problems: list[imports.RowError] = []
    preview: imports.Preview | None = None
    sealed = ""
    status = 200
    if request.method == "POST" and request.POST.get("confirm"):
        form = forms.ImportForm()
        try:
            upload = _unsealed(request.POST["confirm"], partnership)
        except Invalid as exc:
            return _page(request, partnership, form, refused=exc.message, status=400)
        try:
            done = imports.import_file(
                actor=request.user,
                partnership=partnership,
                kind=upload["kind"],
                content=upload["content"],
                filename=upload["name"],
            )
        except imports.ImportRejected as exc:
            # The data changed since the preview (a member left, a pledge was cancelled).
            return _page(
                request,
                partnership,
                form,
                problems=exc.errors,
                refused=_("Nothing was imported: %(count)s problem(s), listed below.")
                % {"count": len(exc.errors)},
                status=400,
            )
        else:
            messages.success(request, _("Imported %(count)s row(s).") % {"count": done.count})
            target = (
                "resources:ledger_list" if upload["kind"] == "ledger" else "resources:pledge_list"
            )
            return redirect(target, slug=slug)
    elif request.method == "POST":
        if form.is_valid():
            content = form.cleaned_data["file"].read()
            filename = form.cleaned_data["file"].name
            kind = form.cleaned_data["kind"]
            try:
                preview = imports.import_file(
                    actor=request.user,
                    partnership=partnership,
                    kind=kind,
                    content=content,
                    filename=filename,
                    preview=True,
                )
            except imports.ImportRejected as exc:
                problems = exc.errors
                form.add_error(
                    None,
                    _("Nothing can be imported yet: %(count)s problem(s), listed below.")
                    % {"count": len(exc.errors)},
                )
            except AccordError as exc:
                add_error_to_form(form, exc)
            else:
                sealed = _sealed(
                    partnership=partnership, kind=kind, filename=filename, content=content
                )
        if form.errors:
            status = 400
    return _page(
        request, partnership, form, problems=problems, preview=preview, sealed=sealed, status=status
    )


def _page(
    request: HttpRequest, partnership: Any, form: Any, *, status: int = 200, **extra: Any
) -> HttpResponse:
    context = _context(
        request,
        partnership,
        "resources",
        form=form,
        ledger_columns=imports.LEDGER_COLUMNS,
        pledge_columns=imports.PLEDGE_COLUMNS,
        **extra,
    )
    return TemplateResponse(request, "resources/import.html", context, status=status)


@handles_domain_errors
def import_template(request: HttpRequest, slug: str, kind: str, fmt: str) -> HttpResponse:
    """An empty import file with its columns and one example row (formula-safe writer)."""
    partnership = _partnership(request, slug)
    if kind not in imports.COLUMNS or fmt not in FORMATS:
        raise NotFound(_("No such template."))
    content, content_type = spreadsheet(imports.template_sheet(kind), format=fmt)
    return download(
        content, filename=f"{partnership.slug}-{kind}-import.{fmt}", content_type=content_type
    )
