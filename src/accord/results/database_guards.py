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

from typing import Any

# One flag for every append-only guard (accord.core.append_only).
from accord.core.append_only import _guarded, flushing

__all__ = ["flushing", "sqlite_functions_register"]


def sqlite_functions_register(sender: Any, connection: Any, **kwargs: Any) -> None:
    if connection.vendor == "sqlite":
        connection.connection.create_function("accord_results_guarded", 0, _guarded)
