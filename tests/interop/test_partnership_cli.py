"""``accord export SLUG`` and ``accord import SLUG FILE`` (issue 16, item 7): the whole
partnership in three formats, formula-safe; the all-or-nothing import of the web page, its
problems by line, its exit codes; who may import; a closed partnership refused."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from accord import cli
from accord.resources.models import LedgerEntry, Pledge
from tests.conftest import ROLES
from tests.resources.conftest import funded  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db

LEDGER_CSV = (
    "type,value,currency,value_date,provider,receiver,note\n"
    "Disbursement,1500.00,KES,2025-06-01,Foundation,Fisher Coop,Second tranche\n"
    "Disbursement,250,KES,2025-06-02,Foundation,Fisher Coop,Boat fuel\n"
)


def run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def refused(*args: str) -> CommandError:
    with pytest.raises(CommandError) as failure:
        run(*args)
    return failure.value


# --- export --------------------------------------------------------------------------------


def test_export_json_holds_the_whole_partnership(funded):  # noqa: F811
    out, _ = run("export_partnership", funded.partnership.slug)
    document = json.loads(out)
    tables = document["tables"]
    assert document["slug"] == funded.partnership.slug
    assert [row["slug"] for row in tables["partnership"]] == [funded.partnership.slug]
    members = {r["organization"]: r["status"] for r in tables["memberships"]}
    assert members["Foundation"] == "admitted" and members["Youth Network"] == "invited"
    assert [p["description"] for p in tables["pledges"]] == ["Restoration grant"]
    assert len(tables["pledge_installments"]) == 2
    (entry,) = tables["ledger"]
    assert entry["provider"] == "Foundation" and entry["receiver"] == "Fisher Coop"
    assert Decimal(entry["value"]) == Decimal("5000") and entry["note"] == "First tranche"
    for table in ("charter_versions", "activities", "proposals", "decisions", "participants"):
        assert table in tables
    # people by name only, never an address
    assert "@" not in json.dumps(tables["participants"]) and "email" not in out
    # another partnership's records stay out
    assert "School Partnership" not in out


def test_export_csv_is_a_zip_of_formula_safe_tables(funded, tmp_path):  # noqa: F811
    from accord.resources import services

    services.ledger_entry_post(
        actor=funded.users["representative"],
        partnership=funded.partnership,
        type="3",
        value="10",
        currency_code="KES",
        value_date=funded.entry.value_date,
        provider=funded.orgs["foundation"],
        receiver=funded.orgs["coop"],
        note="=HYPERLINK(1)",
    )
    path = tmp_path / "lake.zip"
    _, err = run(
        "export_partnership", funded.partnership.slug, "--format", "csv", "--output", str(path)
    )
    assert str(path) in err
    with zipfile.ZipFile(path) as archive:
        names = set(archive.namelist())
        assert {"partnership.csv", "memberships.csv", "ledger.csv", "decisions.csv"} <= names
        rows = list(csv.DictReader(io.StringIO(archive.read("ledger.csv").decode())))
    assert {r["note"] for r in rows} == {"First tranche", "'=HYPERLINK(1)"}


def test_export_xlsx_has_a_sheet_per_table(funded, tmp_path):  # noqa: F811
    from openpyxl import load_workbook

    path = tmp_path / "lake.xlsx"
    run("export_partnership", funded.partnership.slug, "--format", "xlsx", "-o", str(path))
    workbook = load_workbook(path, read_only=True)
    assert {"partnership", "pledges", "ledger", "memberships"} <= set(workbook.sheetnames)


def test_export_exit_codes(funded, tmp_path):  # noqa: F811
    assert refused("export_partnership", "no-such-slug").returncode == 3
    unwritable = tmp_path / "missing-dir" / "x.json"
    assert (
        refused("export_partnership", funded.partnership.slug, "-o", str(unwritable)).returncode
        == 5
    )
    assert (
        refused("export_partnership", funded.partnership.slug, "--format", "xlsx").returncode == 2
    )


# --- import --------------------------------------------------------------------------------


def write(tmp_path, text: str, name: str = "ledger.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_import_posts_every_row_through_the_web_import(funded, tmp_path):  # noqa: F811
    before = LedgerEntry.objects.count()
    out, _ = run(
        "import_partnership",
        funded.partnership.slug,
        write(tmp_path, LEDGER_CSV),
        "--as",
        funded.users["coordinator"].email,
    )
    assert "Imported 2 ledger row(s)" in out
    assert LedgerEntry.objects.count() == before + 2
    assert set(LedgerEntry.objects.values_list("note", flat=True)) >= {
        "Second tranche",
        "Boat fuel",
    }


def test_import_reads_pledges_from_the_columns(funded, tmp_path):  # noqa: F811
    text = (
        "organization,kind,description,currency,amount,starts_on,ends_on,due_on\n"
        "Fisher Coop,Money,Landing-site levy,KES,20000,2025-01-01,2025-12-31,2025-06-30\n"
    )
    out, _ = run(
        "import_partnership",
        funded.partnership.slug,
        write(tmp_path, text, "pledges.csv"),
        "--as",
        funded.users["coordinator"].email,
    )
    assert "Imported 1 pledges row(s)" in out
    assert Pledge.objects.filter(description="Landing-site levy").exists()


def test_a_bad_row_imports_nothing_and_names_its_line(funded, tmp_path):  # noqa: F811
    text = LEDGER_CSV + "Disbursement,-5,KES,2025-06-03,Nobody Ltd,Fisher Coop,\n"
    before = LedgerEntry.objects.count()
    with pytest.raises(CommandError) as failure:
        out, err = io.StringIO(), io.StringIO()
        call_command(
            "import_partnership",
            funded.partnership.slug,
            write(tmp_path, text),
            "--as",
            funded.users["coordinator"].email,
            stdout=out,
            stderr=err,
        )
    assert failure.value.returncode == 1
    problems = err.getvalue()
    assert "line 4, column provider" in problems and "Nobody Ltd" in problems
    assert LedgerEntry.objects.count() == before


def test_dry_run_keeps_nothing(funded, tmp_path):  # noqa: F811
    before = LedgerEntry.objects.count()
    out, _ = run(
        "import_partnership",
        funded.partnership.slug,
        write(tmp_path, LEDGER_CSV),
        "--as",
        funded.users["coordinator"].email,
        "--dry-run",
    )
    assert "2 ledger row(s)" in out and "nothing kept" in out
    assert LedgerEntry.objects.count() == before


def test_a_closed_partnership_refuses_an_import(funded, tmp_path):  # noqa: F811
    funded.partnership.status = "closed"
    funded.partnership.save(update_fields=["status"])
    before = LedgerEntry.objects.count()
    error = refused(
        "import_partnership",
        funded.partnership.slug,
        write(tmp_path, LEDGER_CSV),
        "--as",
        funded.users["coordinator"].email,
    )
    assert error.returncode == 4 and "closed" in str(error)
    assert LedgerEntry.objects.count() == before


def test_import_exit_codes_for_what_is_missing(funded, tmp_path):  # noqa: F811
    slug, coordinator = funded.partnership.slug, funded.users["coordinator"].email
    path = write(tmp_path, LEDGER_CSV)
    assert refused("import_partnership", "no-such", path, "--as", coordinator).returncode == 3
    assert refused("import_partnership", slug, path, "--as", "nobody@x.test").returncode == 3
    missing = str(tmp_path / "none.csv")
    assert refused("import_partnership", slug, missing, "--as", coordinator).returncode == 3
    neither = write(tmp_path, "name,colour\nx,y\n", "odd.csv")
    assert refused("import_partnership", slug, neither, "--as", coordinator).returncode == 2


@pytest.mark.parametrize("role", [r for r in ROLES if r != "anonymous"])
def test_only_a_coordinator_imports(funded, tmp_path, role):  # noqa: F811
    before = LedgerEntry.objects.count()
    args = (
        "import_partnership",
        funded.partnership.slug,
        write(tmp_path, LEDGER_CSV),
        "--as",
        funded.users[role].email,
    )
    if role == "coordinator":
        run(*args)
        assert LedgerEntry.objects.count() == before + 2
    else:
        assert refused(*args).returncode == 4
        assert LedgerEntry.objects.count() == before


def test_the_accord_command_routes_export_and_import(monkeypatch):
    seen = []
    monkeypatch.setattr(cli, "_django_setup", lambda: None)
    monkeypatch.setattr(
        "django.core.management.execute_from_command_line", lambda argv: seen.append(argv)
    )
    cli.main(["export", "lake", "--format", "csv"])
    cli.main(["import", "lake", "f.csv", "--as", "a@b.test"])
    cli.main(["export", "iati", "lake"])
    assert seen == [
        ["accord", "export_partnership", "lake", "--format", "csv"],
        ["accord", "import_partnership", "lake", "f.csv", "--as", "a@b.test"],
        ["accord", "export_iati", "lake"],
    ]
