"""The gao API."""

from ninja import Router

router = Router(tags=["balance"])
