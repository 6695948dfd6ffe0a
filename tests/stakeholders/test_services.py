"""Adding, rating, removing and inviting, with the figures of a hand-computed map."""

from __future__ import annotations

import pytest

from accord.errors import Conflict, Forbidden, Invalid
from accord.partnerships.models import MembershipStatus
from accord.stakeholders import selectors, services
from accord.stakeholders.models import Stakeholder, StakeholderRating
from accord.stakeholders.placement import Quadrant, Salience
from tests.stakeholders.conftest import RATING, rate

pytestmark = pytest.mark.django_db


def test_the_map_is_the_mean_of_the_members_ratings(mapped):
    figures = selectors.stakeholder_map(partnership=mapped.partnership)
    by_name = {p.stakeholder.display_name: p for p in figures.places}
    town = by_name["Downstream Town"]
    assert (town.ratings, town.means["power"], town.means["interest"]) == (3, 4.0, 3.0)
    assert town.quadrant == Quadrant.KEEP_SATISFIED
    assert town.salience == Salience.DOMINANT
    traders = by_name["Fish traders' association"]
    assert (traders.means["power"], traders.means["interest"]) == (1.5, 4.5)
    assert traders.quadrant == Quadrant.KEEP_INFORMED
    assert traders.salience == Salience.DEPENDENT
    assert traders.stakeholder.display_sector == "private"
    # Missing: high power or interest, not a member. The Coop is a member.
    assert [p.stakeholder.display_name for p in figures.missing] == [
        "Downstream Town",
        "Fish traders' association",
    ]
    assert town.may_be_invited and not traders.may_be_invited
    assert figures.member_count == 3


def test_coverage_for_the_gao_page(mapped):
    coverage = selectors.stakeholder_coverage(partnership=mapped.partnership)
    assert coverage.stakeholders_rated == 3
    assert (coverage.relevant, coverage.relevant_members) == (3, 1)
    assert coverage.sectors_on_map == ("community", "private", "public")
    assert coverage.sectors_with_member == ("community", "public")


@pytest.mark.parametrize(
    "values",
    [{"power": 0}, {"interest": 6}, {"urgency": -1}, {"legitimacy": "4"}, {"power": True}],
)
def test_a_rating_outside_the_scale_is_refused_and_changes_nothing(mapped, values):
    before = StakeholderRating.objects.count()
    with pytest.raises(Invalid) as error:
        rate(mapped, mapped.coop_stakeholder, "representative", **values)
    assert set(error.value.field_errors) == set(values)
    assert StakeholderRating.objects.count() == before


def test_a_second_rating_is_a_conflict_unless_replaced(mapped):
    with pytest.raises(Conflict):
        rate(mapped, mapped.town, "representative")
    rating = services.stakeholder_rate(
        actor=mapped.users["representative"],
        stakeholder=mapped.town,
        replace=True,
        **{**RATING, "power": 1},
    )
    assert rating.power == 1
    assert StakeholderRating.objects.filter(stakeholder=mapped.town).count() == 3


@pytest.mark.parametrize("role", ["staff", "community", "observer", "invitee", "outsider"])
def test_only_a_member_representative_rates(mapped, role):
    with pytest.raises(Forbidden):
        rate(mapped, mapped.town, role)


def test_one_rates_only_for_an_organization_one_represents_as_a_member(mapped):
    with pytest.raises(Forbidden):
        services.stakeholder_rate(
            actor=mapped.users["representative"],
            stakeholder=mapped.coop_stakeholder,
            organization=mapped.orgs["coop"],
            **RATING,
        )
    with pytest.raises(Forbidden):  # the invitee's organization is not admitted
        services.stakeholder_rate(
            actor=mapped.users["invitee"],
            stakeholder=mapped.coop_stakeholder,
            organization=mapped.orgs["youth"],
            **RATING,
        )


def test_a_stakeholder_is_an_organization_or_a_named_group_once(mapped):
    coordinator = mapped.users["coordinator"]
    with pytest.raises(Conflict):
        services.stakeholder_add(
            actor=coordinator, partnership=mapped.partnership, organization=mapped.orgs["town"]
        )
    with pytest.raises(Conflict):
        services.stakeholder_add(
            actor=coordinator, partnership=mapped.partnership, name="FISH TRADERS' ASSOCIATION"
        )
    with pytest.raises(Invalid):
        services.stakeholder_add(actor=coordinator, partnership=mapped.partnership)
    with pytest.raises(Invalid):
        services.stakeholder_add(
            actor=coordinator,
            partnership=mapped.partnership,
            organization=mapped.orgs["school"],
            name="Both",
        )
    with pytest.raises(Invalid):
        services.stakeholder_add(
            actor=coordinator, partnership=mapped.partnership, name="X", sector="martian"
        )
    assert Stakeholder.objects.filter(partnership=mapped.partnership).count() == 3


def test_the_coordinator_invites_a_missing_organization(mapped):
    with pytest.raises(Forbidden):
        services.stakeholder_invite(actor=mapped.users["representative"], stakeholder=mapped.town)
    membership = services.stakeholder_invite(
        actor=mapped.users["coordinator"], stakeholder=mapped.town
    )
    assert membership.status == MembershipStatus.INVITED
    place = next(
        p
        for p in selectors.stakeholder_map(partnership=mapped.partnership).places
        if p.stakeholder == mapped.town
    )
    assert place.is_invited and not place.may_be_invited and place.is_missing
    with pytest.raises(Conflict):
        services.stakeholder_invite(actor=mapped.users["coordinator"], stakeholder=mapped.town)
    with pytest.raises(Invalid):
        services.stakeholder_invite(actor=mapped.users["coordinator"], stakeholder=mapped.traders)


def test_removing_takes_the_ratings_too(mapped):
    with pytest.raises(Forbidden):
        services.stakeholder_remove(actor=mapped.users["representative"], stakeholder=mapped.town)
    services.stakeholder_remove(actor=mapped.users["coordinator"], stakeholder=mapped.town)
    assert not StakeholderRating.objects.filter(stakeholder_id=mapped.town.pk).exists()
