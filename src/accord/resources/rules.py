"""Permission predicates for the workplan and resources (object: the partnership)."""

from __future__ import annotations

import rules

from accord.partnerships.rules import is_coordinator, is_insider, is_member_representative, is_open

rules.add_perm("resources.view_resources", is_insider)
rules.add_perm("resources.change_workplan", is_coordinator & is_open)
rules.add_perm("resources.add_pledge", (is_member_representative | is_coordinator) & is_open)
#: A coordinator, or a representative of the pledging organization (checked in the service).
rules.add_perm("resources.amend_pledge", (is_member_representative | is_coordinator) & is_open)
rules.add_perm("resources.post_ledger", (is_member_representative | is_coordinator) & is_open)
rules.add_perm("resources.add_rate", is_coordinator)
rules.add_perm("resources.import_ledger", is_coordinator & is_open)
rules.add_perm("resources.request_support", is_member_representative & is_open)
rules.add_perm("resources.decide_support", is_coordinator)
