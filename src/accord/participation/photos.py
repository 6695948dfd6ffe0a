"""Issue photos: at most 2 MB (never more than ``ACCORD_MAX_UPLOAD_MB``), a JPEG, PNG or
WebP image recognised by its content, whatever the file's name says: the shared upload
rules of ``accord.core.uploads`` (which also count it against the partnership's quota),
then Pillow reads and verifies the image."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from accord.core import uploads
from accord.errors import Invalid

MAX_BYTES = 2 * 1024 * 1024
FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}


def photo_content_type(upload: Any, field: str = "photo", *, partnership_id: int) -> str:
    """The image's content type, or ``Invalid`` for a file over 2 MB, not an image, or
    over the partnership's quota."""
    uploads.upload_accept(
        upload,
        field=field,
        kinds=uploads.PHOTO,
        partnership_id=partnership_id,
        max_bytes=MAX_BYTES,
    )
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
