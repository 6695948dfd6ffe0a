"""Participatory budgeting: projects and their review, ballots online and on paper (one per
participant and round, held by the database), the outcome by the engine with its
explanation and the budget decided per group, and the winners in the workplan."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from accord.errors import Conflict, Forbidden, Invalid
from accord.participation import selectors, services
from accord.participation.models import (
    BudgetBallot,
    BudgetProject,
    Phase,
    RoundParticipant,
)
from accord.resources.models import Activity, Pledge
from tests.conftest import make_user
from tests.participation.conftest import advance_to, budget_round


def propose(world, round_, title, cost, owner="coop", role="coordinator"):
    return services.project_propose(
        actor=world.users[role],
        round_=round_,
        title=title,
        cost=cost,
        owner=world.orgs[owner],
    )


def accept_all(world, round_):
    for project in BudgetProject.objects.filter(round=round_):
        services.project_review(actor=world.users["coordinator"], project=project, feasible=True)


def test_projects_cost_more_than_zero_and_at_most_the_budget(world, budget_collecting):
    for cost in ("0", "-5", "500000.01", "abc", "1.001"):
        with pytest.raises(Invalid) as bad:
            propose(world, budget_collecting, "Boat", cost)
        assert "cost" in bad.value.field_errors
    with pytest.raises(Invalid) as bad:
        services.project_propose(
            actor=world.users["coordinator"],
            round_=budget_collecting,
            title="x",
            cost="5",
            owner=world.orgs["youth"],  # invited, not a member
        )
    assert "owner" in bad.value.field_errors
    assert not BudgetProject.objects.exists()
    project = propose(world, budget_collecting, "Boat", "500000", role="community")
    assert project.proposed_by == world.users["community"]
    with pytest.raises(Forbidden):
        propose(world, budget_collecting, "Boat 2", "5", role="observer")


def test_feasibility_review(world, budget_collecting):
    project = propose(world, budget_collecting, "Boat", "1000")
    with pytest.raises(Invalid):
        services.project_review(actor=world.users["coordinator"], project=project, feasible=False)
    with pytest.raises(Forbidden):
        services.project_review(actor=world.users["staff"], project=project, feasible=True)
    services.project_review(
        actor=world.users["coordinator"], project=project, feasible=False, reason="No permit"
    )
    project.refresh_from_db()
    assert project.status == "rejected" and project.rejection_reason == "No permit"
    assert selectors.ballot_projects(round_=budget_collecting) == []


@pytest.fixture
def voting(world, budget_collecting):
    round_ = budget_collecting
    world.projects = {
        name: propose(world, round_, name, cost)
        for name, cost in (("Boat", "300000"), ("Nursery", "150000"), ("Toilets", "100000"))
    }
    accept_all(world, round_)
    advance_to(world, round_, Phase.VOTE)
    world.round = round_
    return world


def ids(world, *names):
    return [world.projects[n].pk for n in names]


def test_ballots_follow_the_round_rules(voting):
    world, round_ = voting, voting.round
    with pytest.raises(Invalid):  # over the budget (no maximum number of projects)
        services.ballot_cast(
            actor=world.users["staff"],
            round_=round_,
            selections=ids(world, "Boat", "Nursery", "Toilets"),
        )
    with pytest.raises(Invalid):
        services.ballot_cast(actor=world.users["staff"], round_=round_, selections=[])
    with pytest.raises(Invalid):
        services.ballot_cast(actor=world.users["staff"], round_=round_, selections=[999_999])
    with pytest.raises(Forbidden):  # a participant outside the round
        services.ballot_cast(
            actor=world.users["observer"], round_=round_, selections=ids(world, "Boat")
        )
    services.ballot_cast(actor=world.users["staff"], round_=round_, selections=ids(world, "Boat"))
    with pytest.raises(Conflict):  # a second ballot
        services.ballot_cast(
            actor=world.users["staff"], round_=round_, selections=ids(world, "Toilets")
        )
    assert BudgetBallot.objects.count() == 1


def test_the_database_holds_one_ballot_per_participant(voting):
    services.ballot_cast(
        actor=voting.users["staff"], round_=voting.round, selections=ids(voting, "Boat")
    )
    participant = RoundParticipant.objects.get(user=voting.users["staff"])
    with pytest.raises(IntegrityError), transaction.atomic():
        BudgetBallot.objects.create(
            round=voting.round,
            participant=participant,
            channel="paper",
            entered_by=voting.users["coordinator"],
        )


def test_paper_ballots_by_a_facilitator(voting):
    world, round_ = voting, voting.round
    facilitator = world.users["observer"]
    with pytest.raises(Forbidden):
        services.paper_ballot_enter(
            actor=facilitator,
            round_=round_,
            selections=ids(world, "Boat"),
            name="Mama Achieng",
            group="individuals",
        )
    services.facilitator_add(actor=world.users["coordinator"], round_=round_, user=facilitator)
    ballot = services.paper_ballot_enter(
        actor=facilitator,
        round_=round_,
        selections=ids(world, "Nursery"),
        name="Mama Achieng",
        group="individuals",
    )
    assert ballot.channel == "paper" and ballot.entered_by == facilitator
    with pytest.raises(Conflict):
        services.paper_ballot_enter(
            actor=facilitator,
            round_=round_,
            selections=ids(world, "Boat"),
            name="Mama Achieng",
            group="individuals",
        )
    # for someone with an account: then they cannot vote online as well
    services.paper_ballot_enter(
        actor=facilitator,
        round_=round_,
        selections=ids(world, "Toilets"),
        person=world.users["community"],
    )
    with pytest.raises(Conflict):
        services.ballot_cast(
            actor=world.users["community"], round_=round_, selections=ids(world, "Boat")
        )
    with pytest.raises(Forbidden):  # not someone the round is for
        services.paper_ballot_enter(
            actor=facilitator,
            round_=round_,
            selections=ids(world, "Boat"),
            person=world.users["outsider"],
        )
    with pytest.raises(Invalid):
        services.paper_ballot_enter(
            actor=facilitator,
            round_=round_,
            selections=ids(world, "Boat"),
            name="Juma",
            group="nobody",
        )
    assert selectors.ballot_counts(round_=round_).paper == 2


def test_cumulative_and_ranking_ballots(pool):
    world = pool
    cumulative = advance_to(
        world,
        budget_round(world, budget="100000", ballot_kind="cumulative", points=10),
        Phase.COLLECT,
    )
    a = services.project_propose(
        actor=world.users["coordinator"],
        round_=cumulative,
        title="A",
        cost="50000",
        owner=world.orgs["coop"],
    )
    b = services.project_propose(
        actor=world.users["coordinator"],
        round_=cumulative,
        title="B",
        cost="50000",
        owner=world.orgs["coop"],
    )
    accept_all(world, cumulative)
    advance_to(world, cumulative, Phase.VOTE)
    with pytest.raises(Invalid):
        services.ballot_cast(
            actor=world.users["staff"], round_=cumulative, selections={a.pk: 8, b.pk: 3}
        )
    with pytest.raises(Invalid):
        services.ballot_cast(actor=world.users["staff"], round_=cumulative, selections=[a.pk])
    services.ballot_cast(
        actor=world.users["staff"], round_=cumulative, selections={a.pk: 7, b.pk: 3}
    )
    ranking = advance_to(
        world,
        budget_round(world, budget="100000", ballot_kind="ordinal", max_projects=1),
        Phase.COLLECT,
    )
    c = services.project_propose(
        actor=world.users["coordinator"],
        round_=ranking,
        title="C",
        cost="50000",
        owner=world.orgs["coop"],
    )
    d = services.project_propose(
        actor=world.users["coordinator"],
        round_=ranking,
        title="D",
        cost="50000",
        owner=world.orgs["coop"],
    )
    accept_all(world, ranking)
    advance_to(world, ranking, Phase.VOTE)
    with pytest.raises(Invalid):
        services.ballot_cast(actor=world.users["staff"], round_=ranking, selections=[d.pk, c.pk])
    services.ballot_cast(actor=world.users["staff"], round_=ranking, selections=[d.pk])


def test_no_ballot_outside_the_vote_phase(world, budget_collecting):
    project = propose(world, budget_collecting, "Boat", "1000")
    with pytest.raises(Conflict):
        services.ballot_cast(
            actor=world.users["staff"], round_=budget_collecting, selections=[project.pk]
        )


def many_voters(world, round_, group_sizes):
    """People voting as themselves: community participants (``individuals``) and staff of
    the Foundation (``philanthropic``)."""
    from accord.partners import services as partner_services
    from accord.partnerships import services as partnership_services

    voters = {}
    for group, count in group_sizes.items():
        voters[group] = []
        for k in range(count):
            person = make_user(f"{group}{k}@lake.test")
            if group == "individuals":
                partnership_services.participant_add(
                    actor=world.users["coordinator"],
                    partnership=world.partnership,
                    email=person.email,
                    role="community",
                )
            else:
                partner_services.affiliation_add(
                    actor=world.users["representative"],
                    organization=world.orgs["foundation"],
                    email=person.email,
                )
            voters[group].append(person)
    return voters


def test_mes_gives_the_smaller_group_its_share_where_greedy_does_not(pool):
    """Two groups, 6 and 3 voters, budget 900: the larger group backs A, B and C (300 each),
    the smaller group D and E (300 each). Greedy buys the three most supported (A, B, C);
    MES gives each voter 100, and the smaller group's 300 buys one of its projects."""
    world = pool
    round_ = advance_to(world, budget_round(world, budget="900"), Phase.COLLECT)
    projects = {n: propose(world, round_, n, "300") for n in "ABCDE"}
    accept_all(world, round_)
    advance_to(world, round_, Phase.VOTE)
    voters = many_voters(world, round_, {"philanthropic": 6, "individuals": 3})
    for person in voters["philanthropic"]:
        services.ballot_cast(
            actor=person, round_=round_, selections=[projects[n].pk for n in "ABC"]
        )
    for person in voters["individuals"]:
        services.ballot_cast(actor=person, round_=round_, selections=[projects[n].pk for n in "DE"])
    advance_to(world, round_, Phase.RESULTS)
    round_.refresh_from_db()
    outcome = round_.outcome
    names = {p.pk: p.title for p in projects.values()}
    assert sorted(names[pk] for pk in outcome["selected"]) == ["A", "B", "D"]
    assert sorted(names[pk] for pk in outcome["compare"]["selected"]) == ["A", "B", "C"]
    shares = {row["group"]: row["share"] for row in outcome["by_group"]}
    assert shares == pytest.approx({"philanthropic": 2 / 3, "individuals": 1 / 3})
    greedy = {row["group"]: row["share"] for row in outcome["compare"]["by_group"]}
    assert greedy == pytest.approx({"philanthropic": 1.0, "individuals": 0.0})
    won = outcome["projects"][str(projects["A"].pk)]
    assert won["won"] and Decimal(won["price_per_voter"]) == Decimal("50.00")
    lost = outcome["projects"][str(projects["C"].pk)]
    assert lost["why"]["code"] in ("not_affordable", "over_budget")


def test_results_explain_each_project_and_winners_join_the_workplan(voting):
    world, round_ = voting, voting.round
    services.ballot_cast(
        actor=world.users["staff"], round_=round_, selections=ids(world, "Boat", "Toilets")
    )
    services.ballot_cast(
        actor=world.users["community"], round_=round_, selections=ids(world, "Nursery")
    )
    with pytest.raises(Conflict):
        services.round_winners_fund(actor=world.users["coordinator"], round_=round_)
    advance_to(world, round_, Phase.RESULTS)
    round_.refresh_from_db()
    assert round_.outcome["voters"] == 2
    with pytest.raises(Forbidden):
        services.round_winners_fund(actor=world.users["staff"], round_=round_)
    funded = services.round_winners_fund(actor=world.users["coordinator"], round_=round_)
    assert funded and all(p.activity and p.pledge for p in funded)
    pledge = Pledge.objects.get(pk=funded[0].pledge_id)
    assert pledge.organization == world.orgs["county"] and pledge.amount == funded[0].cost
    assert Activity.objects.filter(
        pk=funded[0].activity_id, lead_organization=world.orgs["coop"]
    ).exists()
    assert services.round_winners_fund(actor=world.users["coordinator"], round_=round_) == []
    pool = selectors.pool_figures(partnership=world.partnership, holder=world.orgs["county"])
    spent = sum((p.cost for p in funded), Decimal(0))
    assert pool.pledged == spent and pool.promised == 0
    assert pool.available == Decimal("1000000.00") - spent
