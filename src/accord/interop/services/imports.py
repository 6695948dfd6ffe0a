"""Importing an IATI activity file: it starts a partnership, or updates the one an earlier
import made (or the one named), through the partners, partnerships and resources services.

Everything happens in one transaction: a file that is not valid IATI 2.03 XML is refused
with the validator's messages and changes nothing. What the file says that Accord cannot
hold (a transaction type it does not know, a negative value, an organization that has not
accepted its invitation) is left out and reported as a warning. docs/iati.md maps every
field both ways.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accord.audit.services import partnership_event_record
from accord.audit.summaries import summary
from accord.errors import AccordError, Conflict, Forbidden, Invalid
from accord.interop import iati_schema
from accord.interop import rules as interop_rules
from accord.interop import selectors as interop_selectors
from accord.interop.codelists import codes, is_sdg_indicator_code
from accord.interop.models import (
    DeclaredBudget,
    IatiPublication,
    ImportedTransaction,
    OrganizationIdentifier,
)
from accord.interop.services.indicators import (
    ImportedIndicator,
    ImportedPeriod,
    indicator_import,
    is_known_category,
)
from accord.partners import services as partner_services
from accord.partners.models import SECTOR_IATI_TYPE, Organization, Sector
from accord.partnerships import services as partnership_services
from accord.partnerships.models import (
    STATUS_TRANSITIONS,
    Membership,
    MembershipStatus,
    Partnership,
    Status,
)
from accord.partnerships.roles import represented_organization_ids
from accord.resources import services as resource_services
from accord.resources.models import Activity, ActivityOrganization, LedgerEntry, TransactionType

#: IATI OrganisationType → Accord sector (docs/iati.md).
TYPE_SECTOR = {
    "10": Sector.PUBLIC,
    "11": Sector.PUBLIC,
    "15": Sector.PUBLIC,
    "21": Sector.CIVIL_SOCIETY,
    "22": Sector.CIVIL_SOCIETY,
    "23": Sector.CIVIL_SOCIETY,
    "24": Sector.COMMUNITY,
    "30": Sector.PRIVATE,
    "40": Sector.MULTILATERAL,
    "60": Sector.PHILANTHROPIC,
    "70": Sector.PRIVATE,
    "71": Sector.PRIVATE,
    "72": Sector.PRIVATE,
    "73": Sector.PRIVATE,
    "80": Sector.ACADEMIC,
}

#: IATI ActivityStatus → the partnership's lifecycle status.
LIFECYCLE = {
    "1": Status.FORMING,
    "2": Status.ACTIVE,
    "3": Status.REVIEW,
    "4": Status.CLOSED,
    "5": Status.CLOSED,
    "6": Status.ACTIVE,
}

#: Ledger types that are IATI TransactionType codes (not "ik", in-kind).
LEDGER_TYPES = frozenset(code for code in TransactionType.values if code.isdigit())
INCOMING_TYPES = frozenset({"1", "11"})
CENT = Decimal("0.01")
PLACES4 = Decimal("0.0001")


@dataclass
class ImportReport:
    partnership: Partnership
    identifier: str
    created: bool
    organizations_created: int = 0
    members_admitted: int = 0
    budgets: int = 0
    transactions_posted: int = 0
    transactions_unchanged: int = 0
    transactions_reversed: int = 0
    indicators: int = 0
    measurements: int = 0
    warnings: list[str] = field(default_factory=list)


# --- reading the XML ------------------------------------------------------------------


def _narrative(element: Any) -> str:
    if element is None:
        return ""
    for narrative in element.iterfind("narrative"):
        if (narrative.text or "").strip():
            return " ".join(narrative.text.split())
    return " ".join((element.text or "").split())  # 1.x files put the text in the element


def _iso_date(value: str | None) -> date | None:
    try:
        return date.fromisoformat((value or "").strip()[:10])
    except ValueError:
        return None


def _decimal(text: str | None, quantum: Decimal) -> Decimal | None:
    try:
        number = Decimal((text or "").strip())
    except InvalidOperation:
        return None
    if not number.is_finite():
        return None
    return number.quantize(quantum, rounding=ROUND_HALF_UP)


def _choose_activity(root: Any, identifier: str | None) -> Any:
    activities = root.findall("iati-activity")
    identifiers = [(a.findtext("iati-identifier") or "").strip() for a in activities]
    if identifier:
        for activity, found in zip(activities, identifiers, strict=True):
            if found == identifier.strip():
                return activity
        raise Invalid(
            _("The file holds no IATI activity “%(id)s”.") % {"id": identifier},
            field_errors={"activity": identifiers[:50]},
        )
    if len(activities) == 1:
        return activities[0]
    raise Invalid(
        _("The file holds %(count)s IATI activities: say which one to import.")
        % {"count": len(activities)},
        field_errors={"activity": identifiers[:50]},
    )


# --- the import -----------------------------------------------------------------------


class _Importer:
    """One import: the actor, the chosen ``iati-activity`` and what was done so far."""

    def __init__(self, *, actor: Any, element: Any) -> None:
        self.actor = actor
        self.element = element
        self.identifier = (element.findtext("iati-identifier") or "").strip()
        currency = (element.get("default-currency") or "").strip().upper()
        self.default_currency = currency if currency in codes("Currency") else ""
        self.organizations: dict[str, Organization | None] = {}
        self.warnings: list[str] = []
        self.created_organizations = 0
        self.admitted = 0
        self.partnership: Partnership | None = None

    def warn(self, message: str) -> None:
        self.warnings.append(message)

    # organizations

    def organization(self, element: Any) -> Organization | None:
        """The organization an ``*-org`` element names: by its IATI identifier, then by
        name, else a new one (its creator, the actor, becomes its representative)."""
        if element is None:
            return None
        ref = (element.get("ref") or "").strip()
        name = _narrative(element)[:200]
        key = f"ref:{ref}" if ref else f"name:{name.casefold()}"
        if not ref and not name:
            return None
        if key in self.organizations:
            return self.organizations[key]
        found = interop_selectors.organization_by_ref(ref=ref) if ref else None
        if found is None and name:
            found = interop_selectors.organization_named(name=name)
        if found is None:
            type_code = (element.get("type") or "").strip()
            sector = TYPE_SECTOR.get(type_code, Sector.CIVIL_SOCIETY)
            iati_type = (
                type_code if type_code in codes("OrganisationType") else SECTOR_IATI_TYPE[sector]
            )
            found = partner_services.organization_create(
                actor=self.actor,
                name=name or ref,
                sector=sector,
                iati_type=iati_type,
                capacity="medium",
                description=_("Created by an IATI import."),
            )
            self.created_organizations += 1
        if ref:
            _ref_record(found, ref)
        self.organizations[key] = found
        return found

    def admit(self, organization: Organization) -> bool:
        """Make the organization a member by two-sided consent: invite, accept when the
        actor represents it, admit. False (with a warning) while it has not accepted."""
        partnership = self.partnership
        assert partnership is not None
        membership = Membership.objects.filter(
            partnership=partnership,
            organization=organization,
            status__in=[
                MembershipStatus.INVITED,
                MembershipStatus.ACCEPTED,
                MembershipStatus.ADMITTED,
            ],
        ).first()
        if membership is not None and membership.status == MembershipStatus.ADMITTED:
            return True
        try:
            if membership is None:
                membership = partnership_services.membership_invite(
                    actor=self.actor,
                    partnership=partnership,
                    organization=organization,
                    message=_("Named in the IATI activity %(id)s.") % {"id": self.identifier},
                )
            if membership.status == MembershipStatus.INVITED and (
                organization.pk in represented_organization_ids(self.actor)
            ):
                membership = partnership_services.membership_respond(
                    actor=self.actor, membership=membership, accept=True
                )
            if membership.status == MembershipStatus.ACCEPTED:
                membership = partnership_services.membership_decide(
                    actor=self.actor, membership=membership, admit=True
                )
        except AccordError as exc:
            self.warn(f"{organization}: {exc.message}")
            return False
        if membership.status != MembershipStatus.ADMITTED:
            self.warn(
                _(
                    "%(org)s is invited and must accept before its transactions can be "
                    "posted; import the file again once it has."
                )
                % {"org": organization}
            )
            return False
        self.admitted += 1
        return True


def _ref_record(organization: Organization, ref: str) -> None:
    """Remember the organization's IATI identifier, unless it has one or the ref is taken."""
    taken = OrganizationIdentifier.objects.filter(
        Q(organization=organization) | Q(ref=ref)
    ).exists()
    if not taken:
        OrganizationIdentifier.objects.create(organization=organization, ref=ref[:150])


def _partnership_fields(element: Any, reporting: Organization | None) -> dict[str, Any]:
    title = _narrative(element.find("title"))[:200] or element.findtext("iati-identifier")
    descriptions = element.findall("description")
    general = [d for d in descriptions if d.get("type", "1") == "1"] or descriptions
    purpose = _narrative(general[0]) if general else ""
    modality = "business_ngo"
    if reporting is not None and reporting.sector == Sector.PUBLIC:
        modality = "government_initiated"
    elif reporting is not None and reporting.sector == Sector.PRIVATE:
        modality = "private_led"
    return {"name": title, "purpose": purpose or title, "modality": modality}


def _status_path(current: str, target: str) -> list[str]:
    """The lifecycle steps from ``current`` to ``target`` (empty when not reachable)."""
    paths: dict[str, list[str]] = {current: []}
    queue = [current]
    while queue:
        status = queue.pop(0)
        for following in STATUS_TRANSITIONS[status]:
            if following not in paths:
                paths[following] = [*paths[status], following]
                queue.append(following)
    return paths.get(target, [])


def _dates(element: Any) -> tuple[date | None, date | None]:
    by_type = {
        d.get("type"): _iso_date(d.get("iso-date")) for d in element.findall("activity-date")
    }
    start = by_type.get("2") or by_type.get("1")
    end = by_type.get("4") or by_type.get("3")
    if start and end and end < start:
        end = None
    return start, end


@transaction.atomic
def iati_import(
    *,
    actor: Any,
    content: bytes,
    partnership: Partnership | None = None,
    activity_identifier: str | None = None,
) -> ImportReport:
    """Start or update a partnership from one ``iati-activity`` of an IATI file.

    Without ``partnership``, the partnership an earlier import of the same IATI activity
    made is updated if the actor coordinates it (a Conflict otherwise), else a new one
    is started with the actor as coordinator. ``activity_identifier`` chooses the
    activity when the file holds several.
    """
    if partnership is not None:
        interop_rules.require(actor, "interop.import_iati", partnership)
    elif not actor.has_perm("partnerships.add_partnership"):
        raise Forbidden()
    try:
        root = iati_schema.parse_and_validate(content)
    except iati_schema.SchemaInvalid as exc:
        raise Invalid(
            _("The file is not valid IATI 2.03 activity XML: %(problems)s")
            % {"problems": "; ".join(exc.messages[:5])},
            field_errors={"file": exc.messages},
        ) from exc
    element = _choose_activity(root, activity_identifier)
    importer = _Importer(actor=actor, element=element)
    if not importer.identifier:
        raise Invalid(_("The IATI activity has no iati-identifier."))
    if partnership is None:
        earlier = interop_selectors.imported_partnership(identifier=importer.identifier)
        if earlier is not None:
            if not interop_rules.allowed(actor, "interop.import_iati", earlier):
                raise Conflict(
                    _(
                        "The IATI activity %(id)s was already imported into a partnership; "
                        "its coordinators can import the file again to update it."
                    )
                    % {"id": importer.identifier}
                )
            partnership = earlier
    reporting = importer.organization(element.find("reporting-org"))
    created = partnership is None
    fields = _partnership_fields(element, reporting)
    if partnership is None:
        lead = (
            reporting
            if reporting is not None and reporting.pk in represented_organization_ids(actor)
            else None
        )
        partnership = partnership_services.partnership_create(
            actor=actor,
            lead_organization=lead,
            type="cross_sector",
            reporting_currency=importer.default_currency or "USD",
            **fields,
        )
    else:
        changed = {
            name: value
            for name, value in fields.items()
            if name != "modality" and getattr(partnership, name) != value
        }
        if changed:
            partnership_services.partnership_update(actor=actor, partnership=partnership, **changed)
    importer.partnership = partnership
    report = ImportReport(partnership=partnership, identifier=importer.identifier, created=created)

    if reporting is not None:
        importer.admit(reporting)
    roles: list[tuple[Organization, str]] = []
    for participating in element.findall("participating-org"):
        organization = importer.organization(participating)
        if organization is not None and importer.admit(organization):
            role = (participating.get("role") or "").strip()
            if role in codes("OrganisationRole"):
                roles.append((organization, role))
            else:
                importer.warn(
                    _("%(org)s has no known role (“%(role)s”).")
                    % {"org": organization, "role": role}
                )
    publication = IatiPublication.objects.filter(partnership=partnership).first()
    if publication is None:
        publication = IatiPublication(partnership=partnership)
    activity = _workplan_activity(importer, publication, roles, reporting)
    _sdg_targets(importer, partnership)
    report.budgets = _budgets(importer, partnership)
    _transactions(importer, report, activity, roles, reporting)
    _results(importer, report, activity, reporting)

    publication.identifier = importer.identifier
    publication.imported_activity = activity
    if publication.reporting_organization is None and reporting is not None:
        publication.reporting_organization = reporting
    publication.updated_by = actor
    publication.updated_at = timezone.now()
    publication.save()

    status_code = (element.find("activity-status").get("code") or "").strip()
    target = LIFECYCLE.get(status_code)
    if target is not None and target != partnership.status:
        steps = _status_path(partnership.status, target)
        if not steps:
            importer.warn(
                _("The partnership is %(now)s; the file says %(then)s, which it cannot return to.")
                % {"now": Status(partnership.status).label, "then": Status(target).label}
            )
        for step in steps:
            partnership_services.partnership_transition(
                actor=actor, partnership=partnership, to_status=step
            )
    report.organizations_created = importer.created_organizations
    report.members_admitted = importer.admitted
    report.warnings = importer.warnings
    partnership_event_record(
        actor,
        "iati.imported",
        publication,
        partnership,
        summary(
            gettext_noop("%(actor)s imported the IATI activity %(identifier)s"),
            actor=actor,
            identifier=importer.identifier,
        ),
        transactions=report.transactions_posted,
        reversed=report.transactions_reversed,
        indicators=report.indicators,
        warnings=len(report.warnings),
    )
    return report


def _workplan_activity(
    importer: _Importer,
    publication: IatiPublication,
    roles: list[tuple[Organization, str]],
    reporting: Organization | None,
) -> Activity | None:
    """The workplan activity standing for the IATI activity, with its chain of
    implementation; made on the first import."""
    partnership = importer.partnership
    assert partnership is not None
    members = resource_services.member_ids(partnership)
    activity = publication.imported_activity
    if activity is None:
        implementing = [org for org, role in roles if role == "4"]
        candidates = [*implementing, *([reporting] if reporting else []), *(o for o, _r in roles)]
        lead = next((org for org in candidates if org.pk in members), None)
        if lead is None:
            importer.warn(
                _("No member organization can lead the workplan activity; it was not made.")
            )
            return None
        element = importer.element
        start, end = _dates(element)
        status = (element.find("activity-status").get("code") or "").strip()
        activity = resource_services.activity_create(
            actor=importer.actor,
            partnership=partnership,
            title=_narrative(element.find("title"))[:200] or importer.identifier,
            description=partnership.purpose,
            lead_organization=lead,
            start_on=start,
            end_on=end,
            status=status if status in codes("ActivityStatus") else "1",
        )
    existing = set(
        ActivityOrganization.objects.filter(activity=activity).values_list(
            "organization_id", "role"
        )
    )
    for organization, role in roles:
        if (organization.pk, role) not in existing:
            resource_services.activity_chain_add(
                actor=importer.actor, activity=activity, organization=organization, role=role
            )
            existing.add((organization.pk, role))
    return activity


def _sdg_targets(importer: _Importer, partnership: Partnership) -> None:
    element = importer.element
    found = {
        (tag.get("code") or "").strip()
        for tag in element.findall("tag")
        if tag.get("vocabulary") == "3"
    } | {
        (sector.get("code") or "").strip()
        for sector in element.findall("sector")
        if sector.get("vocabulary") == "8"
    }
    known = found & codes("UNSDG-Targets")
    current = set(partnership.sdg_targets.values_list("code", flat=True))
    if known - current:
        partnership_services.partnership_update(
            actor=importer.actor, partnership=partnership, sdg_targets=sorted(current | known)
        )


def _budgets(importer: _Importer, partnership: Partnership) -> int:
    """Replace the partnership's declared budget lines with the file's."""
    lines = []
    for budget in importer.element.findall("budget"):
        value = budget.find("value")
        start = _iso_date(budget.find("period-start").get("iso-date"))
        end = _iso_date(budget.find("period-end").get("iso-date"))
        amount = _decimal(value.text, CENT)
        currency = (value.get("currency") or importer.default_currency).strip().upper()
        value_date = _iso_date(value.get("value-date")) or start
        if None in (start, end, amount, value_date) or currency not in codes("Currency"):
            importer.warn(_("A budget without a readable period, value or currency was left out."))
            continue
        if end < start:
            importer.warn(_("A budget that ends before it starts was left out."))
            continue
        type_code = budget.get("type", "1")
        status_code = budget.get("status", "1")
        lines.append(
            DeclaredBudget(
                partnership=partnership,
                type=type_code if type_code in codes("BudgetType") else "1",
                status=status_code if status_code in codes("BudgetStatus") else "1",
                period_start=start,
                period_end=end,
                value=amount,
                currency=currency,
                value_date=value_date,
            )
        )
    DeclaredBudget.objects.filter(partnership=partnership, activity__isnull=True).delete()
    DeclaredBudget.objects.bulk_create(lines)
    return len(lines)


def _transaction_key(transaction_element: Any) -> str:
    ref = (transaction_element.get("ref") or "").strip()
    if ref:
        return f"ref:{ref}"[:200]
    parts = [
        transaction_element.find("transaction-type").get("code", ""),
        transaction_element.find("transaction-date").get("iso-date", ""),
        (transaction_element.findtext("value") or "").strip(),
        transaction_element.find("value").get("currency", ""),
        *(
            f"{(o.get('ref') or '')}|{_narrative(o)}"
            for o in (
                transaction_element.find("provider-org"),
                transaction_element.find("receiver-org"),
            )
            if o is not None
        ),
        _narrative(transaction_element.find("description")),
    ]
    return "sha:" + hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def _transactions(
    importer: _Importer,
    report: ImportReport,
    activity: Activity | None,
    roles: list[tuple[Organization, str]],
    reporting: Organization | None,
) -> None:
    partnership = importer.partnership
    assert partnership is not None
    earlier = {
        row.key: row
        for row in ImportedTransaction.objects.filter(
            partnership=partnership, activity_identifier=importer.identifier
        ).select_related("ledger_entry")
    }
    funders = [org for org, role in roles if role == "1"]
    seen: Counter[str] = Counter()
    keys_in_file: set[str] = set()
    skipped: Counter[str] = Counter()
    today = timezone.localdate()
    for element in importer.element.findall("transaction"):
        base_key = _transaction_key(element)
        seen[base_key] += 1
        key = base_key if seen[base_key] == 1 else f"{base_key}#{seen[base_key]}"[:200]
        keys_in_file.add(key)
        if key in earlier:
            report.transactions_unchanged += 1
            continue
        type_code = (element.find("transaction-type").get("code") or "").strip()
        value_element = element.find("value")
        amount = _decimal(value_element.text, CENT)
        currency = (value_element.get("currency") or importer.default_currency).strip().upper()
        value_date = _iso_date(value_element.get("value-date")) or _iso_date(
            element.find("transaction-date").get("iso-date")
        )
        if type_code not in LEDGER_TYPES:
            skipped[
                _("of a type Accord's ledger does not hold (%(type)s)") % {"type": type_code}
            ] += 1
            continue
        if amount is None or amount <= 0:
            skipped[_("with a value that is not positive (Accord corrects by reversal)")] += 1
            continue
        if currency not in codes("Currency"):
            skipped[_("without a known currency")] += 1
            continue
        if value_date is None or value_date > today:
            skipped[_("dated in the future or not dated")] += 1
            continue
        provider = importer.organization(element.find("provider-org"))
        if provider is None:
            provider = (
                funders[0] if type_code in INCOMING_TYPES and len(funders) == 1 else reporting
            )
        receiver = importer.organization(element.find("receiver-org"))
        if receiver is None and type_code in INCOMING_TYPES:
            receiver = reporting
        members = resource_services.member_ids(partnership)
        if provider is None or provider.pk not in members:
            skipped[_("from an organization that is not a member")] += 1
            continue
        if receiver is not None and (receiver.pk not in members or receiver.pk == provider.pk):
            receiver = None  # to the activity
        if receiver is None and activity is None:
            skipped[_("with no member or workplan activity to receive it")] += 1
            continue
        try:
            entry = resource_services.ledger_entry_post(
                actor=importer.actor,
                partnership=partnership,
                type=type_code,
                value=amount,
                currency_code=currency,
                value_date=value_date,
                provider=provider,
                receiver=receiver,
                activity=activity,
                note=_narrative(element.find("description"))[:5000],
            )
        except AccordError as exc:
            skipped[exc.message] += 1
            continue
        ImportedTransaction.objects.create(
            partnership=partnership,
            activity_identifier=importer.identifier,
            key=key,
            ledger_entry=entry,
        )
        report.transactions_posted += 1
    for reason, count in skipped.items():
        importer.warn(
            _("%(count)s transaction(s) %(reason)s were left out.")
            % {"count": count, "reason": reason}
        )
    for key, row in earlier.items():
        if key in keys_in_file:
            continue
        entry = row.ledger_entry
        if not LedgerEntry.objects.filter(reverses=entry).exists():
            resource_services.ledger_entry_reverse(
                actor=importer.actor,
                entry=entry,
                reason=_("No longer in the IATI activity %(id)s.") % {"id": importer.identifier},
            )
            report.transactions_reversed += 1
        row.delete()


def _figure(element: Any, numeric: bool) -> tuple[Decimal | None, str, list[tuple[str, str]]]:
    value_text = (element.get("value") or "").strip()
    dimensions = [
        ((d.get("name") or "").strip(), (d.get("value") or "").strip())
        for d in element.findall("dimension")
    ]
    number = _decimal(value_text, PLACES4) if value_text else None
    return (number if numeric else None), value_text, dimensions


def _results(
    importer: _Importer,
    report: ImportReport,
    activity: Activity | None,
    reporting: Organization | None,
) -> None:
    partnership = importer.partnership
    assert partnership is not None
    if reporting is None:
        if importer.element.findall("result"):
            importer.warn(_("Results need a reporting organization; they were left out."))
        return
    names: Counter[str] = Counter()
    dropped: Counter[str] = Counter()
    note = _("Imported from the IATI activity %(id)s.") % {"id": importer.identifier}
    for result in importer.element.findall("result"):
        result_type = (result.get("type") or "").strip()
        if result_type not in ("1", "2", "3"):
            dropped[
                _("results of type %(type)s were imported as outputs") % {"type": result_type}
            ] += 1
            result_type = "1"
        for element in result.findall("indicator"):
            measure = (element.get("measure") or "1").strip()
            measure = measure if measure in codes("IndicatorMeasure") else "1"
            numeric = measure in ("1", "2")
            title = _narrative(element.find("title")) or _narrative(result.find("title"))
            title = title[:190] or importer.identifier
            names[title] += 1
            name = title if names[title] == 1 else f"{title} ({names[title]})"
            sdg_indicator = next(
                (
                    (r.get("code") or "").strip()
                    for r in element.findall("reference")
                    if r.get("vocabulary") == "9"
                    and is_sdg_indicator_code((r.get("code") or "").strip())
                ),
                "",
            )
            baseline_value, baseline_date, baseline_note = None, None, ""
            for baseline in element.findall("baseline"):
                number, text, dimensions = _figure(baseline, numeric)
                if dimensions:
                    continue
                year = int(baseline.get("year"))
                baseline_date = _iso_date(baseline.get("iso-date")) or date(year, 1, 1)
                baseline_value = number
                baseline_note = _narrative(baseline.find("comment")) or (
                    text if not numeric else ""
                )
                break
            if measure == "2" and baseline_value is not None and not 0 <= baseline_value <= 100:
                baseline_value = None
            periods = []
            for period in element.findall("period"):
                start = _iso_date(period.find("period-start").get("iso-date"))
                end = _iso_date(period.find("period-end").get("iso-date"))
                if start is None or end is None or end < start:
                    dropped[_("periods without readable dates were left out")] += 1
                    continue
                imported = ImportedPeriod(start=start, end=end)
                for target in period.findall("target"):
                    number, _text, dimensions = _figure(target, True)
                    if not dimensions and number is not None:
                        imported.target = number
                    elif dimensions:
                        dropped[_("disaggregated targets were left out")] += 1
                for actual in period.findall("actual"):
                    number, text, dimensions = _figure(actual, numeric)
                    if not dimensions:
                        imported.actual, imported.actual_text = number, text
                    elif (
                        numeric
                        and number is not None
                        and len(dimensions) == 1
                        and (is_known_category(*dimensions[0]))
                    ):
                        imported.cells.append((*dimensions[0], number))
                    else:
                        dropped[
                            _("actual values by dimensions Accord does not know were left out")
                        ] += 1
                if numeric and imported.actual is None and imported.actual_text:
                    dropped[_("actual values that are not numbers were left out")] += 1
                    imported.actual_text = ""
                periods.append(imported)
            data = ImportedIndicator(
                name=name,
                description=_narrative(element.find("description")),
                result_type=result_type,
                measure=measure,
                ascending=(element.get("ascending") or "1").strip() not in ("0", "false"),
                sdg_indicator=sdg_indicator,
                sdg_target=sdg_indicator.rpartition(".")[0],
                baseline_value=baseline_value,
                baseline_date=baseline_date if baseline_value is not None else None,
                baseline_note=baseline_note,
                periods=periods,
            )
            try:
                with transaction.atomic():
                    _indicator, added, problems = indicator_import(
                        actor=importer.actor,
                        partnership=partnership,
                        activity=activity,
                        responsible=reporting,
                        data=data,
                        note=note,
                    )
            except AccordError as exc:
                importer.warn(f"{name}: {exc.message}")
                continue
            report.indicators += 1
            report.measurements += added
            importer.warnings += [f"{name}: {problem}" for problem in problems]
    for reason, count in dropped.items():
        importer.warn(f"{reason} ({count}).")
