"""Membership by two-sided consent: the partnership invites, the organization accepts,
the partnership admits (by a coordinator, or by a vote once a rule decides admissions);
either side may end it."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accord.audit.services import partnership_event_record
from accord.audit.summaries import summary
from accord.core.persistence import unique_or_conflict
from accord.errors import Conflict
from accord.errors import require_permission as _require
from accord.notifications.services import notifications_resolve, notify
from accord.partners.models import Organization
from accord.partnerships import deliberation
from accord.partnerships.models import Membership, MembershipStatus, Partnership
from accord.partnerships.roles import roles_changed
from accord.partnerships.services._common import (
    _decided_by_vote,
    _url,
    admit_key,
    charter_sign_key,
    coordinators_of,
    representatives_of,
    respond_key,
)


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
        already = {
            MembershipStatus.INVITED: _("%(organization)s is already invited in this partnership."),
            MembershipStatus.ACCEPTED: _(
                "%(organization)s is already accepted, awaiting admission in this partnership."
            ),
            MembershipStatus.ADMITTED: _(
                "%(organization)s is already a member of this partnership."
            ),
        }
        raise Conflict(already[MembershipStatus(open_row.status)] % {"organization": organization})
    with unique_or_conflict(
        _("%(organization)s already has an open invitation or seat.")
        % {"organization": organization}
    ):
        membership = Membership.objects.create(
            partnership=partnership,
            organization=organization,
            invited_by=actor,
            message=message[:2000],
        )
    roles_changed()
    partnership_event_record(
        actor,
        "membership.invited",
        membership,
        partnership,
        summary(
            gettext_noop("%(actor)s invited %(organization)s to join"),
            actor=actor,
            organization=organization,
        ),
    )
    notify(
        users=representatives_of(organization),
        verb="membership.invited",
        partnership=partnership,
        text=lambda: (  # in each representative's language
            _(
                "%(organization)s is invited to join %(partnership)s: accept or decline on your home page."
            )
            % {"organization": organization, "partnership": partnership}
        ),
        url=reverse("web:home"),
        key=respond_key(membership.pk),
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
    notifications_resolve(key=respond_key(membership.pk))
    verb, message = (
        (
            "membership.accepted",
            gettext_noop("%(actor)s accepted the invitation for %(organization)s"),
        )
        if accept
        else (
            "membership.declined",
            gettext_noop("%(actor)s declined the invitation for %(organization)s"),
        )
    )
    notify(
        users=coordinators_of(membership.partnership),
        verb=verb,
        partnership=membership.partnership,
        text=lambda: (
            (
                _(
                    "%(organization)s accepted the invitation to %(partnership)s: it awaits admission."
                )
                if accept
                else _("%(organization)s declined the invitation to %(partnership)s.")
            )
            % {"organization": membership.organization, "partnership": membership.partnership}
        ),
        url=_url("partnerships:membership_list", membership.partnership),
        key=admit_key(membership.pk) if accept else "",
    )
    partnership_event_record(
        actor,
        verb,
        membership,
        membership.partnership,
        summary(message, actor=actor, organization=membership.organization),
    )
    return membership


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
                _(
                    "Admitting a member is decided by a vote under “%(rule)s”: "
                    "propose the admission instead."
                )
                % {"rule": rule.name}
            )
    elif membership.status != MembershipStatus.ACCEPTED:
        raise Conflict(
            _("%(organization)s is not awaiting admission.")
            % {"organization": membership.organization}
        )
    membership.status = MembershipStatus.ADMITTED if admit else MembershipStatus.REJECTED
    membership.decided_by = actor if actor is not None and actor.is_authenticated else None
    membership.decided_at = timezone.now()
    membership.save(update_fields=["status", "decided_by", "decided_at"])
    roles_changed()
    notifications_resolve(key=admit_key(membership.pk))
    verb = "membership.admitted" if admit else "membership.rejected"
    if by_proposal is not None:
        decided = summary(
            gettext_noop("“%(proposal)s” (decided by vote) admitted %(organization)s")
            if admit
            else gettext_noop("“%(proposal)s” (decided by vote) did not admit %(organization)s"),
            proposal=by_proposal.title,
            organization=membership.organization,
        )
    else:
        decided = summary(
            gettext_noop("%(actor)s admitted %(organization)s")
            if admit
            else gettext_noop("%(actor)s did not admit %(organization)s"),
            actor=actor,
            organization=membership.organization,
        )
    partnership_event_record(actor, verb, membership, partnership, decided)
    if admit:  # the decisions app queues the power analyses for the new members
        deliberation.deliberation().membership_changed(partnership=partnership)
    notify(
        users=representatives_of(membership.organization),
        verb=verb,
        partnership=partnership,
        text=lambda: (
            (
                _(
                    "%(partnership)s admitted %(organization)s as a member: read and sign its charter."
                )
                if admit
                else _("%(partnership)s did not admit %(organization)s.")
            )
            % {"organization": membership.organization, "partnership": partnership}
        ),
        url=_url("partnerships:charter_detail", partnership),
        key=charter_sign_key(partnership.pk, membership.organization_id) if admit else "",
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
    for key in (respond_key(membership.pk), admit_key(membership.pk)):
        notifications_resolve(key=key)
    partnership_event_record(
        actor,
        "membership.cancelled",
        membership,
        membership.partnership,
        summary(
            gettext_noop("%(actor)s cancelled the invitation of %(organization)s"),
            actor=actor,
            organization=membership.organization,
        ),
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
    for key in (
        respond_key(membership.pk),
        admit_key(membership.pk),
        charter_sign_key(membership.partnership_id, membership.organization_id),
    ):
        notifications_resolve(key=key)
    partnership_event_record(
        actor,
        "membership.withdrawn",
        membership,
        membership.partnership,
        summary(
            gettext_noop("%(organization)s withdrew from the partnership"),
            organization=membership.organization,
        ),
        reason=reason[:500],
    )
    deliberation.deliberation().membership_changed(partnership=membership.partnership)
    return membership
