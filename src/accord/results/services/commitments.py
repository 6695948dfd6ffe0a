"""Commitments (agency accountability): what each member organization committed to, its
status as that organization reports it, and the partnership's confirmation.

A status is set by a representative of the organization that made the commitment, and
confirmed by a coordinator who did not set it. Setting a status again clears the
confirmation; a confirmed "done" or "dropped" is final.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accord.audit.services import partnership_event_record
from accord.audit.summaries import summary
from accord.errors import Conflict, Forbidden
from accord.errors import require_permission as _require
from accord.notifications.services import notifications_resolve, notify
from accord.partners.models import Organization
from accord.partnerships.models import Partnership
from accord.resources.models import Activity
from accord.results.models import (
    Commitment,
    CommitmentSource,
    CommitmentStatus,
    Indicator,
)
from accord.results.rules import member_seats
from accord.results.services._accountability import (
    coordinators,
    link_check,
    page_url,
    text_required,
)
from accord.results.services._common import invalid, require_member

STATUS_VERB = "results.commitment_status_set"
FINAL_STATUSES = (CommitmentStatus.DONE, CommitmentStatus.DROPPED)

#: The event summaries of a status reported and confirmed, by status (stored untranslated,
#: read in each reader's language).
_REPORTED = {
    CommitmentStatus.ON_TRACK: gettext_noop("%(organization)s reports “%(text)s” on track"),
    CommitmentStatus.LATE: gettext_noop("%(organization)s reports “%(text)s” late"),
    CommitmentStatus.DONE: gettext_noop("%(organization)s reports “%(text)s” done"),
    CommitmentStatus.DROPPED: gettext_noop("%(organization)s reports “%(text)s” dropped"),
}
_CONFIRMED = {
    CommitmentStatus.ON_TRACK: gettext_noop("Confirmed: %(organization)s's “%(text)s” is on track"),
    CommitmentStatus.LATE: gettext_noop("Confirmed: %(organization)s's “%(text)s” is late"),
    CommitmentStatus.DONE: gettext_noop("Confirmed: %(organization)s's “%(text)s” is done"),
    CommitmentStatus.DROPPED: gettext_noop("Confirmed: %(organization)s's “%(text)s” is dropped"),
}


@transaction.atomic
def commitment_create(
    *,
    actor: Any,
    partnership: Partnership,
    organization: Organization,
    text: str,
    source: str = CommitmentSource.OTHER,
    due_on: date | None = None,
    activity: Activity | None = None,
    indicator: Indicator | None = None,
) -> Commitment:
    """Record what a member organization committed to. A representative records their own
    organization's commitments; a coordinator records any member's (from the charter or
    the workplan, say)."""
    _require(actor, "results.add_commitment", partnership)
    if not actor.has_perm("partnerships.change_partnership", partnership) and not member_seats(
        actor, partnership.pk
    ).get(organization.pk):
        raise Forbidden(_("You can record commitments only for an organization you represent."))
    require_member(partnership, organization, "organization")
    text = text_required(text, "text", _("Say what the organization commits to."))
    if source not in CommitmentSource.values:
        raise invalid("source", _("Choose where the commitment comes from."))
    link_check(partnership, activity=activity, indicator=indicator)
    commitment = Commitment.objects.create(
        partnership=partnership,
        organization=organization,
        text=text,
        source=source,
        due_on=due_on,
        activity=activity,
        indicator=indicator,
        created_by=actor,
    )
    partnership_event_record(
        actor,
        "results.commitment_recorded",
        commitment,
        partnership,
        summary(
            gettext_noop("%(organization)s committed: %(text)s"),
            organization=organization,
            text=text[:120],
        ),
        organization_id=organization.pk,
    )
    return commitment


def _locked(commitment: Commitment) -> Commitment:
    return (
        Commitment.objects.select_for_update()
        .select_related("partnership", "organization")
        .get(pk=commitment.pk)
    )


@transaction.atomic
def commitment_status_set(
    *,
    actor: Any,
    commitment: Commitment,
    status: str,
    reason: str = "",
    done_on: date | None = None,
) -> Commitment:
    """The organization reports where its commitment stands. "Dropped" needs a reason;
    "done" takes the day it was done (today when not given, never in the future). The
    coordinators are asked to confirm. Locks the commitment row."""
    locked = _locked(commitment)
    _require(actor, "results.set_commitment_status", locked)
    if status not in CommitmentStatus.values:
        raise invalid("status", _("Choose a status: on track, late, done or dropped."))
    reason = (reason or "").strip()
    if status == CommitmentStatus.DROPPED and not reason:
        raise invalid("reason", _("Say why the commitment is dropped."))
    if locked.confirmed_at is not None and locked.status in FINAL_STATUSES:
        raise Conflict(
            _("This commitment was confirmed as %(status)s; it no longer changes.")
            % {"status": locked.get_status_display().lower()}
        )
    today = timezone.localdate()
    if status == CommitmentStatus.DONE:
        done_on = done_on or today
        if done_on > today:
            raise invalid("done_on", _("The day it was done cannot be in the future."))
    else:
        done_on = None
    now = timezone.now()
    locked.status = status
    locked.status_reason = reason[:5000]
    locked.done_on = done_on
    locked.status_set_by = actor
    locked.status_set_at = now
    locked.confirmed_by = None
    locked.confirmed_at = None
    locked.save(
        update_fields=[
            "status",
            "status_reason",
            "done_on",
            "status_set_by",
            "status_set_at",
            "confirmed_by",
            "confirmed_at",
        ]
    )
    partnership = locked.partnership
    partnership_event_record(
        actor,
        STATUS_VERB,
        locked,
        partnership,
        summary(_REPORTED[status], organization=locked.organization, text=locked.text[:80]),
        status=status,
        reason=reason,
    )
    notify(
        users=coordinators(partnership),
        verb=STATUS_VERB,
        partnership=partnership,
        text=lambda: (  # in each coordinator's language
            _("%(organization)s reports its commitment “%(text)s” %(status)s; please confirm.")
            % {
                "organization": locked.organization,
                "text": locked.text[:80],
                "status": locked.get_status_display().lower(),
            }
        ),
        url=page_url("results:commitment_list", partnership),
        exclude=actor,
        key=f"results.commitment_confirm:{locked.pk}",
    )
    _sync(commitment, locked)
    return locked


@transaction.atomic
def commitment_confirm(*, actor: Any, commitment: Commitment) -> Commitment:
    """A coordinator confirms the status the organization set. Once per status setting:
    a second confirmation is a ``Conflict``; the person who set the status cannot
    confirm it. Locks the commitment row."""
    locked = _locked(commitment)
    _require(actor, "results.confirm_commitment", locked)
    if locked.status_set_at is None:
        raise Conflict(_("The organization has not reported a status yet: nothing to confirm."))
    if locked.confirmed_at is not None:
        raise Conflict(_("This status is already confirmed."))
    if locked.status_set_by_id == actor.pk:
        raise Forbidden(_("You set this status yourself: another coordinator confirms it."))
    locked.confirmed_by = actor
    locked.confirmed_at = timezone.now()
    locked.save(update_fields=["confirmed_by", "confirmed_at"])
    notifications_resolve(key=f"results.commitment_confirm:{locked.pk}")
    partnership_event_record(
        actor,
        "results.commitment_confirmed",
        locked,
        locked.partnership,
        summary(_CONFIRMED[locked.status], organization=locked.organization, text=locked.text[:80]),
        status=locked.status,
    )
    _sync(commitment, locked)
    return locked


def _sync(commitment: Commitment, locked: Commitment) -> None:
    """Let the caller's instance see the row as saved."""
    if commitment is not locked:
        for name in (
            "status",
            "status_reason",
            "done_on",
            "status_set_by_id",
            "status_set_at",
            "confirmed_by_id",
            "confirmed_at",
        ):
            setattr(commitment, name, getattr(locked, name))
