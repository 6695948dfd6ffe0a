"""Power analyses are computed by the task worker, never in a request.

:func:`power_queue` stores a queued :class:`~accord.decisions.models.PowerComputation` for
each rule whose analysis for the current voters is not stored yet, and queues
:func:`power_analysis_compute` once the transaction commits. The services that change what
an analysis depends on call it: ``rule_create``, ``rule_assignment_apply`` (so
``rule_assign`` and an accepted adoption proposal), and the partnerships app after an
admission or a withdrawal (through its deliberation port, answered by
``accord.decisions.governance``). Changes it does not hear of (a delivery under a rule
weighted by resources delivered, a new person in an individuals chamber) give a key that
has no result; the page then offers to queue it (:func:`power_request`).

The task function lives here, beside the service that queues it;
``accord.decisions.tasks`` lists it (docs/contributing/app-shape.md, "Tasks"). It is
harmless early, late and twice: it computes from the inputs stored with the row, so a
result always belongs to its key, and a row already ready or being computed is left alone.
"""

from __future__ import annotations

import logging
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.tasks import task
from django.utils import timezone

from accord.decisions import choice_rules, selectors
from accord.decisions.models import (
    Chamber,
    DecisionKind,
    DecisionRule,
    PowerComputation,
    PowerStatus,
)
from accord.errors import require_permission as _require
from accord.partnerships.models import Partnership
from accord.partnerships.selectors import member_organizations

logger = logging.getLogger(__name__)

#: Rows kept per rule (and for the default rule) besides those of the current voters: the
#: results of the last few membership versions, so that a change undone is served at once.
KEEP_PER_RULE = 4


def _enqueue(computation_id: int) -> None:
    """Queue the computation once the current transaction commits. A queue that is down
    does not undo the change that asked for it: the row stays queued, and the page offers
    to queue it again once it is presumed lost."""

    def enqueue() -> None:
        power_analysis_compute.enqueue(computation_id)

    transaction.on_commit(enqueue, robust=True)


def power_snapshots_all(*, partnership: Partnership) -> list[dict[str, Any]]:
    """The snapshots whose analyses the partnership's pages show: every yes/no rule, and
    the default rule while no general rule is assigned."""
    rules = [
        rule
        for rule in DecisionRule.objects.filter(partnership=partnership).select_related(
            "partnership"
        )
        if not choice_rules.is_alternatives_rule(rule.spec)
    ]
    snapshots = [selectors.rule_snapshot(rule) for rule in rules]
    if selectors.rule_for_kind(partnership=partnership, kind=DecisionKind.GENERAL) is None:
        snapshots.append(selectors.default_snapshot())
    return snapshots


def power_queue(
    *, partnership: Partnership, snapshots: list[dict[str, Any]] | None = None
) -> list[PowerComputation]:
    """Queue the analyses of ``snapshots`` (default: :func:`power_snapshots_all`) for the
    current voters, where none is stored, ready or on its way. Call inside the transaction
    of the change; the tasks are queued once it commits. Returns the rows, one per yes/no
    rule (rules that choose among alternatives have no analysis to compute)."""
    if snapshots is None:
        snapshots = power_snapshots_all(partnership=partnership)
    snapshots = [s for s in snapshots if not choice_rules.is_alternatives_rule(s)]
    if not snapshots:
        return []
    members = list(member_organizations(partnership=partnership))
    people = (
        selectors.eligible_individuals(partnership=partnership)
        if any(Chamber.INDIVIDUALS in selectors.chambers_of(s) for s in snapshots)
        else None
    )
    now = timezone.now()
    rows = []
    for snapshot in snapshots:
        inputs = selectors.power_inputs(
            partnership=partnership, snapshot=snapshot, members=members, individuals=people
        )
        key = selectors.power_key(inputs)
        row = PowerComputation.objects.filter(partnership=partnership, key=key).first()
        if row is None:
            try:
                with transaction.atomic():
                    row = PowerComputation.objects.create(
                        partnership=partnership,
                        rule_id=snapshot.get("id"),
                        key=key,
                        inputs=inputs,
                        queued_at=now,
                    )
            except IntegrityError:  # queued by a concurrent change: it is on its way
                row = PowerComputation.objects.get(partnership=partnership, key=key)
            else:
                _enqueue(row.pk)
        elif _lost(row, now):
            PowerComputation.objects.filter(pk=row.pk).update(
                status=PowerStatus.QUEUED, reason="", queued_at=now, started_at=None
            )
            row.refresh_from_db()
            _enqueue(row.pk)
        rows.append(row)
    _prune(partnership, keep={row.pk for row in rows})
    return rows


def _lost(row: PowerComputation, now: Any) -> bool:
    """Failed, or queued or started so long ago that its task is presumed lost."""
    if row.status == PowerStatus.FAILED:
        return True
    since = row.started_at or row.queued_at
    return (
        row.status in (PowerStatus.QUEUED, PowerStatus.COMPUTING)
        and since < now - selectors.POWER_STALE_AFTER
    )


def _prune(partnership: Partnership, *, keep: set[int]) -> None:
    """Keep the :data:`KEEP_PER_RULE` newest rows of each rule besides ``keep``."""
    old: list[int] = []
    rows = (
        PowerComputation.objects.filter(partnership=partnership)
        .exclude(pk__in=keep)
        .order_by("rule_id", "-queued_at", "-id")
        .values_list("pk", "rule_id")
    )
    seen: dict[int | None, int] = {}
    for pk, rule_id in rows:
        seen[rule_id] = seen.get(rule_id, 0) + 1
        if seen[rule_id] > KEEP_PER_RULE:
            old.append(pk)
    if old:
        PowerComputation.objects.filter(pk__in=old).delete()


def power_request(
    *, actor: Any, partnership: Partnership, snapshots: list[dict[str, Any]]
) -> list[PowerComputation]:
    """Queue the analyses a reader of the power page asks for (the "Compute" button):
    those not computed yet, failed, or presumed lost. Anyone who may read the decisions
    may ask; what is stored or on its way is not queued twice, so asking again costs
    nothing."""
    _require(actor, "decisions.view_decisions", partnership)
    with transaction.atomic():
        return power_queue(partnership=partnership, snapshots=snapshots)


def membership_changed(*, partnership: Partnership) -> None:
    """The member organizations changed (an admission, a withdrawal): queue the analyses
    of every rule for the new members. A failure here never undoes the change."""
    try:
        with transaction.atomic():
            power_queue(partnership=partnership)
    except Exception:  # the page offers to compute what is missing
        logger.exception("Could not queue the power analyses of %s", partnership.slug)


# --- the worker --------------------------------------------------------------------------------


def power_computation_run(computation_id: int) -> str:
    """Compute one queued analysis and store it: "ready", "failed", or the status it had
    if it was not queued (ready already, being computed by another worker) or "gone"."""
    now = timezone.now()
    claimable = Q(status=PowerStatus.QUEUED) | Q(
        status=PowerStatus.COMPUTING, started_at__lt=now - selectors.POWER_STALE_AFTER
    )
    claimed = PowerComputation.objects.filter(claimable, pk=computation_id).update(
        status=PowerStatus.COMPUTING, started_at=now
    )
    if not claimed:
        status = (
            PowerComputation.objects.filter(pk=computation_id)
            .values_list("status", flat=True)
            .first()
        )
        return status or "gone"
    inputs = PowerComputation.objects.values_list("inputs", flat=True).get(pk=computation_id)
    try:
        result = selectors.power_compute(inputs)
    except Exception as exc:  # stored and shown; the page offers to try again
        logger.exception("Power analysis %s failed", computation_id)
        PowerComputation.objects.filter(pk=computation_id).update(
            status=PowerStatus.FAILED,
            reason=(str(exc) or type(exc).__name__)[:1000],
            finished_at=timezone.now(),
        )
        return "failed"
    PowerComputation.objects.filter(pk=computation_id).update(
        status=PowerStatus.READY, result=result, reason="", finished_at=timezone.now()
    )
    return "ready"


@task
def power_analysis_compute(computation_id: int) -> str:
    """Compute a queued power analysis and store it (idempotent)."""
    return power_computation_run(computation_id)


def power_compute_queued(*, partnership: Partnership | None = None) -> int:
    """Compute every queued analysis now (of ``partnership``, or all), in this process:
    for ``accord demo``, ``accord decisions_sweep`` without a worker, and tests. Returns
    how many were computed."""
    now = timezone.now()
    rows = PowerComputation.objects.filter(
        Q(status=PowerStatus.QUEUED)
        | Q(status=PowerStatus.COMPUTING, started_at__lt=now - selectors.POWER_STALE_AFTER)
    )
    if partnership is not None:
        rows = rows.filter(partnership=partnership)
    return sum(
        power_computation_run(pk) == "ready"
        for pk in rows.order_by("queued_at", "id").values_list("pk", flat=True)
    )
