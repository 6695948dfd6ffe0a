"""Demo organizations and their people (data/partners.json)."""

from __future__ import annotations

from typing import Any

from accord.accounts.models import User
from accord.demo import accounts, story
from accord.partners import services
from accord.partners.models import Organization


def load(slug: str) -> bool:
    """Create the organizations of this partnership's story that do not exist yet, and the
    people of existing ones who are not affiliated yet (a demo loaded before they joined)."""
    created = False
    for organization in story.data("partners")[slug]:
        existing = Organization.objects.filter(name=organization["name"]).first()
        if existing is None:
            _organization_load(organization)
            created = True
        elif _people_add(existing, organization["people"]):
            created = True
    return created


def _people_add(organization: Organization, people: list[dict[str, Any]]) -> bool:
    """Affiliate the staff listed for an existing organization who are missing."""
    known = set(organization.affiliations.values_list("user__email", flat=True))
    founder_data, *staff = people
    missing = [person for person in staff if person["email"] not in known]
    if not missing:
        return False
    founder = accounts.person(founder_data["email"])
    for person in missing:
        accounts.user_get_or_create(email=person["email"], name=person["name"])
        services.affiliation_add(
            actor=founder,
            organization=organization,
            email=person["email"],
            is_representative=person["is_representative"],
            title=person["title"],
        )
    return True


def _organization_load(data: dict[str, Any]) -> None:
    founder_data, *staff = data["people"]
    founder = accounts.user_get_or_create(email=founder_data["email"], name=founder_data["name"])
    fields = {key: value for key, value in data.items() if key != "people"}
    organization = services.organization_create(actor=founder, **fields)
    # The service makes the founder the first representative, without a title.
    organization.affiliations.filter(user=founder).update(title=founder_data["title"])
    for person in staff:
        accounts.user_get_or_create(email=person["email"], name=person["name"])
        services.affiliation_add(
            actor=founder,
            organization=organization,
            email=person["email"],
            is_representative=person["is_representative"],
            title=person["title"],
        )


def organizations(slug: str) -> dict[str, Organization]:
    """This partnership's organizations by name, in the order of the data."""
    names = [organization["name"] for organization in story.data("partners")[slug]]
    by_name = Organization.objects.in_bulk(names, field_name="name")
    return {name: by_name[name] for name in names}


def representatives(slug: str) -> dict[str, User]:
    """The person who speaks for each organization: the first one listed (its founder)."""
    return {
        organization["name"]: accounts.person(organization["people"][0]["email"])
        for organization in story.data("partners")[slug]
    }
