"""The demo's expertise map (data/expertise.json): Lake Kivuli's members list what they
offer and need, and its activities what they need.

The gap: the fish-stock and water monitoring needs water-quality laboratory analysis, which
no member offers; the Rift Valley Water Testing Laboratory, an organization on Accord that
is not a member, offers it, so the coordinator can invite it from the map in one click.
The fisherfolk's need for training is covered by Friends of Kivuli.

Written through the partners and expertise services; idempotent: nothing is loaded when
an activity of the partnership already needs some expertise.
"""

from __future__ import annotations

from accord.demo import accounts, story
from accord.expertise import services
from accord.expertise.models import ActivityExpertiseNeed
from accord.partners import services as partner_services
from accord.partners.models import Organization
from accord.resources.models import Activity


def load(slug: str) -> bool:
    chapter = story.data("expertise").get(slug)
    if chapter is None:
        return False
    if ActivityExpertiseNeed.objects.filter(activity__partnership__slug=slug).exists():
        return False
    for data in chapter["new_organizations"]:
        if not Organization.objects.filter(name=data["name"]).exists():
            head = accounts.user_get_or_create(**data["person"])
            fields = {key: value for key, value in data.items() if key != "person"}
            partner_services.organization_create(actor=head, **fields)
    for row in chapter["areas"]:
        organization = Organization.objects.get(name=row["organization"])
        if organization.expertise_areas.filter(
            area=row["area"], direction=row["direction"]
        ).exists():
            continue
        services.organization_expertise_add(
            actor=accounts.person(row["by"]),
            organization=organization,
            area=row["area"],
            direction=row["direction"],
            detail=row["detail"],
        )
    coordinator = accounts.person(chapter["coordinator"])
    for row in chapter["activity_needs"]:
        activity = Activity.objects.filter(partnership__slug=slug, title=row["activity"]).first()
        if activity is None:  # the workplan of the resources chapter changed
            continue
        services.activity_need_add(
            actor=coordinator, activity=activity, area=row["area"], detail=row["detail"]
        )
    return True
