"""Pages and endpoints that put admissions, charter drafts and rule changes to the vote,
for every role (members of another partnership get 404)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accord.decisions import services
from accord.decisions.models import DecisionRule, Proposal
from accord.decisions.services import subjects
from accord.partnerships import services as partnership_services
from accord.partnerships.models import MembershipStatus
from tests.api.conftest import Api
from tests.conftest import ROLES
from tests.decisions.conftest import rule

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


@pytest.fixture
def governed(world):
    """Simple majority in force; the youth network accepted and awaits admission; a draft."""
    rule(world, "Simple majority", preset="simple_majority")
    world.youth = partnership_services.membership_respond(
        actor=world.users["invitee"], membership=world.memberships["youth"], accept=True
    )
    world.draft = partnership_services.charter_draft_save(
        actor=world.users["coordinator"],
        partnership=world.partnership,
        common_outcome="A living lake.",
    )
    return world


def login(client, world, role):
    if role != "anonymous":
        client.force_login(world.user(role))
    return client


def propose_url(world):
    return reverse("decisions:subject_propose", args=[world.partnership.slug])


def test_members_page_offers_a_vote_instead_of_admitting(client, governed):
    login(client, governed, "coordinator")
    members = reverse("partnerships:membership_list", args=[governed.partnership.slug])
    page = client.get(members).content.decode()
    assert "Propose admitting Youth Network" in page
    assert "under “Simple majority”" in page
    assert 'value="admit"' not in page
    response = client.post(
        propose_url(governed), {"action": "admission", "membership": governed.youth.pk}
    )
    proposal = Proposal.objects.get(membership=governed.youth)
    assert response.status_code == 302
    assert response.url == reverse(
        "decisions:proposal_detail", args=[governed.partnership.slug, proposal.pk]
    )
    page = client.get(members).content.decode()
    assert "Being decided by vote (in deliberation)" in page
    assert "Propose admitting" not in page
    detail = client.get(response.url).content.decode()
    assert "What this decides: if accepted, <strong>Youth Network</strong> is admitted" in detail


def test_members_page_without_a_rule_keeps_direct_admission(client, world):
    partnership_services.membership_respond(
        actor=world.users["invitee"], membership=world.memberships["youth"], accept=True
    )
    login(client, world, "coordinator")
    page = client.get(
        reverse("partnerships:membership_list", args=[world.partnership.slug])
    ).content.decode()
    assert 'value="admit"' in page and "Propose admitting" not in page


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", ["admission", "charter"])
def test_proposing_by_page_for_every_role(client, governed, role, action):
    login(client, governed, role)
    data = (
        {"action": "admission", "membership": governed.youth.pk}
        if action == "admission"
        else {"action": "charter", "version": governed.draft.pk}
    )
    response = client.post(propose_url(governed), data)
    if role == "anonymous":
        assert response.status_code == 302 and "/accounts/login/" in response.url
    elif role not in INSIDERS:
        assert response.status_code == 404
    elif role == "coordinator":
        assert response.status_code == 302
    else:
        assert response.status_code == 403
    assert Proposal.objects.exists() == (role == "coordinator")


def test_membership_of_another_partnership_is_not_found(client, governed):
    other_membership = partnership_services.membership_invite(
        actor=governed.users["outsider"],
        partnership=governed.other_partnership,
        organization=governed.orgs["coop"],
    )
    login(client, governed, "coordinator")
    response = client.post(
        propose_url(governed), {"action": "admission", "membership": other_membership.pk}
    )
    assert response.status_code == 404
    assert not Proposal.objects.exists()


def test_charter_draft_put_to_the_vote_from_the_charter_page(client, governed):
    login(client, governed, "coordinator")
    charter = reverse("partnerships:charter_detail", args=[governed.partnership.slug])
    assert "Put draft v1 to the vote" in client.get(charter).content.decode()
    form = reverse("partnerships:charter_draft", args=[governed.partnership.slug])
    assert "Save and put to the vote" in client.get(form).content.decode()
    response = client.post(form, {"common_outcome": "A living lake for all.", "action": "propose"})
    proposal = Proposal.objects.get(charter_version=governed.draft)
    assert response.status_code == 302 and str(proposal.pk) in response.url
    page = client.get(charter).content.decode()
    assert "Draft v1 is being decided by vote" in page
    assert "Put draft v1 to the vote" not in page
    # The text that is voted on is the one saved with the proposal, and it is frozen.
    governed.draft.refresh_from_db()
    assert governed.draft.common_outcome == "A living lake for all."
    again = client.post(form, {"common_outcome": "Changed meanwhile", "action": "save"})
    assert again.status_code == 400 and "being decided on" in again.content.decode()
    governed.draft.refresh_from_db()
    assert governed.draft.common_outcome == "A living lake for all."


def test_changing_an_assigned_rule_from_the_rules_page_opens_a_proposal(client, governed):
    consensus = services.rule_create(
        actor=governed.users["coordinator"],
        partnership=governed.partnership,
        name="Consensus",
        preset="consensus",
    )
    login(client, governed, "coordinator")
    rules = reverse("decisions:rule_list", args=[governed.partnership.slug])
    response = client.post(rules, {"action": "assign", "kind": "general", "rule": consensus.pk})
    proposal = Proposal.objects.get(adopted_rule=consensus)
    assert response.status_code == 302 and str(proposal.pk) in response.url
    assert proposal.status == "deliberation" and proposal.kind == "general"
    assert "Being decided:" in client.get(rules).content.decode()


def test_decided_proposal_page_shows_its_effect(client, governed):
    proposal = subjects.admission_propose(
        actor=governed.users["coordinator"], membership=governed.youth
    )
    services.proposal_advance(
        actor=governed.users["coordinator"],
        proposal=proposal,
        closes_at=timezone.now() + timedelta(days=2),
    )
    for role in ("coordinator", "representative", "small_representative"):
        services.ballot_cast(actor=governed.users[role], proposal=proposal, choice="yes")
    services.proposal_close(actor=governed.users["coordinator"], proposal=proposal)
    login(client, governed, "staff")
    page = client.get(
        reverse("decisions:proposal_detail", args=[governed.partnership.slug, proposal.pk])
    ).content.decode()
    assert "Effect: Youth Network is admitted as a member." in page
    governed.youth.refresh_from_db()
    assert governed.youth.status == MembershipStatus.ADMITTED


# --- API ----------------------------------------------------------------------------------------


def _expected(role, ok=201):
    if role not in INSIDERS:
        return 401 if role == "anonymous" else 404
    return ok if role == "coordinator" else 403


@pytest.mark.parametrize("role", ROLES)
def test_admission_proposal_endpoint(client, governed, role):
    api = Api(client, governed)
    slug = governed.partnership.slug
    response = api.post(
        role, f"/partnerships/{slug}/memberships/{governed.youth.pk}/admission-proposal"
    )
    assert response.status_code == _expected(role)
    if response.status_code == 201:
        assert response.json()["membership_id"] == governed.youth.pk
        assert response.json()["status"] == "deliberation"
    assert Proposal.objects.exists() == (role == "coordinator")


@pytest.mark.parametrize("role", ROLES)
def test_charter_publication_proposal_endpoint(client, governed, role):
    api = Api(client, governed)
    slug = governed.partnership.slug
    response = api.post(
        role, f"/partnerships/{slug}/charter/versions/{governed.draft.pk}/publication-proposal"
    )
    assert response.status_code == _expected(role)
    assert Proposal.objects.exists() == (role == "coordinator")


@pytest.mark.parametrize("role", ROLES)
def test_rule_adoption_proposal_endpoint(client, governed, role):
    consensus = services.rule_create(
        actor=governed.users["coordinator"],
        partnership=governed.partnership,
        name="Consensus",
        preset="consensus",
    )
    api = Api(client, governed)
    slug = governed.partnership.slug
    response = api.post(
        role,
        f"/partnerships/{slug}/decision-rules/adoption-proposals",
        {"kind": "admission", "rule_id": consensus.pk},
    )
    assert response.status_code == _expected(role)
    if response.status_code == 201:
        assert response.json()["adopted_rule_id"] == consensus.pk
    assert Proposal.objects.exists() == (role == "coordinator")


def test_api_refuses_a_direct_change_of_the_rule_in_force(client, governed):
    consensus = services.rule_create(
        actor=governed.users["coordinator"],
        partnership=governed.partnership,
        name="Consensus",
        preset="consensus",
    )
    response = Api(client, governed).post(
        "coordinator",
        f"/partnerships/{governed.partnership.slug}/decision-rules/assignments",
        {"kind": "general", "rule_id": consensus.pk},
    )
    assert response.status_code == 409
    assert "propose adopting" in response.json()["detail"]
    assert DecisionRule.objects.get(pk=consensus.pk).assignments.count() == 0


def test_api_proposal_for_another_partnerships_draft_is_not_found(client, governed):
    draft = partnership_services.charter_draft_save(
        actor=governed.users["outsider"],
        partnership=governed.other_partnership,
        common_outcome="Skills.",
    )
    response = Api(client, governed).post(
        "coordinator",
        f"/partnerships/{governed.partnership.slug}/charter/versions/{draft.pk}/publication-proposal",
    )
    assert response.status_code == 404


@pytest.mark.parametrize("n", [3, 30])
def test_members_page_queries_stay_bounded_with_admissions_under_vote(
    client, governed, django_assert_max_num_queries, n
):
    from accord.partners import services as partner_services
    from tests.conftest import make_user

    coordinator = governed.users["coordinator"]
    for i in range(n):
        rep = make_user(f"rep{i}@candidate.test", f"Candidate rep {i}")
        org = partner_services.organization_create(
            actor=rep, name=f"Candidate {i}", sector="community", capacity="small"
        )
        membership = partnership_services.membership_invite(
            actor=coordinator, partnership=governed.partnership, organization=org
        )
        membership = partnership_services.membership_respond(
            actor=rep, membership=membership, accept=True
        )
        if i % 2:
            subjects.admission_propose(actor=coordinator, membership=membership)
    login(client, governed, "coordinator")
    url = reverse("partnerships:membership_list", args=[governed.partnership.slug])
    with django_assert_max_num_queries(19):
        page = client.get(url).content.decode()
    assert page.count("Being decided by vote") == n // 2
    assert page.count("Propose admitting") == n - n // 2 + 1  # + the youth network
