"""Evidence files: at most 10 MB, of a type recognised by the file's content (not its name).

Allowed: PDF, PNG, JPEG, XLSX, and CSV or plain text (UTF-8 text with a .csv or .txt name).
"""

from __future__ import annotations

import io
import zipfile
from typing import Any

from django.utils.translation import gettext as _

from accord.errors import Invalid

MAX_BYTES = 10 * 1024 * 1024
ALLOWED = "PDF, PNG, JPEG, CSV, XLSX, TXT"


def _is_xlsx(head: bytes, upload: Any) -> bool:
    if not head.startswith(b"PK\x03\x04"):
        return False
    try:
        upload.seek(0)
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    finally:
        upload.seek(0)
    return "[Content_Types].xml" in names and any(n.startswith("xl/") for n in names)


def _is_text(upload: Any) -> bool:
    upload.seek(0)
    data = upload.read(MAX_BYTES + 1)
    upload.seek(0)
    if b"\x00" in data:
        return False
    try:
        io.TextIOWrapper(io.BytesIO(data), encoding="utf-8-sig").read()
    except UnicodeDecodeError:
        return False
    return True


def evidence_kind(upload: Any) -> str | None:
    """ "pdf", "png", "jpeg", "xlsx", "csv" or "txt" read from the content, or None."""
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if _is_xlsx(head, upload):
        return "xlsx"
    suffix = str(getattr(upload, "name", "")).lower().rsplit(".", 1)[-1]
    if suffix in {"csv", "txt"} and _is_text(upload):
        return suffix
    return None


def evidence_file_check(upload: Any, field: str = "evidence_file") -> None:
    """Raise ``Invalid`` for a file over 10 MB or of a type not allowed."""
    size = getattr(upload, "size", None)
    if size is None:
        upload.seek(0, io.SEEK_END)
        size = upload.tell()
        upload.seek(0)
    if size > MAX_BYTES:
        message = _("The file is %(size)s MB; evidence files may be at most 10 MB.") % {
            "size": f"{size / 1024 / 1024:.1f}"
        }
        raise Invalid(message, field_errors={field: [message]})
    if evidence_kind(upload) is None:
        message = _("This kind of file is not accepted as evidence; use one of %(types)s.") % {
            "types": ALLOWED
        }
        raise Invalid(message, field_errors={field: [message]})
