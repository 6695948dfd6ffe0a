"""What a decided proposal does to the partnership: admit a member, publish a charter
version, put a rule in force, approve a support request from the pooled money. ``proposal_close`` calls :func:`subject_effect_apply` inside
its transaction; the proposals themselves are opened by ``services.subjects``."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_noop

from accord.audit.summaries import Summary, lowered, summary
from accord.decisions import subject_hooks
from accord.decisions.models import DecisionKind, DecisionRule, Proposal, ProposalStatus
from accord.decisions.services import rules as rule_services
from accord.partnerships import services as partnership_services
from accord.partnerships.models import CharterVersion, Membership, MembershipStatus
from accord.resources import services as resource_services
from accord.resources.models import SupportRequest, SupportStatus


def subject_effect_apply(*, proposal: Proposal, outcome: str, actor: Any) -> Summary | str:
    """Carry out what the decided proposal decides; returns the effect in plain words, as
    a ``Summary`` so that each reader reads it in their language ("" for none).

    Call inside ``proposal_close``'s transaction. A subject that changed meanwhile (the
    organization withdrew, the rule is already in force) is left alone and said so.
    """
    accepted = outcome == ProposalStatus.ACCEPTED
    if proposal.membership_id:
        membership = Membership.objects.select_related("organization").get(
            pk=proposal.membership_id
        )
        org = membership.organization
        if membership.status != MembershipStatus.ACCEPTED:
            return summary(
                gettext_noop("No change: %(organization)s is no longer awaiting admission."),
                organization=org,
            )
        if outcome == ProposalStatus.NO_QUORUM:
            return summary(
                gettext_noop("No change: %(organization)s still awaits admission."),
                organization=org,
            )
        partnership_services.membership_decide(
            actor=actor, membership=membership, admit=accepted, by_proposal=proposal
        )
        if accepted:
            return summary(
                gettext_noop("%(organization)s is admitted as a member."), organization=org
            )
        return summary(gettext_noop("%(organization)s is not admitted."), organization=org)
    if proposal.charter_version_id:
        version = CharterVersion.objects.get(pk=proposal.charter_version_id)
        if not accepted:
            return summary(
                gettext_noop("Charter v%(number)s stays a draft."), number=version.number
            )
        if version.is_published:
            return summary(
                gettext_noop("No change: charter v%(number)s is already published."),
                number=version.number,
            )
        partnership_services.charter_publish(actor=actor, version=version, by_proposal=proposal)
        return summary(
            gettext_noop("Charter v%(number)s is published and open for signature."),
            number=version.number,
        )
    if proposal.adopted_rule_id:
        rule = DecisionRule.objects.get(pk=proposal.adopted_rule_id)
        label = lowered(DecisionKind(proposal.kind).label)
        if not accepted:
            return summary(
                gettext_noop("No change: “%(rule)s” is not adopted for %(kind)s."),
                rule=rule.name,
                kind=label,
            )
        rule_services.rule_assignment_apply(
            actor=actor, partnership=proposal.partnership, kind=proposal.kind, rule=rule
        )
        return summary(gettext_noop("“%(rule)s” now decides %(kind)s."), rule=rule.name, kind=label)
    if proposal.kind == DecisionKind.ALLOCATION:
        effect = _support_effect(proposal=proposal, outcome=outcome, actor=actor)
        if effect:
            return effect
    for hook in subject_hooks.effect_hooks():  # the apps above this one (subject_hooks)
        effect = hook(proposal=proposal, outcome=outcome, actor=actor)
        if effect:
            return effect
    return ""


def _support_effect(*, proposal: Proposal, outcome: str, actor: Any) -> Summary | str:
    """A support request put to the vote (it keeps the proposal's id) is approved or
    declined; without quorum it still waits."""
    request = (
        SupportRequest.objects.filter(partnership=proposal.partnership, proposal_id=proposal.pk)
        .select_related("organization")
        .first()
    )
    if request is None:
        return ""
    org = request.organization
    if request.status != SupportStatus.REQUESTED:
        return summary(
            gettext_noop("No change: %(organization)s's request is no longer waiting."),
            organization=org,
        )
    if outcome == ProposalStatus.NO_QUORUM:
        return summary(
            gettext_noop("No change: %(organization)s's request still waits."), organization=org
        )
    accepted = outcome == ProposalStatus.ACCEPTED
    resource_services.support_request_decide(
        actor=actor, request=request, approve=accepted, by_proposal=proposal
    )
    if accepted:
        return summary(
            gettext_noop("%(organization)s's request for support is approved."), organization=org
        )
    return summary(
        gettext_noop("%(organization)s's request for support is declined."), organization=org
    )
