from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction

from accord.audit.models import AppendOnlyError, Event

pytestmark = pytest.mark.django_db


def test_every_step_of_the_story_is_in_the_feed(world):
    verbs = set(Event.objects.filter(partnership=world.partnership).values_list("verb", flat=True))
    assert {
        "partnership.created",
        "membership.invited",
        "membership.accepted",
        "membership.admitted",
        "participant.added",
    } <= verbs


def test_events_cannot_be_edited_through_the_orm(world):
    event = Event.objects.filter(partnership=world.partnership).first()
    event.summary = "rewritten"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        Event.objects.filter(pk=event.pk).update(summary="rewritten")
    with pytest.raises(AppendOnlyError):
        event.delete()


def test_the_database_refuses_an_update(world):
    event = Event.objects.filter(partnership=world.partnership).first()
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_event SET summary = 'x' WHERE id = %s", [event.pk])
    event.refresh_from_db()
    assert event.summary != "x"


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row-delete trigger exists on PostgreSQL only"
)
def test_postgres_refuses_a_delete(world):
    event = Event.objects.filter(partnership=world.partnership).first()
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_event WHERE id = %s", [event.pk])
    assert Event.objects.filter(pk=event.pk).exists()
