"""Opinion mapping: statements, agree / disagree / pass one at a time, the vote matrix."""

from __future__ import annotations

import pytest

from accord.errors import Conflict, Forbidden, Invalid
from accord.participation import selectors, services
from accord.participation.models import Phase, StatementVote
from tests.participation.conftest import advance_to, opinions_round


@pytest.fixture
def collecting(world):
    return advance_to(world, opinions_round(world), Phase.COLLECT)


def test_statements_and_votes_one_at_a_time(world, collecting):
    first = services.statement_add(
        actor=world.users["community"], round_=collecting, text="Close the bay in May."
    )
    second = services.statement_add(
        actor=world.users["staff"], round_=collecting, text="Fund patrols by fishers."
    )
    with pytest.raises(Conflict):
        services.statement_add(
            actor=world.users["staff"], round_=collecting, text="close the bay in may."
        )
    with pytest.raises(Invalid):
        services.statement_add(actor=world.users["staff"], round_=collecting, text="x" * 281)
    staff = world.users["staff"]
    participant = selectors.participant_for(actor=staff, round_=collecting)
    assert selectors.statement_next(round_=collecting, participant=participant) == first
    services.statement_vote(actor=staff, round_=collecting, statement=first, choice="agree")
    assert selectors.statement_next(round_=collecting, participant=participant) == second
    services.statement_vote(actor=staff, round_=collecting, statement=first, choice="disagree")
    assert StatementVote.objects.get(statement=first).choice == "disagree"
    with pytest.raises(Invalid):
        services.statement_vote(actor=staff, round_=collecting, statement=second, choice="maybe")
    with pytest.raises(Forbidden):
        services.statement_vote(
            actor=world.users["observer"], round_=collecting, statement=second, choice="agree"
        )
    services.statement_vote(
        actor=world.users["community"], round_=collecting, statement=second, choice="pass"
    )
    matrix = selectors.vote_matrix(round_=collecting)
    assert matrix.shape == (2, 2)
    assert sorted(matrix.values.tolist()) == [-1, 0]


def test_phases_and_moderation(world, collecting):
    statement = services.statement_add(
        actor=world.users["staff"], round_=collecting, text="More patrols."
    )
    services.statement_hide(
        actor=world.users["coordinator"], statement=statement, reason="Duplicate"
    )
    with pytest.raises(Conflict):
        services.statement_vote(
            actor=world.users["staff"], round_=collecting, statement=statement, choice="agree"
        )
    advance_to(world, collecting, Phase.VOTE)
    with pytest.raises(Conflict):
        services.statement_add(actor=world.users["staff"], round_=collecting, text="Too late.")
    matrix = selectors.vote_matrix(round_=collecting)
    assert matrix.shape == (0, 1) and matrix.hidden == (0,)  # moderated out, as in Pol.is
