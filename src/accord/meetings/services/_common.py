"""Checks shared by the meetings services."""

from __future__ import annotations

from typing import Any

from accord.errors import Invalid


def invalid(field: str, message: str) -> Invalid:
    return Invalid(message, field_errors={field: [message]})


def same_partnership(obj: Any, partnership: Any, field: str, message: str) -> None:
    """A linked object must belong to the meeting's partnership: else a 400, not a leak."""
    if obj is not None and obj.partnership_id != partnership.pk:
        raise invalid(field, message)
