"""Participation at scale: the bridging rank, the budget round with 50,000 ballots, the
opinion map recomputed by the task worker, and a large issue-naming round.

1. **Bridging rank** (``accord.engine.bridging``): Pol.is' group-informed consensus of
   every issue from (participant, issue) supports, ten per participant, in 6 groups of
   unequal size, and the order it gives. The peer is red-dwarf's
   ``calculate_comment_statistics`` (Pol.is' reference statistics in Python; its
   ``C_v_c[agree]`` is the same product over groups of ``(agree + 1) / (seen + 2)``), given
   the dense participants × issues table it needs (1 where the participant supports the
   issue, 0 elsewhere; building the table is not timed); it computes every statistic of
   Pol.is' comparison at once, the consensus among them. "identical": the same consensus
   (to 1e-9) and our order descending in the peer's values. The peer runs at 20,000 participants (a dense table of
   320 MB); at 100,000 (1.6 GB, several times that at its peak) only with ``--full``.
2. **The pages** (Django's test client, signed in as the coordinator, on SQLite in a
   throwaway ``ACCORD_DATA_DIR``, the data written with ``bulk_create``), in a subprocess:
   - a budget round of 50,000 ballots on 30 projects in 6 groups: the outcome (Equal
     Shares with add-one completion, and greedy beside it) computed once as voting ends;
     the peer is pabutools' ``method_of_equal_shares(..., voter_budget_increment=1)`` on
     the same approvals, "identical" the same winners; then the results page and the round
     page, each twice (the peer column: one SQL count of the ballots per group, the floor
     any page pays);
   - an opinion-mapping round of 10,000 participants × 300 statements (10 % voted, three
     camps): the map computed by the task (``opinion_map_build``: reading the votes, the
     engine, the drawing), against red-dwarf's ``run_pipeline`` on the same votes (reading
     not counted for the peer); "identical" gives the adjusted Rand index between the two
     groupings; then the page while the map is recomputed after one more vote (it must not
     compute anything) and once it is ready;
   - an issue-naming round of 20,000 participants × 500 issues × 6 groups (100,000
     supports): the round page, which computes the bridging rank in the request from one
     ``GROUP BY``; the peer column is that query alone.

Run alone: ``python benchmarks/run.py participation``; ``--full`` runs the bridging peer at
100,000 participants and gives pabutools ten minutes instead of one.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from common import Row, Timing, timed

from accord.engine.bridging import bridging_order, support_by_group

GROUP_SHARES = (0.40, 0.20, 0.15, 0.10, 0.10, 0.05)


@dataclass
class NoteRow(Row):
    """A row whose last column is a note, and whose peer column may say why it is empty."""

    note: str = ""
    peer_note: str = ""

    def cells(self) -> list[str]:
        if self.peer.seconds is None and self.peer_note:
            return [
                self.case,
                self.size,
                self.peer_note,
                self.ours.label(),
                "-",
                self.note or "n/a",
            ]
        cells = super().cells()
        if self.note:
            cells[-1] = self.note
        return cells


# --- 1. the bridging rank ---------------------------------------------------------------


def _supports(n: int, m: int, per: int = 10, seed: int = 0) -> tuple[np.ndarray, ...]:
    """``n`` participants in 6 groups of unequal size, each supporting ``per`` issues
    drawn from a popularity that differs by group (so that the bridging order differs
    from the plain count): (participants, issues, groups) as index arrays."""
    rng = np.random.default_rng(seed)
    groups = rng.choice(len(GROUP_SHARES), size=n, p=GROUP_SHARES)
    taste = rng.gamma(0.5, size=(len(GROUP_SHARES), m))
    taste /= taste.sum(axis=1, keepdims=True)
    participants = np.repeat(np.arange(n), per)
    issues = np.empty(n * per, dtype=np.int64)
    for g in range(len(GROUP_SHARES)):
        rows = np.flatnonzero(np.repeat(groups == g, per))
        issues[rows] = rng.choice(m, size=len(rows), p=taste[g])
    return participants, issues, groups


def _ours_bridging(participants, issues, groups, m):
    supporters, voters = support_by_group(
        participants, issues, groups, num_items=m, num_groups=len(GROUP_SHARES)
    )
    return bridging_order(supporters, voters)


def _red_dwarf_bridging(table, labels):
    from reddwarf.utils.stats import calculate_comment_statistics, votes

    return calculate_comment_statistics(vote_matrix=table, cluster_labels=labels)[-1][votes.A]


def _bridging_row(n: int, m: int, with_peer: bool) -> Row:
    participants, issues, groups = _supports(n, m)
    size = f"{n} x {m} x {len(GROUP_SHARES)}, {len(participants):,} supports"
    ours = timed(lambda: _ours_bridging(participants, issues, groups, m))
    order, consensus = ours.value
    if not with_peer:
        return NoteRow(
            "bridging rank (engine)",
            size,
            Timing(None, None),
            ours,
            None,
            peer_note="not run (dense table; --full)",
        )
    try:
        import pandas as pd
        import reddwarf.utils.stats  # noqa: F401
    except ImportError:
        return NoteRow(
            "bridging rank (engine)",
            size,
            Timing(None, None),
            ours,
            None,
            peer_note="not installed",
        )
    dense = np.zeros((n, m), dtype=np.float64)
    dense[participants, issues] = 1.0
    table = pd.DataFrame(dense)
    peer = timed(lambda: _red_dwarf_bridging(table, groups))
    theirs = np.asarray(peer.value)
    same_values = bool(np.allclose(consensus, theirs, rtol=1e-9, atol=0))
    # Our order must descend in the peer's values (products equal in exact arithmetic may
    # differ in their last bits on either side, so ties are allowed a relative 1e-12).
    ranked = theirs[order]
    descending = bool((np.diff(ranked) <= 1e-12 * ranked[:-1]).all())
    return Row(
        "bridging rank (engine)",
        size,
        peer,
        ours,
        same_values and descending,
    )


# --- 2. the pages -------------------------------------------------------------------------

COORDINATOR = "coordinator@bench.example"
BALLOTS, PROJECTS = 50_000, 30
OPINION_PEOPLE, STATEMENTS, OPINION_DENSITY = 10_000, 300, 0.10
ISSUE_PEOPLE, ISSUES, SUPPORTS_EACH = 20_000, 500, 5
GROUPS = ("public", "private", "civil_society", "community", "individuals", "general_public")


def _setup_django(data_dir: Path) -> None:
    os.environ["ACCORD_DATA_DIR"] = str(data_dir)
    os.environ.pop("DATABASE_URL", None)
    os.environ.pop("REDIS_URL", None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "accord.settings"
    os.environ.setdefault("ACCORD_MANIFEST_STATIC", "false")
    import django

    django.setup()


def _world() -> tuple[Any, Any, Any]:
    """A partnership with its coordinator and a pooled fund of 10,000,000 held by the
    County."""
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from accord.accounts.models import User
    from accord.partners import services as partner_services
    from accord.partnerships import services as partnership_services
    from accord.resources import services as resource_services

    coordinator = User.objects.create(email=COORDINATOR, name="Coordinator")
    donor = User.objects.create(email="donor@bench.example", name="Donor")
    county = partner_services.organization_create(
        actor=coordinator, name="County", sector="public", capacity="large"
    )
    foundation = partner_services.organization_create(
        actor=donor, name="Foundation", sector="philanthropic", capacity="large"
    )
    partnership = partnership_services.partnership_create(
        actor=coordinator,
        lead_organization=county,
        name="Participation benchmark",
        purpose="Load test of participation.",
        type="co_management",
        modality="government_initiated",
        visibility="members",
        allows_individuals=True,
    )
    membership = partnership_services.membership_invite(
        actor=coordinator, partnership=partnership, organization=foundation
    )
    partnership_services.membership_respond(actor=donor, membership=membership, accept=True)
    partnership_services.membership_decide(actor=coordinator, membership=membership, admit=True)
    resource_services.ledger_entry_post(
        actor=coordinator,
        partnership=partnership,
        type="3",
        value="10000000",
        currency_code=partnership.reporting_currency,
        value_date=date.today() - timedelta(days=3),
        provider=foundation,
        receiver=county,
        note="Contribution to the pooled fund",
    )
    return coordinator, partnership, county


def _open(coordinator: Any, round_: Any, phase: str) -> Any:
    from django.utils import timezone

    from accord.participation import services

    if round_.phase == "draft":
        now = timezone.now()
        services.round_open(
            actor=coordinator,
            round_=round_,
            collect_until=now + timedelta(days=7),
            review_until=now + timedelta(days=14),
            vote_until=now + timedelta(days=21),
        )
    while round_.phase != phase:
        services.round_phase_advance(actor=coordinator, round_=round_)
    return round_


def _people(round_: Any, n: int, groups: np.ndarray) -> list[Any]:
    from accord.participation.models import RoundParticipant

    people = []
    for first in range(0, n, 10_000):
        people += RoundParticipant.objects.bulk_create(
            RoundParticipant(round=round_, email=f"p{k}@bench.example", group=GROUPS[groups[k]])
            for k in range(first, min(n, first + 10_000))
        )
    return people


def _bump(round_: Any) -> None:
    from django.db.models import F

    type(round_).objects.filter(pk=round_.pk).update(version=F("version") + 1)
    round_.refresh_from_db()


def _budget_round(coordinator: Any, partnership: Any, county: Any) -> Any:
    from accord.participation import services
    from accord.participation.models import BudgetBallot, BudgetBallotItem, Phase

    rng = np.random.default_rng(1)
    round_ = services.round_create(
        actor=coordinator,
        partnership=partnership,
        kind="budget",
        title="Budget of 5,000,000",
        budget="5000000",
        fund_holder=county,
    )
    _open(coordinator, round_, Phase.COLLECT)
    projects = []
    for j in range(PROJECTS):
        project = services.project_propose(
            actor=coordinator,
            round_=round_,
            title=f"Project {j}",
            cost=str(int(rng.integers(1, 16)) * 100_000),
            owner=county,
        )
        services.project_review(actor=coordinator, project=project, feasible=True)
        projects.append(project)
    _open(coordinator, round_, Phase.VOTE)
    groups = rng.choice(len(GROUPS), size=BALLOTS, p=GROUP_SHARES)
    people = _people(round_, BALLOTS, groups)
    taste = rng.gamma(0.7, size=(len(GROUPS), PROJECTS))
    taste /= taste.sum(axis=1, keepdims=True)
    for first in range(0, BALLOTS, 10_000):
        chunk = people[first : first + 10_000]
        ballots = BudgetBallot.objects.bulk_create(
            BudgetBallot(
                round=round_,
                participant=person,
                channel="paper" if k % 20 == 0 else "online",
                entered_by=coordinator if k % 20 == 0 else None,
            )
            for k, person in enumerate(chunk, start=first)
        )
        items = []
        for k, ballot in enumerate(ballots, start=first):
            chosen = rng.choice(
                PROJECTS, size=int(rng.integers(1, 6)), replace=False, p=taste[groups[k]]
            )
            items += [
                BudgetBallotItem(ballot=ballot, project=projects[j], position=p)
                for p, j in enumerate(chosen.tolist())
            ]
        BudgetBallotItem.objects.bulk_create(items, batch_size=5_000)
    _bump(round_)
    return round_


def _opinion_round(coordinator: Any, partnership: Any) -> Any:
    from accord.participation import services
    from accord.participation.models import Phase, Statement, StatementVote

    rng = np.random.default_rng(2)
    round_ = services.round_create(
        actor=coordinator, partnership=partnership, kind="opinions", title="Opinions"
    )
    _open(coordinator, round_, Phase.COLLECT)
    groups = rng.choice(len(GROUPS), size=OPINION_PEOPLE, p=GROUP_SHARES)
    people = _people(round_, OPINION_PEOPLE, groups)
    statements = Statement.objects.bulk_create(
        Statement(round=round_, author=people[k], text=f"Statement number {k}")
        for k in range(STATEMENTS)
    )
    camps = rng.integers(0, 3, OPINION_PEOPLE)
    stance = rng.choice([-1, 1], size=(3, STATEMENTS))
    choice = {1: "agree", -1: "disagree", 0: "pass"}
    batch = []
    for k, person in enumerate(people):
        voted = np.flatnonzero(rng.random(STATEMENTS) < OPINION_DENSITY)
        agree_with_camp = rng.random(len(voted)) < 0.8
        passes = rng.random(len(voted)) < 0.15
        for j, same, skip in zip(voted.tolist(), agree_with_camp, passes, strict=True):
            value = 0 if skip else int(stance[camps[k], j]) * (1 if same else -1)
            batch.append(
                StatementVote(statement=statements[j], participant=person, choice=choice[value])
            )
        if len(batch) >= 20_000:
            StatementVote.objects.bulk_create(batch)
            batch = []
    StatementVote.objects.bulk_create(batch)
    _bump(round_)
    return round_


def _issue_round(coordinator: Any, partnership: Any) -> Any:
    from accord.participation import services
    from accord.participation.models import Issue, IssueSupport, Phase

    rng = np.random.default_rng(3)
    round_ = services.round_create(
        actor=coordinator, partnership=partnership, kind="issues", title="Issues"
    )
    _open(coordinator, round_, Phase.COLLECT)
    groups = rng.choice(len(GROUPS), size=ISSUE_PEOPLE, p=GROUP_SHARES)
    people = _people(round_, ISSUE_PEOPLE, groups)
    issues = Issue.objects.bulk_create(
        Issue(round=round_, author=people[k], title=f"Issue {k}", text="What matters here.")
        for k in range(ISSUES)
    )
    _open(coordinator, round_, Phase.VOTE)
    taste = rng.gamma(0.5, size=(len(GROUPS), ISSUES))
    taste /= taste.sum(axis=1, keepdims=True)
    batch = []
    for k, person in enumerate(people):
        chosen = rng.choice(ISSUES, size=SUPPORTS_EACH, replace=False, p=taste[groups[k]])
        batch += [IssueSupport(issue=issues[j], participant=person) for j in chosen.tolist()]
        if len(batch) >= 20_000:
            IssueSupport.objects.bulk_create(batch)
            batch = []
    IssueSupport.objects.bulk_create(batch)
    _bump(round_)
    return round_


def _floor(sql: str, params: list[Any]) -> float:
    from django.db import connection

    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        cursor.fetchall()
    return time.perf_counter() - started


def _pabutools_outcome(round_: Any, timeout: float) -> tuple[float | None, list[int] | None]:
    """pabutools' MES with add-one completion on the round's approvals (whole currency)."""
    from accord.participation import selectors

    data = selectors.budget_data(round_=round_)
    try:
        from pabutools.election import (
            ApprovalBallot,
            ApprovalProfile,
            Cost_Sat,
            Instance,
            Project,
        )
        from pabutools.rules import method_of_equal_shares
    except ImportError:
        return None, None
    projects = [Project(str(p.pk), int(p.cost)) for p in data.projects]
    instance = Instance(projects, budget_limit=int(round_.budget))
    profile = ApprovalProfile(
        [
            ApprovalBallot([projects[j] for j in np.flatnonzero(row).tolist()])
            for row in data.support
        ]
    )
    peer = timed(
        lambda: method_of_equal_shares(
            instance, profile, sat_class=Cost_Sat, voter_budget_increment=1
        ),
        timeout=timeout,
    )
    if peer.seconds is None:
        return None, None
    return peer.seconds, sorted(int(p.name) for p in peer.value)


def _measure(data_dir: Path, full: bool) -> dict[str, Any]:
    _setup_django(data_dir)
    from django.core.cache import cache
    from django.test import Client
    from django.urls import reverse

    from accord.participation import selectors, services
    from accord.participation.services import opinion_map as opinion_map_module

    figures: dict[str, Any] = {}
    started = time.perf_counter()
    coordinator, partnership, county = _world()
    budget = _budget_round(coordinator, partnership, county)
    opinions = _opinion_round(coordinator, partnership)
    issues = _issue_round(coordinator, partnership)
    figures["populate"] = time.perf_counter() - started
    figures["opinion_votes"] = selectors.vote_count(round_=opinions)

    client = Client()
    client.force_login(coordinator)
    client.get(reverse("web:home"))  # the URLconf and the base templates, loaded once

    def get(name: str, url: str) -> None:
        started = time.perf_counter()
        response = client.get(url)
        figures[name] = time.perf_counter() - started
        assert response.status_code == 200, (name, response.status_code)
        figures[f"{name}_bytes"] = len(response.content)

    # The budget round: the outcome as voting ends, then its pages.
    started = time.perf_counter()
    services.round_phase_advance(actor=coordinator, round_=budget)
    figures["outcome"] = time.perf_counter() - started
    figures["selected"] = sorted(budget.outcome["selected"])
    figures["pabutools"], figures["pabutools_selected"] = _pabutools_outcome(
        budget, 600 if full else 60
    )
    slug = partnership.slug
    budget_args = [slug, budget.pk]
    cache.clear()
    for name in ("results_first", "results_again"):
        get(name, reverse("participation:round_results", args=budget_args))
    for name in ("budget_page_first", "budget_page_again"):
        get(name, reverse("participation:round_detail", args=budget_args))
    figures["budget_floor"] = _floor(
        'SELECT p."group", COUNT(*) FROM participation_budgetballot b JOIN '
        "participation_roundparticipant p ON p.id = b.participant_id WHERE b.round_id = %s "
        'GROUP BY p."group"',
        [budget.pk],
    )

    # The opinion map: computed by the task; the page meanwhile and once it is ready.
    opinion_url = reverse("participation:round_detail", args=[slug, opinions.pk])
    started = time.perf_counter()
    assert opinion_map_module.opinion_map_build.call(opinions.pk) == "ready"
    figures["map_task"] = time.perf_counter() - started
    opinions.refresh_from_db()
    found = selectors.opinion_map(round_=opinions)
    figures["map_groups"] = len(found.groups) if found else 0
    get("map_page_ready", opinion_url)
    matrix = selectors.vote_matrix(round_=opinions)
    from accord.engine.opinions import adjusted_rand_index, opinion_groups

    ours_labels = np.asarray(
        opinion_groups(
            (matrix.rows, matrix.cols, matrix.values.astype(np.float64)), shape=matrix.shape
        ).labels
    )
    try:
        from reddwarf.implementations.polis import run_pipeline

        votes = [
            {"participant_id": int(r), "statement_id": int(c), "vote": int(v), "modified": 0}
            for r, c, v in zip(matrix.rows, matrix.cols, matrix.values, strict=True)
        ]
        started = time.perf_counter()
        result = run_pipeline(votes=votes, random_state=0)
        figures["map_peer"] = time.perf_counter() - started
        clusters = result.participants_df["cluster_id"].reindex(range(matrix.shape[0]))
        theirs = clusters.fillna(-1).astype(int).to_numpy()
        both = (ours_labels >= 0) & (theirs >= 0)
        figures["map_ari"] = adjusted_rand_index(ours_labels[both], theirs[both])
        figures["map_peer_groups"] = len(set(theirs[theirs >= 0].tolist()))
    except ImportError:
        figures["map_peer"] = None
    # One more vote: the page shows the last map and the progress; it computes nothing.
    services.statement_vote(
        actor=coordinator,
        round_=opinions,
        statement=opinions.statements.order_by("id").first(),
        choice="agree",
    )
    get("map_page_recomputing", opinion_url)
    page = client.get(opinion_url).content.decode()
    figures["map_page_says_recomputing"] = "a new one is being computed" in page

    # The issue-naming round: the bridging rank computed in the request.
    get("issues_page_first", reverse("participation:round_detail", args=[slug, issues.pk]))
    get("issues_page_again", reverse("participation:round_detail", args=[slug, issues.pk]))
    figures["issues_floor"] = _floor(
        'SELECT s.issue_id, p."group", COUNT(*), SUM(s.dots) FROM participation_issuesupport s '
        "JOIN participation_roundparticipant p ON p.id = s.participant_id JOIN "
        "participation_issue i ON i.id = s.issue_id WHERE i.round_id = %s "
        'GROUP BY s.issue_id, p."group"',
        [issues.pk],
    )
    return figures


def _pages(full: bool) -> list[Row]:
    folder = Path(tempfile.mkdtemp(prefix="accord-bench-participation-"))
    try:
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
        done = subprocess.run(
            [sys.executable, __file__, "--measure", str(folder), "full" if full else ""],
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )
        if done.returncode != 0:
            raise RuntimeError(done.stderr[-3000:])
        f = json.loads(done.stdout.strip().splitlines()[-1])
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    print(
        f"  data written in {f['populate']:.0f} s; opinion round: {f['opinion_votes']:,} votes,"
        f" {f['map_groups']} groups; the page while recomputing says so: "
        f"{f['map_page_says_recomputing']}",
        flush=True,
    )
    ballots = f"{BALLOTS:,} ballots, {PROJECTS} projects"
    budget_floor = Timing(f["budget_floor"], None)
    if f["pabutools"] is None:
        outcome_peer = Timing(None, None, 600 if full else 60)
        same = None
    else:
        outcome_peer = Timing(f["pabutools"], None)
        same = f["pabutools_selected"] == f["selected"]
    opinion_size = f"{OPINION_PEOPLE:,} x {STATEMENTS}, {f['opinion_votes']:,} votes"
    map_note = (
        f"ARI vs red-dwarf {f['map_ari']:.3f} ({f['map_groups']} / {f['map_peer_groups']} groups)"
        if f.get("map_peer")
        else f"{f['map_groups']} groups"
    )
    issues_size = f"{ISSUE_PEOPLE:,} x {ISSUES} x 6, {ISSUE_PEOPLE * SUPPORTS_EACH:,} supports"
    issues_floor = Timing(f["issues_floor"], None)
    return [
        Row(
            "budget outcome as voting ends (MES+add1)",
            ballots,
            outcome_peer,
            _t(f, "outcome"),
            same,
        ),
        Row("budget results page, first", ballots, budget_floor, _t(f, "results_first"), None),
        Row("budget results page, again", ballots, budget_floor, _t(f, "results_again"), None),
        Row("budget round page, first", ballots, budget_floor, _t(f, "budget_page_first"), None),
        Row("budget round page, again", ballots, budget_floor, _t(f, "budget_page_again"), None),
        NoteRow(
            "opinion map, by the task worker",
            opinion_size,
            Timing(f["map_peer"], None) if f.get("map_peer") else Timing(None, None),
            _t(f, "map_task"),
            None,
            note=map_note,
            peer_note="not installed",
        ),
        NoteRow(
            "opinion page while recomputing",
            opinion_size,
            Timing(None, None),
            _t(f, "map_page_recomputing"),
            None,
            note="last map shown, progress; nothing computed",
            peer_note="-",
        ),
        NoteRow(
            "opinion page, map ready",
            opinion_size,
            Timing(None, None),
            _t(f, "map_page_ready"),
            None,
            peer_note="-",
        ),
        Row(
            "issue round page (bridging rank)",
            issues_size,
            issues_floor,
            _t(f, "issues_page_first"),
            None,
        ),
        Row("issue round page, again", issues_size, issues_floor, _t(f, "issues_page_again"), None),
    ]


def _t(figures: dict[str, Any], name: str) -> Timing:
    return Timing(figures[name], None)


def run(full: bool) -> list[Row]:
    rows = [_bridging_row(20_000, 2_000, with_peer=True)]
    rows.append(_bridging_row(100_000, 2_000, with_peer=full))
    rows += _pages(full)
    return rows


if __name__ == "__main__" and len(sys.argv) > 2 and sys.argv[1] == "--measure":
    print(json.dumps(_measure(Path(sys.argv[2]), full=sys.argv[3:] == ["full"]), default=str))
