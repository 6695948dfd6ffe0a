"""The API's one pagination: ``limit`` and ``offset``, both bounded.

django-ninja's ``LimitOffsetPagination`` accepts any non-negative offset and any limit, and
a number past the database's largest integer (``?offset=9223372036854775808``) reached the
query and failed there with a 500. Here both are bounded in the schema, so a request out
of range gets a 422 naming the parameter before any query runs. Every list endpoint uses
``@paginate(BoundedPagination)`` (also the ``NINJA_PAGINATION_CLASS`` setting).
"""

from __future__ import annotations

from ninja import Field, Schema
from ninja.conf import settings as ninja_settings
from ninja.pagination import LimitOffsetPagination

#: The most rows one page returns.
MAX_LIMIT = 1000
#: The furthest a client may skip; beyond a billion rows a list is not paged by offset.
MAX_OFFSET = 1_000_000_000
#: Rows per page when the client does not say (the ``NINJA_PAGINATION_PER_PAGE`` setting).
DEFAULT_LIMIT = min(ninja_settings.PAGINATION_PER_PAGE, MAX_LIMIT)


class BoundedPagination(LimitOffsetPagination):
    """``LimitOffsetPagination`` with ``1 ≤ limit ≤ MAX_LIMIT`` and ``0 ≤ offset ≤ MAX_OFFSET``."""

    class Input(Schema):
        limit: int = Field(
            DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description=f"Rows per page, 1 to {MAX_LIMIT}."
        )
        offset: int = Field(0, ge=0, le=MAX_OFFSET, description=f"Rows to skip, 0 to {MAX_OFFSET}.")

    def __init__(self, **kwargs: object) -> None:
        super().__init__(max_limit=MAX_LIMIT, **kwargs)  # type: ignore[arg-type]
