"""Every write about organizations and the people affiliated with them."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction

from accord.audit.services import event_record
from accord.core.persistence import unique_or_conflict
from accord.errors import Conflict, Invalid, invalid_from_validation_error
from accord.errors import require_permission as _require
from accord.partners.models import SECTOR_IATI_TYPE, Affiliation, Organization
from accord.partners.representation import roles_changed

ORGANIZATION_FIELDS = (
    "name",
    "sector",
    "iati_type",
    "capacity",
    "country",
    "places",
    "description",
    "expertise_offered",
    "expertise_needed",
)


def _clean_and_save(obj: Any) -> None:
    try:
        obj.full_clean()
    except ValidationError as exc:
        raise invalid_from_validation_error(exc) from exc
    with unique_or_conflict("This conflicts with an existing record."):
        obj.save()


@transaction.atomic
def organization_create(*, actor: Any, **fields: Any) -> Organization:
    """Create an organization; its creator becomes its first representative."""
    _require(actor, "partners.add_organization")
    unknown = set(fields) - set(ORGANIZATION_FIELDS)
    if unknown:
        raise Invalid(f"Unknown field(s): {', '.join(sorted(unknown))}.")
    if not fields.get("iati_type") and fields.get("sector") in SECTOR_IATI_TYPE:
        fields["iati_type"] = SECTOR_IATI_TYPE[fields["sector"]]
    if Organization.objects.filter(name__iexact=(fields.get("name") or "").strip()).exists():
        raise Conflict(f"An organization named “{fields['name']}” already exists.")
    organization = Organization(created_by=actor, **fields)
    _clean_and_save(organization)
    Affiliation.objects.create(organization=organization, user=actor, is_representative=True)
    roles_changed()
    event_record(
        actor=actor,
        verb="organization.created",
        target=organization,
        summary=f"{actor} created the organization {organization}",
    )
    return organization


@transaction.atomic
def organization_update(*, actor: Any, organization: Organization, **fields: Any) -> Organization:
    _require(actor, "partners.change_organization", organization)
    unknown = set(fields) - set(ORGANIZATION_FIELDS)
    if unknown:
        raise Invalid(f"Unknown field(s): {', '.join(sorted(unknown))}.")
    for name, value in fields.items():
        setattr(organization, name, value)
    try:
        organization.full_clean()
    except ValidationError as exc:
        raise invalid_from_validation_error(exc) from exc
    organization.save(update_fields=list(fields) or None)
    event_record(
        actor=actor,
        verb="organization.updated",
        target=organization,
        summary=f"{actor} updated {organization}",
        data={"fields": sorted(fields)},
    )
    return organization


@transaction.atomic
def affiliation_add(
    *,
    actor: Any,
    organization: Organization,
    email: str,
    name: str = "",
    is_representative: bool = False,
    title: str = "",
) -> Affiliation:
    """Affiliate a person (by email) with an organization, creating their account if new.

    A new account has no usable password; the person sets one through the password
    reset link (``accounts.services.user_send_set_password``), which the caller sends.
    """
    _require(actor, "partners.add_affiliation", organization)
    email = (email or "").strip().lower()
    User = get_user_model()
    try:
        User._meta.get_field("email").run_validators(email)
        if not email:
            raise ValidationError("An email address is required.")
    except ValidationError as exc:
        raise Invalid(" ".join(exc.messages), field_errors={"email": exc.messages}) from exc
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        if not name.strip():
            raise Invalid(
                "A name is required for a person new to Accord.",
                field_errors={"name": ["Required."]},
            )
        user = User.objects.create_user(email=email, name=name.strip())
    if Affiliation.objects.filter(organization=organization, user=user).exists():
        raise Conflict(f"{user} is already affiliated with {organization}.")
    affiliation = Affiliation.objects.create(
        organization=organization, user=user, is_representative=is_representative, title=title
    )
    roles_changed()
    role = "a representative" if is_representative else "staff"
    event_record(
        actor=actor,
        verb="affiliation.added",
        target=affiliation,
        summary=f"{actor} added {user} to {organization} as {role}",
    )
    return affiliation
