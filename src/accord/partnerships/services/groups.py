"""The partnership's own groups (issue 16): "indigenous peoples of the basin", "women fish
traders". Coordinators name them and their members; decisions may require their consent."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accord.audit.services import partnership_event_record
from accord.audit.summaries import summary
from accord.core.persistence import unique_or_conflict
from accord.errors import Invalid
from accord.errors import require_permission as _require
from accord.partnerships import selectors
from accord.partnerships.models import Partnership, StakeholderGroup, StakeholderGroupMember


def _ids(values: Iterable[Any] | None, field: str) -> list[int]:
    ids: list[int] = []
    for value in values or ():
        if isinstance(value, bool):
            raise Invalid(
                field_errors={field: [_("%(value)s is not an id.") % {"value": repr(value)}]}
            )
        try:
            number = int(getattr(value, "pk", value))
        except (TypeError, ValueError):
            raise Invalid(
                field_errors={field: [_("%(value)s is not an id.") % {"value": repr(value)}]}
            ) from None
        if not 1 <= number < 2**63:
            raise Invalid(field_errors={field: [_("%(value)s is not an id.") % {"value": number}]})
        ids.append(number)
    return list(dict.fromkeys(ids))


def _members(
    partnership: Partnership, organizations: Iterable[Any] | None, people: Iterable[Any] | None
) -> tuple[list[int], list[int]]:
    """The organization and person ids, checked: member organizations and community
    participants of this partnership, at least one in all."""
    organization_ids = _ids(organizations, "organizations")
    person_ids = _ids(people, "people")
    candidates_orgs, candidates_people = selectors.group_member_candidates(partnership=partnership)
    known_orgs = set(candidates_orgs.filter(pk__in=organization_ids).values_list("pk", flat=True))
    known_people = set(candidates_people.filter(pk__in=person_ids).values_list("pk", flat=True))
    errors: dict[str, list[str]] = {}
    if set(organization_ids) - known_orgs:
        errors["organizations"] = [_("Only member organizations of the partnership can belong.")]
    if set(person_ids) - known_people:
        errors["people"] = [_("Only community participants of the partnership can belong.")]
    if not errors and not organization_ids and not person_ids:
        errors["organizations"] = [
            _("A group needs at least one member: an organization or a community participant.")
        ]
    if errors:
        raise Invalid(field_errors=errors)
    return organization_ids, person_ids


def _name(name: str) -> str:
    name = (name or "").strip()
    if not name:
        raise Invalid(field_errors={"name": [_("Give the group a name.")]})
    if len(name) > 120:
        raise Invalid(field_errors={"name": [_("At most 120 characters.")]})
    return name


@transaction.atomic
def group_create(
    *,
    actor: Any,
    partnership: Partnership,
    name: str,
    description: str = "",
    organizations: Iterable[Any] | None = None,
    people: Iterable[Any] | None = None,
) -> StakeholderGroup:
    """A new group with its members (member organizations and/or community participants)."""
    _require(actor, "partnerships.manage_groups", partnership)
    name = _name(name)
    organization_ids, person_ids = _members(partnership, organizations, people)
    if StakeholderGroup.objects.filter(partnership=partnership, name=name).exists():
        raise Invalid(field_errors={"name": [_("Another group has this name.")]})
    with unique_or_conflict(_("Another group has this name.")):
        group = StakeholderGroup.objects.create(
            partnership=partnership,
            name=name,
            description=(description or "").strip(),
            created_by=actor,
        )
    _members_set(group, organization_ids, person_ids)
    partnership_event_record(
        actor,
        "partnerships.group_created",
        group,
        partnership,
        summary(gettext_noop("Group “%(name)s” created"), name=name),
    )
    return group


@transaction.atomic
def group_update(
    *,
    actor: Any,
    group: StakeholderGroup,
    name: str,
    description: str = "",
    organizations: Iterable[Any] | None = None,
    people: Iterable[Any] | None = None,
) -> StakeholderGroup:
    """Rename a group, or change its members (never to none)."""
    partnership = group.partnership
    _require(actor, "partnerships.manage_groups", partnership)
    name = _name(name)
    organization_ids, person_ids = _members(partnership, organizations, people)
    if (
        StakeholderGroup.objects.filter(partnership=partnership, name=name)
        .exclude(pk=group.pk)
        .exists()
    ):
        raise Invalid(field_errors={"name": [_("Another group has this name.")]})
    group.name = name
    group.description = (description or "").strip()
    with unique_or_conflict(_("Another group has this name.")):
        group.save(update_fields=["name", "description"])
    group.members.all().delete()
    _members_set(group, organization_ids, person_ids)
    partnership_event_record(
        actor,
        "partnerships.group_changed",
        group,
        partnership,
        summary(
            gettext_noop(
                "Group “%(name)s” changed: %(organizations)s organization(s), %(people)s person(s)"
            ),
            name=name,
            organizations=len(organization_ids),
            people=len(person_ids),
        ),
    )
    return group


def _members_set(
    group: StakeholderGroup, organization_ids: list[int], person_ids: list[int]
) -> None:
    StakeholderGroupMember.objects.bulk_create(
        [StakeholderGroupMember(group=group, organization_id=i) for i in organization_ids]
        + [StakeholderGroupMember(group=group, person_id=i) for i in person_ids]
    )
    if hasattr(group, "_prefetched_objects_cache"):
        group._prefetched_objects_cache.pop("members", None)
