"""The surveys API (same services and selectors as the pages)."""

from ninja import Router

router = Router(tags=["surveys"])
