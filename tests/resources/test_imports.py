"""Ledger realities (issue 14, item 9): early delivery, implausible value dates, and an
import that reads what Excel writes, reports every bad cell, offers a template and
previews before posting all rows or none."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accord.audit.models import Event
from accord.errors import Invalid
from accord.resources import imports, selectors, services
from accord.resources.models import LedgerEntry, Pledge
from tests.api.conftest import Api
from tests.conftest import ROLES
from tests.resources.test_rollups import rollup_cells

pytestmark = pytest.mark.django_db

HEADER = "type,value,currency,value_date,provider,receiver,note\n"


def run(world, text: bytes | str, *, kind="ledger", filename="ledger.csv", preview=False):
    content = text.encode() if isinstance(text, str) else text
    return imports.import_file(
        actor=world.users["coordinator"],
        partnership=world.partnership,
        kind=kind,
        content=content,
        filename=filename,
        preview=preview,
    )


# --- value dates and early delivery ---------------------------------------------------------


def entry(world, **overrides):
    return services.ledger_entry_post(
        **{
            "actor": world.users["representative"],
            "partnership": world.partnership,
            "type": "3",
            "value": "100",
            "currency_code": "EUR",
            "value_date": date(2025, 4, 1),
            "provider": world.orgs["foundation"],
            "receiver": world.orgs["coop"],
        }
        | overrides
    )


def test_early_delivery_is_accepted_and_counted_on_time(funded):
    """The pledge runs 2025; 5,000 of its second installment (due 30 September) arrives
    in December 2024, before the period began: accepted, and on time."""
    services.exchange_rate_add(
        actor=funded.users["coordinator"],
        partnership=funded.partnership,
        currency_code="EUR",
        valid_on=date(2024, 1, 1),
        to_reporting=Decimal("140"),
    )
    early = entry(funded, value="5000", value_date=date(2024, 12, 15), pledge=funded.pledge)
    assert early.pk
    summary = selectors.resource_summary(partnership=funded.partnership, as_of=date(2025, 12, 31))
    row = next(r for r in summary.partners if r.organization == funded.orgs["foundation"])
    assert row.reliability.delivered_late == 0
    assert row.reliability.outstanding == 0
    assert row.reliability.reliability == 1.0


@pytest.mark.parametrize(
    ("value_date", "message"),
    [(date(1, 1, 1), "implausibly old"), (date(1999, 12, 31), "implausibly old")],
)
def test_implausibly_old_value_dates_are_refused(funded, value_date, message):
    before = (LedgerEntry.objects.count(), Event.objects.count())
    with pytest.raises(Invalid, match=message) as refused:
        entry(funded, value_date=value_date)
    assert refused.value.field_errors == {"value_date": ["Implausibly old."]}
    assert (LedgerEntry.objects.count(), Event.objects.count()) == before


def test_a_value_date_before_the_partnership_began_is_refused(funded):
    funded.partnership.began_on = date(2025, 2, 1)
    funded.partnership.save(update_fields=["began_on"])
    with pytest.raises(Invalid, match=r"before the partnership began \(2025-02-01\)"):
        entry(funded, value_date=date(2025, 1, 31))
    assert entry(funded, value_date=date(2025, 2, 1)).pk


def test_the_ledger_form_says_why_a_date_is_refused(client, funded):
    client.force_login(funded.users["coordinator"])
    url = reverse("resources:ledger_list", args=[funded.partnership.slug])
    page = client.get(url)
    form = page.context["form"]
    data = {name: "" for name in form.fields}
    data |= {
        "type": "3",
        "value": "10",
        "currency": "EUR",
        "value_date": "0001-01-01",
        "provider": funded.orgs["foundation"].pk,
        "receiver": funded.orgs["coop"].pk,
    }
    before = LedgerEntry.objects.count()
    response = client.post(url, data)
    assert "implausibly old" in response.content.decode().lower()
    assert LedgerEntry.objects.count() == before


# --- reading the file --------------------------------------------------------------------------


def test_every_bad_cell_is_reported_with_its_line_and_column(funded):
    text = (
        HEADER
        + "Gift,abc,XXX,2025-05-01,Foundation,Fisher Coop,all wrong but the date\n"
        + "3,-5,KES,0001-01-01,Foundation,Fisher Coop,negative and ancient\n"
        + "Disbursement,100,KES,2025-05-01,Nobody Inc,,nobody\n"
    )
    before = LedgerEntry.objects.count()
    with pytest.raises(imports.ImportRejected) as rejected:
        run(funded, text)
    cells = [(e.line, e.column) for e in rejected.value.errors]
    assert cells == [
        (2, "type"),
        (2, "value"),
        (2, "currency"),
        (3, "value"),
        (3, "value_date"),
        (4, "provider"),
        (4, "receiver"),
    ]
    messages = {(e.line, e.column): e.message for e in rejected.value.errors}
    assert "“Gift” is not one of: Incoming funds" in messages[(2, "type")]
    assert "Disbursement" in messages[(2, "type")]
    assert "“abc”" in messages[(2, "value")]
    assert "“XXX” is not a currency" in messages[(2, "currency")]
    assert "“-5”" in messages[(3, "value")]
    assert "implausibly old" in messages[(3, "value_date")]
    assert LedgerEntry.objects.count() == before


def test_labels_and_codes_and_labelled_columns_are_accepted(funded):
    text = (
        "Type,Value,Currency,Value date,Provider,Receiver\n"
        "Disbursement,100,KES,2025-05-01,Foundation,Fisher Coop\n"
        "in-kind delivery,5,KES,2025-05-02,Foundation,Fisher Coop\n"
        "4,7.5,EUR,2025-05-03,County,Fisher Coop\n"
    )
    result = run(funded, text)
    assert result.count == 3
    assert [r["type"] for r in result.rows] == ["Disbursement", "In-kind delivery", "Expenditure"]


def excel_file(rows: list[str]) -> bytes:
    """What Excel writes as "CSV" in a French or German locale: Windows-1252 text,
    semicolons, a decimal comma and day-first dates."""
    return ("\r\n".join(rows) + "\r\n").encode("cp1252")


def test_a_windows_1252_file_with_semicolons_is_read_as_excel_wrote_it(funded):
    coop = funded.orgs["coop"]
    coop.name = "Coopérative des pêcheurs"
    coop.save(update_fields=["name"])
    content = excel_file(
        [
            "type;value;currency;value_date;provider;receiver;note",
            "Disbursement;1.234,50;EUR;25.03.2025;Foundation;Coopérative des pêcheurs;Reçu n° 7",
            "3;12,5;KES;01/04/2025;Foundation;Coopérative des pêcheurs;",
        ]
    )
    with pytest.raises(UnicodeDecodeError):
        content.decode("utf-8")
    result = run(funded, content, preview=True)
    assert result.read_as == "Windows-1252 text separated by semicolons"
    assert [(r["value"], r["value_date"], r["receiver"], r["note"]) for r in result.rows] == [
        (1234.50, date(2025, 3, 25), "Coopérative des pêcheurs", "Reçu n° 7"),
        (12.50, date(2025, 4, 1), "Coopérative des pêcheurs", ""),
    ]


def test_a_file_that_is_no_known_text_says_exactly_what_was_found(funded):
    with pytest.raises(Invalid, match=r"neither UTF-8 nor Windows-1252 text: byte 0x81") as bad:
        run(funded, HEADER.encode() + b"3,100,KES,2025-05-01,Foundation,Fisher \x81Coop,x\n")
    assert "line 2" in bad.value.message
    with pytest.raises(imports.ImportRejected) as missing:
        run(funded, "kind|amount|when\nx|1|2025-01-01\n")
    message = missing.value.errors[0].message
    assert "column is missing" in message
    assert "UTF-8 text separated by commas" in message
    assert "“kind|amount|when”" in message


def test_preview_posts_nothing_and_keeps_the_rollups(funded):
    before = (LedgerEntry.objects.count(), Event.objects.count(), rollup_cells(funded.partnership))
    result = run(funded, HEADER + "3,100,KES,2025-05-01,Foundation,Fisher Coop,x\n", preview=True)
    assert result.count == 1
    after = (LedgerEntry.objects.count(), Event.objects.count(), rollup_cells(funded.partnership))
    assert after == before


def test_pledges_by_their_kind_s_label(funded):
    text = (
        "organization;kind;description;currency;amount;starts_on;ends_on;due_on\n"
        "Fisher Coop;Money;Membership dues;KES;5.000,00;01.01.2025;31.12.2025;30.06.2025\n"
        "Fisher Coop;Gift;Boats;KES;-1;2025-01-01;2024-12-31;\n"
    )
    with pytest.raises(imports.ImportRejected) as rejected:
        run(funded, text, kind="pledges")
    assert [(e.line, e.column) for e in rejected.value.errors] == [
        (3, "kind"),
        (3, "amount"),
        (3, "ends_on"),
    ]
    result = run(funded, text.rsplit("Fisher Coop;Gift", 1)[0], kind="pledges")
    pledge = Pledge.objects.get(description="Membership dues")
    assert result.count == 1 and pledge.amount == 5000
    assert [(i.due_on, i.amount) for i in pledge.installments.all()] == [(date(2025, 6, 30), 5000)]


# --- the page: preview, confirm, template ------------------------------------------------------


def upload(content: bytes, name: str = "ledger.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="text/csv")


def test_page_previews_then_posts_all_rows(client, funded):
    client.force_login(funded.users["coordinator"])
    url = reverse("resources:import_file", args=[funded.partnership.slug])
    content = excel_file(
        [
            "type;value;currency;value_date;provider;receiver;note",
            "Disbursement;1.000,00;KES;02.05.2025;Foundation;Fisher Coop",
            "Disbursement;2,50;KES;03.05.2025;Foundation;Fisher Coop;Reçu n° 8",
        ]
    )
    before = LedgerEntry.objects.count()
    preview = client.post(url, {"kind": "ledger", "file": upload(content)})
    html = preview.content.decode()
    assert preview.status_code == 200
    assert "Preview: 2 rows are ready to post" in html
    assert "Windows-1252 text separated by semicolons" in html
    assert "1,000.00 KES" in html and "2025-05-03" in html
    assert LedgerEntry.objects.count() == before
    # A changed confirmation is refused, and nothing is posted.
    tampered = client.post(url, {"confirm": preview.context["sealed"] + "x"})
    assert tampered.status_code == 400
    assert LedgerEntry.objects.count() == before
    done = client.post(url, {"confirm": preview.context["sealed"]})
    assert done.status_code == 302
    assert done["Location"] == reverse("resources:ledger_list", args=[funded.partnership.slug])
    assert LedgerEntry.objects.count() == before + 2


def test_a_preview_cannot_be_confirmed_in_another_partnership(client, funded):
    client.force_login(funded.users["coordinator"])
    url = reverse("resources:import_file", args=[funded.partnership.slug])
    preview = client.post(
        url,
        {
            "kind": "ledger",
            "file": upload((HEADER + "3,1,KES,2025-05-01,Foundation,Fisher Coop,x\n").encode()),
        },
    )
    sealed = preview.context["sealed"]
    other = funded.other_partnership
    from accord.partnerships.models import Participant, ParticipantRole

    Participant.objects.create(
        partnership=other, user=funded.users["coordinator"], role=ParticipantRole.COORDINATOR
    )
    before = LedgerEntry.objects.count()
    refused = client.post(reverse("resources:import_file", args=[other.slug]), {"confirm": sealed})
    assert refused.status_code == 400
    assert LedgerEntry.objects.count() == before


def test_bad_cells_are_listed_on_the_page_with_a_400(client, funded):
    client.force_login(funded.users["coordinator"])
    url = reverse("resources:import_file", args=[funded.partnership.slug])
    text = HEADER + "Gift,abc,XXX,2025-05-01,Foundation,Fisher Coop,x\n"
    response = client.post(url, {"kind": "ledger", "file": upload(text.encode())})
    assert response.status_code == 400
    assert len(response.context["problems"]) == 3
    assert "“Gift” is not one of" in response.content.decode()


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("kind", ["ledger", "pledges"])
def test_templates_to_download_have_the_columns_and_import_as_they_are(client, funded, kind, fmt):
    client.force_login(funded.users["coordinator"])
    url = reverse("resources:import_template", args=[funded.partnership.slug, kind, fmt])
    response = client.get(url)
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    if fmt == "csv":
        header = response.content.decode().splitlines()[0].split(",")
    else:
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        header = [c.value for c in next(sheet.iter_rows(max_row=1))]
    assert header == imports.COLUMNS[kind]


@pytest.mark.parametrize("role", ROLES)
def test_who_imports_and_who_downloads_the_template(client, funded, role):
    if role != "anonymous":
        client.force_login(funded.user(role))
    slug = funded.partnership.slug
    page = client.get(reverse("resources:import_file", args=[slug]))
    template = client.get(reverse("resources:import_template", args=[slug, "ledger", "csv"]))
    if role in ("coordinator",):
        assert page.status_code == 200
    elif role == "anonymous":
        assert page.status_code == 302
    else:
        assert page.status_code in (403, 404)
        posted = client.post(
            reverse("resources:import_file", args=[slug]),
            {
                "kind": "ledger",
                "file": upload((HEADER + "3,1,KES,2025-05-01,Foundation,Fisher Coop,x\n").encode()),
            },
        )
        assert posted.status_code in (302, 403, 404)
        assert not LedgerEntry.objects.filter(value=1).exists()
    may_read = role != "anonymous" and funded.user(role).has_perm(
        "resources.view_resources", funded.partnership
    )
    if may_read:
        assert template.status_code == 200
    else:
        assert template.status_code in (302, 403, 404)
        assert "attachment" not in template.get("Content-Disposition", "")


def test_api_preview_import_and_template(client, funded):
    api = Api(client, funded)
    slug = funded.partnership.slug
    content = excel_file(
        [
            "type;value;currency;value_date;provider;receiver;note",
            "Disbursement;2,50;KES;03.05.2025;Foundation;Fisher Coop;Reçu",
        ]
    )
    before = LedgerEntry.objects.count()
    preview = client.post(
        f"/api/v1/partnerships/{slug}/imports/preview",
        {"kind": "ledger", "file": upload(content)},
        headers=api.headers("coordinator"),
    )
    assert preview.status_code == 200, preview.content
    assert preview.json()["would_import"] == 1
    assert preview.json()["rows"][0]["value"] == "2.50"
    assert LedgerEntry.objects.count() == before
    bad = client.post(
        f"/api/v1/partnerships/{slug}/imports/preview",
        {
            "kind": "ledger",
            "file": upload(
                (HEADER + "Gift,abc,XXX,2025-05-01,Foundation,Fisher Coop,x\n").encode()
            ),
        },
        headers=api.headers("coordinator"),
    )
    assert bad.status_code == 400
    assert [e["column"] for e in bad.json()["errors"]] == ["type", "value", "currency"]
    posted = client.post(
        f"/api/v1/partnerships/{slug}/imports",
        {"kind": "ledger", "file": upload(content)},
        headers=api.headers("coordinator"),
    )
    assert posted.status_code == 201
    assert posted.json() == {"imported": 1, "read_as": "Windows-1252 text separated by semicolons"}
    refused = client.post(
        f"/api/v1/partnerships/{slug}/imports/preview",
        {"kind": "ledger", "file": upload(content)},
        headers=api.headers("representative"),
    )
    assert refused.status_code == 403
    template = client.get(
        f"/api/v1/partnerships/{slug}/imports/template-ledger.csv", headers=api.headers("observer")
    )
    assert template.status_code == 200
    assert template.content.decode().startswith("type,value,currency")
    outsider = client.get(
        f"/api/v1/partnerships/{slug}/imports/template-ledger.csv", headers=api.headers("outsider")
    )
    assert outsider.status_code == 404
