"""The home page's "waiting for you": what needs the signed-in person, per partnership,
with counts and links, emptied as they act; a bounded number of queries."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from accord.decisions import services as decision_services
from accord.partnerships import services
from accord.resources import services as resource_services
from accord.results import services as results_services
from accord.results.models import ActionItem
from accord.web.selectors import waiting_for_you
from tests.conftest import make_user
from tests.decisions.conftest import proposal_in_voting
from tests.results.accountability import action_item_for

pytestmark = pytest.mark.django_db


def waiting(world, role: str) -> dict[str, tuple[int, str, bool]]:
    """``kind -> (count, url, overdue)`` of what waits for ``role`` in the world's partnership."""
    from accord.partnerships.selectors import partnership_list_mine

    actor = world.users[role]
    rows = waiting_for_you(actor=actor, partnerships=list(partnership_list_mine(actor=actor)))
    assert all(row.partnership.pk == world.partnership.pk for row in rows)
    return {item.kind: (item.count, item.url, item.overdue) for row in rows for item in row.items}


def test_admission_waits_for_the_coordinator_until_admitted(world):
    assert "admission" not in waiting(world, "coordinator")
    services.membership_respond(
        actor=world.users["invitee"], membership=world.memberships["youth"], accept=True
    )
    count, url, overdue = waiting(world, "coordinator")["admission"]
    assert (count, overdue) == (1, False)
    assert url == reverse("partnerships:membership_list", args=[world.partnership.slug])
    assert "admission" not in waiting(world, "representative")  # not a coordinator
    services.membership_decide(
        actor=world.users["coordinator"], membership=world.memberships["youth"], admit=True
    )
    assert "admission" not in waiting(world, "coordinator")


def test_charter_waits_for_each_member_until_signed(world):
    coordinator = world.users["coordinator"]
    version = services.charter_draft_save(
        actor=coordinator, partnership=world.partnership, common_outcome="x"
    )
    assert "charter" not in waiting(world, "representative")  # a draft is not signed
    services.charter_publish(actor=coordinator, version=version)
    for role in ("coordinator", "representative", "small_representative"):
        assert waiting(world, role)["charter"][0] == 1, role
    for role in ("staff", "community", "observer", "invitee"):
        assert "charter" not in waiting(world, role), role
    services.charter_sign(actor=world.users["representative"], version=version)
    assert "charter" not in waiting(world, "representative")
    assert waiting(world, "small_representative")["charter"][0] == 1


def test_vote_waits_for_each_member_until_cast(world):
    proposal = proposal_in_voting(world)
    count, url, _ = waiting(world, "representative")["vote"]
    assert count == 1
    assert url == reverse("decisions:proposal_detail", args=[world.partnership.slug, proposal.pk])
    # Staff do not vote for their organization under a rule where organizations vote.
    assert "vote" not in waiting(world, "staff")
    assert "vote" not in waiting(world, "community")
    second = proposal_in_voting(world, title="Open a fish market")
    count, url, _ = waiting(world, "representative")["vote"]
    assert count == 2
    assert url == reverse("decisions:proposal_list", args=[world.partnership.slug])
    decision_services.ballot_cast(
        actor=world.users["representative"], proposal=proposal, choice="yes"
    )
    assert waiting(world, "representative")["vote"][0] == 1
    decision_services.ballot_cast(actor=world.users["representative"], proposal=second, choice="no")
    assert "vote" not in waiting(world, "representative")
    assert waiting(world, "small_representative")["vote"][0] == 2


def test_pledges_overdue_and_falling_due(world):
    """Installments of 100 EUR due 10 days ago, in 20 days and in 60 days.

    Nothing delivered: the pledge is overdue (and counted there only). 150 delivered: the
    first installment is covered and the second (cumulative 200 > 150) falls due within 30
    days; the third is beyond the horizon. 200 delivered: nothing is waiting."""
    today = timezone.localdate()
    rep = world.users["representative"]
    pledge = resource_services.pledge_create(
        actor=rep,
        partnership=world.partnership,
        organization=world.orgs["foundation"],
        kind="money",
        description="Rangers",
        currency_code="EUR",
        starts_on=today - timedelta(days=30),
        ends_on=today + timedelta(days=90),
        amount=Decimal(300),
        installments=[
            (today - timedelta(days=10), Decimal(100)),
            (today + timedelta(days=20), Decimal(100)),
            (today + timedelta(days=60), Decimal(100)),
        ],
    )
    found = waiting(world, "representative")
    assert found["pledge_overdue"][:1] == (1,) and found["pledge_overdue"][2] is True
    assert "pledge_due" not in found
    assert "pledge_overdue" not in waiting(world, "small_representative")  # not theirs

    def deliver(value: int) -> None:
        resource_services.ledger_entry_post(
            actor=rep,
            partnership=world.partnership,
            type="3",
            value=Decimal(value),
            currency_code="EUR",
            value_date=today,
            provider=world.orgs["foundation"],
            receiver=world.orgs["coop"],
            pledge=pledge,
        )

    deliver(150)
    found = waiting(world, "representative")
    assert "pledge_overdue" not in found
    assert found["pledge_due"][0] == 1 and found["pledge_due"][2] is False
    deliver(50)
    found = waiting(world, "representative")
    assert "pledge_due" not in found and "pledge_overdue" not in found


def test_reports_due_and_late(world):
    """A monthly indicator whose only period is one day, 35 days ago: late with 30 days to
    report, due with 60, and nothing waits once a value is submitted."""
    today = timezone.localdate()
    day = today - timedelta(days=35)
    indicator = results_services.indicator_create(
        actor=world.users["coordinator"],
        partnership=world.partnership,
        name="Hectares restored",
        responsible_organization=world.orgs["foundation"],
        reporting_start=day,
        reporting_end=day,
        frequency="monthly",
        grace_days=30,
    )
    found = waiting(world, "staff")  # staff of the responsible organization report
    assert found["report_late"][0] == 1 and found["report_late"][2] is True
    assert "report_late" not in waiting(world, "small_representative")
    indicator.grace_days = 60
    indicator.save(update_fields=["grace_days"])
    found = waiting(world, "staff")
    assert "report_late" not in found and found["report_due"][0] == 1
    results_services.measurement_create(
        actor=world.users["staff"],
        indicator=indicator,
        period_start=day,
        value=Decimal(4),
        evidence_note="Survey of the strip.",
        submit=True,
    )
    found = waiting(world, "staff")
    assert "report_due" not in found and "report_late" not in found


def test_action_items_mine_with_the_overdue_apart(world):
    item = action_item_for(world, owner="staff", due_in_days=10)
    found = waiting(world, "staff")
    assert found["action"][0] == 1
    assert found["action"][1] == reverse(
        "results:action_item_detail", args=[world.partnership.slug, item.pk]
    )
    assert "action" not in waiting(world, "representative")
    ActionItem.objects.filter(pk=item.pk).update(due_on=timezone.localdate() - timedelta(days=1))
    found = waiting(world, "staff")
    assert "action" not in found and found["action_overdue"][0] == 1
    results_services.action_item_complete(actor=world.users["staff"], item=item, note="Sent.")
    assert waiting(world, "staff") == {}


def test_open_survey_waits_until_the_organization_answers(world):
    from accord.surveys.models import Respondent, Wave

    now = timezone.now()
    wave = Wave.objects.create(
        partnership=world.partnership,
        instrument="collaboration-factors",
        title="Spring check",
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=6),
    )
    Wave.objects.create(  # not open yet: not waiting
        partnership=world.partnership,
        instrument="expectations",
        title="Autumn",
        opens_at=now + timedelta(days=30),
        closes_at=now + timedelta(days=40),
    )
    assert waiting(world, "representative")["survey"][0] == 1
    Respondent.objects.create(
        wave=wave, organization=world.orgs["foundation"], answered_on=timezone.localdate()
    )
    assert "survey" not in waiting(world, "representative")
    assert waiting(world, "small_representative")["survey"][0] == 1


def test_a_wave_answered_per_person_waits_for_each_person_until_they_answer(world):
    from accord.surveys.models import Respondent, Wave

    now = timezone.now()
    wave = Wave.objects.create(
        partnership=world.partnership,
        instrument="collaboration-factors",
        title="Spring check",
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=6),
        per_person=True,
    )
    assert waiting(world, "staff")["survey"][0] == 1  # staff answer such a wave too
    assert waiting(world, "representative")["survey"][0] == 1
    Respondent.objects.create(
        wave=wave,
        organization=world.orgs["foundation"],
        user=world.users["staff"],
        person=world.users["staff"],
        answered_on=timezone.localdate(),
    )
    assert "survey" not in waiting(world, "staff")
    assert waiting(world, "representative")["survey"][0] == 1  # her colleague's answer is not hers
    assert "survey" not in waiting(world, "observer")


@pytest.mark.parametrize("role", ["anonymous", "stranger", "outsider", "observer"])
def test_nothing_of_the_partnership_waits_for_those_without_a_part(client, world, role):
    services.membership_respond(
        actor=world.users["invitee"], membership=world.memberships["youth"], accept=True
    )
    proposal_in_voting(world)
    if role != "anonymous":
        client.force_login(world.user(role))
    html = client.get("/").content.decode()
    assert "awaits admission" not in html and "await admission" not in html
    assert "open vote" not in html
    if role == "anonymous":
        assert "Waiting for you" not in html
    else:
        assert "Nothing is waiting for you." in html


def test_home_page_shows_counts_links_and_alerts(client, world):
    services.membership_respond(
        actor=world.users["invitee"], membership=world.memberships["youth"], accept=True
    )
    item = action_item_for(world, owner="coordinator", due_in_days=3)
    ActionItem.objects.filter(pk=item.pk).update(due_on=timezone.localdate() - timedelta(days=2))
    client.force_login(world.users["coordinator"])
    html = client.get("/").content.decode()
    assert "Waiting for you" in html
    assert "1 organization accepted and awaits admission" in html
    members = reverse("partnerships:membership_list", args=[world.partnership.slug])
    assert f'href="{members}"' in html
    # An overdue line is an alert in words and shape, not colour alone.
    assert 'class="waiting-action_overdue alert"' in html
    assert "Overdue: 1 action item of yours is past its due date" in html
    assert "⚠" in html
    assert '<span class="badge bad">1 overdue</span>' in html


def grow(world, n: int) -> None:
    """n more partnerships coordinated by Cora, each with an organization awaiting
    admission, a charter to sign and a vote to cast."""
    coordinator = world.users["coordinator"]
    for i in range(n):
        p = services.partnership_create(
            actor=coordinator,
            lead_organization=world.orgs["county"],
            name=f"Basin {i}",
            purpose="Water.",
            type="network",
            modality="government_initiated",
            visibility="members",
        )
        rep = make_user(f"rep{i}@basin{i}.test")
        from accord.partners import services as partner_services

        org = partner_services.organization_create(
            actor=rep, name=f"Basin org {i}", sector="community", capacity="small"
        )
        membership = services.membership_invite(actor=coordinator, partnership=p, organization=org)
        services.membership_respond(actor=rep, membership=membership, accept=True)
        version = services.charter_draft_save(actor=coordinator, partnership=p, common_outcome="x")
        services.charter_publish(actor=coordinator, version=version)
        proposal = decision_services.proposal_create(
            actor=coordinator, partnership=p, title=f"Plan {i}", body="."
        )
        decision_services.proposal_advance(actor=coordinator, proposal=proposal)
        decision_services.proposal_advance(
            actor=coordinator, proposal=proposal, closes_at=timezone.now() + timedelta(days=2)
        )


@pytest.mark.parametrize("n", [1, 8])
def test_home_page_queries_do_not_grow_with_partnerships(
    client, world, django_assert_max_num_queries, n
):
    grow(world, n)
    client.force_login(world.users["coordinator"])
    with django_assert_max_num_queries(20):  # 19 for one partnership or eight
        html = client.get("/").content.decode()
    assert html.count("1 organization accepted and awaits admission") == n
    assert html.count("open vote you have not cast") == n
