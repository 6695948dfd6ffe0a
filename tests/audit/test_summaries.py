"""Event summaries are read in the reader's language (issue 17), not the writer's."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import translation
from django.utils.translation import gettext_noop

from accord.accounts.services import access_token_create
from accord.audit.models import Event
from accord.audit.services import partnership_event_record
from accord.audit.summaries import render, summary

pytestmark = pytest.mark.django_db


def _event(world, message, **values):
    return partnership_event_record(
        world.users["coordinator"],
        "test.event",
        world.partnership,
        world.partnership,
        summary(message, **values),
        note="kept",
    )


def test_a_summary_written_in_french_is_stored_in_english_and_read_per_reader(world):
    with translation.override("fr"):  # the writer reads French
        event = _event(world, gettext_noop("Meeting “%(title)s” scheduled"), title="Mai")
    event = Event.objects.get(pk=event.pk)
    assert event.summary == "Meeting “Mai” scheduled"
    assert event.data["note"] == "kept"
    with translation.override("fr"):
        assert event.text == "Réunion « Mai » programmée"
    with translation.override("es"):
        assert event.text != event.summary and "Mai" in event.text
    with translation.override("en"):
        assert event.text == "Meeting “Mai” scheduled"


def test_numbers_are_formatted_for_the_reader(world):
    event = _event(world, "%(amount)s pledged", amount=Decimal("1234567.50"))
    event = Event.objects.get(pk=event.pk)
    assert event.summary == "1,234,567.50 pledged"
    with translation.override("fr"):
        assert event.text.replace("\u202f", " ").replace("\xa0", " ") == "1 234 567,50 pledged"


def test_events_written_as_text_read_as_written(world):
    event = partnership_event_record(
        world.users["coordinator"],
        "test.old",
        world.partnership,
        world.partnership,
        "Old English text",
    )
    with translation.override("fr"):
        assert Event.objects.get(pk=event.pk).text == "Old English text"


@pytest.mark.parametrize(
    "spec",
    [None, "text", {"message": 3}, {"message": "%(missing)s"}, {"message": "%d", "values": {}}],
)
def test_a_damaged_summary_falls_back_instead_of_failing(spec):
    assert render(spec) is None


def test_the_feed_and_the_api_read_in_the_reader_language(world, client):
    _event(world, gettext_noop("Meeting “%(title)s” scheduled"), title="Juin")
    client.force_login(world.users["coordinator"])
    page = client.get(
        f"/p/{world.partnership.slug}/activity/", HTTP_ACCEPT_LANGUAGE="fr"
    ).content.decode()
    assert "Réunion « Juin » programmée" in page
    _, token = access_token_create(actor=world.users["coordinator"], name="tests")
    api = client.get(
        f"/api/v1/partnerships/{world.partnership.slug}/events",
        headers={"Authorization": f"Bearer {token}", "Accept-Language": "fr"},
    ).json()
    assert "Réunion « Juin » programmée" in [e["summary"] for e in api["items"]]


def test_a_value_given_as_a_lazy_translation_is_translated_per_reader(world):
    from django.utils.translation import gettext_lazy

    with translation.override("fr"):
        event = _event(world, "%(what)s: %(status)s", what="Plan", status=gettext_lazy("Closed"))
    event = Event.objects.get(pk=event.pk)
    assert event.summary == "Plan: Closed"
    with translation.override("fr"):
        assert event.text == "Plan: " + str(gettext_lazy("Closed"))
        assert event.text != "Plan: Closed"


def test_a_day_is_written_the_reader_way(world):
    from datetime import date

    event = _event(world, "Due %(due)s", due=date(2027, 1, 13))
    event = Event.objects.get(pk=event.pk)
    assert event.summary == "Due 2027-01-13"
    with translation.override("fr"):
        assert event.text == "Due 13/01/2027"


def test_a_choice_label_is_kept_as_its_message_whoever_acts(world):
    """``get_FOO_display()`` is already in the actor's language; ``choice_label`` keeps
    the lazy label, so an English reader reads English after a French actor."""
    from accord.audit.summaries import choice_label
    from accord.partnerships.models import Membership

    membership = Membership.objects.filter(partnership=world.partnership).first()
    with translation.override("en"):
        english = membership.get_status_display().lower()
    with translation.override("fr"):
        french = membership.get_status_display().lower()
        event = _event(world, "%(status)s", status=choice_label(membership, "status"))
    assert french != english  # the label is translated, so the test can tell them apart
    event = Event.objects.get(pk=event.pk)
    assert event.summary == english
    with translation.override("fr"):
        assert event.text == french
