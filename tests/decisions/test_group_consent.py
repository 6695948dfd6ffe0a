"""Group safeguards (issue 16, item 3): quorum and consent groups in the rule form, the
partnership's own groups, and group consent (free, prior and informed consent) on yes/no,
ranked, approval and score decisions, with the reason recorded and explained."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accord.decisions import explanations, services
from accord.decisions.models import Ballot, DecisionRule, Proposal
from accord.errors import Invalid
from accord.partnerships import services as partnership_services
from tests.api.conftest import Api
from tests.decisions.conftest import proposal_in_voting, rule

pytestmark = pytest.mark.django_db

NAMES = ["Harbour wall", "Hatchery", "Dam on the upper river"]


def indigenous(world):
    """The coop (an organization) and Cleo (a community participant)."""
    return partnership_services.group_create(
        actor=world.users["coordinator"],
        partnership=world.partnership,
        name="Indigenous peoples of the basin",
        organizations=[world.orgs["coop"].pk],
        people=[world.users["community"].pk],
    )


def choice(world, preset, affected, **rule_kwargs):
    rule(world, f"{preset} {DecisionRule.objects.count() + 1}", preset=preset, **rule_kwargs)
    coordinator = world.users["coordinator"]
    proposal = services.proposal_create(
        actor=coordinator,
        partnership=world.partnership,
        title="Where the fund goes",
        affected_groups=affected,
    )
    services.alternatives_set(actor=coordinator, proposal=proposal, names=NAMES)
    services.proposal_advance(actor=coordinator, proposal=proposal)
    services.proposal_advance(
        actor=coordinator, proposal=proposal, closes_at=timezone.now() + timedelta(hours=48)
    )
    return Proposal.objects.get(pk=proposal.pk)


def ids(proposal):
    return {a["name"]: a["id"] for a in proposal.rule_snapshot["alternatives"]}


def close_now(proposal):
    Proposal.objects.filter(pk=proposal.pk).update(voting_closes_at=timezone.now())
    proposal.refresh_from_db()
    return services.proposal_close(actor=None, proposal=proposal)


def rank_all(world, proposal, order, *, coop_withholds=False):
    alt = ids(proposal)
    ranking = [alt[n] for n in order]
    for org, user in (
        ("county", "coordinator"),
        ("foundation", "representative"),
        ("coop", "small_representative"),
    ):
        withhold = coop_withholds and org == "coop"
        services.ballot_cast(
            actor=world.users[user],
            proposal=proposal,
            organization=world.orgs[org],
            ranking=ranking,
            withhold_consent=withhold,
            reason="It floods our ancestral land." if withhold else "",
        )


def test_the_group_blocks_a_ranked_decision_that_affects_its_land(world):
    group = indigenous(world)
    proposal = choice(world, "ranked_schulze", [group.code])
    frozen = proposal.rule_snapshot["group_consent"]
    assert frozen == [
        {
            "code": group.code,
            "label": "Indigenous peoples of the basin",
            "organizations": [world.orgs["coop"].pk],
            "people": [world.users["community"].pk],
        }
    ]
    rank_all(
        world, proposal, ["Dam on the upper river", "Hatchery", "Harbour wall"], coop_withholds=True
    )
    decision = close_now(proposal)
    assert decision.outcome == "rejected"
    assert decision.decided_by == "group_consent"
    assert decision.counts["winner"]["name"] == "Dam on the upper river"
    (verdict,) = decision.counts["group_consent"]
    assert verdict == {
        "group": group.code,
        "label": "Indigenous peoples of the basin",
        "members": 1,  # in the organizations chamber, the coop
        "voted": 1,
        "withheld": 1,
        "consented": False,
        "reasons": ["It floods our ancestral land."],
    }
    assert decision.counts["why"]["code"] == "group_consent_withheld"
    assert decision.reason == (
        "“Dam on the upper river” would be chosen, but the group 'Indigenous peoples of the "
        "basin' withholds its consent (1 of its 1 members who voted withhold it): “It floods "
        "our ancestral land.”. The decision is blocked (free, prior and informed consent)."
    )
    assert Proposal.objects.get(pk=proposal.pk).status == "rejected"


def test_without_withholding_the_choice_stands(world):
    group = indigenous(world)
    proposal = choice(world, "ranked_schulze", [group.code])
    rank_all(world, proposal, ["Hatchery", "Harbour wall", "Dam on the upper river"])
    decision = close_now(proposal)
    assert decision.outcome == "accepted"
    assert decision.counts["group_consent"][0]["consented"] is True
    assert decision.counts["why"]["code"] == "choice_chosen"


def test_silence_is_not_consent_for_an_approval_vote(world):
    proposal = choice(world, "approval_vote", ["community"])
    alt = ids(proposal)
    for org, user in (("county", "coordinator"), ("foundation", "representative")):
        services.ballot_cast(
            actor=world.users[user],
            proposal=proposal,
            organization=world.orgs[org],
            approvals=[alt["Hatchery"]],
        )
    decision = close_now(proposal)
    assert decision.outcome == "rejected"
    (verdict,) = decision.counts["group_consent"]
    assert (verdict["label"], verdict["voted"], verdict["consented"]) == ("Community", 0, False)
    assert "silence is not consent" in decision.reason


def test_score_vote_with_rule_level_consent_group(world):
    group = indigenous(world)
    proposal = choice(world, "score_vote_0_5", [], consent_groups=[group.code])
    alt = ids(proposal)
    scores = {alt["Harbour wall"]: 1, alt["Hatchery"]: 5, alt["Dam on the upper river"]: 0}
    services.ballot_cast(
        actor=world.users["small_representative"],
        proposal=proposal,
        organization=world.orgs["coop"],
        scores=scores,
        withhold_consent=True,
        reason="Not asked in our language.",
    )
    decision = close_now(proposal)
    assert decision.outcome == "rejected"
    assert decision.counts["group_consent"][0]["reasons"] == ["Not asked in our language."]


def test_withholding_needs_a_reason_and_a_consent_decision(world):
    proposal = choice(world, "ranked_schulze", [])
    alt = ids(proposal)
    with pytest.raises(Invalid) as raised:
        services.ballot_cast(
            actor=world.users["small_representative"],
            proposal=proposal,
            organization=world.orgs["coop"],
            ranking=[alt["Hatchery"]],
            withhold_consent=True,
            reason="no",
        )
    assert "withhold_consent" in raised.value.field_errors
    group = indigenous(world)
    proposal = choice(
        world,
        "ranked_schulze",
        [group.code],
    )
    with pytest.raises(Invalid) as raised:
        services.ballot_cast(
            actor=world.users["small_representative"],
            proposal=proposal,
            organization=world.orgs["coop"],
            ranking=[ids(proposal)["Hatchery"]],
            withhold_consent=True,
        )
    assert "reason" in raised.value.field_errors
    assert not Ballot.objects.filter(proposal=proposal).exists()


def test_a_yes_no_motion_blocked_by_an_own_group(world):
    group = indigenous(world)
    proposal = proposal_in_voting(world, affected_groups=[group.code])
    assert proposal.rule_snapshot["group_consent"][0]["code"] == group.code
    for org, user, choice_ in (
        ("county", "coordinator", "yes"),
        ("foundation", "representative", "yes"),
        ("coop", "small_representative", "no"),
    ):
        services.ballot_cast(
            actor=world.users[user], proposal=proposal, organization=world.orgs[org], choice=choice_
        )
    decision = close_now(proposal)
    assert decision.outcome == "rejected"
    assert decision.decided_by == "group_consent"
    assert decision.counts["why"]["params"]["passed"]["code"] == "accepted"
    assert decision.reason.startswith(
        "The proposal would pass, but the group 'Indigenous peoples of the basin' withholds"
    )


def test_unknown_groups_are_refused_and_change_nothing(world, other_group=None):
    coordinator = world.users["coordinator"]
    before = (Proposal.objects.count(), DecisionRule.objects.count())
    with pytest.raises(Invalid) as raised:
        services.proposal_create(
            actor=coordinator,
            partnership=world.partnership,
            title="X",
            affected_groups=["group-999"],
        )
    assert "affected_groups" in raised.value.field_errors
    with pytest.raises(Invalid) as raised:
        services.rule_create(
            actor=coordinator,
            partnership=world.partnership,
            name="With a ghost",
            preset="simple_majority",
            consent_groups=["elves"],
        )
    assert "consent_groups" in raised.value.field_errors
    # another partnership's group is unknown here
    outsider_group = partnership_services.group_create(
        actor=world.users["outsider"],
        partnership=world.other_partnership,
        name="Teachers",
        organizations=[world.orgs["school"].pk],
    )
    with pytest.raises(Invalid):
        services.rule_create(
            actor=coordinator,
            partnership=world.partnership,
            name="Theirs",
            preset="simple_majority",
            consent_groups=[outsider_group.code],
        )
    assert (Proposal.objects.count(), DecisionRule.objects.count()) == before


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"quorum_overall": "3/2"}, "quorum_overall"),
        ({"quorum_per_group": "abc"}, "quorum_per_group"),
        ({"preset": "approval_vote", "quorum_overall": "1/2"}, "quorum_overall"),
    ],
)
def test_bad_quorum_is_refused(world, fields, error):
    with pytest.raises(Invalid) as raised:
        services.rule_create(
            actor=world.users["coordinator"],
            partnership=world.partnership,
            name="Q",
            **{"preset": "simple_majority", **fields},
        )
    assert error in raised.value.field_errors
    assert not DecisionRule.objects.exists()


def test_quorum_per_group_from_the_form_fields(world):
    made = services.rule_create(
        actor=world.users["coordinator"],
        partnership=world.partnership,
        name="Q",
        preset="simple_majority",
        quorum_overall="1/2",
        quorum_per_group="1",
        consent_groups=["community"],
    )
    assert made.spec["quorum"] == {"overall": "1/2", "per_group": 1}
    assert made.consent_groups == ["community"]


# --- the rule form (no JSON, no ids) -------------------------------------------------------------


def test_rule_form_opens_on_the_presets_and_offers_groups_and_weights_by_name(client, world):
    group = indigenous(world)
    client.force_login(world.users["coordinator"])
    page = client.get(
        reverse("decisions:rule_list", args=[world.partnership.slug])
    ).content.decode()
    form = page[page.index("New rule") :]
    assert 'option value="simple_majority" selected' in form
    assert form.index('name="preset"') < form.index('name="quorum_overall"')
    assert "Indigenous peoples of the basin" in form
    assert "Weight of Fisher Coop" in form
    assert "organization id" not in page
    assert form.index('name="spec"') > form.index('name="secrecy"')  # the JSON box comes last
    response = client.post(
        reverse("decisions:rule_list", args=[world.partnership.slug]),
        {
            "action": "create",
            "name": "Weighted, with consent",
            "preset": "weighted_by_contribution_capped_30",
            "quorum_overall": "1/2",
            "quorum_per_group": "1",
            "consent_groups": [group.code, "community"],
            "weights_mode": "custom",
            f"weight_{world.orgs['coop'].pk}": "2",
            f"weight_{world.orgs['county'].pk}": "1.5",
            "secrecy": "open",
            "voters": "organizations",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    made = DecisionRule.objects.get(name="Weighted, with consent")
    assert made.weights == {str(world.orgs["coop"].pk): "2", str(world.orgs["county"].pk): "3/2"}
    assert made.consent_groups == [group.code, "community"]
    assert made.spec["quorum"]["per_group"] == 1
    listing = client.get(reverse("decisions:rule_list", args=[world.partnership.slug])).content
    assert b"Indigenous peoples of the basin, Community" in listing


def test_rule_form_unknown_group_is_an_error_beside_its_field(client, world):
    client.force_login(world.users["coordinator"])
    response = client.post(
        reverse("decisions:rule_list", args=[world.partnership.slug]),
        {
            "action": "create",
            "name": "Ghost",
            "preset": "simple_majority",
            "consent_groups": ["group-424242"],
            "weights_mode": "equal",
            "secrecy": "open",
        },
    )
    assert response.status_code in (200, 400)
    assert not DecisionRule.objects.filter(name="Ghost").exists()


# --- the decision card and the API ----------------------------------------------------------------


def test_the_card_explains_the_block(client, world):
    group = indigenous(world)
    proposal = choice(world, "ranked_schulze", [group.code])
    rank_all(
        world, proposal, ["Dam on the upper river", "Hatchery", "Harbour wall"], coop_withholds=True
    )
    close_now(proposal)
    client.force_login(world.users["observer"])
    page = client.get(
        reverse("decisions:proposal_detail", args=[world.partnership.slug, proposal.pk])
    ).content.decode()
    assert "Affects, and needs the consent of: Indigenous peoples of the basin." in page
    assert "withholds its consent" in page
    assert "withheld: blocks the decision" in page
    assert "It floods our ancestral land." in page
    assert "Most supported, but blocked:" in page
    assert group.code not in page


def test_the_ballot_form_offers_withholding(client, world):
    group = indigenous(world)
    proposal = choice(world, "ranked_schulze", [group.code])
    client.force_login(world.users["small_representative"])
    url = reverse("decisions:proposal_detail", args=[world.partnership.slug, proposal.pk])
    page = client.get(url).content.decode()
    assert 'name="withhold_consent"' in page
    alt = ids(proposal)
    response = client.post(
        url,
        {
            "action": "vote",
            "organization": world.orgs["coop"].pk,
            f"alternative_{alt['Hatchery']}": "1",
            f"alternative_{alt['Harbour wall']}": "2",
            f"alternative_{alt['Dam on the upper river']}": "3",
            "withhold_consent": "on",
            "reason": "Our river.",
        },
    )
    assert response.status_code == 302
    ballot = Ballot.objects.get(proposal=proposal)
    assert ballot.preferences["withhold_consent"] is True
    assert ballot.reason == "Our river."


def test_api_rule_and_ballot(client, world):
    group = indigenous(world)
    api = Api(client, world)
    made = api.post(
        "coordinator",
        f"/partnerships/{world.partnership.slug}/decision-rules",
        {
            "name": "R",
            "preset": "simple_majority",
            "consent_groups": [group.code],
            "quorum_per_group": "1",
        },
    )
    assert made.status_code == 201
    assert made.json()["consent_groups"] == [group.code]
    bad = api.post(
        "coordinator",
        f"/partnerships/{world.partnership.slug}/decision-rules",
        {"name": "S", "preset": "simple_majority", "consent_groups": ["group-0"]},
    )
    assert bad.status_code == 400
    proposal = choice(world, "ranked_schulze", [group.code])
    alt = ids(proposal)
    cast = api.post(
        "small_representative",
        f"/partnerships/{world.partnership.slug}/proposals/{proposal.pk}/ballots",
        {
            "organization_id": world.orgs["coop"].pk,
            "ranking": [alt["Hatchery"]],
            "withhold_consent": True,
            "reason": "Our river.",
        },
    )
    assert cast.status_code == 201, cast.content


def test_explanation_template_is_registered():
    assert explanations.TEMPLATES["group_consent_withheld"].endswith("group_blocked.html")
