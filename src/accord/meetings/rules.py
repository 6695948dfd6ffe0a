"""Permission predicates for meetings (docs/meetings.md, "Who may do what").

Object: a ``Partnership``. Insiders read meetings; the coordinators schedule them, record
attendance, minutes, decisions and action items while the partnership is open.
"""

from __future__ import annotations

import rules

from accord.partnerships.rules import is_coordinator, is_insider, is_open

rules.add_perm("meetings.view_meetings", is_insider)
rules.add_perm("meetings.manage_meetings", is_coordinator & is_open)
