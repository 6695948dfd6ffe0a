"""Permission predicates for the balance pages (docs/permissions.md, "Balance").

The object is always a ``Partnership``. The balance of a partnership puts side by side who
pays, who holds power and who speaks: members-only, whatever the partnership's visibility.
Its alert thresholds are the coordinator's to tune.
"""

from __future__ import annotations

import rules

from accord.partnerships.rules import is_coordinator, is_insider, is_open

rules.add_perm("balance.view_balance", is_insider)
rules.add_perm("balance.change_balance_settings", is_coordinator & is_open)
