"""The groups the balance pages count in, with human labels and one colour each.

A member organization counts in its sector; community participants (people without an
organization) count together; organizations that gave or received something but are not
members today (former members, outside providers) count apart, so that every share adds
up to 100 %. The sectors' labels and colours are participation's, so that a sector looks
the same on every chart.

Pure values, no database.
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from accord.participation.groups import GENERAL_PUBLIC, GROUP_COLOURS, INDIVIDUALS, SECTOR_LABELS

__all__ = [
    "GENERAL_PUBLIC",
    "GROUP_ORDER",
    "INDIVIDUALS",
    "NO_SECTOR",
    "OTHERS",
    "group_colour",
    "group_label",
    "group_of_sector",
]

#: Organizations that are not members today: former members, outside providers.
OTHERS = "others"
#: A member whose sector is not one Accord knows (an organization imported without one).
NO_SECTOR = "no_sector"

LABELS: dict[str, Promise] = {
    **SECTOR_LABELS,
    INDIVIDUALS: _("Community participants"),
    GENERAL_PUBLIC: _("General public"),
    NO_SECTOR: _("Sector not given"),
    OTHERS: _("Former members and outsiders"),
}

COLOURS: dict[str, str] = {**GROUP_COLOURS, NO_SECTOR: "#6b7280", OTHERS: "#a8b0bb"}

#: Every group, in the order pages and charts show them.
GROUP_ORDER: dict[str, int] = {key: position for position, key in enumerate(LABELS)}


def group_of_sector(sector: str) -> str:
    """The group of a member organization of ``sector``."""
    return sector if sector in SECTOR_LABELS else NO_SECTOR


def group_label(group: str) -> str:
    return str(LABELS.get(group, LABELS[NO_SECTOR]))


def group_colour(group: str) -> str:
    return COLOURS.get(group, COLOURS[NO_SECTOR])
