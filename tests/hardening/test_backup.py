"""Issue 15, item 11: ``accord backup`` and ``accord restore`` bring an instance back whole:
the same rows in every table, the same hash chains, the same uploads."""

from __future__ import annotations

import io
import shutil
import tarfile

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from accord.audit.verification import chain_verify
from accord.core import backups
from accord.partnerships.models import Partnership
from tests.hardening.test_append_only import decided

__all__ = ["decided"]


def _verify_all() -> dict[str, tuple[int, str]]:
    return {
        slug: (chain_verify(pk).links, chain_verify(pk).head)
        for pk, slug in Partnership.objects.values_list("pk", "slug")
    }


@pytest.mark.django_db(transaction=True)
def test_backup_then_restore_into_an_empty_instance_is_identical(decided, settings, tmp_path):
    if backups.connection.vendor == "postgresql" and not (
        shutil.which("pg_dump") and shutil.which("pg_restore")
    ):
        pytest.skip("pg_dump and pg_restore are not installed")
    settings.MEDIA_ROOT = tmp_path / "media"
    upload = settings.MEDIA_ROOT / "evidence" / "2026" / "12" / "receipt.pdf"
    upload.parent.mkdir(parents=True)
    upload.write_bytes(b"%PDF-1.4 receipt")
    counts = backups.row_counts()
    chains = _verify_all()
    assert counts["audit_chainlink"] > 20 and counts["decisions_ballot"] == 9
    archive = tmp_path / "accord.tar.gz"
    out = io.StringIO()
    call_command("backup", str(archive), stdout=out)
    assert "rows, and the uploads" in out.getvalue()
    with tarfile.open(archive) as opened:
        names = set(opened.getnames())
    assert {"manifest.json", "media/evidence/2026/12/receipt.pdf"} <= names

    # this instance is not empty: restore refuses it
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(archive), stdout=io.StringIO())

    # an empty instance: no rows, no uploads
    call_command("flush", interactive=False, verbosity=0)
    shutil.rmtree(settings.MEDIA_ROOT)
    assert backups.row_counts()["audit_chainlink"] == 0
    assert backups.instance_is_empty()

    call_command("restore", str(archive), stdout=io.StringIO())
    assert backups.row_counts() == counts
    assert _verify_all() == chains
    assert all(chain_verify(pk).ok for pk in Partnership.objects.values_list("pk", flat=True))
    assert upload.read_bytes() == b"%PDF-1.4 receipt"


def test_a_missing_pg_dump_is_named(monkeypatch):
    monkeypatch.setattr(backups.shutil, "which", lambda name: None)
    with pytest.raises(backups.BackupError, match="pg_dump is not installed"):
        backups._tool("pg_dump")


def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path, db):
    bogus = tmp_path / "bogus.tar.gz"
    with tarfile.open(bogus, "w:gz") as archive:
        note = tmp_path / "manifest.json"
        note.write_text('{"format": 99}')
        archive.add(note, "manifest.json")
    with pytest.raises(CommandError, match="not an Accord backup"):
        call_command("restore", str(bogus), "--force", stdout=io.StringIO())
