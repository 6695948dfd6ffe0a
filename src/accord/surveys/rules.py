"""Permission predicates for surveys (docs/surveys.md, "Who does what").

- ``surveys.view_surveys`` (Partnership): insiders see the waves and their aggregates;
  everyone else gets a 404, public partnership or not (answers are members' business).
- ``surveys.manage_waves`` (Partnership): coordinators create, change and remind.
- ``surveys.answer_wave`` (Partnership): representatives of admitted member organizations
  answer a wave answered per organization, for their organization.
- ``surveys.answer_wave_in_person`` (Partnership): every person of an admitted member
  organization (representatives and staff) answers a wave answered per person, once.
  Coordinators, observers and community participants who belong to no member
  organization do not.
- ``surveys.view_named_answers`` (Partnership): who said what in a named wave (the network
  ratings): coordinators, and people of member organizations; not observers or community
  participants, who see aggregates only.
"""

from __future__ import annotations

import rules
from django.utils.translation import gettext

from accord.partnerships.roles import Role, roles_in
from accord.partnerships.rules import is_coordinator, is_insider, is_member_representative


def answer_permission(wave: object) -> str:
    """The permission that lets a person answer this wave."""
    if wave.per_person:  # type: ignore[attr-defined]
        return "surveys.answer_wave_in_person"
    return "surveys.answer_wave"


def who_answers(wave: object) -> str:
    """Who may answer this wave, in plain words (the refusal's message)."""
    if wave.per_person:  # type: ignore[attr-defined]
        return gettext("The people of member organizations answer this survey, each once.")
    return gettext("Member organizations' representatives answer the surveys.")


@rules.predicate
def works_for_member(user: object, partnership: object) -> bool:
    return Role.STAFF in roles_in(user, partnership.pk)  # type: ignore[attr-defined]


rules.add_perm("surveys.view_surveys", is_insider)
rules.add_perm("surveys.manage_waves", is_coordinator)
rules.add_perm("surveys.answer_wave", is_member_representative)
rules.add_perm("surveys.answer_wave_in_person", works_for_member)
rules.add_perm("surveys.view_named_answers", is_coordinator | works_for_member)
