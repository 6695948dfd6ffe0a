"""Time zones: the IANA names a person or a partnership may choose, and which one applies.

A person's own zone wins; without one, the zone of the partnership they are looking at;
without that, the operator's ``TIME_ZONE`` (``ACCORD_TIME_ZONE``). ``web.middleware``
activates the zone for each request, so pages show and forms read date-times in it.
"""

from __future__ import annotations

from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


@cache
def zone_names() -> frozenset[str]:
    return frozenset(available_timezones())


@cache
def zone_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """The zones grouped by region (``Africa``, ``Europe``, …) for a select with optgroups."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for name in sorted(zone_names()):
        if "/" not in name or name.startswith(("Etc/", "SystemV/", "US/", "posix/", "right/")):
            continue
        region, _rest = name.split("/", 1)
        groups.setdefault(region, []).append((name, name.replace("_", " ")))
    groups.setdefault("UTC", []).append(("UTC", "UTC"))
    return sorted(groups.items())


def is_zone(name: str) -> bool:
    return name in zone_names()


def validate_zone(name: str) -> None:
    """A model and form validator: an IANA zone name such as Africa/Nairobi, or blank."""
    if name and not is_zone(name):
        raise ValidationError(
            _("Unknown time zone “%(name)s”: use a name such as Africa/Nairobi or Europe/Paris."),
            params={"name": name},
            code="time_zone",
        )


def zone(name: str | None) -> ZoneInfo:
    """The zone named, or the operator's when the name is blank or unknown."""
    for candidate in (name, settings.TIME_ZONE, "UTC"):
        if candidate and is_zone(candidate):
            try:
                return ZoneInfo(candidate)
            except ZoneInfoNotFoundError:  # pragma: no cover - listed but not loadable
                continue
    return ZoneInfo("UTC")


def zone_for(*, user_zone: str = "", partnership_zone: str = "") -> ZoneInfo:
    """The zone a person sees: their own, else the partnership's, else the operator's."""
    return zone(user_zone or partnership_zone)
