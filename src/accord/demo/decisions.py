"""Demo decision rules and proposals (data/decisions.json): candidate rules, and the
breeding-grounds closure that a simple majority would pass but the concurrent majority
rejects because the community sector says no; and the partnership's own group, the women
fish traders, whose consent a decision may require."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from accord.accounts.models import User
from accord.decisions import services
from accord.decisions.models import DecisionRule
from accord.demo import accounts, story
from accord.partners.models import Organization
from accord.partnerships import selectors as partnership_selectors
from accord.partnerships import services as partnership_services
from accord.partnerships.models import Partnership


def load(slug: str) -> bool:
    if DecisionRule.objects.filter(partnership__slug=slug).exists():
        return False
    chapter = story.data("decisions")[slug]
    partnership = Partnership.objects.get(slug=slug)
    coordinator = accounts.person(chapter["coordinator"])
    members = {
        o.name: o
        for o in Organization.objects.filter(
            memberships__partnership=partnership, memberships__status="admitted"
        )
    }
    rules = {}
    for rule in chapter["rules"]:
        fields = dict(rule)
        if "weights" in fields:
            fields["weights"] = {
                members[name].pk: weight for name, weight in rule["weights"].items()
            }
        rules[rule["name"]] = services.rule_create(
            actor=coordinator, partnership=partnership, **fields
        )
    for assignment in chapter["rule_assignments"]:
        services.rule_assign(
            actor=coordinator,
            partnership=partnership,
            kind=assignment["kind"],
            rule=rules[assignment["rule"]],
        )
    # The partnership's own groups beyond the sectors, whose consent a decision may need.
    for group in chapter.get("groups", []):
        partnership_services.group_create(
            actor=coordinator,
            partnership=partnership,
            name=group["name"],
            description=group.get("description", ""),
            organizations=[members[name].pk for name in group.get("organizations", [])],
            people=[accounts.person(email).pk for email in group.get("people", [])],
        )
    for proposal in chapter["proposals"]:
        _proposal_load(proposal, partnership, coordinator, members=members)
    # With a rule in force, amending the charter is a decision: the draft is put to the vote.
    if "charter_draft_proposal" in chapter:
        services.charter_publication_propose(
            actor=coordinator,
            version=partnership_selectors.charter_draft(partnership=partnership),
            body=chapter["charter_draft_proposal"]["body"],
        )
    # Creating the rules queued their power analyses for the task worker (as admitting the
    # members queued the default rule's). Compute them now, in about a second, so that the
    # first visit to the power analysis page after `make run` finds them ready instead of
    # "being computed"; the worker then finds them done (its tasks are idempotent).
    services.power_compute_queued()
    return True


def _proposal_load(
    data: dict[str, Any],
    partnership: Partnership,
    coordinator: User,
    *,
    members: dict[str, Organization],
) -> None:
    """A proposal taken through deliberation and a vote of the members' representatives
    to its close."""
    proposal = services.proposal_create(
        actor=coordinator, partnership=partnership, title=data["title"], body=data["body"]
    )
    services.proposal_advance(actor=coordinator, proposal=proposal)
    for comment in data["comments"]:
        services.comment_add(
            actor=accounts.person(comment["author"]),
            proposal=proposal,
            body=comment["body"],
            stance=comment["stance"],
        )
    services.proposal_advance(
        actor=coordinator,
        proposal=proposal,
        closes_at=timezone.now() + timedelta(days=data["voting_closes_in_days"]),
    )
    for name, choice in data["ballots"].items():
        member = members[name]
        representative = (
            member.affiliations.filter(is_representative=True).order_by("pk").first().user
        )
        services.ballot_cast(
            actor=representative, proposal=proposal, choice=choice, organization=member
        )
    services.proposal_close(
        actor=coordinator, proposal=proposal, rationale=data["closing_rationale"]
    )
