"""The demo's balance part (data/balance.json): Lake Kivuli allocates its pooled money by
the contribution-weighted rule, under which the foundation that pays half the weight can
block every allocation alone, and the coordinator has set alert thresholds so that the
dashboard says so, next to the fisherfolk's and the women's group's small share of the
money and of the power and their share of the voice and of the benefits.

Everything else the dashboard shows comes from the other parts of the story (members,
ledger, rules, proposals and comments, budget round, benefits).
"""

from __future__ import annotations

from accord.balance import services
from accord.balance.models import BalanceSettings
from accord.decisions import services as decision_services
from accord.decisions.models import DecisionRule
from accord.demo import accounts, story
from accord.partnerships.models import Partnership


def load(slug: str) -> bool:
    """Load this part of the demo for SLUG; True when something was created."""
    chapter = story.data("balance").get(slug)
    if chapter is None or BalanceSettings.objects.filter(partnership__slug=slug).exists():
        return False
    partnership = Partnership.objects.get(slug=slug)
    coordinator = accounts.person(chapter["coordinator"])
    in_force = chapter["rule_in_force"]
    rule = DecisionRule.objects.get(partnership=partnership, name=in_force["rule"])
    # The story's general rule (concurrent majority) is already in force, so changing the
    # rule for a kind of decision is itself a decision (decisions.services.subjects); the
    # demo starts after that vote, so its result is stored as the accepted proposal would:
    # rule_assignment_apply records the event and queues the rule's power analysis.
    decision_services.rule_assignment_apply(
        actor=coordinator, partnership=partnership, kind=in_force["kind"], rule=rule
    )
    services.balance_settings_update(
        actor=coordinator, partnership=partnership, **chapter["thresholds"]
    )
    # As in the decisions part: compute the queued analysis now, so that the first visit
    # to the dashboard finds it ready rather than "being computed".
    decision_services.power_compute_queued(partnership=partnership)
    return True
