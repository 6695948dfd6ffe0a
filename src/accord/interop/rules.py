"""Permission predicates for IATI publication and import (object: the partnership).

Anyone may read a public partnership's IATI file: publishing it is what IATI is for,
so a public partnership's ledger is public in it. A members-only partnership's file is
for its insiders.
"""

from __future__ import annotations

import rules

from accord.partnerships.rules import can_view, is_coordinator, is_open

rules.add_perm("interop.view_iati", can_view)
rules.add_perm("interop.change_iati_settings", is_coordinator)
rules.add_perm("interop.import_iati", is_coordinator & is_open)
