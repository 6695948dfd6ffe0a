"""What lets the database refuse changes to locked measurements and to benefits, and
still lets ``flush`` empty it.

Migration 0002 installs triggers that refuse UPDATE and DELETE of a locked measurement
(and of its cells) and of any benefit. On PostgreSQL ``flush`` uses TRUNCATE, which row
triggers do not see. On SQLite ``flush`` runs ``DELETE FROM`` on every table, in no set
order, so the DELETE triggers ask ``accord_results_guarded()``: a function registered on
every Django connection that answers 1, except while ``flush`` runs (our ``flush``
command, ``accord.results.management.commands.flush``, wraps Django's in ``flushing()``).
A client outside Django has no such function, so its DELETE fails as well.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

_flushing = 0


@contextmanager
def flushing() -> Iterator[None]:
    """Let the SQLite triggers pass while the whole database is being emptied."""
    global _flushing
    _flushing += 1
    try:
        yield
    finally:
        _flushing -= 1


def _guarded() -> int:
    return 0 if _flushing else 1


def sqlite_functions_register(sender: Any, connection: Any, **kwargs: Any) -> None:
    if connection.vendor == "sqlite":
        connection.connection.create_function("accord_results_guarded", 0, _guarded)
