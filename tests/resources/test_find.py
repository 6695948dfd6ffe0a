"""Find and export (issue 14, item 10): search, filters and pages on the ledger and the
pledges, and their CSV/XLSX export as found (formula-safe), for every role."""

from __future__ import annotations

import io
from datetime import date

import openpyxl
import pytest
from django.urls import reverse

from accord.resources import services
from tests.conftest import ROLES

pytestmark = pytest.mark.django_db


def post(world, note: str, *, value="10", type="3", day=date(2025, 5, 1), receiver="coop"):
    return services.ledger_entry_post(
        actor=world.users["coordinator"],
        partnership=world.partnership,
        type=type,
        value=value,
        currency_code="KES",
        value_date=day,
        provider=world.orgs["foundation"],
        receiver=world.orgs[receiver],
        note=note,
    )


def ledger(client, world, **params):
    client.force_login(world.users["coordinator"])
    return client.get(reverse("resources:ledger_list", args=[world.partnership.slug]), params)


def test_ledger_search_and_filters(client, funded):
    post(funded, "Nets for the north bay", day=date(2025, 6, 1))
    post(funded, "Boat engine", type="4", day=date(2025, 7, 1))
    post(funded, "Training on nets", receiver="county", day=date(2025, 8, 1))

    def notes(**params):
        return [row.entry.note for row in ledger(client, funded, **params).context["rows"]]

    assert notes(q="nets") == ["Training on nets", "Nets for the north bay"]
    assert notes(type="4") == ["Boat engine"]
    assert notes(organization=funded.orgs["county"].pk) == ["Training on nets"]
    assert notes(since="2025-06-15", until="2025-07-31") == ["Boat engine"]
    assert notes(q="nets", since="2025-07-01") == ["Training on nets"]
    html = ledger(client, funded, q="zzz").content.decode()
    assert "No entry matches." in html and "0 found." in html


def test_a_bad_filter_is_named_and_shows_everything(client, funded):
    response = ledger(client, funded, since="not a date")
    assert response.status_code == 200
    assert response.context["finder"].errors["since"]
    assert len(response.context["rows"]) == 1  # the fixture's entry


def test_pages_keep_the_filter(client, funded):
    for i in range(55):
        post(funded, f"lot {i}")
    first = ledger(client, funded, q="lot")
    assert len(first.context["rows"]) == 50
    html = first.content.decode()
    assert "q=lot&amp;page=2" in html
    assert "Page 1 of 2" in html
    second = ledger(client, funded, q="lot", page=2)
    assert len(second.context["rows"]) == 5


def test_pledges_search_and_kind(client, funded):
    services.pledge_create(
        actor=funded.users["coordinator"],
        partnership=funded.partnership,
        organization=funded.orgs["coop"],
        kind="people",
        description="Fish counts",
        currency_code="KES",
        hours="40",
        role="Enumerator",
        starts_on=date(2025, 1, 1),
        ends_on=date(2025, 6, 30),
    )
    client.force_login(funded.users["observer"])
    url = reverse("resources:pledge_list", args=[funded.partnership.slug])

    def descriptions(**params):
        return [p.description for p in client.get(url, params).context["pledges"]]

    assert descriptions(q="enumerator") == ["Fish counts"]
    assert descriptions(of_kind="money") == ["Restoration grant"]
    assert descriptions(organization=funded.orgs["foundation"].pk) == ["Restoration grant"]
    assert descriptions(since="2025-07-01") == ["Restoration grant"]


def test_ledger_export_as_found_and_formula_safe(client, funded):
    post(funded, '=HYPERLINK("http://evil")', day=date(2025, 6, 1))
    post(funded, "Boat engine", type="4", day=date(2025, 7, 1))
    client.force_login(funded.users["representative"])
    url = reverse("resources:ledger_export", args=[funded.partnership.slug, "csv"])
    text = client.get(url, {"type": "3"}).content.decode()
    lines = text.splitlines()
    assert lines[0].startswith("number,value_date,type,provider")
    assert len(lines) == 3  # the header, the fixture's disbursement and the hyperlink
    assert "'=HYPERLINK" in text and "Boat engine" not in text
    assert "Disbursement" in text
    xlsx = client.get(
        reverse("resources:ledger_export", args=[funded.partnership.slug, "xlsx"]), {"q": "boat"}
    )
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 2 and rows[1][2] == "Expenditure" and rows[1][9] == "Boat engine"


def test_pledge_export(client, funded):
    client.force_login(funded.users["coordinator"])
    url = reverse("resources:pledge_export", args=[funded.partnership.slug, "csv"])
    text = client.get(url).content.decode()
    assert text.splitlines()[0].startswith("number,organization,kind,description")
    assert "Restoration grant" in text and "2025-03-31: 5000.00" in text
    assert (
        client.get(
            reverse("resources:pledge_export", args=[funded.partnership.slug, "pdf"])
        ).status_code
        == 404
    )


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", ["resources:ledger_export", "resources:pledge_export"])
def test_who_exports(client, funded, role, name):
    if role != "anonymous":
        client.force_login(funded.user(role))
    response = client.get(reverse(name, args=[funded.partnership.slug, "csv"]))
    may = role != "anonymous" and funded.user(role).has_perm(
        "resources.view_resources", funded.partnership
    )
    if may:
        assert response.status_code == 200
        assert "attachment" in response["Content-Disposition"]
    else:
        assert response.status_code in (302, 403, 404)
        assert "Restoration grant" not in response.content.decode()


@pytest.mark.parametrize("n", [3, 30])
def test_found_pages_and_exports_have_bounded_queries(
    client, funded, django_assert_max_num_queries, n
):
    for i in range(n):
        post(funded, f"entry {i}")
    client.force_login(funded.users["coordinator"])
    slug = funded.partnership.slug
    with django_assert_max_num_queries(30):
        ledger(client, funded, q="entry", type="3")
    with django_assert_max_num_queries(30):
        client.get(reverse("resources:pledge_list", args=[slug]), {"q": "grant"})
    with django_assert_max_num_queries(12):
        client.get(reverse("resources:ledger_export", args=[slug, "csv"]), {"q": "entry"})
    with django_assert_max_num_queries(12):
        client.get(reverse("resources:pledge_export", args=[slug, "xlsx"]))
