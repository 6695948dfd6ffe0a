"""Every decisions endpoint for every role."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from accord.decisions import services
from accord.decisions.models import Ballot, Comment, DecisionRule, Proposal
from accord.decisions.tasks import proposal_close_when_due
from tests.api.conftest import Api
from tests.conftest import ROLES
from tests.decisions.conftest import power_computed, proposal_in_voting

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
VOTERS = {"coordinator", "representative", "small_representative"}


def expected(role, allowed, ok=200):
    if role not in INSIDERS:
        return 401 if role == "anonymous" else 404
    return ok if role in allowed else 403


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    "suffix",
    [
        "/proposals",
        "/proposals/{id}",
        "/proposals/{id}/comments",
        "/decision-rules",
        "/decision-rules/power",
        "/decisions",
    ],
)
def test_reads_for_every_role(client, voting, role, suffix):
    power_computed()  # what the task worker does after the admissions of the fixture
    api = Api(client, voting)
    path = f"/partnerships/{voting.partnership.slug}" + suffix.format(id=voting.proposal.pk)
    response = api.get(role, path)
    assert response.status_code == (200 if role in INSIDERS else 404)


@pytest.mark.parametrize("role", ROLES)
def test_cast_ballot(client, voting, role):
    api = Api(client, voting)
    response = api.post(
        role,
        f"/partnerships/{voting.partnership.slug}/proposals/{voting.proposal.pk}/ballots",
        {"choice": "abstain"},
    )
    assert response.status_code == expected(role, VOTERS, 201)
    assert Ballot.objects.exists() == (role in VOTERS)


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"choice": "maybe"}, 422),
        ({"choice": "object"}, 400),
        ({"choice": "yes", "organization_id": 999999}, 403),
    ],
)
def test_bad_ballots(client, voting, body, status):
    api = Api(client, voting)
    path = f"/partnerships/{voting.partnership.slug}/proposals/{voting.proposal.pk}/ballots"
    response = api.post("representative", path, body)
    assert response.status_code == status and response.json()["detail"]
    assert not Ballot.objects.exists()


def test_ballot_after_close_is_409(client, voting):
    Proposal.objects.filter(pk=voting.proposal.pk).update(voting_closes_at=timezone.now())
    api = Api(client, voting)
    path = f"/partnerships/{voting.partnership.slug}/proposals/{voting.proposal.pk}/ballots"
    response = api.post("representative", path, {"choice": "yes"})
    assert response.status_code == 409
    assert not Ballot.objects.exists()
    proposal_close_when_due.call(voting.proposal.pk)  # what the worker does at the deadline
    detail = api.get(
        "observer", f"/partnerships/{voting.partnership.slug}/proposals/{voting.proposal.pk}"
    ).json()
    assert detail["status"] == "rejected" and detail["decision"]["outcome"] == "rejected"


@pytest.mark.parametrize("role", ROLES)
def test_create_proposal(client, world, role):
    api = Api(client, world)
    response = api.post(
        role, f"/partnerships/{world.partnership.slug}/proposals", {"title": "Nets"}
    )
    assert response.status_code == expected(role, VOTERS, 201)
    assert Proposal.objects.exists() == (role in VOTERS)


@pytest.mark.parametrize("role", ROLES)
def test_comment(client, voting, role):
    api = Api(client, voting)
    response = api.post(
        role,
        f"/partnerships/{voting.partnership.slug}/proposals/{voting.proposal.pk}/comments",
        {"body": "Hi", "stance": "support"},
    )
    allowed = VOTERS | {"staff", "community"}
    assert response.status_code == expected(role, allowed, 201)
    assert Comment.objects.exists() == (role in allowed)


@pytest.mark.parametrize("role", ROLES)
def test_create_rule_and_assign(client, world, role):
    api = Api(client, world)
    base = f"/partnerships/{world.partnership.slug}/decision-rules"
    response = api.post(
        role, base, {"name": "Consent", "preset": "consent", "secrecy": "anonymous"}
    )
    assert response.status_code == expected(role, {"coordinator"}, 201)
    if role == "coordinator":
        rule_id = response.json()["id"]
        assigned = api.post(role, f"{base}/assignments", {"kind": "general", "rule_id": rule_id})
        assert assigned.status_code == 200
        assert api.get(role, base).json()[0]["assigned_to"] == ["general"]
    else:
        assert not DecisionRule.objects.exists()


def test_advance_close_and_log(client, world):
    api = Api(client, world)
    base = f"/partnerships/{world.partnership.slug}/proposals"
    proposal_id = api.post(
        "coordinator", base, {"title": "Fish ladder", "affected_groups": ["community"]}
    ).json()["id"]
    assert api.post("representative", f"{base}/{proposal_id}/advance", {}).status_code == 403
    assert (
        api.post("coordinator", f"{base}/{proposal_id}/advance", {}).json()["status"]
        == "deliberation"
    )
    assert api.post("coordinator", f"{base}/{proposal_id}/advance", {}).status_code == 400
    closes_at = (timezone.now() + timedelta(days=1)).isoformat()
    opened = api.post("coordinator", f"{base}/{proposal_id}/advance", {"closes_at": closes_at})
    assert opened.json()["status"] == "voting"
    for role, choice in (
        ("coordinator", "yes"),
        ("representative", "yes"),
        ("small_representative", "no"),
    ):
        assert (
            api.post(role, f"{base}/{proposal_id}/ballots", {"choice": choice}).status_code == 201
        )
    closed = api.post("coordinator", f"{base}/{proposal_id}/close", {"rationale": "Coop said no."})
    assert closed.status_code == 200
    assert closed.json()["outcome"] == "rejected" and closed.json()["decided_by"] == "group_consent"
    log = api.get("observer", f"/partnerships/{world.partnership.slug}/decisions").json()
    assert [d["title"] for d in log] == ["Fish ladder"] and log[0]["rationale"] == "Coop said no."
    detail = api.get("staff", f"{base}/{proposal_id}").json()
    assert {b["choice"] for b in detail["ballots"]} == {"yes", "no"}


def test_power_endpoint_compares_rules(client, world):
    coordinator = world.users["coordinator"]
    a = services.rule_create(
        actor=coordinator, partnership=world.partnership, name="A", preset="consensus"
    )
    b = services.rule_create(
        actor=coordinator, partnership=world.partnership, name="B", preset="simple_majority"
    )
    power_computed()
    api = Api(client, world)
    response = api.get(
        "staff",
        f"/partnerships/{world.partnership.slug}/decision-rules/power?rules={a.pk}&rules={b.pk}",
    )
    assert [r["name"] for r in response.json()] == ["A", "B"]
    assert all(m["is_veto"] for m in response.json()[0]["members"])
    default = api.get(
        "staff", f"/partnerships/{world.partnership.slug}/decision-rules/power"
    ).json()
    assert default[0]["name"] == "Simple majority (default)"
    other = services.rule_create(
        actor=world.users["outsider"],
        partnership=world.other_partnership,
        name="O",
        preset="consensus",
    )
    missing = api.get(
        "staff", f"/partnerships/{world.partnership.slug}/decision-rules/power?rules={other.pk}"
    )
    assert missing.status_code == 404


def test_secret_vote_hides_names_in_api(client, world):
    services.rule_assign(
        actor=world.users["coordinator"],
        partnership=world.partnership,
        kind="general",
        rule=services.rule_create(
            actor=world.users["coordinator"],
            partnership=world.partnership,
            name="S",
            preset="simple_majority",
            secrecy="secret",
        ),
    )
    proposal = proposal_in_voting(world)
    services.ballot_cast(actor=world.users["representative"], proposal=proposal, choice="yes")
    detail = (
        Api(client, world)
        .get("staff", f"/partnerships/{world.partnership.slug}/proposals/{proposal.pk}")
        .json()
    )
    assert detail["voted"] == [] and detail["ballots"] == [] and detail["secrecy"] == "secret"


@pytest.mark.parametrize("role", ROLES)
def test_rationale_endpoint(client, voting, role):
    Proposal.objects.filter(pk=voting.proposal.pk).update(voting_closes_at=timezone.now())
    proposal_close_when_due.call(voting.proposal.pk)
    api = Api(client, voting)
    path = f"/partnerships/{voting.partnership.slug}/proposals/{voting.proposal.pk}/rationale"
    response = api.post(role, path, {"rationale": "Deadline passed."})
    assert response.status_code == expected(role, {"coordinator"})
