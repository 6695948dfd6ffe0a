"""Permission predicates for organizations and affiliations."""

from __future__ import annotations

from typing import Any

import rules

from accord.partners.representation import represented_organization_ids


@rules.predicate
def represents_organization(user: Any, organization: Any) -> bool:
    return organization is not None and organization.pk in represented_organization_ids(user)


rules.add_perm("partners.add_organization", rules.is_authenticated)
rules.add_perm("partners.view_organization", rules.always_allow)
rules.add_perm("partners.change_organization", represents_organization | rules.is_superuser)
rules.add_perm("partners.add_affiliation", represents_organization | rules.is_superuser)
