"""Telling members about a wave: once when it opens, and a reminder before it closes to the
representatives of member organizations that have not answered.

Both are tasks queued for their moment when the wave is created or its dates change
(:func:`wave_tasks_queue`), and listed in ``accord.surveys.tasks``. They are harmless at
any time: run early they queue themselves again for the moment; run late or twice they
send once, because the wave row is locked while ``announced_at`` / ``reminded_at`` is read
and set. A coordinator may also send a reminder by hand (:func:`wave_remind`), at most once
a day.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.tasks import Task, task
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accord.audit.services import partnership_event_record
from accord.audit.summaries import summary
from accord.errors import Conflict, require_permission
from accord.notifications.services import notify
from accord.surveys.models import Wave
from accord.surveys.selectors.waves import pending_representatives

OPENED_VERB = "surveys.wave_opened"
REMINDER_VERB = "surveys.wave_reminder"

#: The automatic reminder goes out this long before the close (or halfway, for short waves).
REMIND_BEFORE_CLOSE = timedelta(days=2)
#: A coordinator's reminders are at least this far apart.
MANUAL_REMINDER_GAP = timedelta(hours=24)


def reminder_moment(wave: Wave) -> datetime:
    return wave.closes_at - min(REMIND_BEFORE_CLOSE, (wave.closes_at - wave.opens_at) / 2)


def _wave_url(wave: Wave) -> str:
    return reverse("surveys:wave_detail", args=[wave.partnership.slug, wave.pk])


def _enqueue(task_: Task, wave_id: int, moment: datetime) -> None:
    def enqueue() -> None:
        backend = task_.get_backend()
        if backend.supports_defer:
            task_.using(run_after=moment).enqueue(wave_id)
        elif moment <= timezone.now():
            task_.enqueue(wave_id)

    transaction.on_commit(enqueue)


def wave_tasks_queue(wave: Wave) -> None:
    """Queue the announcement at the opening and the reminder before the close."""
    _enqueue(wave_announce, wave.pk, wave.opens_at)
    _enqueue(wave_remind_due, wave.pk, reminder_moment(wave))


def _locked(wave_id: int) -> Wave | None:
    return Wave.objects.select_for_update().select_related("partnership").filter(pk=wave_id).first()


@transaction.atomic
def wave_announce_send(*, wave_id: int, now: datetime | None = None) -> int:
    """Tell the member representatives that the wave is open (once); how many were told."""
    now = now or timezone.now()
    wave = _locked(wave_id)
    if wave is None or wave.announced_at is not None or wave.state_at(now) != "open":
        return 0
    wave.announced_at = now
    wave.save(update_fields=["announced_at"])
    people = pending_representatives(wave=wave)
    notify(
        users=people,
        verb=OPENED_VERB,
        partnership=wave.partnership,
        text=lambda: (  # in each representative's language
            _("A survey is open: “%(title)s”. Please answer for your organization by %(day)s.")
            % {"title": wave.title, "day": timezone.localtime(wave.closes_at).date().isoformat()}
        ),
        url=_wave_url(wave),
    )
    return len(people)


def _remind(wave: Wave, now: datetime) -> int:
    wave.reminded_at = now
    wave.save(update_fields=["reminded_at"])
    people = pending_representatives(wave=wave)
    notify(
        users=people,
        verb=REMINDER_VERB,
        partnership=wave.partnership,
        text=lambda: (  # in each representative's language
            _("Reminder: your organization has not answered “%(title)s” yet. It closes on %(day)s.")
            % {"title": wave.title, "day": timezone.localtime(wave.closes_at).date().isoformat()}
        ),
        url=_wave_url(wave),
    )
    return len(people)


@transaction.atomic
def wave_reminder_send_due(*, wave_id: int, now: datetime | None = None) -> int:
    """The automatic reminder, once, when its moment has come and the wave is open."""
    now = now or timezone.now()
    wave = _locked(wave_id)
    if wave is None or wave.reminded_at is not None or wave.state_at(now) != "open":
        return 0
    if now < reminder_moment(wave):
        return 0
    return _remind(wave, now)


@transaction.atomic
def wave_remind(*, actor: Any, wave: Wave, now: datetime | None = None) -> int:
    """A coordinator reminds the members who have not answered; how many people were told."""
    require_permission(actor, "surveys.manage_waves", wave.partnership)
    now = now or timezone.now()
    locked = _locked(wave.pk)
    assert locked is not None
    if locked.state_at(now) != "open":
        raise Conflict(_("Only an open wave can be reminded."))
    if locked.reminded_at is not None and now - locked.reminded_at < MANUAL_REMINDER_GAP:
        raise Conflict(_("A reminder went out less than a day ago."))
    told = _remind(locked, now)
    partnership_event_record(
        actor,
        "surveys.wave_reminded",
        locked,
        locked.partnership,
        summary(gettext_noop("Reminder sent for survey wave “%(title)s”"), title=locked.title),
        people=told,
    )
    return told


def survey_notices_send_due(*, now: datetime | None = None) -> int:
    """Every announcement and automatic reminder whose moment has passed (for operators
    without a task worker); safe beside one."""
    now = now or timezone.now()
    sent = 0
    for wave_id in Wave.objects.filter(opens_at__lte=now, closes_at__gt=now).values_list(
        "pk", flat=True
    ):
        sent += wave_announce_send(wave_id=wave_id, now=now)
        sent += wave_reminder_send_due(wave_id=wave_id, now=now)
    return sent


@task
def wave_announce(wave_id: int) -> str:
    """Tell the members a wave has opened (once)."""
    wave = Wave.objects.filter(pk=wave_id).first()
    if wave is None:
        return "gone"
    if timezone.now() < wave.opens_at:
        _enqueue(wave_announce, wave_id, wave.opens_at)
        return "not due"
    return "announced" if wave_announce_send(wave_id=wave_id) else "nothing"


@task
def wave_remind_due(wave_id: int) -> str:
    """Remind the members who have not answered, before the close (once)."""
    wave = Wave.objects.filter(pk=wave_id).first()
    if wave is None:
        return "gone"
    moment = reminder_moment(wave)
    if timezone.now() < moment:
        _enqueue(wave_remind_due, wave_id, moment)
        return "not due"
    return "reminded" if wave_reminder_send_due(wave_id=wave_id) else "nothing"
