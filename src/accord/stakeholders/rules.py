"""Permission predicates for the stakeholder map (docs/stakeholder-map.md, "Who may do what").

The object is a ``Partnership``. Reading the map is for insiders only (it says what the
members think of organizations that may read it otherwise); adding a stakeholder is for
coordinators and member representatives; rating is for member representatives, once per
organization they represent; removing a stakeholder and inviting one are for coordinators.
"""

from __future__ import annotations

from typing import Any

import rules

from accord.errors import Forbidden
from accord.partnerships.rules import (
    is_coordinator,
    is_insider,
    is_member_representative,
    is_open,
)

rules.add_perm("stakeholders.view_map", is_insider)
rules.add_perm(
    "stakeholders.add_stakeholder", (is_coordinator | is_member_representative) & is_open
)
rules.add_perm("stakeholders.rate_stakeholder", is_member_representative & is_open)
rules.add_perm("stakeholders.remove_stakeholder", is_coordinator & is_open)
rules.add_perm("stakeholders.invite_stakeholder", is_coordinator & is_open)


def may(actor: Any, perm: str, partnership: Any) -> bool:
    """Whether ``actor`` holds a ``stakeholders.`` permission, by the predicates alone.

    The stakeholder map governs itself like the partnership apps (no superuser bypass,
    ``accounts.models.SELF_GOVERNED_APPS``): a platform admin reads it as an insider and
    acts only where a predicate says so.
    """
    return bool(getattr(actor, "is_active", False)) and rules.has_perm(perm, actor, partnership)


def require(actor: Any, perm: str, partnership: Any) -> None:
    """Raise ``Forbidden`` unless ``may(actor, perm, partnership)``."""
    if not may(actor, perm, partnership):
        raise Forbidden()
