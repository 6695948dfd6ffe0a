"""Who may vote is fixed when voting opens (issue 15, item 4): a member admitted, or a
person who joins, while a vote is open votes on later proposals, not on this one."""

from __future__ import annotations

import pytest

from accord.decisions import selectors, services
from accord.decisions.models import Chamber
from accord.errors import Forbidden
from accord.partnerships import services as partnership_services
from tests.conftest import make_user
from tests.decisions.conftest import add_member, proposal_in_voting, rule

pytestmark = pytest.mark.django_db


def test_the_electorate_is_stored_when_voting_opens(world):
    proposal = proposal_in_voting(world)
    electorate = proposal.rule_snapshot["electorate"]
    members = {world.orgs["county"].pk, world.orgs["foundation"].pk, world.orgs["coop"].pk}
    assert set(electorate["organizations"]) == members
    assert world.users["community"].pk in electorate["people"]


def test_a_member_admitted_during_the_vote_votes_on_the_next_proposal_only(world):
    proposal = proposal_in_voting(world)
    org, rep = add_member(world, "Late Joiners", "private")
    with pytest.raises(Forbidden, match="joined after voting opened"):
        services.ballot_cast(actor=rep, proposal=proposal, choice="yes")
    table = selectors.chamber_table(
        partnership=world.partnership, snapshot=proposal.rule_snapshot, chamber="organizations"
    )
    assert org not in table.voters and len(table.voters) == 3
    later = proposal_in_voting(world, title="Later")
    assert services.ballot_cast(actor=rep, proposal=later, choice="yes").choice == "yes"


def test_everyone_voted_counts_the_electorate_not_the_latecomers(world):
    proposal = proposal_in_voting(world)
    add_member(world, "Late Joiners", "private")
    for actor in ("coordinator", "representative", "small_representative"):
        services.ballot_cast(actor=world.users[actor], proposal=proposal, choice="yes")
    assert selectors.has_everyone_voted(proposal=proposal)


def test_a_person_who_joins_during_an_individuals_vote_cannot_vote_on_it(world):
    rule(world, "People", preset="simple_majority", voters="individuals")
    proposal = proposal_in_voting(world)
    newcomer = make_user("newcomer@village.test", "Newcomer")
    partnership_services.participant_add(
        actor=world.users["coordinator"],
        partnership=world.partnership,
        email="newcomer@village.test",
        role="community",
    )
    with pytest.raises(Forbidden, match="joined after voting opened"):
        services.ballot_cast(actor=newcomer, proposal=proposal, choice="yes")
    table = selectors.chamber_table(
        partnership=world.partnership, snapshot=proposal.rule_snapshot, chamber=Chamber.INDIVIDUALS
    )
    assert newcomer not in table.voters
    assert world.users["community"] in table.voters


def test_a_snapshot_without_an_electorate_keeps_everyone(world):
    """Proposals opened before electorates were stored are counted as before."""
    orgs = list(world.orgs.values())
    assert selectors.in_electorate(orgs, {}, Chamber.ORGANIZATIONS) == orgs
