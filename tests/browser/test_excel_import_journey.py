"""A coordinator imports a spreadsheet saved by Excel in a French locale — Windows-1252
text, semicolons, a decimal comma, day-first dates — sees the preview, and posts it
(issue 14, item 9)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from accord.resources.models import LedgerEntry
from tests.browser.test_membership_journey import sign_in
from tests.conftest import build_world, ensure_reference_data

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_excel_file_in_windows_1252_with_semicolons_imports_after_preview(
    page: Page, live_server, tmp_path
):
    base = live_server.url
    ensure_reference_data()
    world = build_world()
    coop = world.orgs["coop"]
    coop.name = "Coopérative des pêcheurs"
    coop.save(update_fields=["name"])
    slug = world.partnership.slug
    rows = [
        "type;value;currency;value_date;provider;receiver;note",
        "Disbursement;1.250,00;KES;25.03.2025;Foundation;Coopérative des pêcheurs;Reçu n° 12",
        "Expenditure;80,50;KES;02.04.2025;Foundation;Coopérative des pêcheurs;Filets",
    ]
    spreadsheet = tmp_path / "grand-livre.csv"
    spreadsheet.write_bytes(("\r\n".join(rows) + "\r\n").encode("cp1252"))

    sign_in(page, base, world.users["coordinator"].email)
    page.goto(f"{base}/p/{slug}/resources/import/")
    expect(page.get_by_role("link", name="ledger entries (.xlsx)")).to_be_visible()
    page.get_by_label("The file holds").select_option(label="Ledger entries")
    page.locator("input[type=file]").set_input_files(str(spreadsheet))
    page.get_by_role("button", name="Preview").click()

    preview = page.get_by_role("region", name="Preview: 2 rows are ready to post")
    expect(preview).to_contain_text("Windows-1252 text separated by semicolons")
    expect(preview.get_by_role("row").nth(1)).to_contain_text("1,250.00 KES")
    expect(preview.get_by_role("row").nth(1)).to_contain_text("2025-03-25")
    expect(preview.get_by_role("row").nth(1)).to_contain_text("Coopérative des pêcheurs")
    expect(preview.get_by_role("row").nth(2)).to_contain_text("Expenditure")
    assert LedgerEntry.objects.filter(partnership=world.partnership).count() == 0

    preview.get_by_role("button", name="Post these 2 rows").click()
    expect(page.get_by_role("status")).to_contain_text("Imported 2 row(s).")
    assert LedgerEntry.objects.filter(partnership=world.partnership).count() == 2
    expect(page.locator("main")).to_contain_text("Reçu n° 12")
