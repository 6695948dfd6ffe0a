"""Permission predicates for surveys (docs/surveys.md, "Who does what").

- ``surveys.view_surveys`` (Partnership): insiders see the waves and their aggregates;
  everyone else gets a 404, public partnership or not (answers are members' business).
- ``surveys.manage_waves`` (Partnership): coordinators create, change and remind.
- ``surveys.answer_wave`` (Partnership): representatives of admitted member organizations
  answer for their organization.
- ``surveys.view_named_answers`` (Partnership): who said what in a named wave (the network
  ratings): coordinators, and people of member organizations; not observers or community
  participants, who see aggregates only.
"""

from __future__ import annotations

import rules

from accord.partnerships.roles import Role, roles_in
from accord.partnerships.rules import is_coordinator, is_insider, is_member_representative


@rules.predicate
def works_for_member(user: object, partnership: object) -> bool:
    return Role.STAFF in roles_in(user, partnership.pk)  # type: ignore[attr-defined]


rules.add_perm("surveys.view_surveys", is_insider)
rules.add_perm("surveys.manage_waves", is_coordinator)
rules.add_perm("surveys.answer_wave", is_member_representative)
rules.add_perm("surveys.view_named_answers", is_coordinator | works_for_member)
