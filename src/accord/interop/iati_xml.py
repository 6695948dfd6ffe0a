"""Writing IATI 2.03 activity XML: the element builders, the streaming writer and the
one-tree writer. No database access: the selectors hand in ``ActivityDocument``s whose
transactions are a lazy iterator of plain tuples.

- :func:`stream` writes with ``lxml.etree.xmlfile`` and yields the bytes in chunks, so
  that a million transactions use constant memory;
- :func:`build_tree` builds the same document as one lxml tree (for the benchmark and a
  test that both give the same bytes);
- the elements come in the order the schema's sequence enforces (iati-activities-schema.xsd).
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from copy import copy
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from lxml import etree

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
VERSION = "2.03"
DECLARATION = b"<?xml version='1.0' encoding='UTF-8'?>\n"

#: Characters XML 1.0 does not allow in text (lxml refuses them).
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass(frozen=True)
class OrgRef:
    """How an organization appears in the file: its name, IATI identifier and type."""

    name: str
    ref: str = ""
    type: str = ""


#: One ledger row: (id, type code, value, currency, value date, provider id, receiver id, note).
TransactionRow = tuple[int, str, Decimal, str, date, int, int | None, str]


@dataclass(frozen=True)
class Budget:
    type: str
    status: str
    period_start: date
    period_end: date
    value: Decimal
    currency: str
    value_date: date


@dataclass(frozen=True)
class DocumentLink:
    url: str
    title: str
    category: str
    format: str = "text/html"
    document_date: date | None = None


@dataclass(frozen=True)
class Dimension:
    name: str
    value: str


@dataclass(frozen=True)
class Figure:
    """A target or an actual: a value, the disaggregation it belongs to, a comment, links."""

    value: str | None
    dimensions: tuple[Dimension, ...] = ()
    comment: str = ""
    links: tuple[DocumentLink, ...] = ()


@dataclass(frozen=True)
class Period:
    start: date
    end: date
    targets: tuple[Figure, ...] = ()
    actuals: tuple[Figure, ...] = ()


@dataclass(frozen=True)
class Baseline:
    year: int
    iso_date: date
    value: str | None
    comment: str = ""


@dataclass(frozen=True)
class IndicatorResult:
    """One Accord indicator, written as one ``result`` holding one ``indicator``."""

    result_type: str
    measure: str
    ascending: bool
    title: str
    description: str = ""
    sdg_indicator: str = ""
    baseline: Baseline | None = None
    periods: tuple[Period, ...] = ()


@dataclass
class ActivityDocument:
    identifier: str
    reporting_org: OrgRef
    title: str
    status: str
    default_currency: str
    lang: str
    last_updated: datetime
    hierarchy: int | None = None
    descriptions: Sequence[tuple[str, str]] = ()  # (DescriptionType code, text)
    participating: Sequence[tuple[OrgRef, str]] = ()  # (organization, OrganisationRole code)
    dates: Sequence[tuple[str, date]] = ()  # (ActivityDateType code, date)
    sectors: Sequence[tuple[str, str, Decimal | None]] = ()  # (vocabulary, code, percentage)
    tags: Sequence[tuple[str, str]] = ()  # (vocabulary, code)
    budgets: Sequence[Budget] = ()
    organizations: dict[int, OrgRef] = field(default_factory=dict)  # for the transactions
    transactions: Callable[[], Iterable[TransactionRow]] = lambda: ()
    document_links: Sequence[DocumentLink] = ()
    results: Callable[[], Iterable[IndicatorResult]] = lambda: ()


# --- element builders -----------------------------------------------------------------


def clean_text(text: str) -> str:
    return _NOT_XML.sub("", text)


def _sub(parent: etree._Element, tag: str, attrib: dict[str, str] | None = None) -> Any:
    return etree.SubElement(parent, tag, attrib or {})


def _narrative(parent: etree._Element, text: str) -> None:
    etree.SubElement(parent, "narrative").text = clean_text(text)


def _text_element(tag: str, text: str, attrib: dict[str, str] | None = None) -> Any:
    element = etree.Element(tag, attrib or {})
    _narrative(element, text)
    return element


def _org_attributes(org: OrgRef) -> dict[str, str]:
    attrib = {}
    if org.ref:
        attrib["ref"] = org.ref
    if org.type:
        attrib["type"] = org.type
    return attrib


def _decimal(value: Decimal) -> str:
    return f"{value:f}"


def activity_attributes(doc: ActivityDocument) -> dict[str, str]:
    attrib = {
        XML_LANG: doc.lang,
        "default-currency": doc.default_currency,
        "last-updated-datetime": doc.last_updated.isoformat(timespec="seconds"),
    }
    if doc.hierarchy is not None:
        attrib["hierarchy"] = str(doc.hierarchy)
    return attrib


def head_elements(doc: ActivityDocument) -> Iterator[Any]:
    """Every child of ``iati-activity`` before the transactions, in schema order."""
    identifier = etree.Element("iati-identifier")
    identifier.text = doc.identifier
    yield identifier
    reporting = etree.Element(
        "reporting-org", {"ref": doc.reporting_org.ref, "type": doc.reporting_org.type}
    )
    _narrative(reporting, doc.reporting_org.name)
    yield reporting
    yield _text_element("title", doc.title)
    for type_code, text in doc.descriptions or [("1", doc.title)]:  # description is 1..n
        yield _text_element("description", text, {"type": type_code})
    for org, role in doc.participating:
        participating = etree.Element("participating-org", {**_org_attributes(org), "role": role})
        _narrative(participating, org.name)
        yield participating
    yield etree.Element("activity-status", {"code": doc.status})
    for type_code, day in doc.dates:
        yield etree.Element("activity-date", {"type": type_code, "iso-date": day.isoformat()})
    for vocabulary, code, percentage in doc.sectors:
        attrib = {"vocabulary": vocabulary, "code": code}
        if percentage is not None:
            attrib["percentage"] = _decimal(percentage)
        yield etree.Element("sector", attrib)
    for vocabulary, code in doc.tags:
        yield etree.Element("tag", {"vocabulary": vocabulary, "code": code})
    for budget in doc.budgets:
        element = etree.Element("budget", {"type": budget.type, "status": budget.status})
        _sub(element, "period-start", {"iso-date": budget.period_start.isoformat()})
        _sub(element, "period-end", {"iso-date": budget.period_end.isoformat()})
        value = _sub(
            element,
            "value",
            {"currency": budget.currency, "value-date": budget.value_date.isoformat()},
        )
        value.text = _decimal(budget.value)
        yield element


def transaction_element(
    row: TransactionRow,
    organizations: dict[int, OrgRef],
    _templates: dict[tuple[str, Any], Any] | None = None,
) -> Any:
    """One ``transaction``. The hot loop of a large export: the parts that repeat (the
    type, each provider and receiver) are built once into ``_templates`` and copied (a deep
    copy in C), the rest with plain ``SubElement`` calls."""
    entry_id, type_code, value, currency, value_date, provider_id, receiver_id, note = row
    templates = {} if _templates is None else _templates
    day = value_date.isoformat()
    sub = etree.SubElement
    transaction = etree.Element("transaction", ref=str(entry_id))
    type_element = templates.get(("type", type_code))
    if type_element is None:
        type_element = templates["type", type_code] = etree.Element(
            "transaction-type", code=type_code
        )
    transaction.append(copy(type_element))
    sub(transaction, "transaction-date", {"iso-date": day})
    sub(transaction, "value", {"currency": currency, "value-date": day}).text = f"{value:f}"
    if note:
        sub(sub(transaction, "description"), "narrative").text = clean_text(note)
    for tag, organization_id in (("provider-org", provider_id), ("receiver-org", receiver_id)):
        if organization_id is None:
            continue
        party = templates.get((tag, organization_id))
        if party is None:
            org = organizations[organization_id]
            party = templates[tag, organization_id] = etree.Element(tag, _org_attributes(org))
            _narrative(party, org.name)
        transaction.append(copy(party))
    return transaction


def _document_link(tag: str, link: DocumentLink) -> Any:
    element = etree.Element(tag, {"url": link.url, "format": link.format})
    _narrative(_sub(element, "title"), link.title)
    _sub(element, "category", {"code": link.category})
    if link.document_date is not None:
        _sub(element, "document-date", {"iso-date": link.document_date.isoformat()})
    return element


def _figure(parent: Any, tag: str, figure: Figure) -> None:
    element = _sub(parent, tag, {} if figure.value is None else {"value": figure.value})
    for dimension in figure.dimensions:
        _sub(element, "dimension", {"name": dimension.name, "value": dimension.value})
    if figure.comment:
        _narrative(_sub(element, "comment"), figure.comment)
    for link in figure.links:
        element.append(_document_link("document-link", link))


def result_element(indicator: IndicatorResult) -> Any:
    result = etree.Element("result", {"type": indicator.result_type})
    _narrative(_sub(result, "title"), indicator.title)
    element = _sub(
        result,
        "indicator",
        {"measure": indicator.measure, "ascending": "1" if indicator.ascending else "0"},
    )
    _narrative(_sub(element, "title"), indicator.title)
    if indicator.description:
        _narrative(_sub(element, "description"), indicator.description)
    if indicator.sdg_indicator:
        _sub(element, "reference", {"vocabulary": "9", "code": indicator.sdg_indicator})
    baseline = indicator.baseline
    if baseline is not None:
        attrib = {"year": str(baseline.year), "iso-date": baseline.iso_date.isoformat()}
        if baseline.value is not None:
            attrib["value"] = baseline.value
        baseline_element = _sub(element, "baseline", attrib)
        if baseline.comment:
            _narrative(_sub(baseline_element, "comment"), baseline.comment)
    for period in indicator.periods:
        period_element = _sub(element, "period")
        _sub(period_element, "period-start", {"iso-date": period.start.isoformat()})
        _sub(period_element, "period-end", {"iso-date": period.end.isoformat()})
        for target in period.targets:
            _figure(period_element, "target", target)
        for actual in period.actuals:
            _figure(period_element, "actual", actual)
    return result


def tail_elements(doc: ActivityDocument) -> Iterator[Any]:
    """Every child of ``iati-activity`` after the transactions, in schema order."""
    for link in doc.document_links:
        yield _document_link("document-link", link)
    for indicator in doc.results():
        yield result_element(indicator)


def root_attributes(generated: datetime) -> dict[str, str]:
    return {"version": VERSION, "generated-datetime": generated.isoformat(timespec="seconds")}


# --- writers --------------------------------------------------------------------------


class _ReusedTransactions:
    """Serializes transactions for the streaming writer without building one per row: one
    ``transaction`` element per shape (with or without a description, a receiver) is
    built once and filled in place for each row, then serialized. The bytes are those of
    ``transaction_element`` (a test compares the two writers)."""

    def __init__(self, organizations: dict[int, OrgRef]) -> None:
        self.organizations = organizations
        self.shapes: dict[tuple[bool, bool], tuple[Any, ...]] = {}
        self.parties: dict[int, tuple[dict[str, str], str]] = {}

    def _shape(self, has_note: bool, has_receiver: bool) -> tuple[Any, ...]:
        sub = etree.SubElement
        transaction = etree.Element("transaction", ref="")
        type_element = sub(transaction, "transaction-type", code="")
        date_element = sub(transaction, "transaction-date", {"iso-date": ""})
        value = sub(transaction, "value", {"currency": "", "value-date": ""})
        note = sub(sub(transaction, "description"), "narrative") if has_note else None
        provider = sub(transaction, "provider-org")
        sub(provider, "narrative")
        receiver = None
        if has_receiver:
            receiver = sub(transaction, "receiver-org")
            sub(receiver, "narrative")
        return transaction, type_element, date_element, value, note, provider, receiver

    def _party(self, element: Any, organization_id: int) -> None:
        party = self.parties.get(organization_id)
        if party is None:
            org = self.organizations[organization_id]
            party = self.parties[organization_id] = (_org_attributes(org), clean_text(org.name))
        attrib = element.attrib
        attrib.clear()
        attrib.update(party[0])
        element[0].text = party[1]

    def serialize(self, row: TransactionRow) -> bytes:
        entry_id, type_code, amount, currency, value_date, provider_id, receiver_id, note = row
        shape = (bool(note), receiver_id is not None)
        parts = self.shapes.get(shape) or self.shapes.setdefault(shape, self._shape(*shape))
        transaction, type_element, date_element, value, narrative, provider, receiver = parts
        day = value_date.isoformat()
        transaction.set("ref", str(entry_id))
        type_element.set("code", type_code)
        date_element.set("iso-date", day)
        value.set("currency", currency)
        value.set("value-date", day)
        value.text = f"{amount:f}"
        if narrative is not None:
            narrative.text = clean_text(note)
        self._party(provider, provider_id)
        if receiver is not None:
            self._party(receiver, receiver_id)
        data: bytes = etree.tostring(transaction)
        return data


class _Chunks(io.RawIOBase):
    """Where ``xmlfile`` writes; ``take`` hands over what was written since the last call."""

    def __init__(self) -> None:
        self._parts: list[bytes] = []

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        self._parts.append(bytes(data))
        return len(data)

    def take(self) -> bytes:
        data, self._parts = b"".join(self._parts), []
        return data


def stream(
    documents: Iterable[ActivityDocument], *, generated: datetime, chunk_rows: int = 5000
) -> Iterator[bytes]:
    """The file as chunks of bytes, about ``chunk_rows`` transactions each.

    Memory stays flat whatever the number of transactions: no transaction is kept once
    written, and the bytes leave at every chunk.
    """
    out = _Chunks()
    out.write(DECLARATION)
    with (
        etree.xmlfile(out, encoding="UTF-8") as xf,
        xf.element("iati-activities", root_attributes(generated)),
    ):
        for doc in documents:
            # xmlfile maps the xml namespace to a made-up prefix; the literal name is right.
            attributes = {
                ("xml:lang" if name == XML_LANG else name): value
                for name, value in activity_attributes(doc).items()
            }
            with xf.element("iati-activity", attributes):
                for element in head_elements(doc):
                    xf.write(element)
                # The transactions go straight into the output after a flush (the
                # activity's start tag is already written), each serialized from a
                # reused element: a row allocates no element.
                xf.flush()
                transactions = _ReusedTransactions(doc.organizations)
                for count, row in enumerate(doc.transactions(), start=1):
                    out.write(transactions.serialize(row))
                    if count % chunk_rows == 0:
                        yield out.take()
                for element in tail_elements(doc):
                    xf.write(element)
            xf.flush()
            yield out.take()
    yield out.take()


def build_tree(documents: Iterable[ActivityDocument], *, generated: datetime) -> Any:
    """The same document as one lxml tree (all of it in memory)."""
    root = etree.Element("iati-activities", root_attributes(generated))
    for doc in documents:
        activity = etree.SubElement(root, "iati-activity", activity_attributes(doc))
        activity.extend(head_elements(doc))
        organizations, parties = doc.organizations, {}
        for row in doc.transactions():
            activity.append(transaction_element(row, organizations, parties))
        activity.extend(tail_elements(doc))
    return root


def tree_bytes(root: Any) -> bytes:
    return DECLARATION + etree.tostring(root, encoding="UTF-8", xml_declaration=False)
