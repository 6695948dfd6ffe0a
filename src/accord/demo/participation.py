"""Demo participation (data/participation.json): a finished issue-naming round in which the
Maji Women's Group's and the Lakeside Youth Network's issues bridge across groups while the
plain count puts the fishers' issue first, and a finished KES 5,000,000 budget round from the
pooled basin fund, about 150 voters in several groups, decided by Equal Shares — where greedy
would have spent most of it on the largest group's projects.

Everything is written through the participation, resources and partners services; only the
dates of the finished rounds are moved into the past afterwards (services refuse dates in the
past, and the story needs rounds that ended weeks ago), directly on the rows, here.
"""

from __future__ import annotations

import random
from datetime import timedelta
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from accord.demo import accounts, story
from accord.participation import services
from accord.participation.models import (
    BudgetBallot,
    BudgetProject,
    Issue,
    ParticipationRound,
    Phase,
    Statement,
)
from accord.partners.models import Organization
from accord.partnerships.models import Partnership
from accord.partnerships.services import voice
from accord.reference.models import SdgTarget
from accord.resources import services as resource_services


def _open(round_: ParticipationRound, coordinator: Any) -> None:
    now = timezone.now()
    services.round_open(
        actor=coordinator,
        round_=round_,
        collect_until=now + timedelta(days=1),
        review_until=now + timedelta(days=2),
        vote_until=now + timedelta(days=3),
    )


def _advance(round_: ParticipationRound, coordinator: Any, phase: str) -> None:
    while round_.phase != phase:
        services.round_phase_advance(actor=coordinator, round_=round_)


def _backdate(round_: ParticipationRound, spec: dict[str, Any]) -> None:
    """The round ran weeks ago: its dates as the story tells them (written on the row:
    the services accept only future dates)."""
    opened = timezone.now() - timedelta(days=spec["opened_days_ago"])
    collect = opened + timedelta(days=spec["collect_days"])
    review = collect + timedelta(days=spec["review_days"])
    vote = review + timedelta(days=spec["vote_days"])
    ParticipationRound.objects.filter(pk=round_.pk).update(
        opened_at=opened,
        collect_until=collect,
        review_until=review,
        vote_until=vote,
        results_at=vote,
        created_at=opened - timedelta(days=3),
    )
    named = opened + timedelta(days=2)
    Issue.objects.filter(round=round_).update(created_at=named)
    Statement.objects.filter(round=round_).update(created_at=named)
    # The voice tallies counted them on the day they were written: count them again.
    voice.voice_tallies_rebuild(round_.partnership_id)
    BudgetProject.objects.filter(round=round_).update(created_at=named)
    BudgetBallot.objects.filter(round=round_).update(cast_at=review + timedelta(days=2))


def _issue_round(
    partnership: Partnership, coordinator: Any, spec: dict[str, Any]
) -> dict[str, Issue]:
    round_ = services.round_create(
        actor=coordinator,
        partnership=partnership,
        kind="issues",
        title=spec["title"],
        description=spec["description"],
        audience=spec["audience"],
        support_mode=spec["support_mode"],
    )
    _open(round_, coordinator)
    issues: dict[str, Issue] = {}
    for item in spec["issues"]:
        target = SdgTarget.objects.filter(code=item.get("sdg_target", "")).first()
        issues[item["key"]] = services.issue_submit(
            actor=accounts.person(item["author"]),
            round_=round_,
            title=item["title"],
            text=item["text"],
            place=item.get("place", ""),
            sdg_target=target,
        )
    _advance(round_, coordinator, Phase.VOTE)
    for key, emails in spec["supports"].items():
        for email in emails:
            services.issue_support(actor=accounts.person(email), round_=round_, issue=issues[key])
    for item in spec["issues"]:
        if "merge_into" in item:
            services.issue_merge(
                actor=coordinator, duplicate=issues[item["key"]], into=issues[item["merge_into"]]
            )
        if "hide" in item:
            services.issue_hide(actor=coordinator, issue=issues[item["key"]], reason=item["hide"])
    _advance(round_, coordinator, Phase.RESULTS)
    _backdate(round_, spec)
    return issues


def _budget_round(
    partnership: Partnership, coordinator: Any, spec: dict[str, Any], issues: dict[str, Issue]
) -> None:
    organizations = {o.name: o for o in Organization.objects.all()}
    round_ = services.round_create(
        actor=coordinator,
        partnership=partnership,
        kind="budget",
        title=spec["title"],
        description=spec["description"],
        audience=spec["audience"],
        budget=spec["budget"],
        fund_holder=organizations[spec["fund_holder"]],
        ballot_kind=spec["ballot_kind"],
        rule=spec["rule"],
    )
    _open(round_, coordinator)
    projects = {}
    for item in spec["projects"]:
        owner = organizations[item["owner"]]
        if "issue" in item:
            project = services.issue_to_project(
                actor=coordinator,
                issue=issues[item["issue"]],
                round_=round_,
                cost=item["cost"],
                owner=owner,
                title=item["title"],
                description=item.get("description", ""),
            )
        else:
            project = services.project_propose(
                actor=coordinator,
                round_=round_,
                title=item["title"],
                description=item.get("description", ""),
                cost=item["cost"],
                owner=owner,
            )
        services.project_review(
            actor=coordinator,
            project=project,
            feasible="rejected" not in item,
            reason=item.get("rejected", ""),
        )
        projects[item["key"]] = project
    _advance(round_, coordinator, Phase.VOTE)
    facilitator = accounts.person(spec["facilitator"])
    services.facilitator_add(actor=coordinator, round_=round_, user=facilitator)
    for batch in spec["paper_ballots"]:
        for number in range(1, batch["count"] + 1):
            services.paper_ballot_enter(
                actor=facilitator,
                round_=round_,
                selections=[projects[key].pk for key in batch["projects"]],
                name=f"{batch['name']} {number}",
                group=batch["group"],
            )
    for ballot in spec["online_ballots"]:
        services.ballot_cast(
            actor=accounts.person(ballot["voter"]),
            round_=round_,
            selections=[projects[key].pk for key in ballot["projects"]],
        )
    _advance(round_, coordinator, Phase.RESULTS)
    _backdate(round_, spec)


def _opinion_round(partnership: Partnership, coordinator: Any, spec: dict[str, Any]) -> None:
    """Statements by the partnership's people, and about 150 members of the public who
    confirmed their email (through the same service as the emailed link) and voted: three
    camps drawn with a fixed seed, so that the map has its groups and the statements every
    group agrees with."""
    round_ = services.round_create(
        actor=coordinator,
        partnership=partnership,
        kind="opinions",
        title=spec["title"],
        description=spec["description"],
        audience=spec["audience"],
    )
    _open(round_, coordinator)
    statements = [
        services.statement_add(actor=accounts.person(s["author"]), round_=round_, text=s["text"])
        for s in spec["statements"]
    ]
    rng = random.Random(spec["seed"])
    anonymous = AnonymousUser()
    number = 0
    for camp in spec["camps"]:
        for _ in range(camp["count"]):
            number += 1
            email = f"voice{number}@lake-kivuli.example"
            participant = services.public_join_confirm(
                round_=round_, token=services.public_join_token(round_, email)
            )
            for statement, agree in zip(statements, camp["agree"], strict=True):
                if rng.random() < spec["skip_probability"]:
                    continue
                if rng.random() < spec["pass_probability"]:
                    choice = "pass"
                else:
                    choice = "agree" if rng.random() < agree else "disagree"
                services.statement_vote(
                    actor=anonymous,
                    round_=round_,
                    statement=statement,
                    choice=choice,
                    public=participant,
                )
    _advance(round_, coordinator, Phase.RESULTS)
    _backdate(round_, spec)


def load(slug: str) -> bool:
    if ParticipationRound.objects.filter(partnership__slug=slug).exists():
        return False
    chapter = story.data("participation").get(slug)
    if chapter is None:
        return False
    partnership = Partnership.objects.get(slug=slug)
    coordinator = accounts.person(chapter["coordinator"])
    organizations = {o.name: o for o in Organization.objects.all()}
    for flow in chapter["pool_contributions"]:
        resource_services.ledger_entry_post(
            actor=accounts.person(flow["actor"]),
            partnership=partnership,
            type="3",
            value=flow["value"],
            currency_code=flow["currency_code"],
            value_date=timezone.localdate() - timedelta(days=flow["days_ago"]),
            provider=organizations[flow["provider"]],
            receiver=organizations[flow["receiver"]],
            note=flow["note"],
        )
    issues = _issue_round(partnership, coordinator, chapter["issue_round"])
    _budget_round(partnership, coordinator, chapter["budget_round"], issues)
    _opinion_round(partnership, coordinator, chapter["opinion_round"])
    return True
