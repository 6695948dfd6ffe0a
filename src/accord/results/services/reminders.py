"""Reminders of action items: to the owner, in the app and by email, two days before the
due date and once the item is overdue.

Each reminder is a task queued for its moment (``run_after``) when the item is created or
reassigned (:func:`action_item_reminders_queue`), and run by the worker. The tasks are
defined here, beside the service they run, and listed in ``accord.results.tasks``.

Both are harmless at any time. Run early (before their moment: a worker without deferred
tasks, or a clock ahead), they send nothing and queue themselves again for the moment. Run
late or twice, they send once: the item row is locked while the flag that says the
reminder went out (``reminded_before_due_at``, ``reminded_overdue_at``) is read and set.
An item done or gone is never reminded; a "due soon" reminder that would arrive after the
due date is not sent (the overdue one says more).
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.db import transaction
from django.db.models import Q
from django.tasks import Task, task
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accord.core.formats import format_day
from accord.notifications.services import notify
from accord.results.models import ActionItem, ActionItemStatus
from accord.results.services._accountability import page_url

DUE_SOON_VERB = "results.action_item_due_soon"
OVERDUE_VERB = "results.action_item_overdue"

#: How many days before the due date the first reminder goes out, and at what local hour.
DAYS_BEFORE = 2
HOUR = 8


def action_item_key(item_id: int) -> str:
    """The key of the notifications that ask an owner to do an action item (its assignment
    and its reminders): resolved when it is done, or for the old owner when passed on."""
    return f"results.action_item:{item_id}"


BEFORE_DUE = "before_due"
OVERDUE = "overdue"


def _local(day: object) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(HOUR)))  # type: ignore[call-overload]


def before_due_at(item: ActionItem) -> datetime | None:
    """When the "due soon" reminder goes out: 08:00 two days before the due date; None when
    the item was given after that moment (its assignment notice already said the date)."""
    moment = _local(item.due_on - timedelta(days=DAYS_BEFORE))
    return moment if moment > item.created_at else None


def overdue_at(item: ActionItem) -> datetime:
    """When the item counts as overdue for reminding: 08:00 the day after it was due."""
    return _local(item.due_on + timedelta(days=1))


def reminder_moment(item: ActionItem, kind: str) -> datetime | None:
    return before_due_at(item) if kind == BEFORE_DUE else overdue_at(item)


def _enqueue(task_: Task, item_id: int, moment: datetime) -> None:
    """Queue ``task_`` for ``moment`` once the current transaction commits."""

    def enqueue() -> None:
        backend = task_.get_backend()
        if backend.supports_defer:
            task_.using(run_after=moment).enqueue(item_id)
        elif moment <= timezone.now():
            task_.enqueue(item_id)

    transaction.on_commit(enqueue)


def action_item_reminders_queue(item: ActionItem) -> None:
    """Queue both reminders of an open item for their moments (after commit)."""
    if item.status != ActionItemStatus.OPEN:
        return
    moment = before_due_at(item)
    if moment is not None:
        _enqueue(action_item_remind_before_due, item.pk, moment)
    _enqueue(action_item_remind_overdue, item.pk, overdue_at(item))


@transaction.atomic
def action_item_reminder_send(*, item: ActionItem, kind: str, now: datetime | None = None) -> bool:
    """Send one reminder to the item's owner if it is due and was not sent; whether it was.

    Locks the item row, so a task run twice at once still sends once.
    """
    now = now or timezone.now()
    locked = (
        ActionItem.objects.select_for_update()
        .select_related("partnership", "owner")
        .filter(pk=item.pk)
        .first()
    )
    if locked is None or locked.status != ActionItemStatus.OPEN:
        return False
    moment = reminder_moment(locked, kind)
    if moment is None or now < moment:
        return False
    values = {"title": locked.title}
    if kind == BEFORE_DUE:
        if locked.reminded_before_due_at is not None or now >= overdue_at(locked):
            return False
        locked.reminded_before_due_at = now
        verb, message = DUE_SOON_VERB, gettext_noop("Reminder: “%(title)s” is due on %(due)s.")
        field = "reminded_before_due_at"
    else:
        if locked.reminded_overdue_at is not None:
            return False
        locked.reminded_overdue_at = now
        verb = OVERDUE_VERB
        message = gettext_noop(
            "Overdue: “%(title)s” was due on %(due)s. Mark it done or pass it on."
        )
        field = "reminded_overdue_at"
    locked.save(update_fields=[field])
    notify(
        users=[locked.owner],
        verb=verb,
        partnership=locked.partnership,
        text=lambda: _(message) % {**values, "due": format_day(locked.due_on)},  # owner's language
        url=page_url("results:action_item_detail", locked.partnership, locked.pk),
        key=action_item_key(locked.pk),
    )
    return True


def action_item_reminders_send_due(*, now: datetime | None = None) -> int:
    """Send every reminder whose moment has passed and that was not sent; how many were.

    For operators who run no task worker (``accord results_sweep`` from cron); safe beside a
    worker, since each reminder goes out once."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    candidates = ActionItem.objects.filter(status=ActionItemStatus.OPEN).filter(
        Q(reminded_before_due_at__isnull=True, due_on__lte=today + timedelta(days=DAYS_BEFORE))
        | Q(reminded_overdue_at__isnull=True, due_on__lt=today)
    )
    sent = 0
    for item in candidates.only("pk").order_by("pk"):
        for kind in (BEFORE_DUE, OVERDUE):
            sent += action_item_reminder_send(item=item, kind=kind, now=now)
    return sent


def _run(task_: Task, item_id: int, kind: str) -> str:
    item = ActionItem.objects.filter(pk=item_id).first()
    if item is None:
        return "gone"
    now = timezone.now()
    moment = reminder_moment(item, kind)
    if item.status == ActionItemStatus.OPEN and moment is not None and now < moment:
        _enqueue(task_, item_id, moment)  # early: wait for the moment
        return "not due"
    return "reminded" if action_item_reminder_send(item=item, kind=kind, now=now) else "nothing"


@task
def action_item_remind_before_due(item_id: int) -> str:
    """Remind the owner two days before the due date (once)."""
    return _run(action_item_remind_before_due, item_id, BEFORE_DUE)


@task
def action_item_remind_overdue(item_id: int) -> str:
    """Remind the owner once the item is overdue (once)."""
    return _run(action_item_remind_overdue, item_id, OVERDUE)
