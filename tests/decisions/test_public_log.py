"""The public sees what a public partnership decided (issue 16, item 5): the decision log,
its CSV and its API are public for a public partnership, and stay for insiders of a
members-only one; who voted how is shown only where the ballots were open."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accord.decisions import services
from tests.api.conftest import Api
from tests.conftest import ROLES
from tests.decisions.conftest import proposal_in_voting, rule

pytestmark = pytest.mark.django_db

INSIDERS = {
    "coordinator",
    "representative",
    "small_representative",
    "staff",
    "community",
    "observer",
    "invitee",
    "admin",
}
VOTES = {"coordinator": "yes", "representative": "no", "small_representative": "yes"}


def decide(world, title, secrecy="open"):
    rule(world, f"Rule {title}", preset="simple_majority", secrecy=secrecy)
    proposal = proposal_in_voting(world, title=title)
    for role, choice in VOTES.items():
        services.ballot_cast(
            actor=world.users[role],
            proposal=proposal,
            choice=choice,
            reason="Keeps the nets out" if role == "representative" else "",
        )
    return services.proposal_close(actor=None, proposal=proposal, now=proposal.voting_closes_at)


def client_for(client, world, role):
    if role != "anonymous":
        client.force_login(world.user(role))
    return client


@pytest.mark.parametrize("role", ROLES)
def test_public_log_for_every_role(client, public_world, role):
    decide(public_world, "Open vote")
    decide(public_world, "Secret vote", secrecy="secret")
    response = client_for(client, public_world, role).get(
        reverse("decisions:decision_log", args=[public_world.partnership.slug])
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Open vote" in html and "Secret vote" in html
    # open ballots: who voted how; secret: numbers only
    assert "Who voted how (open ballots)" in html
    assert html.count("Who voted how (open ballots)") == 1
    assert "Foundation" in html and "Keeps the nets out" in html
    assert "Secret ballots: only the numbers are shown." in html
    # the PrefLib ballots and the proposal pages stay with the members
    assert ("Ballots (PrefLib)" in html) == (role in INSIDERS)
    proposal_link = reverse("decisions:proposal_list", args=[public_world.partnership.slug])
    assert (f'href="{proposal_link}"' in html) == (role in INSIDERS)
    csv = client.get(reverse("decisions:decision_log_export", args=[public_world.partnership.slug]))
    assert csv.status_code == 200 and b"Secret vote" in csv.content


@pytest.mark.parametrize("role", ROLES)
def test_members_only_log_stays_inside(client, world, role):
    decide(world, "Inside vote")
    response = client_for(client, world, role).get(
        reverse("decisions:decision_log", args=[world.partnership.slug])
    )
    assert response.status_code == (200 if role in INSIDERS else 404)
    assert (b"Inside vote" in response.content) == (role in INSIDERS)
    csv = client.get(reverse("decisions:decision_log_export", args=[world.partnership.slug]))
    assert csv.status_code == (200 if role in INSIDERS else 404)


@pytest.mark.parametrize("role", ["anonymous", "stranger", "outsider"])
def test_the_public_does_not_reach_the_proposals(client, public_world, role):
    decision = decide(public_world, "Open vote")
    slug = public_world.partnership.slug
    c = client_for(client, public_world, role)
    detail = c.get(reverse("decisions:proposal_detail", args=[slug, decision.proposal_id]))
    assert detail.status_code in (302, 403)
    ballots = c.get(reverse("decisions:proposal_ballots_export", args=[slug, decision.proposal_id]))
    assert ballots.status_code in (302, 403)


@pytest.mark.parametrize("role", ROLES)
def test_api_public_log(client, public_world, role):
    decide(public_world, "Open vote")
    decide(public_world, "Secret vote", secrecy="secret")
    response = Api(client, public_world).get(
        role, f"/partnerships/{public_world.partnership.slug}/decisions"
    )
    assert response.status_code == 200
    by_title = {d["title"]: d for d in response.json()}
    open_votes = {v["voter"]: v["choice"] for v in by_title["Open vote"]["votes"]}
    assert open_votes == {"County": "Yes", "Foundation": "No", "Fisher Coop": "Yes"}
    assert by_title["Secret vote"]["votes"] == []
    assert by_title["Secret vote"]["counts"]["totals"]["yes"] == 2


@pytest.mark.parametrize("role", ROLES)
def test_api_members_only_log(client, world, role):
    decide(world, "Inside vote")
    response = Api(client, world).get(role, f"/partnerships/{world.partnership.slug}/decisions")
    assert response.status_code == (200 if role in INSIDERS else 404)


def test_log_queries_are_bounded(client, public_world, django_assert_max_num_queries):
    decide(public_world, "First")
    url = reverse("decisions:decision_log", args=[public_world.partnership.slug])
    with django_assert_max_num_queries(25):
        client.get(url)
    for k in range(4):
        decide(public_world, f"Vote {k}")
    with django_assert_max_num_queries(25):
        assert client.get(url).status_code == 200
