"""Action items (individual accountability): a task owned by a named person of a member
organization, with a due date, done with a note, reassigned with a record.

Creating an item queues its two reminders (``services.reminders``): one
before the due date and one once it is overdue.
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
from accord.core.formats import format_day
from accord.decisions.models import Proposal
from accord.errors import Conflict, Forbidden
from accord.errors import require_permission as _require
from accord.notifications.services import notifications_resolve, notify
from accord.partners.models import Organization
from accord.partnerships.models import Partnership
from accord.resources.models import Activity
from accord.results.models import (
    ActionItem,
    ActionItemReassignment,
    ActionItemStatus,
    Indicator,
)
from accord.results.rules import member_seats
from accord.results.services import reminders
from accord.results.services._accountability import (
    link_check,
    member_affiliation,
    page_url,
    text_required,
)
from accord.results.services._common import invalid

ASSIGNED_VERB = "results.action_item_assigned"


def _assigner_check(actor: Any, partnership: Partnership, organization: Organization) -> None:
    """Coordinators assign to anyone of a member; a representative to their own people."""
    if actor.has_perm("partnerships.change_partnership", partnership):
        return
    if not member_seats(actor, partnership.pk).get(organization.pk):
        raise Forbidden(
            _("You can give action items only to people of an organization you represent.")
        )


def _assigned_notify(item: ActionItem, actor: Any, *, reassigned: bool = False) -> None:
    def text() -> str:  # in the owner's language (notifications.notify)
        return (
            _("“%(title)s” was passed to you; it is due on %(due)s.")
            if reassigned
            else _("You own a new action item, “%(title)s”, due on %(due)s.")
        ) % {"title": item.title, "due": format_day(item.due_on)}

    notify(
        users=[item.owner],
        verb=ASSIGNED_VERB,
        partnership=item.partnership,
        text=text,
        url=page_url("results:action_item_detail", item.partnership, item.pk),
        exclude=actor,
        key=reminders.action_item_key(item.pk),
    )


@transaction.atomic
def action_item_create(
    *,
    actor: Any,
    partnership: Partnership,
    title: str,
    owner: Any,
    due_on: date,
    owner_organization: Organization | None = None,
    description: str = "",
    proposal: Proposal | None = None,
    activity: Activity | None = None,
    indicator: Indicator | None = None,
) -> ActionItem:
    """Give someone of a member organization a task with a due date, optionally following
    from a decision, an activity or an indicator. The owner is told, and the reminders are
    queued."""
    _require(actor, "results.add_action_item", partnership)
    title = text_required(title, "title", _("Give the action item a title."), limit=200)
    if owner is None:
        raise invalid("owner", _("Name the person who owns it."))
    affiliation = member_affiliation(partnership, owner, owner_organization)
    _assigner_check(actor, partnership, affiliation.organization)
    if due_on is None:
        raise invalid("due_on", _("Give a due date."))
    link_check(partnership, activity=activity, indicator=indicator, proposal=proposal)
    item = ActionItem.objects.create(
        partnership=partnership,
        title=title,
        description=(description or "").strip()[:5000],
        owner=owner,
        owner_organization=affiliation.organization,
        due_on=due_on,
        proposal=proposal,
        activity=activity,
        indicator=indicator,
        created_by=actor,
    )
    partnership_event_record(
        actor,
        "results.action_item_created",
        item,
        partnership,
        summary(
            gettext_noop("Action item “%(title)s” for %(owner)s (%(organization)s), due %(due)s"),
            title=title,
            owner=owner,
            organization=affiliation.organization,
            due=due_on,
        ),
        owner_id=owner.pk,
    )
    _assigned_notify(item, actor)
    reminders.action_item_reminders_queue(item)
    return item


def _locked(item: ActionItem) -> ActionItem:
    return (
        ActionItem.objects.select_for_update()
        .select_related("partnership", "owner", "owner_organization")
        .get(pk=item.pk)
    )


@transaction.atomic
def action_item_complete(*, actor: Any, item: ActionItem, note: str) -> ActionItem:
    """Mark the item done, saying what was done. The owner, a representative of the owner's
    organization or a coordinator may; an item is done once (a second time is a
    ``Conflict``). Locks the item row."""
    locked = _locked(item)
    _require(actor, "results.complete_action_item", locked)
    note = text_required(note, "note", _("Say what was done."))
    if locked.status == ActionItemStatus.DONE:
        raise Conflict(_("This action item is already done."))
    locked.status = ActionItemStatus.DONE
    locked.done_note = note
    locked.done_at = timezone.now()
    locked.done_by = actor
    locked.save(update_fields=["status", "done_note", "done_at", "done_by"])
    notifications_resolve(key=reminders.action_item_key(locked.pk))
    on_time = timezone.localdate(locked.done_at) <= locked.due_on
    partnership_event_record(
        actor,
        "results.action_item_done",
        locked,
        locked.partnership,
        summary(
            gettext_noop("“%(title)s” done on time by %(owner)s")
            if on_time
            else gettext_noop("“%(title)s” done late by %(owner)s"),
            title=locked.title,
            owner=locked.owner,
        ),
        on_time=on_time,
    )
    _sync(item, locked)
    return locked


@transaction.atomic
def action_item_reassign(
    *,
    actor: Any,
    item: ActionItem,
    owner: Any,
    owner_organization: Organization | None = None,
    reason: str = "",
) -> ActionItemReassignment:
    """Pass an open item to someone else of a member organization; the change is recorded
    (``ActionItemReassignment``, append-only) and the new owner is told; the reminders
    still to come go to them. Locks the item row."""
    locked = _locked(item)
    _require(actor, "results.reassign_action_item", locked)
    if locked.status == ActionItemStatus.DONE:
        raise Conflict(_("This action item is done; it can no longer be reassigned."))
    if owner is None:
        raise invalid("owner", _("Name the person who takes it over."))
    affiliation = member_affiliation(locked.partnership, owner, owner_organization)
    if owner.pk == locked.owner_id and affiliation.organization_id == locked.owner_organization_id:
        raise invalid("owner", _("This person already owns the action item."))
    if (
        affiliation.organization_id != locked.owner_organization_id
        and not actor.has_perm("partnerships.change_partnership", locked.partnership)
        and not member_seats(actor, locked.partnership_id).get(affiliation.organization_id)
    ):
        raise Forbidden(
            _(
                "You can pass an action item within its organization; only a coordinator "
                "or the other organization's representative passes it to someone there."
            )
        )
    record = ActionItemReassignment.objects.create(
        action_item=locked,
        from_owner_id=locked.owner_id,
        from_organization_id=locked.owner_organization_id,
        to_owner=owner,
        to_organization=affiliation.organization,
        reason=(reason or "").strip()[:5000],
        reassigned_by=actor,
    )
    previous = locked.owner
    locked.owner = owner
    locked.owner_organization = affiliation.organization
    # The reminders already queued go to whoever owns the item when they run.
    locked.save(update_fields=["owner", "owner_organization"])
    notifications_resolve(key=reminders.action_item_key(locked.pk), users=[previous])
    partnership_event_record(
        actor,
        "results.action_item_reassigned",
        locked,
        locked.partnership,
        summary(
            gettext_noop("“%(title)s” passed from %(previous)s to %(owner)s"),
            title=locked.title,
            previous=previous,
            owner=owner,
        ),
        from_owner_id=previous.pk,
        to_owner_id=owner.pk,
    )
    _assigned_notify(locked, actor, reassigned=True)
    _sync(item, locked)
    return record


def _sync(item: ActionItem, locked: ActionItem) -> None:
    if item is not locked:
        for name in (
            "status",
            "done_note",
            "done_at",
            "done_by_id",
            "owner_id",
            "owner_organization_id",
        ):
            setattr(item, name, getattr(locked, name))
        item._state.fields_cache.pop("owner", None)
        item._state.fields_cache.pop("owner_organization", None)
