"""Every write about organizations and the people affiliated with them."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accord.audit.services import event_record
from accord.audit.summaries import summary
from accord.core.persistence import unique_or_conflict
from accord.errors import Conflict, Invalid, NotFound, invalid_from_validation_error
from accord.errors import require_permission as _require
from accord.partners.models import (
    SECTOR_IATI_TYPE,
    Affiliation,
    AffiliationRequest,
    Organization,
)
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
    with unique_or_conflict(_("This conflicts with an existing record.")):
        obj.save()


@transaction.atomic
def organization_create(*, actor: Any, **fields: Any) -> Organization:
    """Create an organization; its creator becomes its first representative."""
    _require(actor, "partners.add_organization")
    unknown = set(fields) - set(ORGANIZATION_FIELDS)
    if unknown:
        raise Invalid(_("Unknown field(s): %(fields)s.") % {"fields": ", ".join(sorted(unknown))})
    if not fields.get("iati_type") and fields.get("sector") in SECTOR_IATI_TYPE:
        fields["iati_type"] = SECTOR_IATI_TYPE[fields["sector"]]
    if Organization.objects.filter(name__iexact=(fields.get("name") or "").strip()).exists():
        raise Conflict(
            _("An organization named “%(name)s” already exists.") % {"name": fields["name"]}
        )
    organization = Organization(created_by=actor, **fields)
    _clean_and_save(organization)
    Affiliation.objects.create(organization=organization, user=actor, is_representative=True)
    roles_changed()
    event_record(
        actor=actor,
        verb="organization.created",
        target=organization,
        summary=summary(
            gettext_noop("%(actor)s created the organization %(organization)s"),
            actor=actor,
            organization=organization,
        ),
    )
    return organization


@transaction.atomic
def organization_update(*, actor: Any, organization: Organization, **fields: Any) -> Organization:
    _require(actor, "partners.change_organization", organization)
    unknown = set(fields) - set(ORGANIZATION_FIELDS)
    if unknown:
        raise Invalid(_("Unknown field(s): %(fields)s.") % {"fields": ", ".join(sorted(unknown))})
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
        summary=summary(
            gettext_noop("%(actor)s updated %(organization)s"),
            actor=actor,
            organization=organization,
        ),
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
            raise ValidationError(_("An email address is required."))
    except ValidationError as exc:
        raise Invalid(" ".join(exc.messages), field_errors={"email": exc.messages}) from exc
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        if not name.strip():
            raise Invalid(
                _("A name is required for a person new to Accord."),
                field_errors={"name": [_("Required.")]},
            )
        user = User.objects.create_user(email=email, name=name.strip())
    if Affiliation.objects.filter(organization=organization, user=user).exists():
        raise Conflict(
            _("%(person)s is already affiliated with %(organization)s.")
            % {"person": user, "organization": organization}
        )
    affiliation = Affiliation.objects.create(
        organization=organization, user=user, is_representative=is_representative, title=title
    )
    roles_changed()
    added = (
        gettext_noop("%(actor)s added %(person)s to %(organization)s as a representative")
        if is_representative
        else gettext_noop("%(actor)s added %(person)s to %(organization)s as staff")
    )
    event_record(
        actor=actor,
        verb="affiliation.added",
        target=affiliation,
        summary=summary(added, actor=actor, person=user, organization=organization),
    )
    return affiliation


# --- adding people with their consent ------------------------------------------------------


def _valid_email(email: str) -> str:
    email = (email or "").strip().lower()
    try:
        get_user_model()._meta.get_field("email").run_validators(email)
        if not email:
            raise ValidationError(_("An email address is required."))
    except ValidationError as exc:
        raise Invalid(" ".join(exc.messages), field_errors={"email": exc.messages}) from exc
    return email


def _request_key(request: AffiliationRequest) -> str:
    return f"partners.affiliation_request:{request.pk}"


@transaction.atomic
def affiliation_invite(
    *,
    actor: Any,
    organization: Organization,
    email: str,
    name: str = "",
    is_representative: bool = False,
    title: str = "",
) -> str:
    """What an organization's page and API do to add a person, without attaching anyone
    against their will or telling the organization who has an account (issue 15).

    Someone new to Accord gets an account that stays inactive, with the affiliation, until
    they set a password from the emailed link; someone who has an account is asked, and
    joins when they accept. The caller sees the same answer either way: the email, waiting
    for its owner. Returns that email.
    """
    from accord.accounts.services import user_send_set_password
    from accord.notifications.services import notify

    _require(actor, "partners.add_affiliation", organization)
    email = _valid_email(email)
    User = get_user_model()
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        user = User.objects.create_user(
            email=email, name=(name or "").strip() or email.split("@")[0], is_active=False
        )
        Affiliation.objects.create(
            organization=organization, user=user, is_representative=is_representative, title=title
        )
        roles_changed()
        transaction.on_commit(lambda: user_send_set_password(user=user))
    else:
        if Affiliation.objects.filter(organization=organization, user=user).exists():
            raise Conflict(
                _("%(email)s is already with %(organization)s.")
                % {"email": email, "organization": organization}
            )
        with unique_or_conflict(_("%(email)s has been asked already.") % {"email": email}):
            request = AffiliationRequest.objects.create(
                organization=organization,
                user=user,
                invited_by=actor,
                is_representative=is_representative,
                title=title,
            )
        notify(
            users=[user],
            text=lambda: (
                _("%(organization)s asks you to join it on Accord.")
                % {"organization": organization}
            ),
            verb="partners.affiliation_requested",
            url=reverse("partners:affiliation_request", args=[request.pk]),
            key=_request_key(request),
        )
    event_record(
        actor=actor,
        verb="affiliation.invited",
        target=organization,
        summary=summary(
            gettext_noop("%(actor)s asked %(email)s to join %(organization)s"),
            actor=actor,
            email=email,
            organization=organization,
        ),
    )
    return email


@transaction.atomic
def affiliation_request_answer(*, actor: Any, request_id: int, accept: bool) -> AffiliationRequest:
    """The invited person accepts (and joins the organization) or declines. Only they can;
    anyone else gets ``NotFound``. An answer is final."""
    from accord.notifications.services import notifications_resolve, notify

    request = (
        AffiliationRequest.objects.select_for_update(of=("self",))
        .select_related("organization", "invited_by")
        .filter(pk=request_id, user_id=getattr(actor, "pk", None))
        .first()
    )
    if request is None:
        raise NotFound(_("No such request."))
    if request.answered_at is not None:
        raise Conflict(_("You have answered this request already."))
    request.answered_at = timezone.now()
    request.accepted = bool(accept)
    request.save(update_fields=["answered_at", "accepted"])
    if (
        accept
        and not Affiliation.objects.filter(organization=request.organization, user=actor).exists()
    ):
        Affiliation.objects.create(
            organization=request.organization,
            user=actor,
            is_representative=request.is_representative,
            title=request.title,
        )
        roles_changed()
    notifications_resolve(key=_request_key(request), users=[actor])
    if request.invited_by is not None:
        answer = (
            gettext_noop("%(person)s joined %(organization)s.")
            if accept
            else gettext_noop("%(person)s declined to join %(organization)s.")
        )
        notify(
            users=[request.invited_by],
            text=lambda: _(answer) % {"person": actor, "organization": request.organization},
            verb="partners.affiliation_answered",
            url=reverse("partners:organization_detail", args=[request.organization_id]),
        )
    event_record(
        actor=actor,
        verb="affiliation.accepted" if accept else "affiliation.declined",
        target=request.organization,
        summary=summary(
            gettext_noop("%(actor)s joined %(organization)s")
            if accept
            else gettext_noop("%(actor)s declined %(organization)s"),
            actor=actor,
            organization=request.organization,
        ),
    )
    return request
