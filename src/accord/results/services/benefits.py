"""The benefits ledger: what member organizations and community participants gained.

Append-only, like the resource ledger (``accord.resources.services.ledger``): a benefit is
never edited or deleted (the model and the database refuse it); a mistake is corrected by
a reversing benefit, once.

Who records a benefit: the people of a member organization for their organization, a
community participant for themselves, a coordinator for anyone in the partnership. A
person's own benefit is at the individual level; an organization's may be at any level
(individual when it stayed with the people who took part, organizational, institutional
or system when it reached further).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from accord.audit.services import partnership_event_record
from accord.audit.summaries import summary
from accord.core.persistence import unique_or_conflict
from accord.errors import Conflict, Forbidden, Invalid
from accord.errors import require_permission as _require
from accord.partners.models import Organization
from accord.partnerships.models import Participant, ParticipantRole, Partnership
from accord.reference.codelists import currency_codes
from accord.results.evidence import evidence_file_check
from accord.results.models import Benefit, BenefitKind, BenefitLevel
from accord.results.rules import member_seats
from accord.results.services._accountability import text_required
from accord.results.services._common import invalid, number, require_member

#: A benefit's kind and level as words within a sentence (an event summary's values, each
#: translated for its reader).
_KIND_WORDS = {
    BenefitKind.KNOWLEDGE: gettext_lazy("knowledge"),
    BenefitKind.SKILLS: gettext_lazy("skills"),
    BenefitKind.FUNDING: gettext_lazy("funding"),
    BenefitKind.EQUIPMENT: gettext_lazy("equipment"),
    BenefitKind.REPUTATION: gettext_lazy("reputation"),
    BenefitKind.NETWORK: gettext_lazy("network"),
    BenefitKind.SERVICES: gettext_lazy("access to services"),
    BenefitKind.POLICY: gettext_lazy("policy influence"),
    BenefitKind.DATA: gettext_lazy("data"),
    BenefitKind.OTHER: gettext_lazy("other"),
}
_LEVEL_WORDS = {
    BenefitLevel.INDIVIDUAL: gettext_lazy("individual"),
    BenefitLevel.ORGANIZATIONAL: gettext_lazy("organizational"),
    BenefitLevel.INSTITUTIONAL: gettext_lazy("institutional"),
    BenefitLevel.SYSTEM: gettext_lazy("system"),
}


def _reversed_once() -> str:
    return _("This benefit has already been reversed.")


def _is_community_participant(partnership: Partnership, person: Any) -> bool:
    return Participant.objects.filter(
        partnership=partnership, user=person, role=ParticipantRole.COMMUNITY, left_at__isnull=True
    ).exists()


def _may_record_for(
    actor: Any, partnership: Partnership, organization: Organization | None, person: Any
) -> None:
    if actor.has_perm("partnerships.change_partnership", partnership):
        return
    if organization is not None and organization.pk in member_seats(actor, partnership.pk):
        return
    if person is not None and person.pk == actor.pk:
        return
    raise Forbidden(_("You can record benefits only for your own organization or for yourself."))


def _value(value: Any, currency_code: str) -> tuple[Decimal | None, str]:
    code = str(currency_code or "").strip().upper()
    if value is None or (isinstance(value, str) and not value.strip()):
        if code:
            raise invalid(
                "value", _("Give the value in %(currency)s, or no currency.") % {"currency": code}
            )
        return None, ""
    amount = number(value, "value", decimal_places=2)
    if amount <= 0:
        raise invalid(
            "value",
            _("A value is greater than zero; to correct a recorded benefit, reverse it."),
        )
    if code not in currency_codes():
        raise invalid(
            "currency",
            _("Give the currency of the value as an ISO 4217 code such as KES, EUR or USD."),
        )
    return amount.quantize(Decimal("0.01")), code


def _link(link: str) -> str:
    link = (link or "").strip()
    if link:
        try:
            URLValidator(schemes=["http", "https"])(link)
        except ValidationError as exc:
            raise invalid("evidence_link", _("Give a web address (http or https).")) from exc
    return link


@transaction.atomic
def benefit_record(
    *,
    actor: Any,
    partnership: Partnership,
    level: str,
    kind: str,
    description: str,
    received_on: date,
    recipient_organization: Organization | None = None,
    recipient_user: Any = None,
    value: Any = None,
    currency_code: str = "",
    evidence_note: str = "",
    evidence_file: Any = None,
    evidence_link: str = "",
    expected_by_charter: bool = False,
) -> Benefit:
    """Record a benefit received by a member organization or a community participant.

    Refuses, writing nothing: no recipient or two, an organization that is not an admitted
    member, a person who is not a community participant, a person's benefit above the
    individual level, an unknown level or kind, a value of zero or less, a value without a
    currency, a date in the future, an evidence file over 10 MB or of a refused type.
    """
    _require(actor, "results.record_benefit", partnership)
    if (recipient_organization is None) == (recipient_user is None):
        raise invalid(
            "recipient_organization",
            _("Say who received it: a member organization or a community participant."),
        )
    if recipient_organization is not None:
        require_member(partnership, recipient_organization, "recipient_organization")
    elif not _is_community_participant(partnership, recipient_user):
        raise invalid(
            "recipient_user",
            _("%(person)s is not a community participant of this partnership.")
            % {"person": recipient_user},
        )
    _may_record_for(actor, partnership, recipient_organization, recipient_user)
    if level not in BenefitLevel.values:
        raise invalid(
            "level", _("Choose a level: individual, organizational, institutional or system.")
        )
    if recipient_user is not None and level != BenefitLevel.INDIVIDUAL:
        raise invalid(
            "level",
            _(
                "A person's own benefit is at the individual level; record an organization's benefit for the higher levels."
            ),
        )
    if kind not in BenefitKind.values:
        raise invalid("kind", _("Choose the kind of benefit."))
    description = text_required(description, "description", _("Say what was gained."))
    if received_on is None:
        raise invalid("received_on", _("Give the day it was received."))
    if received_on > timezone.localdate():
        raise invalid("received_on", _("Record benefits once they are received, not before."))
    amount, code = _value(value, currency_code)
    link = _link(evidence_link)
    if evidence_file:
        evidence_file_check(evidence_file, "evidence_file", partnership_id=partnership.pk)
    benefit = Benefit(
        partnership=partnership,
        recipient_organization=recipient_organization,
        recipient_user=recipient_user,
        level=level,
        kind=kind,
        description=description,
        received_on=received_on,
        value=amount,
        currency=code,
        evidence_note=(evidence_note or "").strip()[:5000],
        evidence_link=link,
        expected_by_charter=bool(expected_by_charter),
        recorded_by=actor,
    )
    if evidence_file:
        benefit.evidence_file = evidence_file
    benefit.save()
    recipient = recipient_organization or recipient_user
    partnership_event_record(
        actor,
        "results.benefit_recorded",
        benefit,
        partnership,
        summary(
            gettext_noop("%(recipient)s gained %(kind)s (%(level)s)"),
            recipient=recipient,
            kind=_KIND_WORDS[benefit.kind],
            level=_LEVEL_WORDS[benefit.level],
        ),
        level=level,
        kind=kind,
    )
    return benefit


@transaction.atomic
def benefit_reverse(*, actor: Any, benefit: Benefit, reason: str) -> Benefit:
    """Correct a mistake: record the reversing benefit (the value negated), linked to the
    original. Once only; a reversal is not reversed (record a new benefit instead)."""
    original = Benefit.objects.select_related(
        "partnership", "recipient_organization", "recipient_user"
    ).get(pk=benefit.pk)
    partnership = original.partnership
    _require(actor, "results.record_benefit", partnership)
    _may_record_for(actor, partnership, original.recipient_organization, original.recipient_user)
    reason = text_required(reason, "reason", _("Say why the benefit is reversed."))
    if original.is_reversal:
        raise Invalid(_("A reversal cannot itself be reversed; record a new benefit instead."))
    if Benefit.objects.filter(reverses=original).exists():
        raise Conflict(_reversed_once())
    reversal = Benefit(
        partnership=partnership,
        recipient_organization=original.recipient_organization,
        recipient_user=original.recipient_user,
        level=original.level,
        kind=original.kind,
        description=_("Reversal of benefit #%(id)s: %(reason)s")
        % {"id": original.pk, "reason": reason},
        received_on=original.received_on,
        value=None if original.value is None else -original.value,
        currency=original.currency,
        expected_by_charter=original.expected_by_charter,
        reverses=original,
        recorded_by=actor,
    )
    with unique_or_conflict(_reversed_once()):
        reversal.save()
    partnership_event_record(
        actor,
        "results.benefit_reversed",
        reversal,
        partnership,
        summary(
            gettext_noop("Benefit #%(id)s reversed: %(reason)s"),
            id=str(original.pk),
            reason=reason,
        ),
        reverses_id=original.pk,
    )
    return reversal
