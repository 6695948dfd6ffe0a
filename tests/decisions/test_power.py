"""Power analysis of decision rules over the current members."""

from __future__ import annotations

import pytest

from accord.decisions import selectors, services
from tests.decisions.conftest import rule

pytestmark = pytest.mark.django_db


def analyse(world, **kwargs):
    created = services.rule_create(
        actor=world.users["coordinator"], partnership=world.partnership, name="R", **kwargs
    )
    return selectors.power_analysis(partnership=world.partnership, snapshot=created.snapshot())


def by_name(analysis):
    return {row.organization.name: row for row in analysis.members}


def test_simple_majority_shares_power_equally(nine):
    analysis = analyse(nine, preset="simple_majority")
    assert len(analysis.members) == 9
    for row in analysis.members:
        assert row.banzhaf == pytest.approx(1 / 9)
        assert row.shapley_shubik == pytest.approx(1 / 9)
        assert row.seat_share == pytest.approx(1 / 9)
        assert not (row.is_veto or row.is_dictator or row.is_dummy)
    assert analysis.warnings == []
    assert sum(s.banzhaf for s in analysis.sectors) == pytest.approx(1)
    community = next(s for s in analysis.sectors if s.sector == "community")
    assert community.members == 3 and community.seat_share == pytest.approx(1 / 3)


def test_concurrent_majority_gives_small_sectors_more_power(nine):
    simple = analyse(nine, preset="simple_majority")
    services.rule_create(
        actor=nine.users["coordinator"],
        partnership=nine.partnership,
        name="C",
        preset="concurrent_majority_by_sector",
    )
    (concurrent,) = selectors.power_compare(
        partnership=nine.partnership,
        snapshots=[selectors.rule_list(partnership=nine.partnership).get(name="C").snapshot()],
    )
    # A lone member of its sector is needed for every decision: a veto player.
    foundation = by_name(concurrent)["Foundation"]
    assert foundation.is_veto and not by_name(simple)["Foundation"].is_veto
    assert "Under this rule Foundation alone can block any decision." in concurrent.warnings
    assert sum(r.banzhaf for r in concurrent.members) == pytest.approx(1)
    assert concurrent.method == "exact"


def test_consensus_makes_everyone_a_veto_player(world):
    analysis = analyse(world, preset="consensus")
    assert all(r.is_veto for r in analysis.members)
    assert "Under this rule every member alone can block any decision." in analysis.warnings
    assert any("veto player" in note for note in analysis.notes)
    assert any("quorum" in note for note in analysis.notes)


def test_funder_with_more_than_half_the_weight_is_a_veto_player(world):
    weights = {
        world.orgs["foundation"].pk: 60,
        world.orgs["county"].pk: 25,
        world.orgs["coop"].pk: 15,
    }
    spec = {"method": {"rule": "weighted_majority"}}
    analysis = analyse(world, spec=spec, weights_mode="custom", weights=weights)
    funder = by_name(analysis)["Foundation"]
    assert funder.weight_share == pytest.approx(0.6)
    assert funder.is_veto and funder.is_dictator and funder.banzhaf == pytest.approx(1)
    assert by_name(analysis)["Fisher Coop"].is_dummy
    assert "Under this rule Foundation alone decides every question." in analysis.warnings
    capped = selectors.power_analysis(
        partnership=world.partnership,
        snapshot=services.rule_create(
            actor=world.users["coordinator"],
            partnership=world.partnership,
            name="Capped",
            spec=spec,
            weights_mode="custom",
            weights=weights,
            cap="2/5",
        ).snapshot(),
    )
    assert not by_name(capped)["Foundation"].is_veto
    assert by_name(capped)["Foundation"].weight_share == pytest.approx(0.4)


def test_group_consent_safeguard_makes_the_community_member_a_veto_player(world):
    analysis = analyse(world, preset="majority_with_community_consent")
    assert by_name(analysis)["Fisher Coop"].is_veto
    assert "community sector's consent" in analysis.summary


def test_default_rule_and_no_members(world):
    analysis = selectors.power_analysis(
        partnership=world.other_partnership, snapshot=selectors.default_snapshot()
    )
    assert analysis.members[0].banzhaf == pytest.approx(1)  # the lead organization alone
    rule(world, "General", preset="two_thirds_majority")
    assert (
        selectors.rule_for_kind(partnership=world.partnership, kind="admission").name == "General"
    )


def test_large_partnership_is_sampled_and_says_so(world):
    from tests.decisions.conftest import add_member

    for i in range(19):  # 22 members
        add_member(world, f"Group {i}", ["public", "community", "private"][i % 3])
    analysis = analyse(world, preset="concurrent_majority_by_sector")
    assert analysis.method == "monte_carlo"
    assert any("random samples" in note for note in analysis.notes)
    assert sum(r.banzhaf for r in analysis.members) == pytest.approx(1)
    assert by_name(analysis)["Foundation"].is_veto


# --- coalitions (issue 16, item 4) -------------------------------------------------------------


def test_coalitions_name_who_passes_and_who_blocks(world):
    """Three members, community consent: the coop alone blocks; any two including the coop
    pass (a majority of three, with the community sector's consent)."""
    analysis = analyse(world, preset="majority_with_community_consent")
    coalitions = analysis.coalitions
    assert coalitions is not None and coalitions.exact
    assert coalitions.smallest_winning_size == 2
    assert coalitions.smallest_winning == [["County", "Fisher Coop"], ["Fisher Coop", "Foundation"]]
    assert ["Fisher Coop"] in coalitions.minimal_blocking
    assert ["County", "Foundation"] in coalitions.minimal_blocking
    assert coalitions.minimal_blocking_count == 2


def test_coalitions_are_sampled_with_a_stated_error_for_a_large_partnership(world):
    from tests.decisions.conftest import add_member

    for i in range(19):  # 22 members
        add_member(world, f"Group {i}", ["public", "community", "private"][i % 3])
    analysis = analyse(world, preset="majority_with_community_consent")
    coalitions = analysis.coalitions
    assert coalitions is not None and not coalitions.exact
    # 22 members, 7 of them community (the coop and 6 groups): passing needs 12 members,
    # 4 of them community; blocking needs 11 members or 4 of the community: none of 3 or fewer
    assert coalitions.smallest_winning_size == 12
    assert coalitions.smallest_winning_exact  # the weights' bound reaches it
    assert all(len(c) == 12 for c in coalitions.smallest_winning)
    assert coalitions.minimal_blocking == []
    # groups of 1, 2 and 3 are few enough to examine all (22, 231, 1540 ≤ 5,000): no error
    assert coalitions.sampled_sizes == []


def test_the_page_lists_the_coalitions(client, world):
    from tests.decisions.conftest import power_computed

    rule(world, "Consent", preset="majority_with_community_consent")
    power_computed()
    client.force_login(world.users["observer"])
    from django.urls import reverse

    page = client.get(reverse("decisions:power_analysis", args=[world.partnership.slug]))
    html = page.content.decode()
    assert "Coalitions that decide" in html
    assert "County, Fisher Coop" in html
    assert "Exact: every coalition was examined." in html
    assert "Resources delivered" in html  # each member's share of contributions beside its power


def test_the_rule_form_consent_groups_count_in_the_power_analysis(world):
    """A sector ticked in the rule form's consent groups makes its only member a veto player,
    as the same safeguard in the preset does; an own group is named in a note."""
    from accord.partnerships import services as partnership_services

    group = partnership_services.group_create(
        actor=world.users["coordinator"],
        partnership=world.partnership,
        name="Women fish traders",
        organizations=[world.orgs["coop"].pk],
    )
    analysis = analyse(world, preset="simple_majority", consent_groups=["community", group.code])
    assert by_name(analysis)["Fisher Coop"].is_veto
    assert "community sector's consent" in analysis.summary
    assert any("own groups" in note for note in analysis.notes)
