"""Every write of meetings.

- ``scheduling`` -- :func:`meeting_create`, :func:`meeting_update`, :func:`agenda_item_add`.
- ``records`` -- what happened: :func:`attendance_record`, :func:`minutes_save`,
  :func:`decision_record`, :func:`action_item_from_minutes`, :func:`travel_support_request`.
- ``feeds`` -- calendar feeds: :func:`feed_issue`, :func:`feed_regenerate`, :func:`feed_revoke`.
"""

from accord.meetings.services.feeds import feed_issue, feed_regenerate, feed_revoke
from accord.meetings.services.records import (
    action_item_from_minutes,
    attendance_record,
    decision_record,
    minutes_save,
    travel_support_request,
)
from accord.meetings.services.scheduling import agenda_item_add, meeting_create, meeting_update

__all__ = [
    "action_item_from_minutes",
    "agenda_item_add",
    "attendance_record",
    "decision_record",
    "feed_issue",
    "feed_regenerate",
    "feed_revoke",
    "meeting_create",
    "meeting_update",
    "minutes_save",
    "travel_support_request",
]
