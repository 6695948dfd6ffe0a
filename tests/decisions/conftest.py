"""Fixtures for decisions: a proposal in voting on ``world``, and a nine-member partnership."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from accord.decisions import services
from tests.conftest import make_user

#: The six members added to ``world``'s three (County: public, Fisher Coop: community,
#: Foundation: philanthropic) for the demo story: 3 public, 3 community, 1 philanthropic,
#: 1 private, 1 academic.
EXTRA_MEMBERS = [
    ("Lake Water Authority", "public"),
    ("Ministry of Fisheries", "public"),
    ("Shore Women's Group", "community"),
    ("Island Youth Council", "community"),
    ("Tilapia Traders Ltd", "private"),
    ("Lake University", "academic"),
]


def add_member(world: Any, name: str, sector: str) -> Any:
    """A new organization with its own representative, invited, accepted and admitted."""
    from accord.partners import services as partner_services
    from accord.partnerships import services as partnership_services

    slug = name.lower().replace(" ", "").replace("'", "")[:20]
    rep = make_user(f"rep@{slug}.test", f"Rep of {name}")
    org = partner_services.organization_create(
        actor=rep, name=name, sector=sector, capacity="small"
    )
    coordinator = world.users["coordinator"]
    membership = partnership_services.membership_invite(
        actor=coordinator, partnership=world.partnership, organization=org
    )
    partnership_services.membership_respond(actor=rep, membership=membership, accept=True)
    partnership_services.membership_decide(actor=coordinator, membership=membership, admit=True)
    world.orgs[slug] = org
    world.users[f"rep:{slug}"] = rep
    return org, rep


@pytest.fixture
def nine(world: Any) -> Any:
    """``world`` with nine admitted members; ``world.voters`` maps organization → its representative."""
    voters = {
        world.orgs["county"]: world.users["coordinator"],
        world.orgs["foundation"]: world.users["representative"],
        world.orgs["coop"]: world.users["small_representative"],
    }
    for name, sector in EXTRA_MEMBERS:
        org, rep = add_member(world, name, sector)
        voters[org] = rep
    world.voters = voters
    return world


def proposal_in_voting(
    world: Any, *, title: str = "Close the north bay to nets", hours: int = 48, **extra: Any
) -> Any:
    coordinator = world.users["coordinator"]
    proposal = services.proposal_create(
        actor=coordinator,
        partnership=world.partnership,
        title=title,
        body="For two seasons.",
        **extra,
    )
    services.proposal_advance(actor=coordinator, proposal=proposal)
    services.proposal_advance(
        actor=coordinator, proposal=proposal, closes_at=timezone.now() + timedelta(hours=hours)
    )
    return proposal


def rule(world: Any, name: str, **kwargs: Any) -> Any:
    """Create a rule and make it the general one (replacing any, as an accepted adoption
    proposal would: ``rule_assign`` itself only makes the founding choice)."""
    created = services.rule_create(
        actor=world.users["coordinator"], partnership=world.partnership, name=name, **kwargs
    )
    services.rule_assignment_apply(
        actor=world.users["coordinator"],
        partnership=world.partnership,
        kind="general",
        rule=created,
    )
    return created


@pytest.fixture
def voting(world: Any) -> Any:
    """A proposal in voting under the default rule (simple majority, open ballots)."""
    world.proposal = proposal_in_voting(world)
    return world


def power_computed() -> int:
    """Run the power analyses queued so far, as the task worker would (the tests' requests
    and services run inside the test's transaction, so no task reaches the queue)."""
    return services.power_compute_queued()
