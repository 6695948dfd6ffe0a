"""Issue photos: at most 2 MB, a JPEG, PNG or WebP image recognised by its content (Pillow
reads and verifies it), whatever the file's name says."""

from __future__ import annotations

import io
from typing import Any

from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from accord.errors import Invalid

MAX_BYTES = 2 * 1024 * 1024
FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}


def _size(upload: Any) -> int:
    size = getattr(upload, "size", None)
    if size is None:
        upload.seek(0, io.SEEK_END)
        size = upload.tell()
    upload.seek(0)
    return int(size)


def photo_content_type(upload: Any, field: str = "photo") -> str:
    """The image's content type, or ``Invalid`` for a file over 2 MB or not an image."""
    size = _size(upload)
    if size > MAX_BYTES:
        message = _("The photo is %(size)s MB; photos may be at most 2 MB.") % {
            "size": f"{size / 1024 / 1024:.1f}"
        }
        raise Invalid(message, field_errors={field: [message]})
    try:
        with Image.open(upload) as image:
            kind = image.format
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        kind = None
    finally:
        upload.seek(0)
    if kind not in FORMATS:
        message = _("This file is not a photo Accord accepts; use a JPEG, PNG or WebP image.")
        raise Invalid(message, field_errors={field: [message]})
    return FORMATS[kind]
