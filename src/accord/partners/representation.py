"""Which organizations a person speaks for, cached per request, and the counter that says
when any role may have changed.

Roles in a partnership (``accord.partnerships.roles``) are built on affiliations, which
this app owns, so the cache's generation counter lives here, below both: an affiliation
write here and a membership write in partnerships bump the same counter.
"""

from __future__ import annotations

from typing import Any

from accord.partners.models import Affiliation

_generation = 0


def roles_changed() -> None:
    """Call after any write that changes who holds which role or speaks for whom."""
    global _generation
    _generation += 1


def roles_generation() -> int:
    """The counter's value: a cached answer computed under another value is stale."""
    return _generation


def represented_organization_ids(user: Any) -> frozenset[int]:
    """Organizations this person speaks for (cached on the user until roles change)."""
    if user is None or not user.is_authenticated:
        return frozenset()
    cached = user.__dict__.get("_accord_represented")
    if cached and cached[0] == _generation:
        return cached[1]  # type: ignore[no-any-return]
    ids = frozenset(
        Affiliation.objects.filter(user_id=user.pk, is_representative=True).values_list(
            "organization_id", flat=True
        )
    )
    user.__dict__["_accord_represented"] = (_generation, ids)
    return ids
