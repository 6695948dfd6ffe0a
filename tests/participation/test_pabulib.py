"""A pabulib file imported as a round, computed and exported: the same file comes back,
and where the file records an outcome under a rule the engine implements, the computed
outcome is the file's own."""

from __future__ import annotations

import pytest

from accord.engine.io.pabulib import parse_pabulib, read_pabulib
from accord.errors import Forbidden, Invalid
from accord.participation import selectors, services
from accord.participation.models import BudgetBallot, ParticipationRound, Phase
from tests.engine.budgeting.budgeting_data import pabulib_path
from tests.participation.conftest import advance_to, budget_round

ROUND_TRIPS = [
    # (file, outcome the engine must reproduce)
    ("Netherlands_Assen_2024", True),  # equalshares/add1
    ("Poland_Swiecie_2023", True),  # equalshares/add1
    ("Poland_Warszawa_2020_Wawer", True),  # greedy
    ("Switzerland_Zurich_D10", False),  # cumulative, rule unknown
    ("US_Stanford_Dataset_PB_Rochester_NY_2019_vote_rankings", False),  # ordinal
]


@pytest.mark.parametrize(("stem", "recorded"), ROUND_TRIPS)
def test_import_compute_export_round_trip(world, stem, recorded):
    path = pabulib_path(stem)
    original = read_pabulib(path)
    round_ = services.round_import_pabulib(
        actor=world.users["coordinator"], partnership=world.partnership, content=path.read_bytes()
    )
    assert round_.phase == Phase.RESULTS and round_.is_imported
    assert BudgetBallot.objects.filter(round=round_).count() == original.num_voters
    _, text = selectors.pabulib_export(round_=round_)
    assert parse_pabulib(text).same_data(original)
    if recorded:
        by_pk = {p.pk: p.external_id for p in selectors.project_list(round_=round_)}
        computed = sorted(by_pk[pk] for pk in round_.outcome["selected"])
        assert computed == sorted(original.selected())


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"hello world",
        b"META\nkey;value\nbudget;100\nPROJECTS\nproject_id;cost\na;50\nVOTES\nvoter_id;vote\n1;b\n",
        b"META\nkey;value\nbudget;100\nPROJECTS\nproject_id;cost\na;0\nVOTES\nvoter_id;vote\n1;a\n",
        b"META\nkey;value\nbudget;abc\nPROJECTS\nproject_id;cost\na;5\nVOTES\nvoter_id;vote\n1;a\n",
        b"META\nkey;value\nbudget;100\nvote_type;weird\nPROJECTS\nproject_id;cost\na;5\n",
        b"META\nkey;value\nbudget;100\nPROJECTS\nproject_id;cost\na;5\nVOTES\nvoter_id;vote\n1;a,a\n",
        b"\xff\xfe\x00garbage",
    ],
)
def test_a_malformed_file_is_refused_and_changes_nothing(world, content):
    with pytest.raises(Invalid) as bad:
        services.round_import_pabulib(
            actor=world.users["coordinator"], partnership=world.partnership, content=content
        )
    assert "file" in bad.value.field_errors
    assert not ParticipationRound.objects.exists()


def test_only_coordinators_import(world):
    with pytest.raises(Forbidden):
        services.round_import_pabulib(
            actor=world.users["representative"],
            partnership=world.partnership,
            content=pabulib_path("Netherlands_Assen_2024").read_bytes(),
        )


def test_a_round_run_here_exports_with_its_outcome_and_reads_back(pool):
    world = pool
    round_ = advance_to(world, budget_round(world, budget="900"), Phase.COLLECT)
    projects = [
        services.project_propose(
            actor=world.users["coordinator"],
            round_=round_,
            title=name,
            cost="300",
            owner=world.orgs["coop"],
        )
        for name in ("Boat; big", "Nursery")
    ]
    for project in projects:
        services.project_review(actor=world.users["coordinator"], project=project, feasible=True)
    advance_to(world, round_, Phase.VOTE)
    services.ballot_cast(actor=world.users["staff"], round_=round_, selections=[projects[0].pk])
    services.facilitator_add(
        actor=world.users["coordinator"], round_=round_, user=world.users["observer"]
    )
    services.paper_ballot_enter(
        actor=world.users["observer"],
        round_=round_,
        selections=[projects[1].pk, projects[0].pk],
        name="Mama Achieng",
        group="individuals",
    )
    advance_to(world, round_, Phase.RESULTS)
    round_.refresh_from_db()
    filename, text = selectors.pabulib_export(round_=round_)
    assert filename.endswith(".pb")
    election = parse_pabulib(text)
    assert election.budget == 900 and election.meta["rule"] == "equalshares/add1"
    assert election.project_fields["name"] == ("Boat; big", "Nursery")
    assert sorted(election.selected()) == sorted(str(pk) for pk in round_.outcome["selected"])
    assert election.voter_fields["voting_method"] == ("internet", "paper")
    assert election.voter_fields["group"] == ("philanthropic", "individuals")
    again = services.round_import_pabulib(
        actor=world.users["coordinator"], partnership=world.partnership, content=text
    )
    assert again.outcome["total_cost"] == round_.outcome["total_cost"]
