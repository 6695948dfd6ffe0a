"""Pooled money by the partnership's rule (issue 16, item 2): a coordinator approves support
requests until the partnership has a rule for allocating pooled money; from then on a vote
under it decides, like admissions and the charter."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accord.audit.models import Event
from accord.decisions import services as decision_services
from accord.decisions.models import Proposal
from accord.errors import Conflict
from accord.resources import services
from accord.resources.models import SupportRequest
from tests.api.conftest import Api
from tests.conftest import ROLES
from tests.decisions.conftest import rule
from tests.resources.test_views_and_api import login

pytestmark = pytest.mark.django_db

VOTERS = ("coordinator", "representative", "small_representative")


@pytest.fixture
def asked(world):
    world.support = services.support_request_create(
        actor=world.users["small_representative"],
        partnership=world.partnership,
        organization=world.orgs["coop"],
        kind="travel",
        description="Bus fares to the assembly",
        amount="3000",
        currency_code="KES",
    )
    return world


@pytest.fixture
def governed(asked):
    rule(asked, "Simple majority", preset="simple_majority")
    return asked


def _close(world, proposal, choices):
    decision_services.proposal_advance(
        actor=world.users["coordinator"],
        proposal=proposal,
        closes_at=timezone.now() + timedelta(days=3),
    )
    for role, choice in choices.items():
        decision_services.ballot_cast(actor=world.users[role], proposal=proposal, choice=choice)
    return decision_services.proposal_close(actor=world.users["coordinator"], proposal=proposal)


def test_without_a_rule_the_coordinator_decides(asked):
    assert services.support_rule(partnership=asked.partnership) is None
    with pytest.raises(Conflict, match="no rule for allocating pooled money"):
        services.support_request_propose(actor=asked.users["coordinator"], request=asked.support)
    services.support_request_decide(
        actor=asked.users["coordinator"], request=asked.support, approve=True
    )
    assert SupportRequest.objects.get(pk=asked.support.pk).status == "approved"


def test_under_a_rule_direct_approval_is_refused_and_nothing_changes(governed):
    with pytest.raises(Conflict, match="decided by a vote under “Simple majority”"):
        services.support_request_decide(
            actor=governed.users["coordinator"], request=governed.support, approve=True
        )
    assert SupportRequest.objects.get(pk=governed.support.pk).status == "requested"
    assert not Event.objects.filter(verb="support.decided").exists()


@pytest.mark.parametrize(
    ("choices", "status", "effect"),
    [
        ({"coordinator": "yes", "representative": "yes", "small_representative": "no"},
         "approved", "Fisher Coop's request for support is approved."),
        ({"coordinator": "no", "representative": "no", "small_representative": "yes"},
         "declined", "Fisher Coop's request for support is declined."),
    ],
)  # fmt: skip
def test_the_vote_decides_the_request(governed, choices, status, effect):
    proposal = services.support_request_propose(
        actor=governed.users["coordinator"], request=governed.support
    )
    assert proposal.kind == "allocation" and proposal.status == "deliberation"
    assert SupportRequest.objects.get(pk=governed.support.pk).proposal_id == proposal.pk
    with pytest.raises(Conflict, match="already decides"):
        services.support_request_propose(
            actor=governed.users["coordinator"], request=governed.support
        )
    decision = _close(governed, proposal, choices)
    assert decision.effect == effect
    assert SupportRequest.objects.get(pk=governed.support.pk).status == status
    event = Event.objects.get(verb="support.decided")
    assert "(decided by vote)" in event.summary and event.data["proposal_id"] == proposal.pk


@pytest.mark.parametrize("role", ROLES)
def test_putting_to_the_vote_on_the_page_for_every_role(client, governed, role):
    url = reverse("resources:support_decide", args=[governed.partnership.slug, governed.support.pk])
    response = login(client, governed, role).post(url, {"decision": "vote"})
    proposal = Proposal.objects.filter(kind="allocation").first()
    if role == "coordinator":
        assert response.status_code == 302 and proposal is not None
        assert response.url == reverse(
            "decisions:proposal_detail", args=[governed.partnership.slug, proposal.pk]
        )
    else:
        expected = {"anonymous": 302, "stranger": 404, "outsider": 404}.get(role, 403)
        assert response.status_code == expected and proposal is None


def test_the_page_offers_the_vote_instead_of_approving(client, governed):
    client.force_login(governed.users["coordinator"])
    page = client.get(reverse("resources:support_list", args=[governed.partnership.slug]))
    html = page.content.decode()
    assert 'value="vote"' in html and "Simple majority" in html
    assert 'value="approve"' not in html


@pytest.mark.parametrize("role", ROLES)
def test_api_vote_for_every_role(client, governed, role):
    api = Api(client, governed)
    path = f"/partnerships/{governed.partnership.slug}/support-requests/{governed.support.pk}/vote"
    response = api.post(role, path)
    expected = {"anonymous": 401, "stranger": 404, "outsider": 404, "coordinator": 201}.get(
        role, 403
    )
    assert response.status_code == expected, response.content
    if expected == 201:
        assert response.json()["proposal_id"] == Proposal.objects.get(kind="allocation").pk
    decide = (
        f"/partnerships/{governed.partnership.slug}/support-requests/{governed.support.pk}/decision"
    )
    if role == "coordinator":
        assert api.post(role, decide, {"decision": "approve"}).status_code == 409
