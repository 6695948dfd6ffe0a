"""Proposals that decide a step of the foundation.

Three steps of a partnership's life are themselves decisions once it has adopted a rule
(PRODUCT.md section 4; issue 4, "wired into the foundation"):

- admitting an organization that accepted its invitation (kind ``admission``);
- publishing a new charter version (kind ``charter``);
- adopting or changing the rule for a kind of decision (decided under the rule now in
  force for that kind);
- approving a support request from the pooled money (kind ``allocation``; the request,
  in the resources app, keeps the proposal's id).

Each ``*_propose`` service opens such a proposal in deliberation; from there it is an
ordinary proposal (comments, voting, closing). What its outcome does is
``services.effects.subject_effect_apply``, which ``proposal_close`` calls inside its
transaction, so the decision and its effect land together or not at all.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from accord.core.formats import format_amount
from accord.core.persistence import unique_or_conflict
from accord.decisions import selectors
from accord.decisions.choice_rules import is_alternatives_rule
from accord.decisions.models import (
    OPEN_STATUSES,
    DecisionKind,
    DecisionRule,
    Proposal,
    RuleAssignment,
)
from accord.decisions.services import proposals as proposal_services
from accord.decisions.services import rules as rule_services
from accord.errors import Conflict, Invalid
from accord.errors import require_permission as _require
from accord.partnerships.models import CharterVersion, Membership, MembershipStatus, Partnership
from accord.partnerships.selectors import member_organizations
from accord.resources import services as resource_services
from accord.resources.models import SupportRequest, SupportStatus


def _require_motion_rule(partnership: Partnership, kind: str) -> None:
    """A foundation step is a yes/no question: the rule deciding it must be a yes/no rule."""
    rule = selectors.rule_for_kind(partnership=partnership, kind=kind)
    if rule is not None and is_alternatives_rule(rule.spec):
        raise Invalid(
            _(
                "“%(rule)s” is not a yes/no rule, so it cannot decide this; "
                "assign a yes/no rule to this kind of decision first."
            )
            % {"rule": rule.name}
        )


def _open(proposal_kwargs: dict[str, Any], *, actor: Any, partnership: Partnership) -> Proposal:
    """Create the proposal and open its deliberation; one open proposal per subject."""
    if not member_organizations(partnership=partnership).exists():
        raise Conflict(_("The partnership has no admitted member to vote yet."))
    with unique_or_conflict(_("An open proposal already decides this; see the decisions page.")):
        proposal = proposal_services.proposal_create(
            actor=actor, partnership=partnership, **proposal_kwargs
        )
    proposal_services.proposal_advance(actor=actor, proposal=proposal)
    return proposal


@transaction.atomic
def admission_propose(*, actor: Any, membership: Membership, body: str = "") -> Proposal:
    """Put the admission of an organization that accepted its invitation to a vote."""
    membership = (
        Membership.objects.select_for_update()
        .select_related("organization", "partnership")
        .get(pk=membership.pk)
    )
    _require(actor, "partnerships.admit_membership", membership)
    partnership = membership.partnership
    if membership.status != MembershipStatus.ACCEPTED:
        raise Conflict(
            _("%(organization)s is not awaiting admission.")
            % {"organization": membership.organization}
        )
    _require_motion_rule(partnership, DecisionKind.ADMISSION)
    return _open(
        {
            "kind": DecisionKind.ADMISSION,
            "title": _("Admit %(organization)s as a member")
            % {"organization": membership.organization},
            "body": body
            or _("%(organization)s accepted the invitation to join %(partnership)s.")
            % {"organization": membership.organization, "partnership": partnership},
            "subject": {"membership": membership},
        },
        actor=actor,
        partnership=partnership,
    )


@transaction.atomic
def charter_publication_propose(*, actor: Any, version: CharterVersion, body: str = "") -> Proposal:
    """Put the publication of a charter draft to a vote; the draft is frozen meanwhile."""
    version = (
        CharterVersion.objects.select_for_update().select_related("partnership").get(pk=version.pk)
    )
    partnership = version.partnership
    _require(actor, "partnerships.edit_charter", partnership)
    if version.is_published:
        raise Conflict(_("Charter v%(number)s is already published.") % {"number": version.number})
    _require_motion_rule(partnership, DecisionKind.CHARTER)
    title = (
        _("Publish charter v%(number)s: %(summary)s")
        % {"number": version.number, "summary": version.change_summary}
        if version.change_summary
        else _("Publish charter v%(number)s") % {"number": version.number}
    )
    return _open(
        {
            "kind": DecisionKind.CHARTER,
            "title": title[:200],
            "body": body
            or _("Adopt version %(number)s of the charter as the text in force.")
            % {"number": version.number},
            "subject": {"charter_version": version},
        },
        actor=actor,
        partnership=partnership,
    )


@transaction.atomic
def rule_adoption_propose(
    *, actor: Any, partnership: Partnership, kind: str, rule: DecisionRule, body: str = ""
) -> Proposal:
    """Propose that ``rule`` decide proposals of ``kind``; the rule now in force decides."""
    _require(actor, "decisions.manage_rules", partnership)
    if kind not in DecisionKind.values:
        raise Invalid(
            _("kind: Unknown kind of decision."), field_errors={"kind": [_("Unknown kind.")]}
        )
    if rule.partnership_id != partnership.pk:
        raise Invalid(_("rule: The rule belongs to another partnership."))
    if RuleAssignment.objects.filter(partnership=partnership, kind=kind, rule=rule).exists():
        raise Conflict(
            _("“%(rule)s” already decides %(kind)s.")
            % {"rule": rule.name, "kind": DecisionKind(kind).label.lower()}
        )
    rule_services.rule_check_fits_kind(rule=rule, kind=kind)
    _require_motion_rule(partnership, kind)
    label = DecisionKind(kind).label.lower()
    return _open(
        {
            "kind": kind,
            "title": (_("Adopt “%(rule)s” for %(kind)s") % {"rule": rule.name, "kind": label})[
                :200
            ],
            "body": body
            or _("From now on, decide %(kind)s by the rule “%(rule)s”.")
            % {"kind": label, "rule": rule.name},
            "subject": {"adopted_rule": rule},
        },
        actor=actor,
        partnership=partnership,
    )


@transaction.atomic
def support_request_propose(*, actor: Any, request: SupportRequest, body: str = "") -> Proposal:
    """Put the approval of a support request to a vote under the rule for pooled money."""
    request = (
        SupportRequest.objects.select_for_update()
        .select_related("partnership", "organization")
        .get(pk=request.pk)
    )
    partnership = request.partnership
    _require(actor, "resources.decide_support", partnership)
    if request.status != SupportStatus.REQUESTED:
        raise Conflict(
            _("This request is already %(status)s.")
            % {"status": request.get_status_display().lower()}
        )
    if (
        request.proposal_id is not None
        and Proposal.objects.filter(pk=request.proposal_id, status__in=OPEN_STATUSES).exists()
    ):
        raise Conflict(_("An open proposal already decides this request; see the decisions page."))
    _require_motion_rule(partnership, DecisionKind.ALLOCATION)
    kind = request.get_kind_display().lower()
    proposal = _open(
        {
            "kind": DecisionKind.ALLOCATION,
            "title": (
                _("Support %(organization)s: %(kind)s, %(amount)s %(currency)s")
                % {
                    "organization": request.organization,
                    "kind": kind,
                    "amount": format_amount(request.amount),
                    "currency": request.currency,
                }
            )[:200],
            "body": body
            or _("%(organization)s asks the pooled money for %(kind)s support: %(description)s")
            % {
                "organization": request.organization,
                "kind": kind,
                "description": request.description,
            },
        },
        actor=actor,
        partnership=partnership,
    )
    resource_services.support_request_link_proposal(actor=actor, request=request, proposal=proposal)
    return proposal


@transaction.atomic
def governing_act_propose(
    *, actor: Any, partnership: Partnership, kind: str, title: str, body: str
) -> Proposal:
    """Open a yes/no proposal for an act of an app above this one (opening a participation
    round). That app links the proposal to its subject and carries out the outcome through
    ``accord.decisions.subject_hooks``; the caller checks its own permission."""
    if kind not in DecisionKind.values:
        raise Invalid(
            _("kind: Unknown kind of decision."), field_errors={"kind": [_("Unknown kind.")]}
        )
    if selectors.governing_rule(partnership=partnership, kind=kind) is None:
        raise Conflict(_("The partnership has no decision rule for this yet."))
    _require_motion_rule(partnership, kind)
    return _open(
        {"kind": kind, "title": title[:200], "body": body},
        actor=actor,
        partnership=partnership,
    )
