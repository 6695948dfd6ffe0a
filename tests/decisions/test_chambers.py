"""Who votes: organizations, individuals, or both in separate chambers (issue 4).

``world`` has three admitted members (County: public, its representative the coordinator;
Foundation: philanthropic, a representative and a staff member; Fisher Coop: community),
an invited one (Youth Network), a community participant, an observer, and a member of
another partnership.
"""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.db import connection

from accord.decisions import pseudonyms, selectors, services
from accord.decisions.models import Ballot, Chamber, Participation
from accord.decisions.services import notices
from accord.errors import Conflict, Forbidden, Invalid
from accord.notifications.models import Notification
from accord.partners import services as partner_services
from accord.partnerships import services as partnership_services
from tests.decisions.conftest import proposal_in_voting, rule

pytestmark = pytest.mark.django_db

#: world's eligible individuals and their groups.
INDIVIDUALS = {
    "coordinator": "public",
    "representative": "philanthropic",
    "staff": "philanthropic",
    "small_representative": "community",
    "community": "community",
}
NOT_INDIVIDUALS = ["observer", "invitee", "outsider", "stranger", "admin"]


def groups_by_role(world):
    found = {
        i.person.pk: i.group for i in selectors.eligible_individuals(partnership=world.partnership)
    }
    return {role: found[user.pk] for role, user in world.users.items() if user.pk in found}


def in_voting(world, voters, **rule_options):
    rule(world, f"By {voters}", preset="simple_majority", voters=voters, **rule_options)
    return proposal_in_voting(world)


# --- who the individuals are --------------------------------------------------------------------


def test_eligible_individuals_are_people_with_a_seat_grouped_by_sector(
    world, django_assert_num_queries
):
    with django_assert_num_queries(2):
        individuals = selectors.eligible_individuals(partnership=world.partnership)
    assert len(individuals) == len(INDIVIDUALS)
    assert groups_by_role(world) == INDIVIDUALS
    community = next(i for i in individuals if i.person == world.users["community"])
    assert community.organization is None
    staff = next(i for i in individuals if i.person == world.users["staff"])
    assert staff.organization == world.orgs["foundation"]


def test_staff_of_an_invited_or_withdrawn_organization_is_not_an_individual(world):
    partner_services.affiliation_add(
        actor=world.users["invitee"],
        organization=world.orgs["youth"],
        email="kid@youth.test",
        name="Kid",
    )
    partnership_services.membership_withdraw(
        actor=world.users["small_representative"], membership=world.memberships["coop"]
    )
    found = groups_by_role(world)
    assert "small_representative" not in found
    assert set(found) == set(INDIVIDUALS) - {"small_representative"}
    names = {str(i.person) for i in selectors.eligible_individuals(partnership=world.partnership)}
    assert "Kid" not in names


def test_a_person_of_two_member_organizations_counts_once(world):
    """Staff of Foundation (philanthropic) joins Fisher Coop (community) later: counted once,
    in the sector of the organization joined first; once they represent the Coop, in the
    sector of the organization they speak for."""
    partner_services.affiliation_add(
        actor=world.users["small_representative"],
        organization=world.orgs["coop"],
        email="staff@foundation.test",
    )
    individuals = selectors.eligible_individuals(partnership=world.partnership)
    assert [i.person for i in individuals].count(world.users["staff"]) == 1
    assert groups_by_role(world)["staff"] == "philanthropic"

    from accord.partners.models import Affiliation

    Affiliation.objects.filter(user=world.users["staff"], organization=world.orgs["coop"]).update(
        is_representative=True
    )
    assert groups_by_role(world)["staff"] == "community"
    assert len(selectors.eligible_individuals(partnership=world.partnership)) == len(INDIVIDUALS)


# --- rules ---------------------------------------------------------------------------------------


def test_voters_are_frozen_into_the_snapshot(world):
    created = rule(world, "People", preset="simple_majority", voters="individuals")
    assert created.voters == "individuals"
    proposal = proposal_in_voting(world)
    assert proposal.rule_snapshot["voters"] == "individuals"
    assert proposal.chambers == (Chamber.INDIVIDUALS,)
    assert selectors.default_snapshot()["voters"] == "organizations"


@pytest.mark.parametrize(
    ("options", "field"),
    [
        ({"preset": "simple_majority", "voters": "everyone"}, "voters"),
        (
            {
                "preset": "weighted_by_contribution_capped_30",
                "voters": "individuals",
                "weights_mode": "custom",
            },
            "weights_mode",
        ),
        (
            {"preset": "simple_majority", "voters": "individuals", "weights_mode": "delivered"},
            "weights_mode",
        ),
        ({"preset": "simple_majority", "voters": "individuals", "cap": "3/10"}, "cap"),
        ({"preset": "ranked_schulze", "voters": "chambers"}, "voters"),
        ({"preset": "approval_vote", "voters": "chambers"}, "voters"),
        (
            {"preset": "score_vote_0_5", "voters": "individuals", "weights_mode": "custom"},
            "weights_mode",
        ),
    ],
)
def test_rule_create_refuses_what_makes_no_sense_for_individuals(world, options, field):
    with pytest.raises(Invalid) as caught:
        services.rule_create(
            actor=world.users["coordinator"], partnership=world.partnership, name="X", **options
        )
    assert field in caught.value.field_errors
    assert not world.partnership.decision_rules.exists()


def test_chambers_keep_organization_weights_for_the_organizations_chamber(world):
    created = services.rule_create(
        actor=world.users["coordinator"],
        partnership=world.partnership,
        name="Weighted chambers",
        preset="simple_majority",
        voters="chambers",
        weights_mode="custom",
        weights={world.orgs["county"].pk: 5},
    )
    assert created.voters == "chambers" and created.weights == {str(world.orgs["county"].pk): "5"}


# --- casting ---------------------------------------------------------------------------------------


def test_individuals_vote_as_themselves(world):
    proposal = in_voting(world, "individuals")
    for role in INDIVIDUALS:
        ballot = services.ballot_cast(actor=world.users[role], proposal=proposal, choice="yes")
        assert ballot.person == world.users[role]
        assert ballot.organization is None and ballot.pseudonym == ""
        assert ballot.chamber == Chamber.INDIVIDUALS
    assert set(
        Participation.objects.filter(proposal=proposal).values_list("person_id", flat=True)
    ) == {world.users[r].pk for r in INDIVIDUALS}
    assert not Participation.objects.filter(proposal=proposal, organization__isnull=False).exists()

    changed = services.ballot_cast(actor=world.users["staff"], proposal=proposal, choice="no")
    assert changed.sequence == 2
    assert Ballot.objects.filter(proposal=proposal, person=world.users["staff"]).count() == 2
    current = selectors.current_ballots(proposal=proposal)
    assert current[("person", world.users["staff"].pk)].choice == "no"


@pytest.mark.parametrize("role", NOT_INDIVIDUALS)
def test_people_without_a_seat_cannot_vote_as_individuals(world, role):
    proposal = in_voting(world, "individuals")
    with pytest.raises(Forbidden):
        services.ballot_cast(actor=world.user(role), proposal=proposal, choice="yes")
    assert not Ballot.objects.filter(proposal=proposal).exists()


def test_staff_of_an_invited_organization_cannot_vote(world):
    partner_services.affiliation_add(
        actor=world.users["invitee"],
        organization=world.orgs["youth"],
        email="kid@youth.test",
        name="Kid",
    )
    from accord.accounts.models import User

    kid = User.objects.get(email="kid@youth.test")
    proposal = in_voting(world, "chambers")
    for chamber in ("individuals", None):
        with pytest.raises(Forbidden):
            services.ballot_cast(actor=kid, proposal=proposal, choice="yes", chamber=chamber)
    # The same person, once a staff member of an admitted member, votes on the proposals
    # opened from then on (who may vote is fixed when voting opens).
    partner_services.affiliation_add(
        actor=world.users["small_representative"],
        organization=world.orgs["coop"],
        email="kid@youth.test",
    )
    with pytest.raises(Forbidden, match="joined after voting opened"):
        services.ballot_cast(actor=kid, proposal=proposal, choice="yes", chamber="individuals")
    later = proposal_in_voting(world, title="Later")
    assert services.ballot_cast(actor=kid, proposal=later, choice="yes").person == kid


def test_under_individuals_nobody_votes_for_an_organization(world):
    proposal = in_voting(world, "individuals")
    with pytest.raises(Invalid):
        services.ballot_cast(
            actor=world.users["representative"],
            proposal=proposal,
            choice="yes",
            organization=world.orgs["foundation"],
        )
    with pytest.raises(Invalid):
        services.ballot_cast(
            actor=world.users["representative"],
            proposal=proposal,
            choice="yes",
            chamber="organizations",
        )
    assert not Ballot.objects.filter(proposal=proposal).exists()


def test_a_representative_votes_in_both_chambers(world):
    proposal = in_voting(world, "chambers")
    rep = world.users["representative"]
    with pytest.raises(Invalid) as caught:
        services.ballot_cast(actor=rep, proposal=proposal, choice="yes")
    assert "chamber" in caught.value.field_errors
    for_org = services.ballot_cast(
        actor=rep, proposal=proposal, choice="yes", chamber="organizations"
    )
    as_self = services.ballot_cast(actor=rep, proposal=proposal, choice="no", chamber="individuals")
    assert for_org.organization == world.orgs["foundation"] and for_org.person is None
    assert as_self.person == rep and as_self.organization is None
    # Naming the organization says which chamber.
    again = services.ballot_cast(
        actor=rep, proposal=proposal, choice="abstain", organization=world.orgs["foundation"]
    )
    assert again.chamber == Chamber.ORGANIZATIONS and again.sequence == 2
    # Staff and community participants have only the individuals chamber.
    staff = services.ballot_cast(actor=world.users["staff"], proposal=proposal, choice="yes")
    assert staff.chamber == Chamber.INDIVIDUALS
    assert Participation.objects.filter(proposal=proposal).count() == 3
    with pytest.raises(Forbidden):
        services.ballot_cast(
            actor=world.users["staff"], proposal=proposal, choice="yes", chamber="organizations"
        )


def test_secret_ballots_under_individuals_store_no_person(world):
    proposal = in_voting(world, "individuals", secrecy="secret")
    staff = world.users["staff"]
    ballot = services.ballot_cast(actor=staff, proposal=proposal, choice="no")
    row = Ballot.objects.get(pk=ballot.pk)
    assert row.person_id is None and row.organization_id is None and row.cast_by_id is None
    assert row.pseudonym == pseudonyms.person_pseudonym(proposal_id=proposal.pk, person_id=staff.pk)
    assert row.pseudonym != pseudonyms.ballot_pseudonym(
        proposal_id=proposal.pk, organization_id=staff.pk
    )
    assert Participation.objects.get(proposal=proposal).person == staff
    services.ballot_cast(actor=staff, proposal=proposal, choice="yes")
    assert Ballot.objects.filter(proposal=proposal, pseudonym=row.pseudonym).count() == 2
    assert selectors.open_ballot_list(proposal=proposal) == []


def test_a_second_cast_with_the_same_sequence_collides_on_the_constraint(world):
    """What two simultaneous casts do: the second row with the same key and sequence fails."""
    from django.db import IntegrityError, transaction

    proposal = in_voting(world, "individuals")
    first = services.ballot_cast(actor=world.users["staff"], proposal=proposal, choice="yes")
    with pytest.raises(IntegrityError), transaction.atomic():
        Ballot.objects.create(
            proposal=proposal,
            person=world.users["staff"],
            chamber=Chamber.INDIVIDUALS,
            sequence=first.sequence,
            choice="no",
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Ballot.objects.create(  # a person in the organizations chamber
            proposal=proposal, person=world.users["staff"], sequence=9, choice="no"
        )


# --- closing ---------------------------------------------------------------------------------------


def test_individuals_decide_by_simple_majority_of_people(world):
    proposal = in_voting(world, "individuals")
    for role in ("staff", "community", "small_representative"):
        services.ballot_cast(actor=world.users[role], proposal=proposal, choice="yes")
    for role in ("coordinator", "representative"):
        services.ballot_cast(actor=world.users[role], proposal=proposal, choice="no")
    decision = services.proposal_close(actor=None, proposal=proposal, now=proposal.voting_closes_at)
    assert decision.outcome == "accepted"
    assert decision.counts["totals"]["yes"] == 3 and decision.counts["totals"]["no"] == 2
    by_group = {g["group"]: g for g in decision.counts["by_group"]}
    assert by_group["community"]["eligible"] == 2 and by_group["community"]["counts"]["yes"] == 2
    assert by_group["philanthropic"]["counts"] == {
        "yes": 1,
        "no": 1,
        "abstain": 0,
        "object": 0,
        "absent": 0,
    }


def test_a_chambers_proposal_failing_among_individuals_is_rejected(world):
    proposal = in_voting(world, "chambers")
    for _org, role in (
        ("county", "coordinator"),
        ("foundation", "representative"),
        ("coop", "small_representative"),
    ):
        services.ballot_cast(
            actor=world.users[role], proposal=proposal, choice="yes", chamber="organizations"
        )
    for role in ("staff", "community", "small_representative"):
        services.ballot_cast(
            actor=world.users[role], proposal=proposal, choice="no", chamber="individuals"
        )
    services.ballot_cast(
        actor=world.users["representative"], proposal=proposal, choice="yes", chamber="individuals"
    )
    decision = services.proposal_close(actor=None, proposal=proposal, now=proposal.voting_closes_at)
    assert decision.outcome == "rejected"
    assert decision.reason.startswith(
        "Passed in the organizations chamber, failed in the individuals chamber: "
    )
    assert decision.decided_by == "individuals chamber"
    organizations, individuals = decision.counts["chambers"]
    assert organizations["chamber"] == "organizations" and organizations["outcome"] == "accepted"
    assert organizations["totals"]["yes"] == 3
    assert individuals["chamber"] == "individuals" and individuals["outcome"] == "rejected"
    assert individuals["totals"]["no"] == 3 and individuals["totals"]["yes"] == 1
    assert individuals["totals"]["absent"] == 1  # the coordinator did not vote as herself
    community = next(g for g in individuals["by_group"] if g["group"] == "community")
    assert community["counts"]["no"] == 2
    assert "Individuals chamber" in decision.explanation
    proposal.refresh_from_db()
    assert proposal.status == "rejected"


def test_a_chambers_proposal_passing_in_both_is_accepted(world):
    proposal = in_voting(world, "chambers")
    for role in ("coordinator", "representative"):
        services.ballot_cast(
            actor=world.users[role], proposal=proposal, choice="yes", chamber="organizations"
        )
    for role in ("staff", "community", "coordinator"):
        services.ballot_cast(
            actor=world.users[role], proposal=proposal, choice="yes", chamber="individuals"
        )
    decision = services.proposal_close(actor=None, proposal=proposal, now=proposal.voting_closes_at)
    assert decision.outcome == "accepted"
    assert decision.reason.startswith("Passed in both chambers")
    assert [c["outcome"] for c in decision.counts["chambers"]] == ["accepted", "accepted"]


def test_a_quorum_applies_in_each_chamber(world):
    spec = {
        "method": {"rule": "simple_majority"},
        "quorum": {"overall": "1/2"},
        "safeguards": [],
    }
    rule(world, "Quorum chambers", spec=spec, voters="chambers")
    proposal = proposal_in_voting(world)
    for role in ("coordinator", "representative"):  # 2 of 3 organizations
        services.ballot_cast(
            actor=world.users[role], proposal=proposal, choice="yes", chamber="organizations"
        )
    services.ballot_cast(  # 1 of 5 individuals
        actor=world.users["staff"], proposal=proposal, choice="yes", chamber="individuals"
    )
    decision = services.proposal_close(actor=None, proposal=proposal, now=proposal.voting_closes_at)
    assert decision.outcome == "no_quorum"
    assert "had no quorum in the individuals chamber" in decision.reason


def test_early_close_needs_every_voter_of_every_chamber(world):
    proposal = in_voting(world, "chambers")
    coordinator = world.users["coordinator"]
    for role in ("coordinator", "representative", "small_representative"):
        services.ballot_cast(
            actor=world.users[role], proposal=proposal, choice="yes", chamber="organizations"
        )
    assert not selectors.has_everyone_voted(proposal=proposal)
    with pytest.raises(Conflict):
        services.proposal_close(actor=coordinator, proposal=proposal)
    for role in INDIVIDUALS:
        assert not selectors.has_everyone_voted(proposal=proposal)
        services.ballot_cast(
            actor=world.users[role], proposal=proposal, choice="yes", chamber="individuals"
        )
    assert selectors.has_everyone_voted(proposal=proposal)
    assert services.proposal_close(actor=coordinator, proposal=proposal).outcome == "accepted"


def test_under_individuals_everyone_means_every_individual(world):
    proposal = in_voting(world, "individuals")
    for role in list(INDIVIDUALS)[:-1]:
        services.ballot_cast(actor=world.users[role], proposal=proposal, choice="no")
    assert not selectors.has_everyone_voted(proposal=proposal)
    services.ballot_cast(actor=world.users["community"], proposal=proposal, choice="no")
    assert selectors.has_everyone_voted(proposal=proposal)


# --- notifications -------------------------------------------------------------------------------


def test_voting_open_and_reminder_reach_individuals(world):
    proposal = in_voting(world, "chambers")
    opened = set(
        Notification.objects.filter(verb=notices.VOTING_VERB).values_list("user_id", flat=True)
    )
    assert {world.users["staff"].pk, world.users["community"].pk} <= opened
    assert world.users["observer"].pk not in opened

    rep = world.users["representative"]
    services.ballot_cast(actor=rep, proposal=proposal, choice="yes", chamber="organizations")
    services.ballot_cast(
        actor=world.users["community"], proposal=proposal, choice="yes", chamber="individuals"
    )
    due = proposal.voting_closes_at - timedelta(hours=23)
    notices.voting_reminder_send(proposal=proposal, now=due)
    texts = {n.user_id: n.text for n in Notification.objects.filter(verb=notices.REMINDER_VERB)}
    assert texts[rep.pk].endswith("and you have not voted yet.")
    assert texts[world.users["staff"].pk].endswith("and you have not voted yet.")
    assert (
        "Fisher Coop has not voted yet, nor have you as yourself"
        in texts[world.users["small_representative"].pk]
    )
    assert world.users["community"].pk not in texts
    assert world.users["observer"].pk not in texts


# --- concurrency ---------------------------------------------------------------------------------


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrency needs PostgreSQL")
@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_concurrent_casts_by_one_person_never_count_twice():
    """Four simultaneous casts by one staff member as themselves, open and secret."""
    from tests.conftest import build_world

    world = build_world()
    staff = world.users["staff"]
    for secrecy in ("open", "secret"):
        rule(
            world,
            f"People {secrecy}",
            preset="simple_majority",
            voters="individuals",
            secrecy=secrecy,
        )
        proposal = proposal_in_voting(world, title=secrecy)
        barrier = threading.Barrier(4)
        outcomes: list[str] = []

        def cast(choice: str, proposal=proposal, barrier=barrier, outcomes=outcomes) -> None:
            try:
                barrier.wait()
                services.ballot_cast(actor=staff, proposal=proposal, choice=choice)
                outcomes.append("ok")
            except Conflict:
                outcomes.append("conflict")
            finally:
                connection.close()

        threads = [threading.Thread(target=cast, args=(c,)) for c in ("yes", "no", "yes", "no")]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert len(outcomes) == 4
        sequences = list(
            Ballot.objects.filter(proposal=proposal).values_list("sequence", flat=True)
        )
        assert len(sequences) == len(set(sequences)) == outcomes.count("ok") >= 1
        assert Participation.objects.filter(proposal=proposal, person=staff).count() == 1
        assert len(selectors.current_ballots(proposal=proposal)) == 1


# --- power -----------------------------------------------------------------------------------------


def test_power_of_a_chambers_rule_per_chamber_and_both_together(world):
    """The composite game against a brute-force count of swings: a coalition wins if it has
    2 of the 3 organizations and 3 of the 5 individuals (simple majority in each)."""
    from itertools import combinations

    created = rule(world, "Both", preset="simple_majority", voters="chambers")
    organizations, individuals, both = selectors.power_compare(
        partnership=world.partnership, snapshots=[selectors.rule_snapshot(created)]
    )
    assert organizations.chamber == "organizations" and len(organizations.members) == 3
    assert individuals.chamber == "individuals" and len(individuals.members) == 5
    assert {m.organization for m in individuals.members} == {world.users[r] for r in INDIVIDUALS}
    assert both.chamber == "both" and both.method == "exact" and len(both.members) == 8
    assert "a coalition wins only if it wins in both chambers" in both.notes[0]

    players = list(range(8))

    def wins(coalition):
        return sum(1 for p in coalition if p < 3) >= 2 and sum(1 for p in coalition if p >= 3) >= 3

    swings = [0] * 8
    for size in range(1, 9):
        for coalition in combinations(players, size):
            if wins(coalition):
                for p in coalition:
                    if not wins([q for q in coalition if q != p]):
                        swings[p] += 1
    expected = [s / sum(swings) for s in swings]
    assert [round(m.banzhaf, 9) for m in both.members] == [round(v, 9) for v in expected]
    assert abs(sum(m.shapley_shubik for m in both.members) - 1) < 1e-9
    # Each organization is one of 3, each person one of 5: an organization weighs more.
    assert both.members[0].banzhaf > both.members[3].banzhaf
    by_sector = {s.sector: s for s in both.sectors}
    assert by_sector["community"].members == 3  # Fisher Coop, and two people
    assert abs(sum(s.banzhaf for s in both.sectors) - 1) < 1e-9


def test_power_of_an_individuals_rule_is_over_people(world):
    created = rule(world, "People", preset="consensus", voters="individuals")
    (analysis,) = selectors.power_compare(
        partnership=world.partnership, snapshots=[selectors.rule_snapshot(created)]
    )
    assert analysis.chamber == "individuals" and len(analysis.members) == 5
    assert all(m.is_veto for m in analysis.members)
    assert {s.sector: s.members for s in analysis.sectors} == {
        "public": 1,
        "philanthropic": 2,
        "community": 2,
    }
    assert any("holds one seat" in n for n in analysis.notes)


# --- individuals choosing among alternatives ------------------------------------------------------


def test_individuals_choose_among_alternatives(world):
    from tests.decisions.test_alternatives import choice_proposal, close_now, ids

    proposal = choice_proposal(
        world, "approval_vote", names=["Boats", "Nets", "School"], voters="individuals"
    )
    alt = ids(proposal)
    for role in ("staff", "community", "small_representative"):
        ballot = services.ballot_cast(
            actor=world.users[role], proposal=proposal, approvals=[alt["Nets"]]
        )
        assert ballot.person == world.users[role] and ballot.chamber == "individuals"
    for role in ("coordinator", "representative"):
        services.ballot_cast(
            actor=world.users[role], proposal=proposal, approvals=[alt["Boats"], alt["School"]]
        )
    with pytest.raises(Forbidden):
        services.ballot_cast(
            actor=world.users["observer"], proposal=proposal, approvals=[alt["Boats"]]
        )
    decision = close_now(world, proposal)
    assert decision.counts["winner"]["name"] == "Nets"
    assert decision.counts["voters"] == 5 and decision.counts["eligible"] == 5
    by_group = {g["group"]: g for g in decision.counts["by_group"]}
    assert by_group["community"]["voted"] == 2 and by_group["philanthropic"]["voted"] == 2
    assert "5 of 5 people voted" in decision.explanation
