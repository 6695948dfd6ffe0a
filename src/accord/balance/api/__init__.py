"""The balance API: every figure of the balance pages as JSON, one router per area."""

from ninja import Router

from accord.balance.api import dashboard, gao, network

router = Router(tags=["balance"])
router.add_router("", dashboard.router)
router.add_router("", gao.router)
router.add_router("", network.router)
