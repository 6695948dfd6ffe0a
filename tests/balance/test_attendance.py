"""Meeting attendance on the balance pages, against a case computed by hand.

The world's three members (County, public; Foundation, philanthropic; Fisher Coop,
community) and its community participant, three meetings:

- March: County present, Foundation absent but its staff member Stan joined remotely (so
  the Foundation attended), Coop excused, the community participant present;
- April: County present, Foundation absent, Coop present;
- May: everyone invited, no attendance recorded yet (counts neither way).

By hand: County attended 2 of 2 recorded meetings, Foundation 1 of 2, Coop 1 of 2, the
community participant 1 of 1; meetings attended in all 5. Attended together: County and
Foundation in March, County and Coop in April.
"""

from __future__ import annotations

from datetime import datetime

import pytest

from accord.balance.groups import INDIVIDUALS
from accord.balance.selectors.dashboard import balance_dashboard
from accord.balance.selectors.network import network_page
from accord.balance.selectors.network_sources import members, record_ties
from accord.meetings import selectors as meeting_selectors
from accord.meetings import services as meeting_services
from tests.meetings.conftest import meeting_for

pytestmark = pytest.mark.django_db


def _meetings(world):
    orgs, users, coordinator = world.orgs, world.users, world.users["coordinator"]
    invited = [orgs["county"], orgs["foundation"], orgs["coop"]]
    people = [users["staff"], users["community"]]
    march = meeting_for(
        world,
        title="March board",
        starts_local=datetime(2026, 3, 2, 10, 0),
        ends_local=datetime(2026, 3, 2, 12, 0),
        organizations=invited,
        people=people,
    )
    april = meeting_for(
        world,
        title="April board",
        starts_local=datetime(2026, 4, 6, 10, 0),
        ends_local=datetime(2026, 4, 6, 12, 0),
        organizations=invited,
        people=[],
    )
    may = meeting_for(
        world,
        title="May board",
        starts_local=datetime(2026, 5, 4, 10, 0),
        ends_local=datetime(2026, 5, 4, 12, 0),
        organizations=invited,
        people=people,
    )
    meeting_services.attendance_record(
        actor=coordinator,
        meeting=march,
        organizations={
            orgs["county"].pk: "present",
            orgs["foundation"].pk: "absent",
            orgs["coop"].pk: "excused",
        },
        people={users["staff"].pk: "remote", users["community"].pk: "present"},
    )
    meeting_services.attendance_record(
        actor=coordinator,
        meeting=april,
        organizations={
            orgs["county"].pk: "present",
            orgs["foundation"].pk: "absent",
            orgs["coop"].pk: "present",
        },
    )
    return march, april, may


def test_attendance_summary_counts_each_holder_and_meeting_once(world):
    march, april, _may = _meetings(world)
    orgs = world.orgs
    summary = meeting_selectors.attendance_summary(world.partnership.pk)
    assert summary.attended == {
        orgs["county"].pk: 2,
        orgs["foundation"].pk: 1,  # through Stan, remote, in March
        orgs["coop"].pk: 1,
        None: 1,  # the community participant, who speaks for no member
    }
    assert summary.recorded == {
        orgs["county"].pk: 2,
        orgs["foundation"].pk: 2,  # its own invitation and Stan's: March once
        orgs["coop"].pk: 2,
        None: 1,
    }
    assert meeting_selectors.attended_together(world.partnership.pk) == {
        march.pk: {orgs["county"].pk, orgs["foundation"].pk},
        april.pk: {orgs["county"].pk, orgs["coop"].pk},
    }


def test_attendance_column_is_the_share_of_recorded_meetings_attended(world):
    _meetings(world)
    board = balance_dashboard(partnership=world.partnership)
    column = board.column("attendance")
    assert column.ready and column.rate and not column.in_chart
    key = {name: f"o{world.orgs[name].pk}" for name in ("county", "foundation", "coop")}
    assert column.share(key["county"]) == 1.0
    assert column.share(key["foundation"]) == 0.5
    assert column.share(key["coop"]) == 0.5
    assert column.share(INDIVIDUALS) == 1.0
    assert column.group_share("public") == 1.0
    assert column.group_share("philanthropic") == 0.5
    assert column.group_share("community") == 0.5
    assert column.group_share(INDIVIDUALS) == 1.0
    assert column.total == 5  # meetings attended, all holders
    # concentration of the meetings attended over the 3 members and the participants
    # (2, 1, 1, 1): HHI = (4 + 1 + 1 + 1) / 25
    assert column.concentration.hhi == pytest.approx(7 / 25)
    assert column.concentration.largest_name == "County"
    # next to voice in the table
    kinds = [c.kind for c in board.columns]
    assert kinds.index("attendance") == kinds.index("voice") + 1
    row = next(r for r in board.members if r.key == key["foundation"])
    assert row.shares[kinds.index("attendance")] == 0.5


def test_attendance_column_says_where_data_comes_from_when_none_is_recorded(world):
    meeting_for(world)  # scheduled, attendance not recorded
    column = balance_dashboard(partnership=world.partnership).column("attendance")
    assert not column.ready
    assert "No meeting" in column.note
    assert column.source_url.endswith("/meetings/")


def test_meetings_attended_together_are_ties_of_the_records_network(world):
    march, april, _may = _meetings(world)
    found = members(partnership=world.partnership)
    node = {org_id: k for k, org_id in enumerate(found.ids)}
    county, foundation, coop = (node[world.orgs[k].pk] for k in ("county", "foundation", "coop"))
    ties = record_ties(partnership=world.partnership, members=found)
    met = {pair: tie.meetings for pair, tie in ties.items() if tie.meetings}
    assert met == {
        (county, foundation): {march.pk},
        (foundation, county): {march.pk},
        (county, coop): {april.pk},
        (coop, county): {april.pk},
    }
    assert ties[county, foundation].weight >= 1


def test_records_network_page_shows_co_attendance(world):
    _meetings(world)
    page = network_page(
        actor=world.users["coordinator"], partnership=world.partnership, source="records"
    )
    by_name = {row.name: row for row in page.members}
    # a path Foundation - County - Coop: County lies between the two others
    assert by_name["County"].ties == 2
    assert by_name["County"].betweenness == 1.0
    assert by_name["Foundation"].ties == 1
    assert page.overall.density == pytest.approx(2 / 3)
    details = {(t.source, t.target): t.detail for t in page.ties}
    assert details["County", "Foundation"] == "1 meeting attended together"
