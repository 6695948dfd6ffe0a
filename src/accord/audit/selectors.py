from __future__ import annotations

from django.db.models import QuerySet

from accord.audit.models import Event


def event_list(*, partnership_id: int) -> QuerySet[Event]:
    """The partnership's feed, newest first, with actors fetched in the same query.

    Callers must already have checked that the actor may view the partnership
    (``partnerships.selectors.partnership_get`` does).
    """
    return Event.objects.for_partnership(partnership_id).select_related("actor")
