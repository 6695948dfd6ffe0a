"""Every write about partnerships. Each service checks the actor's permission itself,
validates, runs in one transaction and appends an event to the partnership's log.

Callers import the package and call ``services.<name>``; the modules hold one subject each:

- ``partnerships`` -- :func:`partnership_create`, :func:`partnership_update`,
  :func:`partnership_transition` (the lifecycle);
- ``memberships`` -- membership by two-sided consent: :func:`membership_invite`,
  :func:`membership_respond`, :func:`membership_decide` (admission, by a vote once a rule
  decides it), :func:`membership_cancel`, :func:`membership_withdraw`;
- ``participants`` -- people in their own right: :func:`participant_join`,
  :func:`participant_leave`, :func:`participant_add`;
- ``groups`` -- the partnership's own groups: :func:`group_create`, :func:`group_update`;
- ``charter`` -- :func:`charter_draft_save`, :func:`charter_publish` (by a vote once a
  rule decides it), :func:`charter_sign`;
- ``_common`` -- who is told (:func:`representatives_of`, :func:`coordinators_of`) and
  who decides a founding step (coordinators, or a vote asked through
  ``accord.partnerships.deliberation``).
"""

from accord.partnerships.services._common import coordinators_of, representatives_of
from accord.partnerships.services.charter import (
    CHARTER_FIELDS,
    charter_draft_save,
    charter_publish,
    charter_sign,
)
from accord.partnerships.services.groups import group_create, group_update
from accord.partnerships.services.memberships import (
    membership_cancel,
    membership_decide,
    membership_invite,
    membership_respond,
    membership_withdraw,
)
from accord.partnerships.services.participants import (
    participant_add,
    participant_join,
    participant_leave,
)
from accord.partnerships.services.partnerships import (
    PARTNERSHIP_FIELDS,
    RESERVED_SLUGS,
    partnership_create,
    partnership_transition,
    partnership_update,
)

__all__ = [
    "CHARTER_FIELDS",
    "PARTNERSHIP_FIELDS",
    "RESERVED_SLUGS",
    "charter_draft_save",
    "charter_publish",
    "charter_sign",
    "coordinators_of",
    "group_create",
    "group_update",
    "membership_cancel",
    "membership_decide",
    "membership_invite",
    "membership_respond",
    "membership_withdraw",
    "participant_add",
    "participant_join",
    "participant_leave",
    "partnership_create",
    "partnership_transition",
    "partnership_update",
    "representatives_of",
]
