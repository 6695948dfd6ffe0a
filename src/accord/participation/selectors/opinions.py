"""Reads about opinion mapping: statements, the next one to vote on, and the vote matrix
the engine's opinion groups are computed from."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import numpy as np
from django.core.cache import cache
from django.db.models import Count, Exists, OuterRef
from django.utils.translation import gettext as _

from accord.engine.opinions import opinion_groups
from accord.errors import NotFound
from accord.participation.charts import opinion_map_svg
from accord.participation.models import (
    STATEMENT_VALUES,
    ParticipationRound,
    RoundParticipant,
    Statement,
    StatementChoice,
    StatementVote,
)


def statement_list(*, round_: ParticipationRound) -> list[Statement]:
    """Every statement with its votes counted as ``agree``, ``disagree`` and ``passed``
    (two queries: the statements, then the votes grouped by statement and choice, read
    from the index ``statement_vote_tally`` alone -- grouping the join by every statement
    column took seconds on a round of 300,000 votes)."""
    statements = list(Statement.objects.filter(round=round_).order_by("created_at", "id"))
    counts = (
        StatementVote.objects.filter(statement__round=round_)
        .values_list("statement_id", "choice")
        .annotate(n=Count("*"))
        .order_by()
    )
    by_statement: dict[int, dict[str, int]] = {}
    for statement_id, choice, n in counts:
        by_statement.setdefault(statement_id, {})[choice] = n
    for statement in statements:
        found = by_statement.get(statement.pk, {})
        statement.agree = found.get(StatementChoice.AGREE, 0)  # type: ignore[attr-defined]
        statement.disagree = found.get(StatementChoice.DISAGREE, 0)  # type: ignore[attr-defined]
        statement.passed = found.get(StatementChoice.PASS, 0)  # type: ignore[attr-defined]
    return statements


def statement_get(*, round_: ParticipationRound, statement_id: int) -> Statement:
    statement = Statement.objects.filter(round=round_, pk=statement_id).first()
    if statement is None:
        raise NotFound(_("No such statement."))
    return statement


def statement_next(
    *, round_: ParticipationRound, participant: RoundParticipant | None
) -> Statement | None:
    """The next visible statement the participant has not voted on (oldest first), or the
    first one for someone who has not taken part yet."""
    statements = Statement.objects.filter(round=round_, hidden_at__isnull=True)
    if participant is not None:
        statements = statements.exclude(votes__participant=participant)
    return statements.order_by("created_at", "id").first()


def statements_left(*, round_: ParticipationRound, participant: RoundParticipant | None) -> int:
    statements = Statement.objects.filter(round=round_, hidden_at__isnull=True)
    if participant is not None:
        statements = statements.exclude(votes__participant=participant)
    return statements.count()


@dataclass(frozen=True)
class VoteMatrix:
    """Votes as a sparse matrix in coordinates: participant row, statement column, value
    (agree 1, disagree -1, pass 0). Rows (participants, in the order they joined) and
    columns (statements, in the order written) name them; ``hidden`` lists the columns of
    statements the moderators hid (Pol.is' "moderated out")."""

    participant_ids: np.ndarray
    statement_ids: np.ndarray
    rows: np.ndarray
    cols: np.ndarray
    values: np.ndarray
    hidden: tuple[int, ...] = ()

    @property
    def shape(self) -> tuple[int, int]:
        return len(self.participant_ids), len(self.statement_ids)


def vote_matrix(*, round_: ParticipationRound) -> VoteMatrix:
    """The round's votes (two queries whatever their number)."""
    statements = list(
        Statement.objects.filter(round=round_).order_by("id").values_list("id", "hidden_at")
    )
    statement_ids = np.asarray([sid for sid, _ in statements], dtype=np.int64)
    votes = list(
        StatementVote.objects.filter(statement__round=round_)
        .order_by("participant_id", "statement_id")
        .values_list("participant_id", "statement_id", "choice")
    )
    participant_ids = np.asarray(sorted({v[0] for v in votes}), dtype=np.int64)
    row_of = {pid: k for k, pid in enumerate(participant_ids.tolist())}
    col_of = {sid: k for k, sid in enumerate(statement_ids.tolist())}
    return VoteMatrix(
        participant_ids=participant_ids,
        statement_ids=statement_ids,
        rows=np.asarray([row_of[v[0]] for v in votes], dtype=np.int64),
        cols=np.asarray([col_of[v[1]] for v in votes], dtype=np.int64),
        values=np.asarray([STATEMENT_VALUES[v[2]] for v in votes], dtype=np.int8),
        hidden=tuple(k for k, (_, hidden_at) in enumerate(statements) if hidden_at is not None),
    )


@dataclass(frozen=True)
class OpinionGroup:
    number: int
    label: str
    size: int
    colour: str
    representative: list[tuple[Statement, str, float]]  # statement, agree/disagree, share


@dataclass(frozen=True)
class OpinionMap:
    """The opinion groups of a round as the page shows them."""

    groups: list[OpinionGroup]
    consensus: list[tuple[Statement, float]]  # statements every group agrees with
    svg: str
    participants: int
    clustered: int


MAP_CACHE_SECONDS = 3600
#: The last map computed, of whatever version, shown while a newer one is being computed.
LATEST_CACHE_SECONDS = 30 * 24 * 3600
#: How long a queued recomputation counts as under way (a second request does not queue it
#: again); a worker that never picks it up lets the next request queue it anew.
JOB_SECONDS = 600
GROUP_NAMES = "ABCDEFGH"
MAP_COLOURS = ("#0b5cad", "#a4161a", "#17663a", "#8a4b00", "#5b3a99", "#006d77")


class MapStage:
    """The steps of a recomputation by the task worker, in order, as the page shows them."""

    QUEUED = "queued"
    READING = "reading"
    GROUPING = "grouping"
    DRAWING = "drawing"
    ORDER = (QUEUED, READING, GROUPING, DRAWING)


@dataclass(frozen=True)
class MapJob:
    """A recomputation of the map queued for the task worker, and how far it got."""

    version: int
    stage: str
    since: datetime
    votes: int

    @property
    def step(self) -> int:
        """1-based position of the stage (for a <progress> bar of ``len(ORDER)`` steps)."""
        return MapStage.ORDER.index(self.stage) + 1

    @property
    def steps(self) -> int:
        return len(MapStage.ORDER)


@dataclass(frozen=True)
class MapState:
    """What the page can show without computing anything: the map of the round's current
    version, or else the last one computed (``current`` False), and the recomputation
    under way, if any."""

    map: OpinionMap | None
    current: bool
    map_version: int | None
    job: MapJob | None


def _map_key(round_: ParticipationRound, version: int) -> str:
    return f"participation:opinion-map:{round_.pk}:{version}"


def _latest_key(round_: ParticipationRound) -> str:
    return f"participation:opinion-map:{round_.pk}:latest"


def map_job_key(round_: ParticipationRound) -> str:
    return f"participation:opinion-map:{round_.pk}:job"


def opinion_map(
    *,
    round_: ParticipationRound,
    progress: Callable[[str], None] | None = None,
) -> OpinionMap | None:
    """Opinion groups by the Pol.is method (``accord.engine.opinions``), their
    representative statements and the statements every group agrees with; None while too
    few have voted. Cached per round version: the engine runs once per change.

    This computes the map when it is not cached: pages call it only for small rounds and
    otherwise read :func:`opinion_map_state`, the task worker computing larger maps
    (``services/opinion_map.py``). ``progress`` is told each :class:`MapStage` reached."""
    version = round_.version
    cached = cache.get(_map_key(round_, version))
    if cached is not None:
        return cached or None
    result = _opinion_map(round_, progress or (lambda stage: None))
    cache.set(_map_key(round_, version), result or False, MAP_CACHE_SECONDS)
    latest = cache.get(_latest_key(round_))
    if latest is None or latest[0] <= version:
        cache.set(_latest_key(round_), (version, result or False), LATEST_CACHE_SECONDS)
    return result


def opinion_map_state(*, round_: ParticipationRound) -> MapState:
    """The map as the cache holds it (three cache reads, no query, no computation)."""
    found = cache.get_many(
        [_map_key(round_, round_.version), _latest_key(round_), map_job_key(round_)]
    )
    job = found.get(map_job_key(round_))
    current = found.get(_map_key(round_, round_.version))
    if current is not None:
        return MapState(map=current or None, current=True, map_version=round_.version, job=None)
    latest = found.get(_latest_key(round_))
    if latest is not None:
        return MapState(map=latest[1] or None, current=False, map_version=latest[0], job=job)
    return MapState(map=None, current=False, map_version=None, job=job)


def _opinion_map(round_: ParticipationRound, progress: Callable[[str], None]) -> OpinionMap | None:
    progress(MapStage.READING)
    matrix = vote_matrix(round_=round_)
    n, m = matrix.shape
    if n < 2 or m < 2:
        return None
    progress(MapStage.GROUPING)
    groups = opinion_groups(
        (matrix.rows, matrix.cols, matrix.values.astype(np.float64)),
        shape=(n, m),
        moderated_out=matrix.hidden,
    )
    if groups.n_groups == 0:
        return None
    by_id = {s.pk: s for s in Statement.objects.filter(round=round_)}
    statement_at = [by_id[int(sid)] for sid in matrix.statement_ids]
    found = [
        OpinionGroup(
            number=g,
            label=GROUP_NAMES[g] if g < len(GROUP_NAMES) else str(g + 1),
            size=groups.group_sizes[g],
            colour=MAP_COLOURS[g % len(MAP_COLOURS)],
            representative=[
                (statement_at[r.statement], r.direction, r.probability)
                for r in groups.representative[g]
            ],
        )
        for g in range(groups.n_groups)
    ]
    progress(MapStage.DRAWING)
    consensus = [(statement_at[k], groups.group_informed_consensus[k]) for k in groups.consensus]
    svg = opinion_map_svg(
        groups.coordinates,
        groups.labels,
        [(found[g].label, found[g].colour, groups.centres[g]) for g in range(groups.n_groups)],
        title=_("Opinion map: each dot is a participant; close dots voted alike."),
    )
    return OpinionMap(
        groups=found,
        consensus=consensus,
        svg=svg,
        participants=n,
        clustered=len(groups.clustered),
    )


def my_votes(*, participant: RoundParticipant | None) -> dict[int, str]:
    if participant is None:
        return {}
    return dict(
        StatementVote.objects.filter(participant=participant).values_list("statement_id", "choice")
    )


def opinion_summary(*, round_: ParticipationRound) -> dict[str, Any]:
    """Counts for the round page: statements, voters, votes (one query each)."""
    return {
        "statements": Statement.objects.filter(round=round_, hidden_at__isnull=True).count(),
        "voters": RoundParticipant.objects.filter(round=round_)
        .filter(Exists(StatementVote.objects.filter(participant=OuterRef("pk"))))
        .count(),
        "votes": vote_count(round_=round_),
    }


def vote_count(*, round_: ParticipationRound) -> int:
    """How many votes the round's statements hold (one query): the size of the map's input."""
    return StatementVote.objects.filter(statement__round=round_).count()
