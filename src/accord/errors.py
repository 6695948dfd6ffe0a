"""Domain errors shared by services, views and the API.

Services raise these; the API maps them once to JSON 4xx responses (accord.api) and
views through ``accord.core.http``. None of them ever becomes a 500.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


class AccordError(Exception):
    status_code = 400
    default_message: str = _("The request could not be completed.")

    def __init__(
        self, message: str | None = None, *, field_errors: dict[str, list[str]] | None = None
    ):
        # str(): a lazy default (or message) is translated now, in the request's language
        self.message = str(message or self.default_message)
        self.field_errors = {
            field: [str(m) for m in messages] for field, messages in (field_errors or {}).items()
        }
        super().__init__(self.message)

    def as_dict(self) -> dict[str, object]:
        body: dict[str, object] = {"detail": self.message}
        if self.field_errors:
            body["errors"] = self.field_errors
        return body


class Invalid(AccordError):
    status_code = 400
    default_message = _("Some of the input is not valid.")


class Forbidden(AccordError):
    status_code = 403
    default_message = _("You are not allowed to do this.")


class NotFound(AccordError):
    status_code = 404
    default_message = _("Not found.")


class Conflict(AccordError):
    status_code = 409
    default_message = _("This conflicts with the current state.")


def invalid_from_validation_error(exc: Exception) -> Invalid:
    """Turn a Django ``ValidationError`` into ``Invalid`` with per-field messages."""
    assert isinstance(exc, ValidationError)
    if hasattr(exc, "error_dict"):
        fields = {
            field: [str(m) for e in errors for m in e.messages]
            for field, errors in exc.error_dict.items()
        }
        summary = "; ".join(
            f"{field}: {' '.join(msgs)}" if field != "__all__" else " ".join(msgs)
            for field, msgs in fields.items()
        )
        return Invalid(summary, field_errors=fields)
    return Invalid(" ".join(exc.messages))


def require_permission(actor: object, perm: str, obj: object = None) -> None:
    """Raise ``Forbidden`` unless ``actor`` holds ``perm`` (on ``obj``); services call it first."""
    if actor is None or not actor.has_perm(perm, obj):  # type: ignore[attr-defined]
        raise Forbidden()


def full_clean_or_invalid(obj: object, exclude: list[str] | None = None) -> None:
    """Run a model's ``full_clean``; its ``ValidationError`` becomes ``Invalid`` (a 400)."""
    try:
        obj.full_clean(exclude=exclude)  # type: ignore[attr-defined]
    except ValidationError as exc:
        raise invalid_from_validation_error(exc) from exc
