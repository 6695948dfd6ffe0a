"""Voice tallies: kept with every proposal, comment, issue and statement, attributed to the
member organization the author speaks for, equal to the raw counts, rebuilt the same."""

from __future__ import annotations

import io
import random
from collections import Counter
from datetime import UTC, date, datetime
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone

from accord.decisions import services as decision_services
from accord.decisions.models import Comment, Proposal
from accord.errors import Invalid
from accord.participation import services as participation_services
from accord.participation.models import Issue, Phase, RoundParticipant, Statement
from accord.partners.models import Affiliation
from accord.partnerships import selectors
from accord.partnerships.models import VoiceTally
from accord.partnerships.services import voice
from tests.conftest import build_world
from tests.participation.conftest import advance_to, issues_round, opinions_round


def _this_quarter() -> date:
    return voice.voice_quarter(timezone.now())


def raw_counts(partnership: Any) -> Counter[tuple[int | None, str, date]]:
    """(author, kind, quarter) -> count, from the raw rows."""
    counts: Counter[tuple[int | None, str, date]] = Counter()
    sources = [
        (Proposal.objects.filter(partnership=partnership), "author_id", "proposal"),
        (Comment.objects.filter(proposal__partnership=partnership), "author_id", "comment"),
        (Issue.objects.filter(round__partnership=partnership), "author__user_id", "issue"),
        (Statement.objects.filter(round__partnership=partnership), "author__user_id", "statement"),
    ]
    for rows, author, kind in sources:
        for author_id, at in rows.values_list(author, "created_at"):
            counts[(author_id, kind, voice.voice_quarter(at))] += 1
    return counts


def tally_counts(partnership: Any) -> Counter[tuple[int | None, str, date]]:
    counts: Counter[tuple[int | None, str, date]] = Counter()
    for t in VoiceTally.objects.filter(partnership=partnership):
        counts[(t.author_id, t.kind, t.quarter)] += t.count
    return counts


def tally_rows(partnership: Any) -> set[tuple[Any, ...]]:
    return set(
        VoiceTally.objects.filter(partnership=partnership).values_list(
            "author_id", "organization_id", "kind", "quarter", "count"
        )
    )


def test_voice_is_counted_for_the_organization_the_author_speaks_for(world):
    """By hand: the coordinator speaks for the county (its founder), the representative and
    the staff member for the foundation, the small representative for the co-op; the
    community participant speaks as an individual."""
    users, orgs = world.users, world.orgs
    proposal = decision_services.proposal_create(
        actor=users["coordinator"], partnership=world.partnership, title="Buy a boat"
    )
    for role in ("representative", "representative", "staff", "small_representative"):
        decision_services.comment_add(actor=users[role], proposal=proposal, body="Yes.")
    issues = advance_to(world, issues_round(world), Phase.COLLECT)
    for role in ("community", "staff"):
        participation_services.issue_submit(
            actor=users[role], round_=issues, title=f"By {role}", text="Green water."
        )
    opinions = advance_to(world, opinions_round(world), Phase.COLLECT)
    participation_services.statement_add(
        actor=users["staff"], round_=opinions, text="Share the lake."
    )
    county, foundation, coop = (orgs[k].pk for k in ("county", "foundation", "coop"))
    expected = {
        (county, "proposal"): 1,
        (foundation, "comment"): 3,
        (coop, "comment"): 1,
        (None, "issue"): 1,
        (foundation, "issue"): 1,
        (foundation, "statement"): 1,
    }
    pk = world.partnership.pk
    assert selectors.voice_by_organization(pk) == expected
    quarter = _this_quarter()
    assert selectors.voice_by_quarter(pk) == {(o, k, quarter): n for (o, k), n in expected.items()}
    assert selectors.voice_by_organization(pk, since=quarter, until=quarter) == expected
    next_quarter = (
        date(quarter.year + 1, 1, 1)
        if quarter.month == 10
        else date(quarter.year, quarter.month + 3, 1)
    )
    assert selectors.voice_by_organization(pk, since=next_quarter) == {}
    assert selectors.voice_by_organization(world.other_partnership.pk) == {}
    assert tally_counts(world.partnership) == raw_counts(world.partnership)


def test_attribution_rule(world):
    """One member organization: it. Several: the one represented, if exactly one. Else none."""
    users, orgs, pk = world.users, world.orgs, world.partnership.pk
    staff, observer = users["staff"], users["observer"]
    assert voice.voice_organization_ids(pk, [staff.pk, observer.pk]) == {
        staff.pk: orgs["foundation"].pk,
        observer.pk: None,
    }
    # Staff of the co-op too: two member organizations, represents neither -> individual.
    Affiliation.objects.create(organization=orgs["coop"], user=staff)
    assert voice.voice_organization_ids(pk, [staff.pk]) == {staff.pk: None}
    # ... represents the co-op: speaks for it.
    Affiliation.objects.filter(organization=orgs["coop"], user=staff).update(is_representative=True)
    assert voice.voice_organization_ids(pk, [staff.pk]) == {staff.pk: orgs["coop"].pk}
    # An organization only invited (the youth network) is not a member: it does not count.
    invitee = users["invitee"]
    assert voice.voice_organization_ids(pk, [invitee.pk]) == {invitee.pk: None}


def test_a_member_of_the_public_without_an_account_is_an_individual(db):
    world = build_world(visibility="public")
    round_ = advance_to(world, issues_round(world, audience="public"), Phase.COLLECT)
    public = RoundParticipant.objects.create(
        round=round_, email="fisher@lake.example", group="general_public"
    )
    participation_services.issue_submit(
        actor=None, round_=round_, title="Runoff", text="Green.", public=public
    )
    [tally] = VoiceTally.objects.filter(partnership=world.partnership)
    assert (tally.author_id, tally.organization_id, tally.kind, tally.count) == (
        None,
        None,
        "issue",
        1,
    )


def test_a_refused_act_counts_nothing(world):
    proposal = decision_services.proposal_create(
        actor=world.users["coordinator"], partnership=world.partnership, title="Nets"
    )
    before = tally_rows(world.partnership)
    with pytest.raises(Invalid):
        decision_services.comment_add(actor=world.users["staff"], proposal=proposal, body=" ")
    assert tally_rows(world.partnership) == before


@pytest.mark.parametrize("seed", range(4))
def test_tallies_equal_raw_counts_after_random_acts_and_a_rebuild_counts_the_same(world, seed):
    rng = random.Random(seed)
    users = world.users
    issues = advance_to(world, issues_round(world), Phase.COLLECT)
    opinions = advance_to(world, opinions_round(world), Phase.COLLECT)
    proposals = [
        decision_services.proposal_create(
            actor=users["coordinator"], partnership=world.partnership, title="First"
        )
    ]
    for n in range(40):
        act = rng.choice(["proposal", "comment", "comment", "issue", "statement"])
        if act == "proposal":
            author = rng.choice(["coordinator", "representative", "small_representative"])
            proposals.append(
                decision_services.proposal_create(
                    actor=users[author], partnership=world.partnership, title=f"P{n}"
                )
            )
        elif act == "comment":
            author = rng.choice(
                ["coordinator", "representative", "small_representative", "staff", "community"]
            )
            decision_services.comment_add(
                actor=users[author], proposal=rng.choice(proposals), body=f"C{n}"
            )
        elif act == "issue":
            author = rng.choice(["community", "staff", "representative"])
            participation_services.issue_submit(
                actor=users[author], round_=issues, title=f"I{n}", text="x"
            )
        else:
            author = rng.choice(["community", "staff", "small_representative"])
            participation_services.statement_add(
                actor=users[author], round_=opinions, text=f"Statement number {n}"
            )
    assert tally_counts(world.partnership) == raw_counts(world.partnership)
    incremental = tally_rows(world.partnership)
    assert sum(row[-1] for row in incremental) == 41
    assert voice.voice_tallies_rebuild(world.partnership.pk) == 41
    assert tally_rows(world.partnership) == incremental

    # Rows moved to other quarters around the services: the rebuild follows the raw dates.
    Comment.objects.filter(pk__in=Comment.objects.order_by("pk").values("pk")[:3]).update(
        created_at=datetime(2024, 2, 10, 12, tzinfo=UTC)
    )
    Issue.objects.filter(round=issues).update(created_at=datetime(2023, 12, 31, 12, tzinfo=UTC))
    call_command("rebuild_rollups", stdout=io.StringIO())
    assert tally_counts(world.partnership) == raw_counts(world.partnership)
    quarters = {q for _a, _k, q in tally_counts(world.partnership)}
    assert date(2024, 1, 1) in quarters


def test_kinds_outside_the_list_are_refused(world):
    with pytest.raises(ValueError, match="Unknown voice kind"):
        voice.voice_record(world.partnership, world.users["staff"], "shout", timezone.now())
    assert not VoiceTally.objects.exists()
