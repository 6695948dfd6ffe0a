"""Permission predicates for IATI publication and import (object: the partnership).

Anyone may read a public partnership's IATI file: publishing it is what IATI is for,
so a public partnership's ledger is public in it. A members-only partnership's file is
for its insiders.
"""

from __future__ import annotations

from typing import Any

import rules

from accord.errors import Forbidden
from accord.partnerships.rules import can_view, is_coordinator, is_open

rules.add_perm("interop.view_iati", can_view)
rules.add_perm("interop.change_iati_settings", is_coordinator)
rules.add_perm("interop.import_iati", is_coordinator & is_open)


def allowed(actor: Any, perm: str, obj: Any = None) -> bool:
    """Whether ``actor`` holds an ``interop.*`` permission, by the predicates alone.

    Like the partnership apps' permissions (``accounts.models.SELF_GOVERNED_APPS``), a
    platform admin gets no bypass here: the predicates say what an admin may do.
    """
    if actor is None or (actor.is_authenticated and not actor.is_active):
        return False
    return bool(rules.has_perm(perm, actor, obj))


def require(actor: Any, perm: str, obj: Any = None) -> None:
    """``errors.require_permission`` for the ``interop.*`` permissions."""
    if not allowed(actor, perm, obj):
        raise Forbidden()
