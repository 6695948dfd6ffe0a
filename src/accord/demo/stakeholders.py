"""The demo's stakeholder map (data/stakeholders.json): Lake Kivuli's members place the
people the lake concerns, inside and outside the partnership.

- outsiders: the downstream municipality (Ziwa Town Council, an organization on Accord
  that is not a member: the coordinator can invite it from the map), the fish traders'
  association and the lakeshore landowners (groups without an account), and the Lakeside
  Youth Network (invited, not yet a member);
- members: the fisherfolk (high interest, little power: keep informed, and dependent), the
  foundation and the flower farm (powerful);
- five members' representatives rate them (power, interest, power, legitimacy, urgency,
  1–5), so "whom we are missing" lists the town, the traders and the youth.

Written through the stakeholders services; idempotent: nothing is loaded when the
partnership has a stakeholder.
"""

from __future__ import annotations

from accord.demo import accounts, story
from accord.partners import services as partner_services
from accord.partners.models import Organization
from accord.partnerships.models import Partnership
from accord.stakeholders import services
from accord.stakeholders.models import RATING_FIELDS, Stakeholder


def load(slug: str) -> bool:
    if Stakeholder.objects.filter(partnership__slug=slug).exists():
        return False
    chapter = story.data("stakeholders").get(slug)
    if chapter is None:
        return False
    partnership = Partnership.objects.get(slug=slug)
    coordinator = accounts.person(chapter["coordinator"])
    for data in chapter["new_organizations"]:
        if not Organization.objects.filter(name=data["name"]).exists():
            head = accounts.user_get_or_create(**data["person"])
            partner_services.organization_create(
                actor=head, name=data["name"], sector=data["sector"], capacity=data["capacity"]
            )
    by_name = {}
    for data in chapter["stakeholders"]:
        organization = (
            Organization.objects.get(name=data["organization"]) if "organization" in data else None
        )
        stakeholder = services.stakeholder_add(
            actor=coordinator,
            partnership=partnership,
            organization=organization,
            name=data.get("name", ""),
            sector=data.get("sector", ""),
            description=data.get("description", ""),
        )
        by_name[stakeholder.display_name] = stakeholder
    for email, placings in chapter["ratings"].items():
        representative = accounts.person(email)
        for name, values in placings.items():
            services.stakeholder_rate(
                actor=representative,
                stakeholder=by_name[name],
                **dict(zip(RATING_FIELDS, values, strict=True)),
            )
    return True
