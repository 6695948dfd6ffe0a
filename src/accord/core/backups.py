"""``accord backup FILE`` and ``accord restore FILE``: one archive with a consistent
snapshot of the database and the uploaded files (docs/operator-guide.md, "Backups").

The archive is a gzipped tar holding ``manifest.json`` (engine, time, row counts), the
database (``database.sqlite3``, made by SQLite's online backup API from the running
instance's own connection, so writers may go on meanwhile; or ``database.pgdump``, made by
``pg_dump --format=custom``, one consistent transaction) and ``media/`` (the uploads).
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection
from django.utils import timezone

FORMAT = 1
#: Tables whose rows make an instance "not empty" (restore refuses it without --force).
CONTENT_TABLES = ("accounts_user", "partnerships_partnership")


class BackupError(Exception):
    """A backup or restore that cannot be done, with the reason for the operator."""


def row_counts() -> dict[str, int]:
    """Rows per table of the current database (the manifest keeps them; the test compares)."""
    counts = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            cursor.execute(f"SELECT count(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
            counts[table] = cursor.fetchone()[0]
    return counts


def instance_is_empty() -> bool:
    with connection.cursor() as cursor:
        tables = set(connection.introspection.table_names(cursor))
        for table in CONTENT_TABLES:
            if table in tables:
                cursor.execute(f"SELECT 1 FROM {connection.ops.quote_name(table)} LIMIT 1")  # noqa: S608
                if cursor.fetchone():
                    return False
    media = Path(settings.MEDIA_ROOT)
    return not (media.is_dir() and any(media.iterdir()))


def _pg_env() -> tuple[list[str], dict[str, str]]:
    db = connection.settings_dict
    args = ["--dbname", db["NAME"]]
    for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if db.get(key):
            args += [flag, str(db[key])]
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return args, env


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(
            f"{name} is not installed (it comes with PostgreSQL's client tools, e.g. the "
            f"postgresql-client package); a PostgreSQL backup needs it."
        )
    return found


def backup(path: Path) -> dict[str, Any]:
    """Write the archive to ``path`` (through a temporary file, renamed when complete)."""
    vendor = connection.vendor
    if vendor not in {"sqlite", "postgresql"}:
        raise BackupError(f"no backup for the {vendor} engine")
    manifest = {"format": FORMAT, "engine": vendor, "made_at": timezone.now().isoformat()}
    with tempfile.TemporaryDirectory() as work:
        work_dir = Path(work)
        if vendor == "sqlite":
            database = work_dir / "database.sqlite3"
            connection.ensure_connection()
            target = sqlite3.connect(database)
            try:
                connection.connection.backup(target)  # the online backup API
            finally:
                target.close()
        else:
            database = work_dir / "database.pgdump"
            args, env = _pg_env()
            done = subprocess.run(  # noqa: S603
                [_tool("pg_dump"), "--format=custom", "--no-owner", "--file", str(database), *args],
                env=env,
                capture_output=True,
                text=True,
            )
            if done.returncode:
                raise BackupError(f"pg_dump failed: {done.stderr.strip()}")
        manifest["row_counts"] = row_counts()
        (work_dir / "manifest.json").write_text(json.dumps(manifest, indent=1))
        partial = path.with_name(path.name + ".partial")
        with tarfile.open(partial, "w:gz") as archive:
            archive.add(work_dir / "manifest.json", "manifest.json")
            archive.add(database, database.name)
            media = Path(settings.MEDIA_ROOT)
            if media.is_dir():
                archive.add(media, "media")
        partial.replace(path)
    return manifest


def restore(path: Path, *, force: bool = False) -> dict[str, Any]:
    """Bring the archive back into this instance (empty, unless ``force``)."""
    if not force and not instance_is_empty():
        raise BackupError(
            "this instance is not empty (it has accounts or partnerships, or uploaded "
            "files); restore into an empty one, or pass --force to replace everything"
        )
    with tempfile.TemporaryDirectory() as work, tarfile.open(path, "r:gz") as archive:
        work_dir = Path(work)
        archive.extractall(work_dir, filter="data")
        manifest = json.loads((work_dir / "manifest.json").read_text())
        if manifest.get("format") != FORMAT:
            raise BackupError("this file is not an Accord backup of a known format")
        if manifest["engine"] != connection.vendor:
            raise BackupError(
                f"this backup is of a {manifest['engine']} database; this instance runs "
                f"{connection.vendor} (restore it into an instance of the same engine)"
            )
        if connection.vendor == "sqlite":
            connection.ensure_connection()
            source = sqlite3.connect(work_dir / "database.sqlite3")
            try:
                source.backup(connection.connection)
            finally:
                source.close()
        else:
            args, env = _pg_env()
            done = subprocess.run(  # noqa: S603
                [
                    _tool("pg_restore"),
                    "--clean",
                    "--if-exists",
                    "--no-owner",
                    "--exit-on-error",
                    "--single-transaction",
                    *args,
                    str(work_dir / "database.pgdump"),
                ],
                env=env,
                capture_output=True,
                text=True,
            )
            if done.returncode:
                raise BackupError(f"pg_restore failed: {done.stderr.strip()}")
        media = Path(settings.MEDIA_ROOT)
        if force and media.is_dir():
            shutil.rmtree(media)
        if (work_dir / "media").is_dir():
            shutil.copytree(work_dir / "media", media, dirs_exist_ok=True)
    return manifest
