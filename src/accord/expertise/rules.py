"""Who may do what with expertise (docs/expertise-map.md, docs/permissions.md).

An organization's areas are the organization's to state: its representatives (and the
platform admin, as for the rest of the organization's page). The partnership's map is for
its insiders; an activity's needs are the workplan's, so coordinators set them; inviting an
organization that offers what the partnership lacks is the partnerships app's invitation
(coordinators, while the partnership is not closed).
"""

from __future__ import annotations

from typing import Any

import rules

from accord.errors import Forbidden
from accord.partners.rules import represents_organization
from accord.partnerships.rules import is_coordinator, is_insider, is_open

rules.add_perm(
    "expertise.change_organization_expertise", represents_organization | rules.is_superuser
)
rules.add_perm("expertise.view_map", is_insider)
rules.add_perm("expertise.change_activity_needs", is_coordinator & is_open)
rules.add_perm("expertise.invite_organization", is_coordinator & is_open)


def may(actor: Any, perm: str, obj: Any) -> bool:
    """Whether ``actor`` holds an ``expertise.`` permission, by the predicates alone (as
    ``stakeholders.rules.may``: a platform admin reads a map as an insider and acts on a
    partnership only where a predicate says so)."""
    return bool(getattr(actor, "is_active", False)) and rules.has_perm(perm, actor, obj)


def require(actor: Any, perm: str, obj: Any) -> None:
    if not may(actor, perm, obj):
        raise Forbidden()
