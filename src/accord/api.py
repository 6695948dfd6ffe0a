"""The REST API: one NinjaAPI under /api/v1, one router per app, errors mapped once."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.security import HttpBearer

from accord.accounts import services as account_services
from accord.errors import AccordError


class TokenAuth(HttpBearer):
    """``Authorization: Bearer acc_…`` with a personal access token. A bad token is a 401."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = account_services.access_token_authenticate(token)
        if user is None:
            raise AuthenticationError(401, "The access token is unknown or revoked.")
        request.user = user
        return user


def anonymous(request: HttpRequest) -> Any:
    """Read endpoints also answer without a token, as the public would see them."""
    if request.headers.get("Authorization"):
        return None  # a token was sent but TokenAuth refused it; never fall back silently
    return AnonymousUser()


token_auth = TokenAuth()
read_auth = [token_auth, anonymous]

api = NinjaAPI(
    title="Accord API",
    version="1",
    urls_namespace="api",
    description=(
        "Everything the Accord web interface does. Authenticate with a personal access token "
        "(create one under *API tokens*): `Authorization: Bearer acc_…`. Errors are JSON: "
        '`{"detail": "…"}` with a 4xx status.'
    ),
    auth=token_auth,
    docs_url="/docs",
)


def actor(request: HttpRequest) -> Any:
    return request.auth if request.auth is not None else AnonymousUser()  # type: ignore[attr-defined]


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
        problems.append(f"{location}: {error.get('msg')}" if location else str(error.get("msg")))
    return api.create_response(
        request,
        {"detail": "Invalid input — " + "; ".join(problems), "errors": exc.errors},
        status=422,
    )


@api.exception_handler(AuthenticationError)
def authentication_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    message = (
        str(exc.message)
        if getattr(exc, "message", None)
        else "Authentication required: send a personal access token."
    )
    if message in ("Unauthorized", ""):
        message = "Authentication required: send `Authorization: Bearer <token>` with a personal access token."
    return api.create_response(request, {"detail": message}, status=401)


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return api.create_response(request, {"detail": "Not found."}, status=404)


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc)}, status=exc.status_code)


class MeOut(Schema):
    id: int
    email: str
    name: str
    is_platform_admin: bool


@api.get("/me", response=MeOut, tags=["accounts"])
def me(request: HttpRequest) -> dict[str, Any]:
    user = actor(request)
    return {
        "id": user.pk,
        "email": user.email,
        "name": user.name,
        "is_platform_admin": user.is_superuser,
    }


from accord.decisions.api import router as decisions_router  # noqa: E402
from accord.partners.api import router as partners_router  # noqa: E402
from accord.partnerships.api import router as partnerships_router  # noqa: E402
from accord.resources.api import router as resources_router  # noqa: E402

api.add_router("/", partners_router)
api.add_router("/", partnerships_router)
api.add_router("/", resources_router)
api.add_router("/", decisions_router)
