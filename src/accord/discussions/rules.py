"""Who may read and write a partnership's discussions (docs/permissions.md, "Discussions").

Threads are for the people inside the partnership, on public partnerships too (a
discussion is work in progress, not something the partnership publishes): insiders read
them; coordinators, member organizations' representatives and staff and community
participants write; observers read only; coordinators hide a comment, with a reason.
"""

from __future__ import annotations

import rules

from accord.partnerships.rules import has_seat, is_coordinator, is_insider, is_open

rules.add_perm("discussions.view_thread", is_insider)
rules.add_perm("discussions.add_thread", has_seat & is_open)
rules.add_perm("discussions.comment_thread", has_seat & is_open)
rules.add_perm("discussions.hide_comment", is_coordinator)
