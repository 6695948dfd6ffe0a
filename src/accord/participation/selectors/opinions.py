"""Reads about opinion mapping: statements, the next one to vote on, and the vote matrix
the engine's opinion groups are computed from."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from django.db.models import Count, Q, QuerySet

from accord.errors import NotFound
from accord.participation.models import (
    STATEMENT_VALUES,
    ParticipationRound,
    RoundParticipant,
    Statement,
    StatementChoice,
    StatementVote,
)


def statement_list(*, round_: ParticipationRound) -> QuerySet[Statement]:
    """Every statement with its votes counted (one query)."""
    return (
        Statement.objects.filter(round=round_)
        .annotate(
            agree=Count("votes", filter=Q(votes__choice=StatementChoice.AGREE)),
            disagree=Count("votes", filter=Q(votes__choice=StatementChoice.DISAGREE)),
            passed=Count("votes", filter=Q(votes__choice=StatementChoice.PASS)),
        )
        .order_by("created_at", "id")
    )


def statement_get(*, round_: ParticipationRound, statement_id: int) -> Statement:
    statement = Statement.objects.filter(round=round_, pk=statement_id).first()
    if statement is None:
        raise NotFound("No such statement.")
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
    (agree 1, disagree -1, pass 0). Rows and columns name the participants and statements."""

    participant_ids: np.ndarray
    statement_ids: np.ndarray
    rows: np.ndarray
    cols: np.ndarray
    values: np.ndarray

    @property
    def shape(self) -> tuple[int, int]:
        return len(self.participant_ids), len(self.statement_ids)


def vote_matrix(*, round_: ParticipationRound) -> VoteMatrix:
    """The round's votes on visible statements (two queries whatever their number)."""
    statement_ids = np.asarray(
        list(
            Statement.objects.filter(round=round_, hidden_at__isnull=True)
            .order_by("id")
            .values_list("id", flat=True)
        ),
        dtype=np.int64,
    )
    votes = list(
        StatementVote.objects.filter(statement__round=round_, statement__hidden_at__isnull=True)
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
        "voters": RoundParticipant.objects.filter(round=round_, statement_votes__isnull=False)
        .distinct()
        .count(),
        "votes": StatementVote.objects.filter(statement__round=round_).count(),
    }
