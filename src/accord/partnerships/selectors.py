"""Every read about partnerships beyond a plain get. Each takes the actor it reads for."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Sum
from django.utils.translation import gettext as _

from accord.errors import Forbidden, NotFound
from accord.partners.models import Affiliation, Organization, Sector
from accord.partnerships.models import (
    CharterSignature,
    CharterVersion,
    Membership,
    MembershipStatus,
    Participant,
    ParticipantRole,
    Partnership,
    StakeholderGroup,
    StakeholderGroupMember,
    Visibility,
    VoiceTally,
    group_code,
    group_id_of,
)
from accord.partnerships.roles import INSIDER_ROLES, Role, roles_in
from accord.reference.models import SdgGoal, SdgTarget


def _insider_filter(actor: Any) -> Q:
    if not actor.is_authenticated:
        return Q(pk__in=[])
    if actor.is_superuser:
        return Q(pk__isnull=False)
    participant = Participant.objects.filter(
        partnership=OuterRef("pk"), user_id=actor.pk, left_at__isnull=True
    )
    # As ``roles.roles_in``: anyone affiliated with an admitted member is inside, but of an
    # organization only invited (or that accepted and awaits admission) only its
    # representatives, who must answer; its other staff see nothing until admission.
    seat = Membership.objects.filter(
        Q(status=MembershipStatus.ADMITTED)
        | Q(
            status__in=[MembershipStatus.INVITED, MembershipStatus.ACCEPTED],
            organization__affiliations__is_representative=True,
        ),
        partnership=OuterRef("pk"),
        organization__affiliations__user_id=actor.pk,
    )
    return Q(Exists(participant)) | Q(Exists(seat))


def _with_counts(qs: QuerySet[Partnership]) -> QuerySet[Partnership]:
    return qs.annotate(
        member_count=Count(
            "memberships", filter=Q(memberships__status=MembershipStatus.ADMITTED), distinct=True
        )
    )


def partnership_list_mine(*, actor: Any) -> QuerySet[Partnership]:
    """Partnerships the actor takes part in (any role)."""
    if not actor.is_authenticated:
        return Partnership.objects.none()
    if actor.is_superuser:
        # Admins see every partnership in the directory, but "mine" means involvement.
        participant = Participant.objects.filter(
            partnership=OuterRef("pk"), user_id=actor.pk, left_at__isnull=True
        )
        seat = Membership.objects.filter(
            partnership=OuterRef("pk"),
            status=MembershipStatus.ADMITTED,
            organization__affiliations__user_id=actor.pk,
        )
        return _with_counts(Partnership.objects.filter(Q(Exists(participant)) | Q(Exists(seat))))
    return _with_counts(Partnership.objects.filter(_insider_filter(actor)))


def partnership_list_visible(*, actor: Any) -> QuerySet[Partnership]:
    """Every partnership the actor may read: public ones and their own."""
    return _with_counts(
        Partnership.objects.filter(Q(visibility=Visibility.PUBLIC) | _insider_filter(actor))
    )


def partnership_get(*, actor: Any, slug: str) -> Partnership:
    """The partnership, or NotFound when it does not exist *or* the actor may not see it."""
    partnership = Partnership.objects.filter(slug=slug).first()
    if partnership is None or not actor.has_perm("partnerships.view_partnership", partnership):
        raise NotFound(_("No such partnership."))
    return partnership


def partnership_get_for(
    *, actor: Any, slug: str, perm: str, message: str | None = None
) -> Partnership:
    """The partnership if the actor holds ``perm`` on it, e.g. ``decisions.view_decisions``.

    NotFound when the actor may not see the partnership at all (as ``partnership_get``);
    Forbidden, saying ``message``, when they see it but lack ``perm`` (the public reading a
    public partnership's resources).
    """
    partnership = partnership_get(actor=actor, slug=slug)
    if not actor.has_perm(perm, partnership):
        raise Forbidden(message)
    return partnership


def partnership_get_by_id(*, actor: Any, partnership_id: int) -> Partnership:
    partnership = Partnership.objects.filter(pk=partnership_id).first()
    if partnership is None or not actor.has_perm("partnerships.view_partnership", partnership):
        raise NotFound(_("No such partnership."))
    return partnership


def membership_list(*, partnership: Partnership) -> QuerySet[Membership]:
    """All membership rows (history included) with organizations and the people who acted."""
    return (
        Membership.objects.filter(partnership=partnership)
        .select_related("organization", "invited_by", "responded_by", "decided_by", "withdrawn_by")
        .order_by("organization__name", "-invited_at")
    )


def member_organizations(*, partnership: Partnership) -> QuerySet[Organization]:
    return Organization.objects.filter(
        memberships__partnership=partnership, memberships__status=MembershipStatus.ADMITTED
    ).order_by("name")


def member_organization_find(
    *, partnership: Partnership, organization_id: int
) -> Organization | None:
    """An admitted member organization of the partnership by id, or None."""
    return member_organizations(partnership=partnership).filter(pk=organization_id).first()


def member_person_find(*, partnership: Partnership, email: str) -> Any:
    """Someone who works for an admitted member organization, by email in any case, or None.

    It reaches no one outside the partnership, so it says nothing of who else uses Accord.
    """
    works_for_member = Affiliation.objects.filter(
        user=OuterRef("pk"),
        organization__memberships__partnership=partnership,
        organization__memberships__status=MembershipStatus.ADMITTED,
    )
    return get_user_model().objects.filter(Exists(works_for_member), email__iexact=email).first()


def membership_get(*, actor: Any, membership_id: int) -> Membership:
    """A membership the actor may see: an insider of its partnership, or its organization's representative."""
    membership = (
        Membership.objects.select_related("partnership", "organization")
        .filter(pk=membership_id)
        .first()
    )
    if membership is None:
        raise NotFound(_("No such membership."))
    visible = actor.has_perm(
        "partnerships.view_partnership", membership.partnership
    ) or actor.has_perm("partnerships.respond_membership", membership)
    if not visible and not (
        actor.is_authenticated
        and Affiliation.objects.filter(
            user_id=actor.pk, organization_id=membership.organization_id
        ).exists()
    ):
        raise NotFound(_("No such membership."))
    return membership


def invitation_list(*, actor: Any) -> QuerySet[Membership]:
    """Open invitations addressed to organizations the actor represents."""
    if not actor.is_authenticated:
        return Membership.objects.none()
    return (
        Membership.objects.filter(
            status=MembershipStatus.INVITED,
            organization__affiliations__user_id=actor.pk,
            organization__affiliations__is_representative=True,
        )
        .select_related("partnership", "organization", "invited_by")
        .order_by("-invited_at")
    )


def participant_list(*, partnership: Partnership) -> QuerySet[Participant]:
    return Participant.objects.filter(partnership=partnership, left_at__isnull=True).select_related(
        "user"
    )


@dataclass(frozen=True)
class SignatureRow:
    organization: Organization
    signature: CharterSignature | None


@dataclass(frozen=True)
class CharterVersionView:
    version: CharterVersion
    rows: list[SignatureRow]
    signed_count: int
    unsigned_count: int
    is_current: bool


def charter_overview(*, partnership: Partnership) -> list[CharterVersionView]:
    """Each version with, per current member organization, its signature or none.

    Signatures by organizations no longer members are listed too. Three queries
    whatever the number of versions, members and signatures.
    """
    versions = list(
        CharterVersion.objects.filter(partnership=partnership)
        .select_related("published_by")
        .prefetch_related(
            Prefetch(
                "signatures",
                queryset=CharterSignature.objects.select_related("organization", "signed_by"),
            )
        )
        .order_by("-number")
    )
    members = list(member_organizations(partnership=partnership))
    current_id = next((v.pk for v in versions if v.is_published), None)
    result = []
    for version in versions:
        by_org = {s.organization_id: s for s in version.signatures.all()}
        rows = [SignatureRow(org, by_org.pop(org.pk, None)) for org in members]
        rows += [SignatureRow(s.organization, s) for s in by_org.values()]
        signed = sum(1 for r in rows if r.signature)
        result.append(
            CharterVersionView(version, rows, signed, len(rows) - signed, version.pk == current_id)
        )
    return result


def charter_version_get(*, actor: Any, partnership: Partnership, number: int) -> CharterVersion:
    version = (
        CharterVersion.objects.select_related("partnership")
        .filter(partnership=partnership, number=number)
        .first()
    )
    if version is None:
        raise NotFound(_("Charter v%(number)s does not exist.") % {"number": number})
    if not version.is_published and not actor.has_perm("partnerships.edit_charter", partnership):
        raise NotFound(_("Charter v%(number)s does not exist.") % {"number": number})
    return version


def actor_roles(*, actor: Any, partnership: Partnership) -> frozenset[Role]:
    return roles_in(actor, partnership.pk)


def is_insider(*, actor: Any, partnership: Partnership) -> bool:
    return bool(roles_in(actor, partnership.pk) & INSIDER_ROLES)


def community_participant_count(*, partnership: Partnership) -> int:
    return Participant.objects.filter(
        partnership=partnership, role=ParticipantRole.COMMUNITY, left_at__isnull=True
    ).count()


def organization_invite_candidates(*, partnership: Partnership) -> QuerySet[Organization]:
    """Organizations with no live invitation or seat in the partnership."""
    open_seats = Membership.objects.filter(
        partnership=partnership,
        organization=OuterRef("pk"),
        status__in=[MembershipStatus.INVITED, MembershipStatus.ACCEPTED, MembershipStatus.ADMITTED],
    )
    return Organization.objects.exclude(Exists(open_seats)).order_by("name")


def charter_signable_organizations(
    *, actor: Any, partnership: Partnership, version: CharterVersion | None
) -> QuerySet[Organization]:
    """Member organizations the actor represents that have not signed ``version``."""
    if version is None or not version.is_published or not actor.is_authenticated:
        return Organization.objects.none()
    return (
        member_organizations(partnership=partnership)
        .filter(affiliations__user_id=actor.pk, affiliations__is_representative=True)
        .exclude(charter_signatures__version=version)
    )


def current_charter(*, partnership: Partnership) -> CharterVersion | None:
    return (
        CharterVersion.objects.filter(partnership=partnership, published_at__isnull=False)
        .order_by("-number")
        .first()
    )


def charter_draft(*, partnership: Partnership) -> CharterVersion | None:
    return CharterVersion.objects.filter(partnership=partnership, published_at__isnull=True).first()


# --- reference data: the SDG goals and targets partnerships tag themselves with ---------------


def sdg_goal_list() -> QuerySet[SdgGoal]:
    return SdgGoal.objects.all()


def sdg_target_list(*, goal_number: int | None = None) -> QuerySet[SdgTarget]:
    targets = SdgTarget.objects.select_related("goal")
    return targets.filter(goal__number=goal_number) if goal_number else targets


# --- voice (the tallies kept by services.voice) ------------------------------------------------


def _quarter_of(day: date) -> date:
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def voice_by_organization(
    partnership_id: int, *, since: date | None = None, until: date | None = None
) -> dict[tuple[int | None, str], int]:
    """Acts of voice per (member organization or None for individuals, kind).

    ``since`` and ``until`` work at quarter resolution: the quarters containing them, and
    those between, are counted whole. One query.
    """
    tallies = VoiceTally.objects.filter(partnership_id=partnership_id)
    if since is not None:
        tallies = tallies.filter(quarter__gte=_quarter_of(since))
    if until is not None:
        tallies = tallies.filter(quarter__lte=_quarter_of(until))
    return {
        (row["organization_id"], row["kind"]): row["total"]
        for row in tallies.values("organization_id", "kind").annotate(total=Sum("count")).order_by()
    }


def voice_by_quarter(partnership_id: int) -> dict[tuple[int | None, str, date], int]:
    """Acts of voice per (member organization or None, kind, first day of the quarter)."""
    return {
        (row["organization_id"], row["kind"], row["quarter"]): row["total"]
        for row in VoiceTally.objects.filter(partnership_id=partnership_id)
        .values("organization_id", "kind", "quarter")
        .annotate(total=Sum("count"))
        .order_by()
    }


# --- stakeholder groups ----------------------------------------------------------------------


def group_list(*, partnership: Partnership) -> QuerySet[StakeholderGroup]:
    """The partnership's own groups, with their members (three queries in all)."""
    return (
        StakeholderGroup.objects.filter(partnership=partnership)
        .prefetch_related(
            Prefetch(
                "members",
                queryset=StakeholderGroupMember.objects.select_related(
                    "organization", "person"
                ).order_by("organization__name", "person__name", "id"),
            )
        )
        .order_by("name", "id")
    )


def group_get(*, partnership: Partnership, group_id: int) -> StakeholderGroup:
    group = group_list(partnership=partnership).filter(pk=group_id).first()
    if group is None:
        raise NotFound(_("No such group."))
    return group


def group_labels(*, partnership: Partnership) -> dict[str, str]:
    """Every group a rule or proposal may name, by code: the sectors (by their labels),
    then the partnership's own groups (by their names)."""
    labels: dict[str, str] = {str(code): str(label) for code, label in Sector.choices}
    for code_id, name in StakeholderGroup.objects.filter(partnership=partnership).values_list(
        "pk", "name"
    ):
        labels[group_code(code_id)] = name
    return labels


def group_codes_unknown(*, partnership: Partnership, codes: list[str]) -> list[str]:
    """The codes among ``codes`` that name neither a sector nor a group of the partnership."""
    known = group_labels(partnership=partnership)
    return [code for code in codes if code not in known]


@dataclass(frozen=True)
class GroupMembers:
    """Who belongs to a stakeholder group: organizations and people, by id."""

    organization_ids: frozenset[int]
    person_ids: frozenset[int]


def group_members_by_code(
    *, partnership: Partnership, codes: list[str] | tuple[str, ...] | None = None
) -> dict[str, GroupMembers]:
    """The members of the partnership's own groups (those of ``codes``, when given), in one
    query."""
    rows = StakeholderGroupMember.objects.filter(group__partnership=partnership)
    if codes is not None:
        ids = [i for i in (group_id_of(c) for c in codes) if i is not None]
        rows = rows.filter(group_id__in=ids)
    organizations: dict[int, set[int]] = {}
    people: dict[int, set[int]] = {}
    for group_id, organization_id, person_id in rows.values_list(
        "group_id", "organization_id", "person_id"
    ):
        organizations.setdefault(group_id, set())
        people.setdefault(group_id, set())
        if organization_id is not None:
            organizations[group_id].add(organization_id)
        if person_id is not None:
            people[group_id].add(person_id)
    return {
        group_code(group_id): GroupMembers(
            frozenset(organizations[group_id]), frozenset(people[group_id])
        )
        for group_id in organizations
    }


def group_member_candidates(
    *, partnership: Partnership
) -> tuple[QuerySet[Organization], QuerySet[Any]]:
    """Who may belong to a group: the member organizations and the community participants."""
    people = (
        get_user_model()
        .objects.filter(
            participations__partnership=partnership,
            participations__role=ParticipantRole.COMMUNITY,
            participations__left_at__isnull=True,
        )
        .distinct()
        .order_by("name", "pk")
    )
    return member_organizations(partnership=partnership), people
