"""Tell the demo story: run each app's loader in order (see :mod:`accord.demo`).

``load_demo()`` is idempotent: each loader finds its part already there and changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction

from accord.demo import (
    accounts,
    balance,
    decisions,
    discussions,
    expertise,
    meetings,
    participation,
    partners,
    partnerships,
    resources,
    results,
    stakeholders,
    surveys,
)
from accord.demo.accounts import DEMO_LOGINS, DEMO_PASSWORD, DemoLogin
from accord.demo.story import LAKE_SLUG, RIVERSIDE_SLUG

__all__ = [
    "DEMO_LOGINS",
    "DEMO_PASSWORD",
    "LAKE_SLUG",
    "RIVERSIDE_SLUG",
    "STORY",
    "DemoLogin",
    "load_demo",
]

#: The story in the order it is told: an app's loader and the partnership it tells about.
#: New parts go at the end, so that the rows loaded before keep their order.
STORY: list[tuple[Callable[[str], bool], str]] = [
    (partners.load, LAKE_SLUG),
    (partnerships.load, LAKE_SLUG),
    (partners.load, RIVERSIDE_SLUG),
    (partnerships.load, RIVERSIDE_SLUG),
    (resources.load, LAKE_SLUG),
    (decisions.load, LAKE_SLUG),
    (participation.load, LAKE_SLUG),
    (results.load, LAKE_SLUG),
    (surveys.load, LAKE_SLUG),
    (stakeholders.load, LAKE_SLUG),
    (balance.load, LAKE_SLUG),
    (meetings.load, LAKE_SLUG),
    (expertise.load, LAKE_SLUG),
    (discussions.load, LAKE_SLUG),
]


def load_demo() -> bool:
    """Load whatever part of the demo is missing. Returns True when something was created."""
    created = accounts.load()
    for load, slug in STORY:
        with transaction.atomic():
            created = load(slug) or created
    return created
