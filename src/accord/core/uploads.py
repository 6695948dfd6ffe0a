"""Uploads: one size limit, a list of allowed types checked by content, a quota per
partnership.

Every file a person uploads and Accord keeps (ledger evidence, results evidence, issue
photos) goes through :func:`upload_accept` in the service that stores it, which checks
the file and counts it against the partnership's quota:

- **size**: at most ``ACCORD_MAX_UPLOAD_MB`` (default 10 MB; a field may allow less, as
  photos do);
- **type**: recognised by the file's first bytes, never by its name alone (a renamed
  executable is refused): PDF, PNG, JPEG, WebP, XLSX (a zip with a workbook inside),
  and CSV or plain text (UTF-8 without NUL bytes, under a ``.csv``/``.txt`` name);
- **quota**: what a partnership has stored plus the new file at most
  ``ACCORD_UPLOAD_QUOTA_MB`` (default 500 MB). Stored files are never deleted (ledger
  entries are append-only), so the quota is what keeps a disk from filling.

The allowed types are documented in docs/operator-guide.md ("Uploads").
"""

from __future__ import annotations

import io
import zipfile
from typing import Any

from django.conf import settings
from django.db.models import Sum
from django.utils.translation import gettext as _

from accord.core.models import StoredUpload
from accord.errors import Invalid

MB = 1024 * 1024

#: Every kind Accord can recognise, with its content type and the name people know.
KINDS = {
    "pdf": ("application/pdf", "PDF"),
    "png": ("image/png", "PNG"),
    "jpeg": ("image/jpeg", "JPEG"),
    "webp": ("image/webp", "WebP"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "XLSX"),
    "csv": ("text/csv", "CSV"),
    "txt": ("text/plain", "TXT"),
}
#: Evidence of a flow, a measurement or a benefit: documents, images, tables.
EVIDENCE = frozenset({"pdf", "png", "jpeg", "xlsx", "csv", "txt"})
#: A photo of an issue.
PHOTO = frozenset({"jpeg", "png", "webp"})


def max_upload_bytes() -> int:
    """The largest file accepted anywhere (``ACCORD_MAX_UPLOAD_MB``)."""
    return int(float(getattr(settings, "ACCORD_MAX_UPLOAD_MB", 10)) * MB)


def quota_bytes() -> int:
    """What one partnership may store in all (``ACCORD_UPLOAD_QUOTA_MB``)."""
    return int(float(getattr(settings, "ACCORD_UPLOAD_QUOTA_MB", 500)) * MB)


def storage_used(*, partnership_id: int) -> int:
    """Bytes the partnership has stored (one query)."""
    used = StoredUpload.objects.filter(partnership_id=partnership_id).aggregate(
        total=Sum("size_bytes")
    )["total"]
    return int(used or 0)


def upload_size(upload: Any) -> int:
    size = getattr(upload, "size", None)
    if size is None:
        upload.seek(0, io.SEEK_END)
        size = upload.tell()
    upload.seek(0)
    return int(size)


def _is_xlsx(upload: Any) -> bool:
    try:
        upload.seek(0)
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    finally:
        upload.seek(0)
    return "[Content_Types].xml" in names and any(n.startswith("xl/") for n in names)


def _is_text(upload: Any, limit: int) -> bool:
    upload.seek(0)
    data = upload.read(limit + 1)
    upload.seek(0)
    if b"\x00" in data:
        return False
    try:
        data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return False
    return True


def upload_kind(upload: Any) -> str | None:
    """The file's kind read from its content ("pdf", "png", …, see :data:`KINDS`), or None.

    Text has no magic bytes: a file is CSV or TXT when its name says so *and* its content
    is UTF-8 text without NUL bytes.
    """
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if head.startswith(b"PK\x03\x04"):
        return "xlsx" if _is_xlsx(upload) else None
    suffix = str(getattr(upload, "name", "")).lower().rsplit(".", 1)[-1]
    if suffix in {"csv", "txt"} and _is_text(upload, max_upload_bytes()):
        return suffix
    return None


def _refuse(field: str, message: str) -> Invalid:
    return Invalid(message, field_errors={field: [message]})


def size_check(size: int, *, field: str, max_bytes: int | None = None) -> None:
    """``Invalid`` beside ``field`` for ``size`` bytes over the limit (``ACCORD_MAX_UPLOAD_MB``,
    or the lower ``max_bytes``): also for files read once and not kept (imports)."""
    limit = min(max_bytes or max_upload_bytes(), max_upload_bytes())
    if size > limit:
        raise _refuse(
            field,
            _("The file is %(size)s MB; files here may be at most %(limit)s MB.")
            % {"size": f"{size / MB:.1f}", "limit": f"{limit / MB:.3g}"},
        )


def upload_check(
    upload: Any,
    *,
    field: str,
    kinds: frozenset[str],
    partnership_id: int | None,
    max_bytes: int | None = None,
) -> str:
    """The upload's kind, or ``Invalid`` (the error beside ``field``) when it is too large,
    of a kind not in ``kinds``, or would take the partnership over its quota.

    ``max_bytes`` lowers the limit for one field (never above ``ACCORD_MAX_UPLOAD_MB``).
    """
    size = upload_size(upload)
    size_check(size, field=field, max_bytes=max_bytes)
    kind = upload_kind(upload)
    if kind not in kinds:
        names = ", ".join(KINDS[k][1] for k in KINDS if k in kinds)
        raise _refuse(
            field,
            _("This kind of file is not accepted here; use one of %(types)s.") % {"types": names},
        )
    if partnership_id is not None:
        used, quota = storage_used(partnership_id=partnership_id), quota_bytes()
        if used + size > quota:
            raise _refuse(
                field,
                _(
                    "The partnership's storage is full: %(used)s MB of %(quota)s MB are used "
                    "and this file needs %(size)s MB. Ask the operator for a larger quota."
                )
                % {
                    "used": f"{used / MB:.1f}",
                    "quota": f"{quota / MB:.4g}",
                    "size": f"{size / MB:.1f}",
                },
            )
    return kind


def upload_accept(
    upload: Any,
    *,
    field: str,
    kinds: frozenset[str],
    partnership_id: int,
    max_bytes: int | None = None,
) -> str:
    """:func:`upload_check`, then count the file against the partnership's quota. Call it
    in the service's transaction, just before saving the row that holds the file: if the
    save fails, the count is rolled back with it."""
    kind = upload_check(
        upload, field=field, kinds=kinds, partnership_id=partnership_id, max_bytes=max_bytes
    )
    StoredUpload.objects.create(
        partnership_id=partnership_id,
        field=field,
        name=str(getattr(upload, "name", ""))[:300],
        size_bytes=upload_size(upload),
    )
    return kind


def storage_summary(*, partnership_id: int) -> dict[str, float]:
    """Used and allowed storage in MB, and the share used, for the coordinator's page."""
    used, quota = storage_used(partnership_id=partnership_id), quota_bytes()
    return {
        "used_mb": round(used / MB, 1),
        "quota_mb": round(quota / MB, 1),
        "share": min(used / quota, 1.0) if quota else 1.0,
        "max_upload_mb": round(max_upload_bytes() / MB, 1),
    }
