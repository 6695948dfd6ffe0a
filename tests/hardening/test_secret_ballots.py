"""Issue 15, item 6: nothing stored joins a secret ballot to the participation of its voter.

A secret ballot carries a pseudonym, not the voter; the ``Participation`` row says who
voted. Before this fix the two shared an exact time (``cast_at == voted_at`` on a first
vote) and both took the next id, so ordering either table by id or time paired them.
"""

from __future__ import annotations

from datetime import UTC, time
from typing import Any

import pytest

from accord.audit.models import Event
from accord.decisions import services
from accord.decisions.models import Ballot, Participation
from tests.decisions.conftest import proposal_in_voting, rule

pytestmark = pytest.mark.django_db


@pytest.fixture
def secret_vote(nine: Any) -> Any:
    rule(nine, "Secret majority", preset="simple_majority", secrecy="secret")
    nine.proposal = proposal_in_voting(nine)
    # the nine members vote one after the other, alternating yes and no
    for i, (organization, representative) in enumerate(nine.voters.items()):
        services.ballot_cast(
            actor=representative,
            proposal=nine.proposal,
            organization=organization,
            choice="yes" if i % 2 == 0 else "no",
        )
    return nine


def test_no_ballot_time_equals_or_orders_a_participation(secret_vote):
    ballots = list(Ballot.objects.filter(proposal=secret_vote.proposal))
    participations = list(Participation.objects.filter(proposal=secret_vote.proposal))
    assert len(ballots) == len(participations) == 9
    voted_at = {p.voted_at for p in participations}
    assert not voted_at & {b.cast_at for b in ballots}
    # every ballot carries the day only: all nine share one time, which orders nothing
    assert {b.cast_at.astimezone(UTC).timetz() for b in ballots} == {time(0, tzinfo=UTC)}
    assert len({b.cast_at for b in ballots}) == 1


def test_ballot_ids_do_not_follow_the_order_of_voting(secret_vote):
    in_voting_order = [
        b.pk for b in Ballot.objects.filter(proposal=secret_vote.proposal).order_by("cast_at")
    ]
    participation_order = list(
        Participation.objects.filter(proposal=secret_vote.proposal)
        .order_by("voted_at", "id")
        .values_list("organization_id", flat=True)
    )
    assert len(participation_order) == 9
    ids = sorted(in_voting_order)
    # ids are drawn at random, spread far apart, not the next number after the last one
    assert ids[-1] - ids[0] > 9 * 1000
    assert max(ids) > 2**32
    # pairing the k-th ballot by id with the k-th participation by time would be the join;
    # the ids are not in casting order (chance of that: 1 in 9! = 362,880)
    casting_order = [b.pk for b in _ballots_in_casting_order(secret_vote)]
    assert casting_order != sorted(casting_order)


def _ballots_in_casting_order(world: Any) -> list[Ballot]:
    """The ballots in the order they were cast, known here only because the test cast
    them: the pseudonym of each voter, in the fixture's order."""
    from accord.decisions.pseudonyms import ballot_pseudonym

    by_pseudonym = {b.pseudonym: b for b in Ballot.objects.filter(proposal=world.proposal)}
    return [
        by_pseudonym[ballot_pseudonym(proposal_id=world.proposal.pk, organization_id=org.pk)]
        for org in world.voters
    ]


def test_a_changed_secret_ballot_leaves_no_second_event(secret_vote):
    """Each cast recorded as an event "X voted" would count a voter's ballots, and the
    number of rows under a pseudonym would name it; only the first vote is recorded."""
    organization, representative = next(iter(secret_vote.voters.items()))
    before = Event.objects.filter(verb="decisions.ballot_cast").count()
    services.ballot_cast(
        actor=representative, proposal=secret_vote.proposal, organization=organization, choice="no"
    )
    assert Event.objects.filter(verb="decisions.ballot_cast").count() == before
    assert Ballot.objects.filter(proposal=secret_vote.proposal).count() == 10


def test_the_tally_still_counts_the_current_ballots(secret_vote):
    from datetime import timedelta

    from django.utils import timezone

    organization, representative = next(iter(secret_vote.voters.items()))
    services.ballot_cast(  # the first voter changes yes to no: 4 yes, 5 no
        actor=representative, proposal=secret_vote.proposal, organization=organization, choice="no"
    )
    decision = services.proposal_close(
        actor=None, proposal=secret_vote.proposal, now=timezone.now() + timedelta(days=3)
    )
    assert decision.counts["totals"]["yes"] == 4
    assert decision.counts["totals"]["no"] == 5
