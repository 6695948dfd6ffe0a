"""Writing rows whose unique constraints may race with another request."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import IntegrityError, transaction

from accord.errors import Conflict


@contextmanager
def unique_or_conflict(message: str) -> Iterator[None]:
    """Run the writes inside in a savepoint; a unique or check constraint that refuses them
    becomes ``Conflict(message)`` (a 409 with a clear text) instead of a 500, and the
    caller's transaction stays usable.

    A service checks what it can first, for a precise message; this catches the race
    where two requests pass the check together and the database decides.
    """
    try:
        with transaction.atomic():
            yield
    except IntegrityError as exc:
        raise Conflict(message) from exc
