"""Demo partnerships: members, invitations, charter versions and participants
(data/partnerships.json). Runs after the partners loader of the same partnership."""

from __future__ import annotations

from typing import Any

from accord.accounts.models import User
from accord.demo import accounts, partners, story
from accord.partners.models import Organization
from accord.partnerships import services
from accord.partnerships.models import Partnership
from accord.web.partnership_templates import services as template_services


def load(slug: str) -> bool:
    if Partnership.objects.filter(slug=slug).exists():
        return False
    chapter = story.data("partnerships")[slug]
    organizations = partners.organizations(slug)
    representatives = partners.representatives(slug)
    lead = chapter["lead_organization"]
    coordinator = representatives[lead]
    partnership = services.partnership_create(
        actor=coordinator, lead_organization=organizations[lead], **chapter["partnership"]
    )
    # The demo's addresses are fixed (the docs and the tests link to them); the service
    # derives the slug from the name, so it is set directly.
    Partnership.objects.filter(pk=partnership.pk).update(slug=slug)
    partnership.slug = slug
    for name in chapter["members"]:
        membership = services.membership_invite(
            actor=coordinator, partnership=partnership, organization=organizations[name]
        )
        services.membership_respond(actor=representatives[name], membership=membership, accept=True)
        services.membership_decide(actor=coordinator, membership=membership, admit=True)
    for invitation in chapter["invitations"]:
        services.membership_invite(
            actor=coordinator,
            partnership=partnership,
            organization=organizations[invitation["organization"]],
            message=invitation["message"],
        )
    services.partnership_transition(
        actor=coordinator, partnership=partnership, to_status=chapter["status"]
    )
    for version in chapter["charter_versions"]:
        _charter_version_load(
            version,
            partnership,
            coordinator,
            organizations=organizations,
            representatives=representatives,
        )
    if "template" in chapter:
        # Riverside was founded from the education–business template: its rules and
        # indicators are the template's. The story's members and charter came first (once
        # the rules are in force, admitting and amending are decided by a vote).
        template_services.partnership_template_apply(
            actor=coordinator,
            partnership=partnership,
            template_key=chapter["template"],
            reporting_organization=organizations[lead],
        )
    for participant in chapter["participants"]:
        accounts.user_get_or_create(email=participant["email"], name=participant["name"])
        services.participant_add(
            actor=coordinator,
            partnership=partnership,
            email=participant["email"],
            role=participant["role"],
        )
    for participant in chapter["community_participants"]:
        user = accounts.user_get_or_create(email=participant["email"], name=participant["name"])
        services.participant_join(actor=user, partnership=partnership)
    return True


def _charter_version_load(
    data: dict[str, Any],
    partnership: Partnership,
    coordinator: User,
    *,
    organizations: dict[str, Organization],
    representatives: dict[str, User],
) -> None:
    version = services.charter_draft_save(
        actor=coordinator, partnership=partnership, **data["sections"]
    )
    if not data["published"]:
        return
    version = services.charter_publish(actor=coordinator, version=version)
    for name in data["signed_by"]:
        services.charter_sign(
            actor=representatives[name], version=version, organization=organizations[name]
        )
