"""Every write about the workplan and resources. Each checks permission, validates,
runs in one transaction and records an event.

Callers import the package and call ``services.<name>``; the modules hold one subject each:

- ``workplan`` -- :func:`activity_create`, :func:`activity_chain_add`,
  :func:`responsibility_add`;
- ``pledges`` -- :func:`pledge_create` (with its installments);
- ``plans`` -- plans change: :func:`activity_update`, :func:`activity_chain_remove`,
  :func:`responsibility_remove`, :func:`pledge_amend`, :func:`pledge_cancel`;
- ``exchange_rates`` -- :func:`exchange_rate_add`;
- ``ledger`` -- :func:`ledger_entry_post`, :func:`ledger_entry_reverse`;
- ``rollups`` -- the ledger's rollups, kept with every ledger write:
  :func:`ledger_rollup_add`, :func:`ledger_rollups_rebuild`;
- ``support`` -- support for marginal stakeholders: :func:`support_request_create`,
  :func:`support_request_decide`, :func:`support_request_deliver` (a ledger disbursement);
  under the partnership's rule for pooled money, :func:`support_request_propose` (a vote,
  through the partnerships app's port) and :func:`support_rule`;
- ``_common`` -- parsing input: :func:`money`, :func:`currency`; and :func:`member_ids`,
  the admitted members a flow or pledge may involve.
"""

from accord.resources.services._common import CENT, currency, member_ids, money
from accord.resources.services.exchange_rates import exchange_rate_add
from accord.resources.services.ledger import ledger_entry_post, ledger_entry_reverse
from accord.resources.services.plans import (
    activity_chain_remove,
    activity_update,
    pledge_amend,
    pledge_cancel,
    pledge_delivered,
    responsibility_remove,
)
from accord.resources.services.pledges import pledge_create
from accord.resources.services.rollups import ledger_rollup_add, ledger_rollups_rebuild
from accord.resources.services.support import (
    support_request_create,
    support_request_decide,
    support_request_deliver,
    support_request_link_proposal,
    support_request_propose,
    support_rule,
)
from accord.resources.services.workplan import (
    activity_chain_add,
    activity_create,
    responsibility_add,
)

__all__ = [
    "CENT",
    "activity_chain_add",
    "activity_chain_remove",
    "activity_create",
    "activity_update",
    "currency",
    "exchange_rate_add",
    "ledger_entry_post",
    "ledger_entry_reverse",
    "ledger_rollup_add",
    "ledger_rollups_rebuild",
    "member_ids",
    "money",
    "pledge_amend",
    "pledge_cancel",
    "pledge_create",
    "pledge_delivered",
    "responsibility_add",
    "responsibility_remove",
    "support_request_create",
    "support_request_decide",
    "support_request_deliver",
    "support_request_link_proposal",
    "support_request_propose",
    "support_rule",
]
