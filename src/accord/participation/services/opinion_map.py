"""The opinion map of a large round is computed by the task worker, never inside a request.

Every vote makes a new round version, and the map (``selectors.opinion_map``: Pol.is'
principal components and k-means over the whole vote matrix) is cached per version. For a
small round computing it is quicker than queuing it (a few hundredths of a second up to
``SYNC_VOTES`` votes), so the page computes it. Past that, :func:`opinion_map_for_page`
only reads the cache: it shows the map of the current version when there is one, or else
the last map computed, marked as out of date, with how far the recomputation has got; and
it queues :func:`opinion_map_build` for the worker once (a cache entry says it is under
way; one that outlives ``JOB_SECONDS`` because no worker took it lets the next request
queue it again). The task is listed in ``accord.participation.tasks``; it is harmless run
twice or late: it computes the map of the round's version when it runs, once.

The API's ``GET .../opinion-map`` reads the same state.
"""

from __future__ import annotations

from django.core.cache import cache
from django.tasks import task
from django.utils import timezone

from accord.participation import selectors
from accord.participation.models import ParticipationRound, RoundKind
from accord.participation.selectors.opinions import JOB_SECONDS, MapJob, MapStage, MapState

#: Rounds with at most this many votes get their map computed in the request.
SYNC_VOTES = 20_000


def opinion_map_for_page(*, round_: ParticipationRound, votes: int) -> MapState:
    """The map a page shows: computed now for a small round (``votes`` ≤ ``SYNC_VOTES``),
    otherwise read from the cache, the task worker being asked (once) for a newer one."""
    state = selectors.opinion_map_state(round_=round_)
    if state.current:
        return state
    if votes <= SYNC_VOTES:
        found = selectors.opinion_map(round_=round_)
        return MapState(map=found, current=True, map_version=round_.version, job=None)
    if state.job is None:
        job = MapJob(
            version=round_.version, stage=MapStage.QUEUED, since=timezone.now(), votes=votes
        )
        if cache.add(selectors.map_job_key(round_), job, JOB_SECONDS):
            opinion_map_build.enqueue(round_.pk)
        else:  # another request queued it a moment ago
            job = cache.get(selectors.map_job_key(round_)) or job
        state = MapState(map=state.map, current=False, map_version=state.map_version, job=job)
    return state


@task
def opinion_map_build(round_id: int) -> str:
    """Compute the round's opinion map for its current version into the cache, telling the
    page each stage reached; "ready", or "gone" for a round that no longer exists."""
    round_ = ParticipationRound.objects.filter(pk=round_id, kind=RoundKind.OPINIONS).first()
    if round_ is None:
        return "gone"
    key = selectors.map_job_key(round_)
    job = cache.get(key) or MapJob(
        version=round_.version, stage=MapStage.QUEUED, since=timezone.now(), votes=0
    )

    def progress(stage: str) -> None:
        cache.set(
            key,
            MapJob(version=round_.version, stage=stage, since=job.since, votes=job.votes),
            JOB_SECONDS,
        )

    try:
        selectors.opinion_map(round_=round_, progress=progress)
    finally:
        cache.delete(key)
    return "ready"
