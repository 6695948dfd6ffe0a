"""Evidence files of measurements and benefits: the shared upload rules of
``accord.core.uploads`` (size limit, type by content, the partnership's quota) with the
evidence types (PDF, PNG, JPEG, XLSX, CSV, TXT)."""

from __future__ import annotations

from typing import Any

from accord.core import uploads

ALLOWED = ", ".join(uploads.KINDS[k][1] for k in uploads.KINDS if k in uploads.EVIDENCE)


def evidence_kind(upload: Any) -> str | None:
    """ "pdf", "png", "jpeg", "xlsx", "csv" or "txt" read from the content, or None."""
    kind = uploads.upload_kind(upload)
    return kind if kind in uploads.EVIDENCE else None


def evidence_file_check(upload: Any, field: str = "evidence_file", *, partnership_id: int) -> None:
    """Raise ``Invalid`` for a file too large, of a type not allowed, or over the
    partnership's quota; otherwise count it against the quota (see ``core.uploads``)."""
    uploads.upload_accept(
        upload, field=field, kinds=uploads.EVIDENCE, partnership_id=partnership_id
    )
