"""The groups a round counts support in: the partnership's sectors (for people of member
organizations), the community participants (the individuals' chamber, a group of their
own), and the public. A participant's group is fixed when they first take part.

Pure values, no database: models, selectors and templates use them alike.
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from accord.partners.models import Sector

#: Community participants: people without an organization (the individuals chamber).
INDIVIDUALS = "individuals"
#: Everyone else: people signed in with no seat, and the public with a confirmed email
#: (not "public", which is the public sector's key).
GENERAL_PUBLIC = "general_public"

SECTOR_LABELS: dict[str, Promise] = {
    Sector.PUBLIC: _("Public sector"),
    Sector.PRIVATE: _("Private sector"),
    Sector.CIVIL_SOCIETY: _("Civil society"),
    Sector.ACADEMIC: _("Academic"),
    Sector.COMMUNITY: _("Community organizations"),
    Sector.PHILANTHROPIC: _("Philanthropic"),
    Sector.MULTILATERAL: _("Multilateral"),
}

#: Every group, in the order pages show them.
GROUP_LABELS: dict[str, Promise] = {
    **SECTOR_LABELS,
    INDIVIDUALS: _("Community participants"),
    GENERAL_PUBLIC: _("General public"),
}

GROUP_CHOICES = list(GROUP_LABELS.items())
GROUP_ORDER = {key: position for position, key in enumerate(GROUP_LABELS)}

#: One colour per group for the charts, distinguishable and AA-contrast on white.
GROUP_COLOURS = {
    Sector.PUBLIC: "#0b5cad",
    Sector.PRIVATE: "#8a4b00",
    Sector.CIVIL_SOCIETY: "#17663a",
    Sector.ACADEMIC: "#5b3a99",
    Sector.COMMUNITY: "#a4161a",
    Sector.PHILANTHROPIC: "#006d77",
    Sector.MULTILATERAL: "#4a5361",
    INDIVIDUALS: "#b5179e",
    GENERAL_PUBLIC: "#1b1f24",
}


def group_label(key: str) -> str:
    return str(GROUP_LABELS.get(key, key))
