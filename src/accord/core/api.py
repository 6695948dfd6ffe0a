"""API plumbing shared by every app's router: authentication, the actor, errors.

Each app's ``api.py`` imports ``actor``, ``token_auth``/``read_auth`` and the lookups from
here; the root ``accord.api`` builds the one ``NinjaAPI``, calls ``install_error_handlers``
and mounts the routers. Keeping the plumbing apart from the mounting is what lets the
routers import it without importing the module that imports them.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Annotated, Any

from django.core.signals import got_request_exception
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from accord.accounts.auth import actor, anonymous, read_auth, token_auth
from accord.errors import AccordError, Invalid, NotFound

logger = logging.getLogger("django.request")

#: The largest id a database column holds (a signed 64-bit integer on SQLite and PostgreSQL).
MAX_ID = 2**63 - 1

#: An id in a payload: a whole number from 1 to ``MAX_ID``. Zero, a negative number or a
#: number past the database's integers is refused with a 422 naming the field, rather than
#: read as "not given" or sent to the database.
Id = Annotated[int, Field(ge=1, le=MAX_ID)]

__all__ = [
    "MAX_ID",
    "Id",
    "actor",
    "anonymous",
    "install_error_handlers",
    "optional",
    "read_auth",
    "token_auth",
]


def optional[T](
    lookup: Callable[[int], T | None],
    object_id: int | None,
    message: str,
    *,
    error: type[AccordError] = NotFound,
) -> T | None:
    """An optional id in a payload: None when absent, the object when found, else a 404.

    ``lookup`` is a selector that already limits what the actor may reach, so an id outside
    it reads as unknown whether or not it exists; zero or a number no database holds is
    refused as invalid (never read as "not given"). ``error`` replaces the 404 where an id
    outside the lookup means something else, e.g. ``Forbidden`` for an organization one may
    not vote for.
    """
    if object_id is None:
        return None
    if not 1 <= object_id <= MAX_ID:
        raise Invalid(_("%(id)s is not an id (ids are whole numbers from 1).") % {"id": object_id})
    found = lookup(object_id)
    if found is None:
        raise error(message)
    return found


def install_error_handlers(api: NinjaAPI) -> None:
    """Map every error to JSON ``{"detail": …}`` with its 4xx status, once for all routers.

    An unexpected exception still answers JSON (500, a message that reveals nothing of
    the exception), is logged as Django logs a server error, and sends
    ``got_request_exception`` as Django's own handler does (so the test client re-raises it
    and error reporting sees it).
    """

    @api.exception_handler(Exception)
    def server_error(request: HttpRequest, exc: Exception) -> HttpResponse:
        logger.error(
            "Internal Server Error: %s",
            request.path,
            exc_info=exc,
            extra={"status_code": 500, "request": request},
        )
        got_request_exception.send(sender=None, request=request)
        return api.create_response(
            request,
            {"detail": _("Something went wrong on our side. The error has been logged.")},
            status=500,
        )

    @api.exception_handler(AccordError)
    def domain_error(request: HttpRequest, exc: AccordError) -> HttpResponse:
        return api.create_response(request, exc.as_dict(), status=exc.status_code)

    @api.exception_handler(ValidationError)
    def validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        problems = []
        for error in exc.errors:
            location = ".".join(
                str(part) for part in error.get("loc", ()) if part not in ("body", "payload")
            )
            problems.append(
                f"{location}: {error.get('msg')}" if location else str(error.get("msg"))
            )
        return api.create_response(
            request,
            {"detail": _("Invalid input — ") + "; ".join(problems), "errors": exc.errors},
            status=422,
        )

    @api.exception_handler(AuthenticationError)
    def authentication_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        message = str(exc.message) if getattr(exc, "message", None) else ""
        if message in ("Unauthorized", ""):
            message = _(
                "Authentication required: send `Authorization: Bearer <token>` with a "
                "personal access token."
            )
        return api.create_response(request, {"detail": message}, status=401)

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return api.create_response(request, {"detail": _("Not found.")}, status=404)

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        return api.create_response(request, {"detail": str(exc)}, status=exc.status_code)


#: The JSON body of every error answer (``install_error_handlers``): a sentence, and for
#: invalid input the problems per field (the app's checks) or per location (the schema's).
ERROR_SCHEMA: dict[str, Any] = {
    "title": "Error",
    "type": "object",
    "required": ["detail"],
    "properties": {
        "detail": {"type": "string", "description": "What went wrong, in a sentence."},
        "errors": {
            "description": "The problems with the input: per field, or per location.",
            "anyOf": [
                {"type": "object", "additionalProperties": {"type": "array", "items": {}}},
                {"type": "array", "items": {"type": "object"}},
            ],
        },
    },
}

#: The 4xx answers every operation may give, with what each means.
ERROR_RESPONSES: dict[int, str] = {
    400: "The input breaks a rule of the partnership or of the data (detail says which).",
    401: "No valid personal access token.",
    403: "The token's owner may not do this.",
    404: "Not found, or not visible to the token's owner.",
    409: "The record changed meanwhile, or the act conflicts with its state.",
    413: "The upload is larger than the site allows.",
    422: "The input does not match the operation's schema (errors says where).",
}


class AccordAPI(NinjaAPI):
    """The NinjaAPI whose OpenAPI document states every operation's 4xx answers with their
    JSON schema (``Error``), so that clients and schemathesis know what to expect."""

    def get_openapi_schema(self, *args: Any, **kwargs: Any) -> Any:
        schema = super().get_openapi_schema(*args, **kwargs)
        schema.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
        reference = {"$ref": "#/components/schemas/Error"}
        for path in schema.get("paths", {}).values():
            for operation in path.values():
                if not isinstance(operation, dict) or "responses" not in operation:
                    continue
                responses = operation["responses"]
                for status, meaning in ERROR_RESPONSES.items():
                    if status == 401 and not operation.get("security"):
                        continue
                    responses.setdefault(
                        status,
                        {
                            "description": meaning,
                            "content": {"application/json": {"schema": reference}},
                        },
                    )
        return schema
