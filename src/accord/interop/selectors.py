"""Reads for IATI: which partnership the actor may export, its settings, and the
``ActivityDocument``s the writer turns into XML (docs/iati.md maps every field).

The ledger is read lazily, as tuples (``values_list(...).iterator(chunk_size=...)``),
when the writer reaches the transactions; everything else is a fixed number of queries.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import Max, Sum
from django.db.models.functions import ExtractYear
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accord.audit import selectors as audit_selectors
from accord.audit.models import Event
from accord.errors import Forbidden, NotFound
from accord.interop import iati_xml
from accord.interop import rules as interop_rules
from accord.interop.codelists import is_sdg_indicator_code
from accord.interop.models import DeclaredBudget, IatiPublication, OrganizationIdentifier, Scope
from accord.partners.models import Organization
from accord.partnerships import selectors as partnership_selectors
from accord.partnerships.models import Membership, MembershipStatus, Partnership, Status
from accord.resources.models import (
    Activity,
    ActivityOrganization,
    ImplementationRole,
    LedgerEntry,
    PledgeInstallment,
    ResourceKind,
    TransactionType,
)
from accord.results.models import Indicator, Measurement, MeasurementStatus

CENT = Decimal("0.01")

#: Rows fetched per database round trip while streaming the ledger.
LEDGER_CHUNK = 5000

#: The partnership lifecycle as IATI ActivityStatus codes (docs/iati.md says why).
STATUS_CODES = {
    Status.FORMING: "1",  # Pipeline/identification
    Status.ACTIVE: "2",  # Implementation
    Status.REVIEW: "3",  # Finalisation: open, pending review (M&E)
    Status.RENEWED: "2",  # Implementation again
    Status.CLOSED: "4",  # Closed
}

#: Ledger types that are IATI TransactionType codes; in-kind delivery ("ik") is not.
IATI_TRANSACTION_TYPES = tuple(code for code in TransactionType.values if code.isdigit())


def iati_partnership_get(*, actor: Any, slug: str) -> Partnership:
    """The partnership whose file the actor may read: NotFound for anyone else."""
    partnership = partnership_selectors.partnership_get(actor=actor, slug=slug)
    if not interop_rules.allowed(actor, "interop.view_iati", partnership):
        raise NotFound(_("No such partnership."))
    return partnership


def iati_partnership_for(*, actor: Any, slug: str, perm: str) -> Partnership:
    """The partnership if the actor holds the ``interop.*`` permission ``perm`` on it:
    NotFound when they may not see it at all, Forbidden when they see it without ``perm``."""
    partnership = partnership_selectors.partnership_get(actor=actor, slug=slug)
    if not interop_rules.allowed(actor, perm, partnership):
        raise Forbidden(_("Only the partnership's coordinators manage its IATI publication."))
    return partnership


def partnership_for_operator(*, slug: str) -> Partnership:
    """The partnership by slug, for the command line (the operator reads everything)."""
    partnership = Partnership.objects.filter(slug=slug).first()
    if partnership is None:
        raise NotFound(_("No partnership has the slug “%(slug)s”.") % {"slug": slug})
    return partnership


def publication_get(*, partnership: Partnership) -> IatiPublication:
    """The partnership's IATI settings (unsaved defaults when never set)."""
    publication = (
        IatiPublication.objects.select_related("reporting_organization")
        .filter(partnership=partnership)
        .first()
    )
    return publication or IatiPublication(partnership=partnership)


def organization_by_ref(*, ref: str) -> Organization | None:
    found = OrganizationIdentifier.objects.select_related("organization").filter(ref=ref).first()
    return found.organization if found else None


def organization_named(*, name: str) -> Organization | None:
    """An organization of the (public) directory by name, in any case."""
    return Organization.objects.filter(name__iexact=name.strip()).first()


def organization_ref(*, organization: Organization) -> str:
    found = OrganizationIdentifier.objects.filter(organization=organization).first()
    return found.ref if found else ""


def imported_partnership(*, identifier: str) -> Partnership | None:
    """The partnership an earlier import made for this IATI activity, if any."""
    found = (
        IatiPublication.objects.select_related("partnership")
        .filter(identifier=identifier)
        .exclude(identifier="")
        .first()
    )
    return found.partnership if found else None


# --- the documents --------------------------------------------------------------------


@dataclass(frozen=True)
class _Context:
    partnership: Partnership
    organizations: dict[int, iati_xml.OrgRef]
    reporting: iati_xml.OrgRef
    base_identifier: str
    lang: str
    last_updated: Any
    sdg_sectors: tuple[tuple[str, str, Decimal | None], ...]
    sdg_tags: tuple[tuple[str, str], ...]


def _org_ref(organization: Organization, ref: str) -> iati_xml.OrgRef:
    return iati_xml.OrgRef(name=organization.name, ref=ref, type=organization.iati_type)


def _organizations(partnership: Partnership, extra: Organization | None) -> dict[int, Any]:
    """Every organization that ever held a seat (ledger rows name only those), by id."""
    ids = set(
        Membership.objects.filter(partnership=partnership).values_list("organization_id", flat=True)
    )
    if extra is not None:
        ids.add(extra.pk)
    refs = dict(
        OrganizationIdentifier.objects.filter(organization_id__in=ids).values_list(
            "organization_id", "ref"
        )
    )
    return {
        org.pk: _org_ref(org, refs.get(org.pk, ""))
        for org in Organization.objects.filter(pk__in=ids)
    }


def _reporting_organization(
    partnership: Partnership, publication: IatiPublication
) -> Organization | None:
    if publication.reporting_organization is not None:
        return publication.reporting_organization
    founding = (
        Membership.objects.filter(partnership=partnership, status=MembershipStatus.ADMITTED)
        .select_related("organization")
        .order_by("decided_at", "id")
        .first()
    )
    return founding.organization if founding else None


def _split_percentages(count: int) -> list[Decimal]:
    """``count`` shares of 100 with two decimals that add up to exactly 100."""
    if count == 0:
        return []
    share = (Decimal(100) / count).quantize(Decimal("0.01"))
    return [share] * (count - 1) + [Decimal(100) - share * (count - 1)]


def _sdg_codes(partnership: Partnership, indicators: list[Indicator]) -> tuple[Any, Any]:
    targets = set(partnership.sdg_targets.values_list("code", flat=True))
    targets |= {i.sdg_target.code for i in indicators if i.sdg_target is not None}
    indicator_codes = {
        i.sdg_indicator for i in indicators if is_sdg_indicator_code(i.sdg_indicator)
    }
    goals = {code.split(".")[0] for code in targets}

    def ordered(codes: set[str]) -> list[str]:
        return sorted(codes, key=lambda code: [p.zfill(3) for p in code.split(".")])

    sectors: list[tuple[str, str, Decimal | None]] = []
    for vocabulary, group in (("7", goals), ("8", targets), ("9", indicator_codes)):
        codes = ordered(group)
        sectors += zip(
            [vocabulary] * len(codes), codes, _split_percentages(len(codes)), strict=True
        )
    tags = [("2", code) for code in ordered(goals)] + [("3", code) for code in ordered(targets)]
    return tuple(sectors), tuple(tags)


def _context(partnership: Partnership, publication: IatiPublication) -> _Context:
    reporting_org = _reporting_organization(partnership, publication)
    organizations = _organizations(partnership, reporting_org)
    if reporting_org is not None:
        reporting = organizations[reporting_org.pk]
        if not reporting.ref:
            # Not a registered identifier: docs/iati.md says how to set one.
            reporting = iati_xml.OrgRef(
                reporting.name, f"ACCORD-ORG-{reporting_org.pk}", reporting.type
            )
    else:
        reporting = iati_xml.OrgRef(partnership.name, f"ACCORD-{partnership.slug}", "90")
    last_event = Event.objects.filter(partnership_id=partnership.pk).aggregate(at=Max("created_at"))
    indicators = list(
        Indicator.objects.filter(partnership=partnership).select_related("sdg_target")
    )
    sectors, tags = _sdg_codes(partnership, indicators)
    return _Context(
        partnership=partnership,
        organizations=organizations,
        reporting=reporting,
        base_identifier=publication.identifier or f"{reporting.ref}-{partnership.slug}",
        lang=settings.LANGUAGE_CODE.split("-")[0],
        last_updated=last_event["at"] or partnership.created_at,
        sdg_sectors=sectors,
        sdg_tags=tags,
    )


def _status_dates(partnership: Partnership) -> tuple[date | None, date | None]:
    """When the partnership first became active, and when it closed (from its feed)."""
    changes = Event.objects.filter(
        partnership_id=partnership.pk, verb="partnership.status_changed"
    ).order_by("id")
    started = (
        changes.filter(data__status=Status.ACTIVE).values_list("created_at", flat=True).first()
    )
    closed = changes.filter(data__status=Status.CLOSED).values_list("created_at", flat=True).last()
    local = timezone.localdate
    return (local(started) if started else None, local(closed) if closed else None)


def _partnership_dates(partnership: Partnership) -> list[tuple[str, date]]:
    activities = Activity.objects.filter(partnership=partnership)
    first_start = (
        activities.filter(start_on__isnull=False)
        .order_by("start_on")
        .values_list("start_on", flat=True)
        .first()
    )
    last_end = (
        activities.filter(end_on__isnull=False)
        .order_by("-end_on")
        .values_list("end_on", flat=True)
        .first()
    )
    started, closed = _status_dates(partnership)
    dates = [("1", first_start or timezone.localdate(partnership.created_at))]
    if started:
        dates.append(("2", started))
    if last_end:
        dates.append(("3", last_end))
    if closed:
        dates.append(("4", closed))
    return dates


def _activity_dates(activity: Activity) -> list[tuple[str, date]]:
    underway = activity.status != "1"
    dates = [("1", activity.start_on or timezone.localdate(activity.created_at))]
    if underway and activity.start_on and activity.start_on <= timezone.localdate():
        dates.append(("2", activity.start_on))
    if activity.end_on:
        dates.append(("3", activity.end_on))
        if activity.status == "4":
            dates.append(("4", activity.end_on))
    return dates


def _participating(
    ctx: _Context, partnership: Partnership, activity: Activity | None
) -> list[tuple[iati_xml.OrgRef, str]]:
    """(organization, role) pairs: the chain of implementation, then leads (4) and money
    pledgers (1); for the whole partnership (``activity`` None), every admitted member
    without a role so far is implementing (4)."""
    roles: dict[int, set[str]] = defaultdict(set)
    chain = ActivityOrganization.objects.filter(activity__partnership=partnership)
    activities = Activity.objects.filter(partnership=partnership)
    pledges = partnership.pledges.filter(kind=ResourceKind.MONEY)
    if activity is not None:
        chain, activities = chain.filter(activity=activity), activities.filter(pk=activity.pk)
        pledges = pledges.filter(activity=activity)
    for organization_id, role in chain.values_list("organization_id", "role"):
        roles[organization_id].add(role)
    for organization_id in activities.values_list("lead_organization_id", flat=True):
        roles[organization_id].add(ImplementationRole.IMPLEMENTING)
    for organization_id in pledges.values_list("organization_id", flat=True):
        roles[organization_id].add(ImplementationRole.FUNDING)
    if activity is None:
        members = Membership.objects.filter(
            partnership=partnership, status=MembershipStatus.ADMITTED
        ).values_list("organization_id", flat=True)
        for organization_id in members:
            if not roles[organization_id]:
                roles[organization_id].add(ImplementationRole.IMPLEMENTING)
    pairs = [
        (ctx.organizations[organization_id], role)
        for organization_id, organization_roles in roles.items()
        if organization_id in ctx.organizations
        for role in organization_roles
    ]
    return sorted(pairs, key=lambda pair: (pair[1], pair[0].name))


def _budgets(partnership: Partnership, activity: Activity | None, *, whole: bool) -> list[Any]:
    declared = DeclaredBudget.objects.filter(partnership=partnership)
    if activity is not None:
        scoped = declared.filter(activity=activity)
    elif whole and not declared.filter(activity__isnull=True).exists():
        scoped = declared  # only per-activity lines: the whole partnership's are all of them
    else:
        scoped = declared.filter(activity__isnull=True)
    scoped_lines = list(scoped)
    if scoped_lines:
        return [
            iati_xml.Budget(
                b.type, b.status, b.period_start, b.period_end, b.value, b.currency, b.value_date
            )
            for b in scoped_lines
        ]
    installments = PledgeInstallment.objects.filter(
        pledge__partnership=partnership, pledge__kind=ResourceKind.MONEY
    )
    if activity is not None:
        installments = installments.filter(pledge__activity=activity)
    elif not whole:
        installments = installments.filter(pledge__activity__isnull=True)
    per_year = (
        installments.annotate(year=ExtractYear("due_on"))
        .values("year", "pledge__currency")
        .annotate(total=Sum("amount"))
        .order_by("year", "pledge__currency")
    )
    return [
        iati_xml.Budget(
            type="1",
            status="2",  # committed: members pledged it
            period_start=date(row["year"], 1, 1),
            period_end=date(row["year"], 12, 31),
            value=Decimal(row["total"]).quantize(CENT),
            currency=row["pledge__currency"],
            value_date=date(row["year"], 1, 1),
        )
        for row in per_year
    ]


def _transactions(
    partnership: Partnership, activity: Activity | None, *, whole: bool
) -> Iterator[iati_xml.TransactionRow]:
    entries = LedgerEntry.objects.filter(partnership=partnership, type__in=IATI_TRANSACTION_TYPES)
    if activity is not None:
        entries = entries.filter(activity=activity)
    elif not whole:
        entries = entries.filter(activity__isnull=True)
    rows = entries.order_by("value_date", "id").values_list(
        "id", "type", "value", "currency", "value_date", "provider_id", "receiver_id", "note"
    )
    return rows.iterator(chunk_size=LEDGER_CHUNK)


def _number(value: Decimal | None) -> str | None:
    return None if value is None else f"{value.normalize():f}"


def _results(
    partnership: Partnership, activity: Activity | None, *, whole: bool
) -> list[iati_xml.IndicatorResult]:
    indicators = Indicator.objects.filter(partnership=partnership).prefetch_related("targets")
    if activity is not None:
        indicators = indicators.filter(activity=activity)
    elif not whole:
        indicators = indicators.filter(activity__isnull=True)
    indicators = list(indicators.order_by("result_type", "name"))
    verified = (
        Measurement.objects.current()
        .filter(
            indicator__in=indicators,
            status__in=[MeasurementStatus.APPROVED, MeasurementStatus.LOCKED],
        )
        .prefetch_related("cells")
        .order_by("indicator_id", "period_start", "id")
    )
    actual_by_period: dict[tuple[int, date], Measurement] = {}
    for measurement in verified:  # the latest verified value of each period wins
        actual_by_period[(measurement.indicator_id, measurement.period_start)] = measurement
    results = []
    for indicator in indicators:
        periods: dict[tuple[date, date], dict[str, list[iati_xml.Figure]]] = {}
        for target in indicator.targets.all():
            if target.value is not None:
                figure = iati_xml.Figure(_number(target.value))
            else:  # a band: the bound to reach, the band in the comment
                bound = target.low if indicator.direction == "up" else target.high
                figure = iati_xml.Figure(
                    _number(bound), comment=f"{_number(target.low)}–{_number(target.high)}"
                )
            slot = periods.setdefault((target.period_start, target.period_end), {})
            slot.setdefault("targets", []).append(figure)
        for (indicator_id, _start), measurement in actual_by_period.items():
            if indicator_id != indicator.pk:
                continue
            links = ()
            if measurement.evidence_link:
                links = (iati_xml.DocumentLink(measurement.evidence_link, _("Evidence"), "A08"),)
            actuals = [
                iati_xml.Figure(
                    measurement.display_value
                    if measurement.value is None
                    else _number(measurement.value),
                    links=links,
                )
            ]
            actuals += [
                iati_xml.Figure(
                    _number(cell.value), (iati_xml.Dimension(cell.dimension, cell.category),)
                )
                for cell in measurement.cells.all()
            ]
            slot = periods.setdefault((measurement.period_start, measurement.period_end), {})
            slot.setdefault("actuals", []).extend(actuals)
        baseline = None
        if indicator.baseline_date is not None:
            baseline = iati_xml.Baseline(
                year=indicator.baseline_date.year,
                iso_date=indicator.baseline_date,
                value=_number(indicator.baseline_value),
                comment=indicator.baseline_note,
            )
        results.append(
            iati_xml.IndicatorResult(
                result_type=indicator.result_type,
                measure=indicator.measure,
                ascending=indicator.direction == "up",
                title=indicator.name,
                description=indicator.description,
                sdg_indicator=indicator.sdg_indicator
                if is_sdg_indicator_code(indicator.sdg_indicator)
                else "",
                baseline=baseline,
                periods=tuple(
                    iati_xml.Period(
                        start,
                        end,
                        tuple(figures.get("targets", ())),
                        tuple(figures.get("actuals", ())),
                    )
                    for (start, end), figures in sorted(periods.items())
                ),
            )
        )
    return results


def _document_links(partnership: Partnership) -> list[iati_xml.DocumentLink]:
    base = settings.ACCORD_BASE_URL.rstrip("/")
    links = [
        iati_xml.DocumentLink(
            f"{base}{partnership.get_absolute_url()}", _("Partnership page"), "A12"
        )
    ]
    charter = partnership_selectors.current_charter(partnership=partnership)
    if charter is not None:
        links.append(
            iati_xml.DocumentLink(
                f"{base}{reverse('partnerships:charter_detail', args=[partnership.slug])}",
                _("Charter, version %(number)s") % {"number": charter.number},
                "A09",
                document_date=timezone.localdate(charter.published_at),
            )
        )
    return links


def _activity_document(
    ctx: _Context,
    partnership: Partnership,
    activity: Activity,
    links: list[iati_xml.DocumentLink],
    common: dict[str, Any],
) -> iati_xml.ActivityDocument:
    return iati_xml.ActivityDocument(
        identifier=f"{ctx.base_identifier}-A{activity.pk}",
        title=activity.title,
        status=activity.status,
        hierarchy=2,
        descriptions=[("1", activity.description or activity.title)],
        participating=_participating(ctx, partnership, activity),
        dates=_activity_dates(activity),
        sectors=ctx.sdg_sectors,
        tags=ctx.sdg_tags,
        budgets=_budgets(partnership, activity, whole=False),
        transactions=lambda: _transactions(partnership, activity, whole=False),
        document_links=links,
        results=lambda: _results(partnership, activity, whole=False),
        **common,
    )


def iati_documents(
    *, partnership: Partnership, scope: str | None = None
) -> list[iati_xml.ActivityDocument]:
    """The partnership's IATI activities: one, or (scope "activity") the partnership's
    own followed by one per workplan activity. ``scope`` None: the stored default."""
    publication = publication_get(partnership=partnership)
    scope = scope or publication.scope
    ctx = _context(partnership, publication)
    whole = scope == Scope.PARTNERSHIP
    charter = partnership_selectors.current_charter(partnership=partnership)
    descriptions = [("1", partnership.purpose)]
    if charter is not None and charter.common_outcome.strip():
        descriptions.append(("2", charter.common_outcome))
    links = _document_links(partnership)
    common = {
        "reporting_org": ctx.reporting,
        "default_currency": partnership.reporting_currency,
        "lang": ctx.lang,
        "last_updated": ctx.last_updated,
        "organizations": ctx.organizations,
    }
    documents = [
        iati_xml.ActivityDocument(
            identifier=ctx.base_identifier,
            title=partnership.name,
            status=STATUS_CODES[partnership.status],
            hierarchy=None if whole else 1,
            descriptions=descriptions,
            participating=_participating(ctx, partnership, None),
            dates=_partnership_dates(partnership),
            sectors=ctx.sdg_sectors,
            tags=ctx.sdg_tags,
            budgets=_budgets(partnership, None, whole=whole),
            transactions=lambda: _transactions(partnership, None, whole=whole),
            document_links=links,
            results=lambda: _results(partnership, None, whole=whole),
            **common,
        )
    ]
    if whole:
        return documents
    documents.extend(
        _activity_document(ctx, partnership, activity, links, common)
        for activity in Activity.objects.filter(partnership=partnership).order_by("id")
    )
    return documents


def iati_stream(*, partnership: Partnership, scope: str | None = None) -> Iterator[bytes]:
    """The partnership's IATI file as chunks of bytes (see ``iati_xml.stream``)."""
    documents = iati_documents(partnership=partnership, scope=scope)
    chunks = iati_xml.stream(documents, generated=timezone.now())
    head = audit_selectors.chain_head(partnership_id=partnership.pk)
    return chunks if head is None else _chain_head_commented(chunks, head)


def _chain_head_commented(chunks: Iterator[bytes], head: Any) -> Iterator[bytes]:
    """A comment after the XML declaration: the head of the partnership's hash chain when
    the file was made (docs/decisions/0006-hash-chain.md)."""
    comment = f"<!-- Accord record chain: {head.seq} records, head {head.link_hash} -->\n"
    first = next(chunks, iati_xml.DECLARATION)
    if first.startswith(iati_xml.DECLARATION):
        first = first[len(iati_xml.DECLARATION) :]
    yield iati_xml.DECLARATION + comment.encode() + first
    yield from chunks
