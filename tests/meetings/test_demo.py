"""The demo's year of Lake Kivuli meetings: the fisherfolk miss the three held far from
the lake, and the attendance reaches the balance selector and the voice tallies."""

from __future__ import annotations

import pytest

from accord.demo.loader import load_demo
from accord.demo.story import LAKE_SLUG
from accord.meetings import selectors
from accord.meetings.models import Invitation, Meeting
from accord.partners.models import Organization
from accord.partnerships.models import Partnership, VoiceTally


@pytest.mark.django_db
def test_a_year_of_meetings_without_the_fisherfolk_far_from_the_lake():
    load_demo()
    lake = Partnership.objects.get(slug=LAKE_SLUG)
    meetings = list(Meeting.objects.filter(partnership=lake).order_by("starts_at"))
    assert len(meetings) == 12
    assert len({m.starts_at.month for m in meetings}) == 12
    assert all(m.minutes for m in meetings)
    fisherfolk = Organization.objects.get(name="Kivuli Fisherfolk Cooperative")
    absent = Invitation.objects.filter(
        organization=fisherfolk, meeting__partnership=lake, attendance="absent"
    ).values_list("meeting__place", flat=True)
    assert len(absent) == 3
    assert all("Kivuli landing hall" not in place for place in absent)
    by_org = selectors.attendance_by_organization(lake.pk)
    assert by_org[fisherfolk.pk] == (9, 12)
    assert all(invited == 12 for _, invited in by_org.values())
    assert VoiceTally.objects.filter(
        partnership=lake, kind="attendance", organization=fisherfolk
    ).exists()
    assert sum(len(selectors.meeting_page(meeting=m).action_items) for m in meetings) == 12
    assert load_demo() is False or Meeting.objects.filter(partnership=lake).count() == 12
