"""Permission predicates for decisions (object: the partnership, or a proposal of it).

See docs/permissions.md for the role × action table. Whether a representative's
organization may vote on a given proposal (admitted member, voting open), and whether a
person votes as themselves (the proposal's rule lets individuals vote, and they hold a
seat through a member organization or as a community participant), is checked by
``services.ballot_cast`` itself.
"""

from __future__ import annotations

from typing import Any

import rules

from accord.decisions.models import Proposal, ProposalStatus
from accord.partnerships.roles import Role, roles_in
from accord.partnerships.rules import (
    has_seat,
    is_coordinator,
    is_insider,
    is_member_representative,
    is_open,
    is_public,
)


@rules.predicate
def is_individual_voter(user: Any, obj: Any) -> bool:
    """Votes as themselves where a rule lets individuals vote: a person of an admitted
    member organization (representative or staff) or a community participant."""
    partnership = getattr(obj, "partnership", obj)
    if partnership is None or getattr(partnership, "pk", None) is None:
        return False
    return bool(roles_in(user, partnership.pk) & {Role.STAFF, Role.COMMUNITY})


@rules.predicate
def may_edit_alternatives(actor: Any, proposal: Proposal) -> bool:
    """The author (while they may still propose) or a coordinator, before voting opens."""
    if proposal.status not in (ProposalStatus.DRAFT, ProposalStatus.DELIBERATION):
        return False
    if proposal.membership_id or proposal.charter_version_id or proposal.adopted_rule_id:
        return False  # a foundation step is a yes/no question (see services/subjects.py)
    if actor is None or not actor.is_authenticated:
        return False
    partnership = proposal.partnership
    if proposal.author_id == actor.pk and actor.has_perm("decisions.add_proposal", partnership):
        return True
    return bool(actor.has_perm("decisions.advance_proposal", partnership))


rules.add_perm("decisions.view_decisions", is_insider)
# a public partnership's decision log is public (issue 16, item 5): who voted how only where
# the rule's ballots are open (selectors.decision_log_votes)
rules.add_perm("decisions.view_decision_log", is_insider | is_public)
rules.add_perm("decisions.manage_rules", is_coordinator & is_open)
rules.add_perm("decisions.add_proposal", (is_coordinator | is_member_representative) & is_open)
rules.add_perm("decisions.advance_proposal", is_coordinator & is_open)
rules.add_perm("decisions.comment_proposal", has_seat & is_open)
rules.add_perm(
    "decisions.vote_proposal", (is_member_representative | is_individual_voter) & is_open
)
rules.add_perm("decisions.close_proposal", is_coordinator)
rules.add_perm("decisions.export_open_ballots", is_coordinator)
rules.add_perm("decisions.withdraw_proposal", is_coordinator)
rules.add_perm("decisions.edit_alternatives", may_edit_alternatives)
