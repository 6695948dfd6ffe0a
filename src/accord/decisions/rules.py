"""Permission predicates for decisions (object: the partnership, or a proposal of it).

See docs/permissions.md for the role × action table. Whether a representative's
organization may vote on a given proposal (admitted member, voting open) is checked
by ``services.ballot_cast`` itself.
"""

from __future__ import annotations

import rules

from accord.partnerships.rules import (
    has_seat,
    is_coordinator,
    is_insider,
    is_member_representative,
    is_open,
)

rules.add_perm("decisions.view_decisions", is_insider)
rules.add_perm("decisions.manage_rules", is_coordinator & is_open)
rules.add_perm("decisions.add_proposal", (is_coordinator | is_member_representative) & is_open)
rules.add_perm("decisions.advance_proposal", is_coordinator & is_open)
rules.add_perm("decisions.comment_proposal", has_seat & is_open)
rules.add_perm("decisions.vote_proposal", is_member_representative & is_open)
rules.add_perm("decisions.close_proposal", is_coordinator)
rules.add_perm("decisions.export_open_ballots", is_coordinator)
rules.add_perm("decisions.withdraw_proposal", is_coordinator)
