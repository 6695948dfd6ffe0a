"""Creating a partnership, editing its details and moving it along its lifecycle."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accord.audit.services import partnership_event_record
from accord.audit.summaries import summary
from accord.errors import Conflict, Forbidden, Invalid
from accord.errors import full_clean_or_invalid as _validate
from accord.errors import require_permission as _require
from accord.partners.models import Organization
from accord.partnerships.models import (
    STATUS_TRANSITIONS,
    Membership,
    MembershipStatus,
    Participant,
    ParticipantRole,
    Partnership,
    Status,
)
from accord.partnerships.roles import represented_organization_ids, roles_changed
from accord.reference.codelists import currency_codes
from accord.reference.models import SdgTarget

PARTNERSHIP_FIELDS = (
    "name",
    "purpose",
    "type",
    "modality",
    "places",
    "visibility",
    "allows_individuals",
    "reporting_currency",
    "time_zone",
    "began_on",
)

RESERVED_SLUGS = frozenset({"new", "memberships"})

#: The event of each step of the lifecycle (STATUS_TRANSITIONS), one sentence each.
_MOVED = {
    (Status.FORMING, Status.ACTIVE): gettext_noop(
        "%(actor)s moved the partnership from forming to active"
    ),
    (Status.ACTIVE, Status.REVIEW): gettext_noop(
        "%(actor)s moved the partnership from active to review"
    ),
    (Status.REVIEW, Status.RENEWED): gettext_noop(
        "%(actor)s moved the partnership from review to renewed"
    ),
    (Status.REVIEW, Status.CLOSED): gettext_noop(
        "%(actor)s moved the partnership from review to closed"
    ),
    (Status.RENEWED, Status.REVIEW): gettext_noop(
        "%(actor)s moved the partnership from renewed to review"
    ),
}


def _unique_slug(name: str) -> str:
    base = slugify(name)[:70] or "partnership"
    slug, n = base, 2
    while slug in RESERVED_SLUGS or Partnership.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _check_currency(fields: dict[str, Any]) -> None:
    code = fields.get("reporting_currency")
    if code is not None:
        code = str(code).upper()
        fields["reporting_currency"] = code
        if code not in currency_codes():
            raise Invalid(
                _("Unknown currency “%(code)s”: use an ISO 4217 code such as KES, EUR or USD.")
                % {"code": code},
                field_errors={"reporting_currency": [_("Unknown currency.")]},
            )


def _sdg_targets(codes: list[str]) -> list[SdgTarget]:
    codes = [c.strip() for c in codes if c and c.strip()]
    targets = list(SdgTarget.objects.filter(code__in=codes))
    missing = sorted(set(codes) - {t.code for t in targets})
    if missing:
        raise Invalid(
            _("Unknown SDG target(s): %(codes)s. Use codes such as 6.5 or 14.a.")
            % {"codes": ", ".join(missing)},
            field_errors={"sdg_targets": [_("Unknown: %(codes)s") % {"codes": ", ".join(missing)}]},
        )
    return targets


@transaction.atomic
def partnership_create(
    *,
    actor: Any,
    sdg_targets: list[str] | None = None,
    lead_organization: Organization | None = None,
    **fields: Any,
) -> Partnership:
    """Create a partnership in the forming stage; the creator becomes its coordinator.

    With ``lead_organization`` (one the creator represents), that organization is the
    founding member: its consent is the creator's own, so it is admitted at once.
    """
    _require(actor, "partnerships.add_partnership")
    unknown = set(fields) - set(PARTNERSHIP_FIELDS)
    if unknown:
        raise Invalid(_("Unknown field(s): %(fields)s.") % {"fields": ", ".join(sorted(unknown))})
    _check_currency(fields)
    if lead_organization is not None and lead_organization.pk not in represented_organization_ids(
        actor
    ):
        raise Forbidden(_("You can only found a partnership for an organization you represent."))
    partnership = Partnership(
        created_by=actor, slug=_unique_slug(fields.get("name") or ""), **fields
    )
    _validate(partnership)
    partnership.save()
    partnership.sdg_targets.set(_sdg_targets(sdg_targets or []))
    Participant.objects.create(
        partnership=partnership, user=actor, role=ParticipantRole.COORDINATOR, added_by=actor
    )
    partnership_event_record(
        actor,
        "partnership.created",
        partnership,
        partnership,
        summary(
            gettext_noop("%(actor)s created the partnership %(partnership)s"),
            actor=actor,
            partnership=partnership,
        ),
    )
    if lead_organization is not None:
        now = timezone.now()
        membership = Membership.objects.create(
            partnership=partnership,
            organization=lead_organization,
            status=MembershipStatus.ADMITTED,
            invited_by=actor,
            invited_at=now,
            responded_by=actor,
            responded_at=now,
            decided_by=actor,
            decided_at=now,
            message="Founding member",
        )
        partnership_event_record(
            actor,
            "membership.admitted",
            membership,
            partnership,
            summary(
                gettext_noop("%(organization)s founded the partnership as its first member"),
                organization=lead_organization,
            ),
        )
    roles_changed()
    return partnership


@transaction.atomic
def partnership_update(
    *, actor: Any, partnership: Partnership, sdg_targets: list[str] | None = None, **fields: Any
) -> Partnership:
    _require(actor, "partnerships.change_partnership", partnership)
    unknown = set(fields) - set(PARTNERSHIP_FIELDS)
    if unknown:
        raise Invalid(_("Unknown field(s): %(fields)s.") % {"fields": ", ".join(sorted(unknown))})
    _check_currency(fields)
    for name, value in fields.items():
        setattr(partnership, name, value)
    _validate(partnership)
    partnership.save(update_fields=list(fields) or None)
    if sdg_targets is not None:
        partnership.sdg_targets.set(_sdg_targets(sdg_targets))
    changed = sorted([*fields, *(["sdg_targets"] if sdg_targets is not None else [])])
    partnership_event_record(
        actor,
        "partnership.updated",
        partnership,
        partnership,
        summary(gettext_noop("%(actor)s updated the partnership's details"), actor=actor),
        fields=changed,
    )
    return partnership


@transaction.atomic
def partnership_transition(*, actor: Any, partnership: Partnership, to_status: str) -> Partnership:
    """Move the partnership along its lifecycle; only the allowed transitions pass."""
    _require(actor, "partnerships.change_partnership", partnership)
    locked = Partnership.objects.select_for_update().get(pk=partnership.pk)
    if to_status not in Status.values:
        raise Invalid(
            _("Unknown status “%(status)s”. Use one of: %(statuses)s.")
            % {"status": to_status, "statuses": ", ".join(Status.values)}
        )
    allowed = STATUS_TRANSITIONS[locked.status]
    if to_status not in allowed:
        values = {"status": locked.status, "to": to_status, "allowed": ", ".join(allowed)}
        raise Conflict(
            _("A partnership that is %(status)s cannot become %(to)s; allowed: %(allowed)s.")
            % values
            if allowed
            else _(
                "A partnership that is %(status)s cannot become %(to)s; "
                "allowed: none (the partnership is closed)."
            )
            % values
        )
    previous = locked.status
    locked.status = to_status
    locked.save(update_fields=["status"])
    partnership.status = to_status
    partnership_event_record(
        actor,
        "partnership.status_changed",
        locked,
        locked,
        summary(
            _MOVED.get(
                (previous, to_status),
                gettext_noop("%(actor)s moved the partnership from %(previous)s to %(status)s"),
            ),
            actor=actor,
            previous=previous,
            status=to_status,
        ),
        previous=previous,
        status=to_status,
    )
    return partnership
