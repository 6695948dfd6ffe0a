"""A participation round opened by a decision under the partnership's rule (issue 12,
item 1), as admissions and the charter are: the coordinator puts the opening, with its
dates, to the vote; the accepted proposal opens the round."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accord.audit.models import Event
from accord.decisions import services as decision_services
from accord.decisions.models import Proposal
from accord.errors import Conflict
from accord.participation import services
from accord.participation.models import ParticipationRound
from tests.api.conftest import Api
from tests.conftest import ROLES
from tests.decisions.conftest import rule
from tests.participation.conftest import issues_round

pytestmark = pytest.mark.django_db


def _dates(days: int = 0) -> dict:
    now = timezone.now() + timedelta(days=days)
    return {
        "collect_until": now + timedelta(days=7),
        "review_until": now + timedelta(days=14),
        "vote_until": now + timedelta(days=21),
    }


@pytest.fixture
def governed(world):
    rule(world, "Simple majority", preset="simple_majority")
    world.round = issues_round(world)
    return world


def _close(world, proposal, choice):
    decision_services.proposal_advance(
        actor=world.users["coordinator"],
        proposal=proposal,
        closes_at=timezone.now() + timedelta(days=3),
    )
    for role in ("coordinator", "representative", "small_representative"):
        decision_services.ballot_cast(actor=world.users[role], proposal=proposal, choice=choice)
    return decision_services.proposal_close(actor=world.users["coordinator"], proposal=proposal)


def test_without_a_rule_the_opening_is_not_put_to_a_vote(world):
    round_ = issues_round(world)
    with pytest.raises(Conflict, match="no decision rule"):
        services.round_open_propose(actor=world.users["coordinator"], round_=round_, **_dates())
    assert not Proposal.objects.exists()
    assert ParticipationRound.objects.get(pk=round_.pk).phase == "draft"


@pytest.mark.parametrize(("choice", "phase"), [("yes", "collect"), ("no", "draft")])
def test_the_decision_opens_the_round(governed, choice, phase):
    proposal = services.round_open_propose(
        actor=governed.users["coordinator"], round_=governed.round, **_dates()
    )
    assert proposal.kind == "general" and proposal.status == "deliberation"
    with pytest.raises(Conflict, match="already decides"):
        services.round_open_propose(
            actor=governed.users["coordinator"], round_=governed.round, **_dates()
        )
    decision = _close(governed, proposal, choice)
    round_ = ParticipationRound.objects.get(pk=governed.round.pk)
    assert round_.phase == phase
    if choice == "yes":
        assert decision.effect == f"The round “{round_.title}” is open."
        assert Event.objects.filter(
            verb="participation.round_opened", summary__contains="by the decision"
        ).exists()
    else:
        assert "stays a draft" in decision.effect


@pytest.mark.parametrize("role", ROLES)
def test_page_for_every_role(client, governed, role):
    url = reverse("participation:round_detail", args=[governed.partnership.slug, governed.round.pk])
    if role != "anonymous":
        client.force_login(governed.user(role))
    body = {
        "action": "propose_open",
        **{k: v.strftime("%Y-%m-%dT%H:%M") for k, v in _dates(1).items()},
    }
    response = client.post(url, body)
    proposal = Proposal.objects.filter(title__startswith="Open the round").first()
    if role == "coordinator":
        assert response.status_code == 302, response.content[:400]
        assert proposal is not None
    else:
        assert proposal is None
        assert response.status_code in (302, 403, 404)


@pytest.mark.parametrize("role", ROLES)
def test_api_for_every_role(client, governed, role):
    api = Api(client, governed)
    path = f"/partnerships/{governed.partnership.slug}/rounds/{governed.round.pk}/opening-proposal"
    body = {k: v.isoformat() for k, v in _dates().items()}
    response = api.post(role, path, body)
    expected = {"anonymous": 401, "stranger": 404, "outsider": 404, "coordinator": 201}.get(role)
    if expected is not None:
        assert response.status_code == expected, response.content
    else:
        assert response.status_code in (403, 404), response.content
    assert Proposal.objects.exists() == (role == "coordinator")
