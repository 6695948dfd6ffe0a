from __future__ import annotations

import pytest
from django.core.management import call_command

from accord.audit.models import Event
from accord.demo.loader import DEMO_LOGINS, LAKE_SLUG, RIVERSIDE_SLUG
from accord.partnerships import selectors
from accord.partnerships.models import Membership, Participant, Partnership

pytestmark = pytest.mark.django_db


def test_demo_tells_the_story_and_is_idempotent(capsys):
    call_command("demo")
    out = capsys.readouterr().out
    assert "accord-demo" in out and all(login.email in out for login in DEMO_LOGINS)
    counts = (Partnership.objects.count(), Membership.objects.count(), Event.objects.count())
    call_command("demo")
    assert "nothing changed" in capsys.readouterr().out
    assert (
        Partnership.objects.count(),
        Membership.objects.count(),
        Event.objects.count(),
    ) == counts

    lake = Partnership.objects.get(slug=LAKE_SLUG)
    members = list(selectors.member_organizations(partnership=lake))
    assert len(members) == 8
    assert len({m.sector for m in members}) >= 5
    assert (
        Membership.objects.get(partnership=lake, organization__name="Lakeside Youth Network").status
        == "invited"
    )
    assert Participant.objects.filter(partnership=lake, role="community").count() == 12
    (draft, v1) = selectors.charter_overview(partnership=lake)
    assert not draft.version.is_published and "data" in draft.version.policy_data_sharing
    unsigned = [row.organization.name for row in v1.rows if row.signature is None]
    assert unsigned == ["Bluewater Flower Farms Ltd"]
    assert lake.reporting_currency == "KES" and lake.status == "active"
    from accord.decisions.models import Decision

    decision = Decision.objects.get(proposal__partnership=lake)
    v2_vote = draft.version.publication_proposals.get()
    assert (v2_vote.status, v2_vote.kind) == ("deliberation", "charter")
    assert (decision.outcome, decision.decided_by) == ("rejected", "concurrent_majority")
    assert "not in group 'Community'" in decision.reason and "6 yes against 2 no" in decision.reason
    from accord.partnerships.models import StakeholderGroup

    traders = StakeholderGroup.objects.get(partnership=lake, name="Women fish traders")
    assert sorted(
        m.organization.name if m.organization_id else m.person.email
        for m in traders.members.select_related("organization", "person")
    ) == ["Maji Women's Group", "akoth@community.example", "halima@community.example"]
    from accord.decisions import selectors as decision_selectors
    from accord.decisions.models import DecisionRule

    weighted = DecisionRule.objects.get(partnership=lake, name="Weighted by contribution")
    analysis = decision_selectors.power_analysis(partnership=lake, snapshot=weighted.snapshot())
    assert (
        "Under this rule Harambee Waters Foundation alone can block any decision."
        in analysis.warnings
    )
    delivered = DecisionRule.objects.get(partnership=lake, name="Weighted by resources delivered")
    analysis = decision_selectors.power_analysis(
        partnership=lake, snapshot=decision_selectors.rule_snapshot(delivered)
    )
    # The community organizations delivered no resources, so under this rule they weigh nothing.
    assert (
        "Under this rule the vote of Kivuli Fisherfolk Cooperative never changes an outcome."
        in (analysis.warnings)
    )
    chambers = DecisionRule.objects.get(partnership=lake, voters="chambers")
    individuals = decision_selectors.eligible_individuals(partnership=lake)
    # The dozen community participants vote as themselves in the individuals chamber.
    assert sum(1 for i in individuals if i.organization is None and i.group == "community") == 12
    assert chambers.name == "Two chambers: organizations and people"
    riverside = Partnership.objects.get(slug=RIVERSIDE_SLUG)
    assert riverside.visibility == "members"
    from accord.accounts.models import User

    assert User.objects.count() >= 20 + 12
    lake_rep = User.objects.get(email="nadia@harambee.example")
    riverside_rep = User.objects.get(email="george@rma.example")
    assert not selectors.is_insider(actor=riverside_rep, partnership=lake)
    assert not riverside_rep.has_perm("partnerships.view_feed", lake)
    assert not lake_rep.has_perm("partnerships.view_partnership", riverside)

    # Results: eight indicators tied to the partnership's SDG targets, six quarters of values.
    from accord.results import selectors as result_selectors
    from accord.results.models import Benefit, Commitment, Indicator, Measurement

    indicators = Indicator.objects.filter(partnership=lake)
    assert indicators.count() == 8
    assert {i.sdg_target.code for i in indicators} == {"6.5", "14.4", "15.1", "5.5"}
    progress = result_selectors.indicator_progress_list(actor=lake_rep, partnership=lake)
    catch = next(p for p in progress if p.indicator.name == "Catch per unit of effort")
    reported = [row for row in catch.rows if row.measurement is not None]
    assert len(reported) == 6
    # One value corrected after it was locked: the correction is the value that counts.
    corrected = Measurement.objects.get(indicator=catch.indicator, corrects__isnull=False)
    assert corrected.status == "locked" and reported[1].measurement == corrected
    # Two reports late: one submitted after its deadline, the flower farm's skipped quarter.
    late_sent = [row for p in progress for row in p.rows if row.submitted_late]
    assert [row.period.label for row in late_sent] == [
        next(p for p in progress if p.indicator.name == "Fishers trained in selective gear")
        .rows[2]
        .period.label
    ]
    late = result_selectors.late_reports(partnership=lake)
    assert [(i.name, row.period.label) for i, row in late] == [
        ("Water abstracted by the flower farm", catch.rows[4].period.label)
    ]
    dropped = Commitment.objects.get(partnership=lake, status="dropped")
    assert "flower exports" in dropped.status_reason
    assert result_selectors.action_item_list(partnership=lake).filter(is_overdue=True).count() >= 2
    # The fisherfolk's benefits stay individual until the seat on the county's water board.
    fisherfolk = Benefit.objects.filter(
        partnership=lake, recipient_organization__name="Kivuli Fisherfolk Cooperative"
    ).order_by("received_on", "id")
    assert [b.level for b in fisherfolk if not b.is_reversal][-1] == "institutional"
    assert {b.level for b in list(fisherfolk)[:-1]} == {"individual"}
    assert "water board" in fisherfolk.last().description.lower() or "Water Resources Board" in (
        fisherfolk.last().description
    )
