"""The IATI endpoints: the activity file (XML, streamed), the settings, and the import."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, StreamingHttpResponse
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from accord.core.api import actor, optional, read_auth
from accord.errors import Invalid
from accord.interop import selectors, services
from accord.interop.models import Scope
from accord.partnerships import selectors as partnership_selectors

router = Router(tags=["iati"])

XML_BODY = {
    "requestBody": {
        "required": True,
        "content": {"application/xml": {"schema": {"type": "string", "format": "binary"}}},
    }
}


class IatiImportOut(Schema):
    partnership: str
    identifier: str
    created: bool
    organizations_created: int
    members_admitted: int
    budgets: int
    transactions_posted: int
    transactions_unchanged: int
    transactions_reversed: int
    indicators: int
    measurements: int
    warnings: list[str]

    @staticmethod
    def resolve_partnership(obj: Any) -> str:
        return obj.partnership.slug


class PublicationIn(Schema):
    scope: str
    reporting_organization_id: int | None = None
    identifier: str = ""


class PublicationOut(Schema):
    scope: str
    reporting_organization_id: int | None
    identifier: str


@router.get(
    "/partnerships/{slug}/iati",
    auth=read_auth,
    summary="The partnership's IATI 2.03 activity file",
    description=(
        "IATI 2.03 activity XML, streamed. Public for a public partnership, for insiders "
        "otherwise (404 for anyone else). `scope`: `partnership` (one iati-activity) or "
        "`activity` (one per workplan activity); the partnership's stored choice when absent."
    ),
    openapi_extra={
        "responses": {
            200: {
                "description": "IATI 2.03 activity XML",
                "content": {"application/xml": {"schema": {"type": "string"}}},
            }
        }
    },
)
def iati_export(request: HttpRequest, slug: str, scope: str | None = None) -> Any:
    partnership = selectors.iati_partnership_get(actor=actor(request), slug=slug)
    if scope not in (None, *Scope.values):
        raise Invalid(_("scope: use one of %(options)s.") % {"options": ", ".join(Scope.values)})
    return StreamingHttpResponse(
        selectors.iati_stream(partnership=partnership, scope=scope),
        content_type="application/xml; charset=utf-8",
    )


@router.get("/partnerships/{slug}/iati/settings", response=PublicationOut)
def iati_settings_get(request: HttpRequest, slug: str) -> Any:
    partnership = selectors.iati_partnership_for(
        actor=actor(request), slug=slug, perm="interop.change_iati_settings"
    )
    return selectors.publication_get(partnership=partnership)


@router.put("/partnerships/{slug}/iati/settings", response=PublicationOut)
def iati_settings_put(request: HttpRequest, slug: str, payload: PublicationIn) -> Any:
    partnership = selectors.iati_partnership_for(
        actor=actor(request), slug=slug, perm="interop.change_iati_settings"
    )
    organization = optional(
        lambda pk: partnership_selectors.member_organization_find(
            partnership=partnership, organization_id=pk
        ),
        payload.reporting_organization_id,
        _("No such member organization."),
    )
    return services.iati_publication_update(
        actor=actor(request),
        partnership=partnership,
        scope=payload.scope,
        reporting_organization=organization,
        identifier=payload.identifier,
    )


@router.post(
    "/partnerships/{slug}/iati",
    response=IatiImportOut,
    summary="Update the partnership from an IATI activity file",
    description=(
        "The request body is the IATI XML. `activity` chooses the iati-activity when the "
        "file holds several. A file that is not valid IATI 2.03 is a 400 with the "
        "validator's messages in `errors.file`, and changes nothing."
    ),
    openapi_extra=XML_BODY,
)
def iati_import_into(request: HttpRequest, slug: str, activity: str | None = None) -> Any:
    partnership = partnership_selectors.partnership_get(actor=actor(request), slug=slug)
    return services.iati_import(
        actor=actor(request),
        content=request.body,
        partnership=partnership,
        activity_identifier=activity,
    )


@router.post(
    "/iati/import",
    response={201: IatiImportOut, 200: IatiImportOut},
    summary="Start a partnership from an IATI activity file",
    description=(
        "The request body is the IATI XML. A new partnership (201) coordinated by you, or "
        "(200) the one an earlier import of the same IATI activity made, updated."
    ),
    openapi_extra=XML_BODY,
)
def iati_import_new(request: HttpRequest, activity: str | None = None) -> Any:
    report = services.iati_import(
        actor=actor(request), content=request.body, activity_identifier=activity
    )
    return Status(201 if report.created else 200, report)
