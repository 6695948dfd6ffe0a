"""Phases move on at their dates: a round collects, is reviewed, is voted on, and shows its
results. The worker runs :func:`round_advance_when_due` at each date, queued by
:func:`phases_schedule` when the round opens; a coordinator may move a round on early
(:func:`round_phase_advance`). Pages never move a round: reading never writes.

The task lives here, beside the service it runs, so that the services that queue it import
nothing above themselves; ``accord.participation.tasks`` lists it for the worker
(docs/contributing/app-shape.md, "Tasks"). It is harmless at any time: run early it does
nothing (and queues itself again for the date), run late or twice it moves the round on
once per phase whose date has passed (the round row is locked).

Entering the results of a budget round computes its outcome with the engine
(``services/outcome.py``) in the same transaction.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction
from django.tasks import Task, task
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accord.audit.services import partnership_event_record
from accord.audit.summaries import summary
from accord.errors import Conflict
from accord.errors import require_permission as _require
from accord.participation.models import PHASE_ENDS, ParticipationRound, Phase, RoundKind
from accord.participation.services._common import locked_round, round_sync
from accord.participation.services.outcome import outcome_compute

#: The event summary of a round entering a phase (stored untranslated, read in each reader's
#: language).
_PHASE_ENTERED = {
    Phase.DRAFT: gettext_noop("Round “%(title)s”: not open yet"),
    Phase.COLLECT: gettext_noop("Round “%(title)s”: collect"),
    Phase.REVIEW: gettext_noop("Round “%(title)s”: review"),
    Phase.VOTE: gettext_noop("Round “%(title)s”: vote"),
    Phase.RESULTS: gettext_noop("Round “%(title)s”: results"),
}


def _queue_at(task_: Task, round_id: int, moment: datetime) -> None:
    """Queue ``task_`` for ``moment`` after the current transaction commits."""
    if not task_.get_backend().supports_defer:
        return

    def enqueue() -> None:
        task_.using(run_after=moment).enqueue(round_id)

    transaction.on_commit(enqueue)


def phases_schedule(round_: ParticipationRound) -> None:
    """Queue the move at the end of every dated phase (call inside the transaction that
    opens the round; nothing is queued if it rolls back)."""
    for field in PHASE_ENDS.values():
        moment = getattr(round_, field)
        if moment is not None:
            _queue_at(round_advance_when_due, round_.pk, moment)


def _enter(locked: ParticipationRound, phase: str, *, actor: Any, now: datetime) -> None:
    """Move the locked round into ``phase`` (the results: with the budget's outcome)."""
    locked.phase = phase
    fields = ["phase", "version"]
    if phase == Phase.RESULTS:
        locked.results_at = now
        fields.append("results_at")
        if locked.kind == RoundKind.BUDGET:
            locked.outcome = outcome_compute(locked)
            fields.append("outcome")
    locked.version += 1
    locked.save(update_fields=fields)
    partnership_event_record(
        actor,
        "participation.phase_entered",
        locked,
        locked.partnership,
        summary(_PHASE_ENTERED[phase], title=locked.title),
        phase=phase,
    )


@transaction.atomic
def round_phase_advance(
    *, actor: Any, round_: ParticipationRound, now: datetime | None = None
) -> ParticipationRound:
    """Move an open round to its next phase before the date (a coordinator)."""
    _require(actor, "participation.manage_round", round_)
    locked = locked_round(round_)
    if locked.phase == Phase.DRAFT:
        raise Conflict(_("Open the round first, with its dates."))
    if locked.phase == Phase.RESULTS:
        raise Conflict(_("This round has its results already."))
    next_phase = locked.next_phase
    assert next_phase is not None
    _enter(locked, next_phase, actor=actor, now=now or timezone.now())
    round_sync(round_, locked)
    return round_


@transaction.atomic
def round_advance_if_due(*, round_: ParticipationRound, now: datetime) -> list[str]:
    """Move the round on through every phase whose date has passed; the phases entered."""
    locked = locked_round(round_)
    entered: list[str] = []
    while True:
        ends_at = locked.phase_ends_at
        if ends_at is None or ends_at > now or locked.next_phase is None:
            break
        _enter(locked, locked.next_phase, actor=None, now=now)
        entered.append(locked.phase)
    round_sync(round_, locked)
    return entered


@task
def round_advance_when_due(round_id: int) -> str:
    """Move the round on if a phase's date has passed; which phases it entered, or why not."""
    round_ = ParticipationRound.objects.filter(pk=round_id).select_related("partnership").first()
    if round_ is None:
        return "gone"
    now = timezone.now()
    entered = round_advance_if_due(round_=round_, now=now)
    ends_at = round_.phase_ends_at
    if ends_at is not None and ends_at > now and not entered:
        _queue_at(round_advance_when_due, round_id, ends_at)
    return ", ".join(entered) or "not due"
