"""The charter: one editable draft, published versions frozen and signed by members."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accord.audit.services import partnership_event_record
from accord.audit.summaries import summary
from accord.core.persistence import unique_or_conflict
from accord.errors import Conflict, Forbidden, Invalid
from accord.errors import full_clean_or_invalid as _validate
from accord.errors import require_permission as _require
from accord.notifications.services import notifications_resolve, notify
from accord.partners.models import Organization
from accord.partnerships import deliberation
from accord.partnerships.models import (
    CHARTER_SECTIONS,
    CharterSignature,
    CharterVersion,
    Membership,
    MembershipStatus,
    Partnership,
)
from accord.partnerships.roles import represented_organization_ids
from accord.partnerships.services._common import (
    _decided_by_vote,
    _url,
    charter_sign_key,
    representatives_of,
)

CHARTER_FIELDS = (*(field for field, _label in CHARTER_SECTIONS), "change_summary")


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
        raise Invalid(
            _("Unknown charter section(s): %(sections)s.")
            % {"sections": ", ".join(sorted(unknown))}
        )
    draft = (
        CharterVersion.objects.select_for_update()
        .filter(partnership=partnership, published_at__isnull=True)
        .first()
    )
    created = draft is None
    if draft is not None and _is_under_decision(draft):
        raise Conflict(
            _("Charter v%(number)s is being decided on; withdraw the proposal to edit it.")
            % {"number": draft.number}
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
        summary(
            gettext_noop("%(actor)s started a draft of charter v%(number)s")
            if created
            else gettext_noop("%(actor)s edited a draft of charter v%(number)s"),
            actor=actor,
            number=draft.number,
        ),
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
                _(
                    "Amending the charter is decided by a vote under “%(rule)s”: "
                    "propose publishing this version instead."
                )
                % {"rule": rule.name}
            )
    if version.is_published:
        raise Conflict(
            _("Charter v%(number)s is already published; a change needs a new version.")
            % {"number": version.number}
        )
    version.published_by = actor if actor is not None and actor.is_authenticated else None
    version.published_at = timezone.now()
    version.save(update_fields=["published_by", "published_at"])
    if by_proposal is not None:
        published = summary(
            gettext_noop("“%(proposal)s” (decided by vote) published charter v%(number)s"),
            proposal=by_proposal.title,
            number=version.number,
        )
    else:
        published = summary(
            gettext_noop("%(actor)s published charter v%(number)s"),
            actor=actor,
            number=version.number,
        )
    partnership_event_record(actor, "charter.published", version, version.partnership, published)
    members = Membership.objects.filter(
        partnership=version.partnership, status=MembershipStatus.ADMITTED
    ).select_related("organization")
    for member in members:  # one request per member: its signature answers it
        notify(
            users=representatives_of(member.organization),
            verb="charter.published",
            partnership=version.partnership,
            text=lambda member=member: (  # in each representative's language
                _(
                    "Charter v%(number)s of %(partnership)s is published: please read and sign "
                    "it for %(organization)s."
                )
                % {
                    "number": version.number,
                    "partnership": version.partnership,
                    "organization": member.organization,
                }
            ),
            url=_url("partnerships:charter_detail", version.partnership),
            key=charter_sign_key(version.partnership_id, member.organization_id),
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
                _("Say which organization you sign for."),
                field_errors={"organization": [_("Required.")]},
            )
        organization = Organization.objects.get(pk=next(iter(mine)))
    elif organization.pk not in mine:
        raise Forbidden(
            _("You do not represent %(organization)s as a member of this partnership.")
            % {"organization": organization}
        )
    if not version.is_published:
        raise Conflict(_("A draft cannot be signed; it must be published first."))
    current = (
        CharterVersion.objects.filter(partnership=partnership, published_at__isnull=False)
        .order_by("-number")
        .first()
    )
    if current is None or current.pk != version.pk:
        raise Conflict(
            _("Charter v%(number)s has been superseded; sign the version in force.")
            % {"number": version.number}
        )
    signed_already = _("%(organization)s has already signed charter v%(number)s.") % {
        "organization": organization,
        "number": version.number,
    }
    if CharterSignature.objects.filter(version=version, organization=organization).exists():
        raise Conflict(signed_already)
    with unique_or_conflict(signed_already):
        signature = CharterSignature.objects.create(
            version=version, organization=organization, signed_by=actor
        )
    notifications_resolve(key=charter_sign_key(partnership.pk, organization.pk))
    partnership_event_record(
        actor,
        "charter.signed",
        signature,
        partnership,
        summary(
            gettext_noop("%(actor)s signed charter v%(number)s for %(organization)s"),
            actor=actor,
            number=version.number,
            organization=organization,
        ),
    )
    return signature
