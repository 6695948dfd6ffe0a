"""The demo's balance part (filled in by the issue-13 work)."""

from __future__ import annotations


def load(slug: str) -> bool:
    """Load this part of the demo for SLUG; True when something was created."""
    return False
