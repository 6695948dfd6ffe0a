"""Every write about partnerships: creation, lifecycle, two-sided membership, charter.

Each service checks the actor's permission itself, validates, runs in one
transaction and appends an event to the partnership's log.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from accord.audit.services import partnership_event_record
from accord.errors import Conflict, Forbidden, Invalid
from accord.errors import full_clean_or_invalid as _validate
from accord.errors import require_permission as _require
from accord.notifications.services import notify
from accord.partners.models import Organization
from accord.partnerships import deliberation
from accord.partnerships.models import (
    CHARTER_SECTIONS,
    STATUS_TRANSITIONS,
    CharterSignature,
    CharterVersion,
    Membership,
    MembershipStatus,
    Participant,
    ParticipantRole,
    Partnership,
    Status,
)
from accord.partnerships.roles import represented_organization_ids, roles_changed
from accord.reference.codelists import currency_codes
from accord.reference.models import SdgTarget

PARTNERSHIP_FIELDS = (
    "name",
    "purpose",
    "type",
    "modality",
    "places",
    "visibility",
    "allows_individuals",
    "reporting_currency",
)
CHARTER_FIELDS = (*(field for field, _ in CHARTER_SECTIONS), "change_summary")


RESERVED_SLUGS = frozenset({"new", "memberships"})


def representatives_of(organization: Organization) -> Any:
    return get_user_model().objects.filter(
        affiliations__organization=organization,
        affiliations__is_representative=True,
        is_active=True,
    )


def coordinators_of(partnership: Partnership) -> Any:
    return get_user_model().objects.filter(
        participations__partnership=partnership,
        participations__role=ParticipantRole.COORDINATOR,
        participations__left_at__isnull=True,
        is_active=True,
    )


def _url(name: str, partnership: Partnership) -> str:
    return reverse(name, args=[partnership.slug])


def _unique_slug(name: str) -> str:
    base = slugify(name)[:70] or "partnership"
    slug, n = base, 2
    while slug in RESERVED_SLUGS or Partnership.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _check_currency(fields: dict[str, Any]) -> None:
    code = fields.get("reporting_currency")
    if code is not None:
        code = str(code).upper()
        fields["reporting_currency"] = code
        if code not in currency_codes():
            raise Invalid(
                f"Unknown currency “{code}”: use an ISO 4217 code such as KES, EUR or USD.",
                field_errors={"reporting_currency": ["Unknown currency."]},
            )


def _sdg_targets(codes: list[str]) -> list[SdgTarget]:
    codes = [c.strip() for c in codes if c and c.strip()]
    targets = list(SdgTarget.objects.filter(code__in=codes))
    missing = sorted(set(codes) - {t.code for t in targets})
    if missing:
        raise Invalid(
            f"Unknown SDG target(s): {', '.join(missing)}. Use codes such as 6.5 or 14.a.",
            field_errors={"sdg_targets": [f"Unknown: {', '.join(missing)}"]},
        )
    return targets


# --- partnerships ---------------------------------------------------------------------


@transaction.atomic
def partnership_create(
    *,
    actor: Any,
    sdg_targets: list[str] | None = None,
    lead_organization: Organization | None = None,
    **fields: Any,
) -> Partnership:
    """Create a partnership in the forming stage; the creator becomes its coordinator.

    With ``lead_organization`` (one the creator represents), that organization is the
    founding member: its consent is the creator's own, so it is admitted at once.
    """
    _require(actor, "partnerships.add_partnership")
    unknown = set(fields) - set(PARTNERSHIP_FIELDS)
    if unknown:
        raise Invalid(f"Unknown field(s): {', '.join(sorted(unknown))}.")
    _check_currency(fields)
    if lead_organization is not None and lead_organization.pk not in represented_organization_ids(
        actor
    ):
        raise Forbidden("You can only found a partnership for an organization you represent.")
    partnership = Partnership(
        created_by=actor, slug=_unique_slug(fields.get("name") or ""), **fields
    )
    _validate(partnership)
    partnership.save()
    partnership.sdg_targets.set(_sdg_targets(sdg_targets or []))
    Participant.objects.create(
        partnership=partnership, user=actor, role=ParticipantRole.COORDINATOR, added_by=actor
    )
    partnership_event_record(
        actor,
        "partnership.created",
        partnership,
        partnership,
        f"{actor} created the partnership {partnership}",
    )
    if lead_organization is not None:
        now = timezone.now()
        membership = Membership.objects.create(
            partnership=partnership,
            organization=lead_organization,
            status=MembershipStatus.ADMITTED,
            invited_by=actor,
            invited_at=now,
            responded_by=actor,
            responded_at=now,
            decided_by=actor,
            decided_at=now,
            message="Founding member",
        )
        partnership_event_record(
            actor,
            "membership.admitted",
            membership,
            partnership,
            f"{lead_organization} founded the partnership as its first member",
        )
    roles_changed()
    return partnership


@transaction.atomic
def partnership_update(
    *, actor: Any, partnership: Partnership, sdg_targets: list[str] | None = None, **fields: Any
) -> Partnership:
    _require(actor, "partnerships.change_partnership", partnership)
    unknown = set(fields) - set(PARTNERSHIP_FIELDS)
    if unknown:
        raise Invalid(f"Unknown field(s): {', '.join(sorted(unknown))}.")
    _check_currency(fields)
    for name, value in fields.items():
        setattr(partnership, name, value)
    _validate(partnership)
    partnership.save(update_fields=list(fields) or None)
    if sdg_targets is not None:
        partnership.sdg_targets.set(_sdg_targets(sdg_targets))
    changed = sorted([*fields, *(["sdg_targets"] if sdg_targets is not None else [])])
    partnership_event_record(
        actor,
        "partnership.updated",
        partnership,
        partnership,
        f"{actor} updated the partnership's details",
        fields=changed,
    )
    return partnership


@transaction.atomic
def partnership_transition(*, actor: Any, partnership: Partnership, to_status: str) -> Partnership:
    """Move the partnership along its lifecycle; only the allowed transitions pass."""
    _require(actor, "partnerships.change_partnership", partnership)
    locked = Partnership.objects.select_for_update().get(pk=partnership.pk)
    if to_status not in Status.values:
        raise Invalid(f"Unknown status “{to_status}”. Use one of: {', '.join(Status.values)}.")
    allowed = STATUS_TRANSITIONS[locked.status]
    if to_status not in allowed:
        options = ", ".join(allowed) or "none (the partnership is closed)"
        raise Conflict(
            f"A partnership that is {locked.status} cannot become {to_status}; allowed: {options}."
        )
    previous = locked.status
    locked.status = to_status
    locked.save(update_fields=["status"])
    partnership.status = to_status
    partnership_event_record(
        actor,
        "partnership.status_changed",
        locked,
        locked,
        f"{actor} moved the partnership from {previous} to {to_status}",
        previous=previous,
        status=to_status,
    )
    return partnership


# --- membership by two-sided consent --------------------------------------------------


def _lock_membership(membership: Membership) -> Membership:
    return (
        Membership.objects.select_for_update()
        .select_related("organization", "partnership")
        .get(pk=membership.pk)
    )


@transaction.atomic
def membership_invite(
    *, actor: Any, partnership: Partnership, organization: Organization, message: str = ""
) -> Membership:
    """A coordinator invites an organization; nothing more happens without its consent."""
    _require(actor, "partnerships.invite_membership", partnership)
    open_row = Membership.objects.filter(
        partnership=partnership,
        organization=organization,
        status__in=[MembershipStatus.INVITED, MembershipStatus.ACCEPTED, MembershipStatus.ADMITTED],
    ).first()
    if open_row is not None:
        raise Conflict(
            f"{organization} is already {open_row.get_status_display().lower()} in this partnership."
        )
    try:
        with transaction.atomic():
            membership = Membership.objects.create(
                partnership=partnership,
                organization=organization,
                invited_by=actor,
                message=message[:2000],
            )
    except IntegrityError as exc:
        raise Conflict(f"{organization} already has an open invitation or seat.") from exc
    roles_changed()
    partnership_event_record(
        actor,
        "membership.invited",
        membership,
        partnership,
        f"{actor} invited {organization} to join",
    )
    notify(
        users=representatives_of(organization),
        verb="membership.invited",
        partnership=partnership,
        text=f"{organization} is invited to join {partnership}: accept or decline on your home page.",
        url=reverse("web:home"),
    )
    return membership


@transaction.atomic
def membership_respond(*, actor: Any, membership: Membership, accept: bool) -> Membership:
    """The invited organization's representative accepts or declines."""
    membership = _lock_membership(membership)
    _require(actor, "partnerships.respond_membership", membership)
    membership.status = MembershipStatus.ACCEPTED if accept else MembershipStatus.DECLINED
    membership.responded_by = actor
    membership.responded_at = timezone.now()
    membership.save(update_fields=["status", "responded_by", "responded_at"])
    roles_changed()
    verb, word = (
        ("membership.accepted", "accepted") if accept else ("membership.declined", "declined")
    )
    notify(
        users=coordinators_of(membership.partnership),
        verb=verb,
        partnership=membership.partnership,
        text=f"{membership.organization} {word} the invitation to {membership.partnership}"
        + (": it awaits admission." if accept else "."),
        url=_url("partnerships:membership_list", membership.partnership),
    )
    partnership_event_record(
        actor,
        verb,
        membership,
        membership.partnership,
        f"{actor} {word} the invitation for {membership.organization}",
    )
    return membership


def _decided_by_vote(partnership: Partnership, kind: str) -> Any:
    """The decision rule that must decide this step, or None while coordinators decide
    (asked through ``deliberation``: docs/decision-rules.md, "Rules that govern the
    foundation")."""
    return deliberation.deliberation().governing_rule(partnership=partnership, kind=kind)


@transaction.atomic
def membership_decide(
    *, actor: Any, membership: Membership, admit: bool, by_proposal: Any = None
) -> Membership:
    """The partnership admits (or does not admit) an organization that accepted.

    Once the partnership has a decision rule for admissions (or a general one), a vote
    decides: a coordinator's direct call is refused, and ``accord.decisions`` calls this
    with ``by_proposal`` when the admission proposal closes. Until then a coordinator
    decides directly.
    """
    membership = _lock_membership(membership)
    partnership = membership.partnership
    if by_proposal is None:
        _require(actor, "partnerships.admit_membership", membership)
        rule = _decided_by_vote(partnership, "admission")
        if rule is not None:
            raise Conflict(
                f"Admitting a member is decided by a vote under “{rule.name}”: "
                "propose the admission instead."
            )
    elif membership.status != MembershipStatus.ACCEPTED:
        raise Conflict(f"{membership.organization} is not awaiting admission.")
    membership.status = MembershipStatus.ADMITTED if admit else MembershipStatus.REJECTED
    membership.decided_by = actor if actor is not None and actor.is_authenticated else None
    membership.decided_at = timezone.now()
    membership.save(update_fields=["status", "decided_by", "decided_at"])
    roles_changed()
    verb, word = (
        ("membership.admitted", "admitted") if admit else ("membership.rejected", "did not admit")
    )
    who = f"“{by_proposal.title}” (decided by vote)" if by_proposal is not None else str(actor)
    partnership_event_record(
        actor, verb, membership, partnership, f"{who} {word} {membership.organization}"
    )
    notify(
        users=representatives_of(membership.organization),
        verb=verb,
        partnership=partnership,
        text=f"{partnership} {word} {membership.organization}"
        + (" as a member: read and sign its charter." if admit else "."),
        url=_url("partnerships:charter_detail", partnership),
    )
    return membership


@transaction.atomic
def membership_cancel(*, actor: Any, membership: Membership) -> Membership:
    membership = _lock_membership(membership)
    _require(actor, "partnerships.cancel_membership", membership)
    membership.status = MembershipStatus.CANCELLED
    membership.decided_by = actor
    membership.decided_at = timezone.now()
    membership.save(update_fields=["status", "decided_by", "decided_at"])
    roles_changed()
    partnership_event_record(
        actor,
        "membership.cancelled",
        membership,
        membership.partnership,
        f"{actor} cancelled the invitation of {membership.organization}",
    )
    return membership


@transaction.atomic
def membership_withdraw(*, actor: Any, membership: Membership, reason: str = "") -> Membership:
    """A member organization leaves; always possible, always recorded."""
    membership = _lock_membership(membership)
    _require(actor, "partnerships.withdraw_membership", membership)
    membership.status = MembershipStatus.WITHDRAWN
    membership.withdrawn_by = actor
    membership.withdrawn_at = timezone.now()
    membership.withdrawal_reason = reason[:2000]
    membership.save(update_fields=["status", "withdrawn_by", "withdrawn_at", "withdrawal_reason"])
    roles_changed()
    partnership_event_record(
        actor,
        "membership.withdrawn",
        membership,
        membership.partnership,
        f"{membership.organization} withdrew from the partnership",
        reason=reason[:500],
    )
    return membership


# --- people in their own right ---------------------------------------------------------


@transaction.atomic
def participant_join(*, actor: Any, partnership: Partnership) -> Participant:
    """A person without an organization joins as a community participant."""
    _require(actor, "partnerships.join_partnership", partnership)
    participant = Participant.objects.create(
        partnership=partnership, user=actor, role=ParticipantRole.COMMUNITY, added_by=actor
    )
    roles_changed()
    partnership_event_record(
        actor,
        "participant.joined",
        participant,
        partnership,
        f"{actor} joined as a community participant",
    )
    return participant


@transaction.atomic
def participant_leave(*, actor: Any, partnership: Partnership) -> Participant:
    _require(actor, "partnerships.leave_partnership", partnership)
    participant = Participant.objects.select_for_update().get(
        partnership=partnership, user=actor, role=ParticipantRole.COMMUNITY, left_at__isnull=True
    )
    participant.left_at = timezone.now()
    participant.save(update_fields=["left_at"])
    roles_changed()
    partnership_event_record(
        actor, "participant.left", participant, partnership, f"{actor} left the partnership"
    )
    return participant


@transaction.atomic
def participant_add(*, actor: Any, partnership: Partnership, email: str, role: str) -> Participant:
    """A coordinator names another coordinator, an observer or a community participant."""
    _require(actor, "partnerships.manage_participants", partnership)
    if role not in ParticipantRole.values:
        raise Invalid(f"Unknown role “{role}”. Use one of: {', '.join(ParticipantRole.values)}.")
    user = get_user_model().objects.filter(email__iexact=(email or "").strip()).first()
    if user is None:
        raise Invalid(
            f"No one with the email {email} uses Accord yet.",
            field_errors={"email": ["Unknown person."]},
        )
    if Participant.objects.filter(
        partnership=partnership, user=user, role=role, left_at__isnull=True
    ).exists():
        raise Conflict(f"{user} is already a {role} here.")
    participant = Participant.objects.create(
        partnership=partnership, user=user, role=role, added_by=actor
    )
    roles_changed()
    partnership_event_record(
        actor,
        "participant.added",
        participant,
        partnership,
        f"{actor} added {user} as {ParticipantRole(role).label.lower()}",
    )
    return participant


# --- charter ---------------------------------------------------------------------------


def _is_under_decision(version: CharterVersion) -> bool:
    """Whether an open proposal would publish this draft (so its text must not change)."""
    under_vote = deliberation.deliberation().under_vote(partnership=version.partnership)
    return version.pk in under_vote.by_charter_version


@transaction.atomic
def charter_draft_save(*, actor: Any, partnership: Partnership, **sections: Any) -> CharterVersion:
    """Create or edit the one draft version; published versions are never edited."""
    _require(actor, "partnerships.edit_charter", partnership)
    unknown = set(sections) - set(CHARTER_FIELDS)
    if unknown:
        raise Invalid(f"Unknown charter section(s): {', '.join(sorted(unknown))}.")
    draft = (
        CharterVersion.objects.select_for_update()
        .filter(partnership=partnership, published_at__isnull=True)
        .first()
    )
    created = draft is None
    if draft is not None and _is_under_decision(draft):
        raise Conflict(
            f"Charter v{draft.number} is being decided on; withdraw the proposal to edit it."
        )
    if draft is None:
        latest = CharterVersion.objects.filter(partnership=partnership).order_by("-number").first()
        draft = CharterVersion(
            partnership=partnership, number=(latest.number + 1) if latest else 1, created_by=actor
        )
        if latest is not None:  # start from the text in force
            for field in CHARTER_FIELDS:
                setattr(draft, field, getattr(latest, field))
            draft.change_summary = ""
    for field, value in sections.items():
        setattr(draft, field, value)
    _validate(draft)
    draft.save()
    verb = "charter.drafted" if created else "charter.draft_updated"
    partnership_event_record(
        actor,
        verb,
        draft,
        partnership,
        f"{actor} {'started' if created else 'edited'} a draft of charter v{draft.number}",
    )
    return draft


@transaction.atomic
def charter_publish(
    *, actor: Any, version: CharterVersion, by_proposal: Any = None
) -> CharterVersion:
    """Publish a draft: from now on it is frozen and open for signature.

    Once the partnership has a decision rule for the charter (or a general one), amending
    it is a decision: a coordinator's direct call is refused, and ``accord.decisions``
    calls this with ``by_proposal`` when the proposal to publish is accepted.
    """
    version = (
        CharterVersion.objects.select_for_update().select_related("partnership").get(pk=version.pk)
    )
    if by_proposal is None:
        _require(actor, "partnerships.edit_charter", version.partnership)
        rule = _decided_by_vote(version.partnership, "charter")
        if rule is not None:
            raise Conflict(
                f"Amending the charter is decided by a vote under “{rule.name}”: "
                "propose publishing this version instead."
            )
    if version.is_published:
        raise Conflict(
            f"Charter v{version.number} is already published; a change needs a new version."
        )
    version.published_by = actor if actor is not None and actor.is_authenticated else None
    version.published_at = timezone.now()
    version.save(update_fields=["published_by", "published_at"])
    who = f"“{by_proposal.title}” (decided by vote)" if by_proposal is not None else str(actor)
    partnership_event_record(
        actor,
        "charter.published",
        version,
        version.partnership,
        f"{who} published charter v{version.number}",
    )
    members = Membership.objects.filter(
        partnership=version.partnership, status=MembershipStatus.ADMITTED
    )
    notify(
        users=get_user_model().objects.filter(
            affiliations__organization__in=members.values("organization"),
            affiliations__is_representative=True,
        ),
        verb="charter.published",
        partnership=version.partnership,
        text=f"Charter v{version.number} of {version.partnership} is published: please read and sign it.",
        url=_url("partnerships:charter_detail", version.partnership),
    )
    return version


@transaction.atomic
def charter_sign(
    *, actor: Any, version: CharterVersion, organization: Organization | None = None
) -> CharterSignature:
    """A member organization's representative signs the charter version in force.

    ``organization`` may be omitted when the actor represents exactly one member.
    """
    version = CharterVersion.objects.select_related("partnership").get(pk=version.pk)
    partnership = version.partnership
    _require(actor, "partnerships.sign_charter", partnership)
    member_ids = set(
        Membership.objects.filter(
            partnership=partnership, status=MembershipStatus.ADMITTED
        ).values_list("organization_id", flat=True)
    )
    mine = member_ids & represented_organization_ids(actor)
    if organization is None:
        if len(mine) != 1:
            raise Invalid(
                "Say which organization you sign for.", field_errors={"organization": ["Required."]}
            )
        organization = Organization.objects.get(pk=next(iter(mine)))
    elif organization.pk not in mine:
        raise Forbidden(f"You do not represent {organization} as a member of this partnership.")
    if not version.is_published:
        raise Conflict("A draft cannot be signed; it must be published first.")
    current = (
        CharterVersion.objects.filter(partnership=partnership, published_at__isnull=False)
        .order_by("-number")
        .first()
    )
    if current is None or current.pk != version.pk:
        raise Conflict(f"Charter v{version.number} has been superseded; sign the version in force.")
    if CharterSignature.objects.filter(version=version, organization=organization).exists():
        raise Conflict(f"{organization} has already signed charter v{version.number}.")
    try:
        with transaction.atomic():
            signature = CharterSignature.objects.create(
                version=version, organization=organization, signed_by=actor
            )
    except IntegrityError as exc:
        raise Conflict(f"{organization} has already signed charter v{version.number}.") from exc
    partnership_event_record(
        actor,
        "charter.signed",
        signature,
        partnership,
        f"{actor} signed charter v{version.number} for {organization}",
    )
    return signature
