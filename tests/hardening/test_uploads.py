"""Issue 15, item 2: every kept upload has a size limit, a type read from its content and
a place in its partnership's storage quota (``accord.core.uploads``)."""

from __future__ import annotations

import io
import zipfile
from datetime import date
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accord.core import uploads
from accord.core.models import StoredUpload
from accord.errors import Invalid
from accord.resources import services as resource_services
from accord.resources.models import LedgerEntry

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n" + b"0" * 100
EXE = b"MZ\x90\x00" + b"\x00" * 100


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path


def _xlsx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("receipt.pdf", PDF, "pdf"),
        ("receipt.exe", PDF, "pdf"),  # the content decides, not the name
        ("report.pdf", EXE, None),  # a renamed program
        ("figures.xlsx", _xlsx(), "xlsx"),
        ("archive.xlsx", b"PK\x03\x04" + b"\x00" * 40, None),  # a zip, not a workbook
        ("table.csv", b"name,value\nnets,4\n", "csv"),
        ("table.csv", b"name\x00value", None),  # binary under a text name
        ("notes.txt", "Ol\u00e9\n".encode(), "txt"),
        ("notes.html", b"<script>alert(1)</script>", None),
        ("photo.webp", b"RIFF\x10\x00\x00\x00WEBPVP8 ", "webp"),
    ],
)
def test_the_kind_is_read_from_the_content(name, content, kind):
    assert uploads.upload_kind(SimpleUploadedFile(name, content)) == kind


def _post(world: Any, evidence: Any) -> LedgerEntry:
    return resource_services.ledger_entry_post(
        actor=world.users["representative"],
        partnership=world.partnership,
        type="3",
        value="10",
        currency_code="EUR",
        value_date=date(2025, 5, 1),
        provider=world.orgs["foundation"],
        receiver=world.orgs["coop"],
        evidence=evidence,
    )


def test_ledger_evidence_over_the_size_limit_is_refused(settings, funded):
    settings.ACCORD_MAX_UPLOAD_MB = 1
    before = LedgerEntry.objects.count()
    with pytest.raises(Invalid) as refused:
        _post(funded, SimpleUploadedFile("big.pdf", PDF + b"0" * (1024 * 1024)))
    assert "evidence" in refused.value.field_errors
    assert "at most 1 MB" in str(refused.value)
    assert LedgerEntry.objects.count() == before and StoredUpload.objects.count() == 0


def test_the_default_limit_is_ten_megabytes(settings):
    del settings.ACCORD_MAX_UPLOAD_MB
    assert uploads.max_upload_bytes() == 10 * 1024 * 1024
    with pytest.raises(Invalid, match="at most 10 MB"):
        uploads.upload_check(
            SimpleUploadedFile("big.pdf", PDF + b"0" * (10 * 1024 * 1024)),
            field="evidence",
            kinds=uploads.EVIDENCE,
            partnership_id=None,
        )


def test_ledger_evidence_of_a_refused_type_is_refused(funded):
    before = LedgerEntry.objects.count()
    with pytest.raises(Invalid, match="not accepted"):
        _post(funded, SimpleUploadedFile("invoice.pdf", EXE))
    assert LedgerEntry.objects.count() == before


def test_accepted_evidence_is_stored_and_counted(funded):
    entry = _post(funded, SimpleUploadedFile("receipt.pdf", PDF))
    assert entry.evidence
    assert uploads.storage_used(partnership_id=funded.partnership.pk) == len(PDF)
    assert uploads.storage_used(partnership_id=funded.other_partnership.pk) == 0


def test_the_quota_refuses_the_file_that_would_pass_it(settings, funded):
    settings.ACCORD_UPLOAD_QUOTA_MB = 250 / (1024 * 1024)  # 250 bytes
    _post(funded, SimpleUploadedFile("one.pdf", PDF))  # 109 bytes
    _post(funded, SimpleUploadedFile("two.pdf", PDF))  # 218 bytes
    before = LedgerEntry.objects.count()
    with pytest.raises(Invalid, match="storage is full"):
        _post(funded, SimpleUploadedFile("three.pdf", PDF))  # would be 327
    assert LedgerEntry.objects.count() == before
    assert uploads.storage_used(partnership_id=funded.partnership.pk) == 2 * len(PDF)


def test_the_ledger_form_shows_the_error_beside_the_field(client, settings, funded):
    settings.ACCORD_MAX_UPLOAD_MB = 1
    client.force_login(funded.users["representative"])
    response = client.post(
        reverse("resources:ledger_list", args=[funded.partnership.slug]),
        {
            "type": "3",
            "value": "10",
            "currency": "EUR",
            "value_date": "2025-05-01",
            "provider": funded.orgs["foundation"].pk,
            "receiver": funded.orgs["coop"].pk,
            "evidence": SimpleUploadedFile("big.pdf", PDF + b"0" * (1024 * 1024)),
        },
    )
    assert response.status_code in (200, 400)
    assert "at most 1 MB" in response.content.decode()
    assert not LedgerEntry.objects.filter(evidence__contains="big").exists()


def test_results_benefit_evidence_counts_against_the_quota(settings, world):
    from tests.results.accountability import benefit_for

    settings.ACCORD_UPLOAD_QUOTA_MB = 150 / (1024 * 1024)
    benefit_for(world, evidence_file=SimpleUploadedFile("receipt.pdf", PDF))
    assert uploads.storage_used(partnership_id=world.partnership.pk) == len(PDF)
    with pytest.raises(Invalid, match="storage is full"):
        benefit_for(world, evidence_file=SimpleUploadedFile("again.pdf", PDF))
    with pytest.raises(Invalid, match="not accepted"):
        benefit_for(world, evidence_file=SimpleUploadedFile("run.pdf", EXE))


def test_issue_photos_use_the_shared_rules(settings, world):
    from PIL import Image

    from accord.participation import services as participation_services
    from accord.participation.models import Phase
    from tests.participation.conftest import advance_to, issues_round

    round_ = advance_to(world, issues_round(world), Phase.COLLECT)
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "green").save(buffer, "PNG")
    participation_services.issue_submit(
        actor=world.users["community"],
        round_=round_,
        title="Runoff",
        text="Green water.",
        photo=SimpleUploadedFile("lake.png", buffer.getvalue()),
    )
    assert uploads.storage_used(partnership_id=world.partnership.pk) == len(buffer.getvalue())
    with pytest.raises(Invalid):
        participation_services.issue_submit(
            actor=world.users["community"],
            round_=round_,
            title="Fake",
            text="Not a photo.",
            photo=SimpleUploadedFile("lake.png", PDF),
        )


@pytest.mark.parametrize(
    ("role", "shown"),
    [("coordinator", True), ("representative", False), ("observer", False)],
)
def test_the_coordinator_sees_the_storage_used(client, funded, role, shown):
    _post(funded, SimpleUploadedFile("receipt.pdf", PDF + b"0" * (1024 * 1024)))
    client.force_login(funded.users[role])
    page = client.get(reverse("resources:resource_summary", args=[funded.partnership.slug]))
    text = page.content.decode()
    assert ("take 1.0 MB of its 500.0 MB" in text) is shown


def test_an_import_file_over_the_limit_is_refused_before_it_is_read(settings):
    from accord.resources import imports

    settings.ACCORD_MAX_UPLOAD_MB = 1
    with pytest.raises(Invalid, match="at most 1 MB"):
        imports.read_rows(b"name,value\n" + b"x,1\n" * 300_000, "ledger.csv")
    with pytest.raises(Invalid, match="not a readable XLSX"):
        imports.read_rows(EXE, "ledger.xlsx")
    assert imports.read_rows(b"name,value\nnets,4\n", "ledger.csv") == [
        {"name": "nets", "value": "4"}
    ]
