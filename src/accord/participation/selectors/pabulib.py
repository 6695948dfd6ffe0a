"""A budget round as a pabulib ``.pb`` file (Faliszewski et al., IJCAI 2023, section 3).

An imported round gives back the file it came from: its META, project and voter columns
verbatim, ballots in file order. A round run in Accord writes its own META (budget, vote
type, the rule in pabulib's names, dates, currency), its projects (name, votes and, once it
has results, ``selected``: the engine's outcome) and its ballots, with each voter's group
and how they voted (``voting_method``: ``internet`` or ``paper``).
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import numpy as np
from django.utils.text import slugify

from accord.engine.io.pabulib import PabulibElection, format_pabulib
from accord.participation.models import BallotKind, ParticipationRound, Phase, RoundParticipant
from accord.participation.selectors.budget import budget_data

#: pabulib's vote type of each ballot kind.
VOTE_TYPES = {
    BallotKind.APPROVAL: "approval",
    BallotKind.CUMULATIVE: "cumulative",
    BallotKind.ORDINAL: "ordinal",
}
PABULIB_RULES = {"mes": "equalshares/add1", "phragmen": "phragmen", "greedy": "greedy"}


def _number(amount: Decimal) -> int | Fraction:
    exact = Fraction(amount)
    return int(exact) if exact.denominator == 1 else exact


def _text(amount: Decimal) -> str:
    return str(int(amount)) if amount == amount.to_integral_value() else str(amount)


def pabulib_export(*, round_: ParticipationRound) -> tuple[str, str]:
    """The file name and the text of the round's ``.pb`` file (four queries)."""
    assert round_.budget is not None
    data = budget_data(round_=round_, all_projects=round_.is_imported)
    participants = {
        p.pk: p
        for p in RoundParticipant.objects.filter(round=round_).only(
            "pk", "external_id", "group", "attributes"
        )
    }
    ballot_participant = dict(round_.ballots.order_by("id").values_list("id", "participant_id"))
    voters = [participants[ballot_participant[b]] for b in data.ballot_ids.tolist()]
    costs = [_number(p.cost) for p in data.projects]
    cost_array = (
        np.asarray(costs, dtype=np.int64)
        if all(isinstance(c, int) for c in costs)
        else np.asarray(costs, dtype=object)
    ).reshape(len(costs))
    has_points = round_.ballot_kind == BallotKind.CUMULATIVE
    if round_.is_imported:
        stored = round_.pabulib_meta
        meta = dict(stored.get("meta", {}))
        project_header = tuple(stored.get("project_header", ("project_id", "cost")))
        voter_header = tuple(stored.get("voter_header", ("voter_id", "vote")))
        project_fields = {
            name: tuple(str(p.fields.get(name, "")) for p in data.projects)
            for name in project_header
            if name not in ("project_id", "cost")
        }
        voter_fields = {
            name: tuple(str(v.attributes.get(name, "")) for v in voters)
            for name in voter_header
            if name not in ("voter_id", "vote", "points")
        }
        has_points = "points" in voter_header
    else:
        supporters = data.support.sum(axis=0).tolist()
        meta = {
            "description": round_.title,
            "country": "",
            "unit": round_.partnership.name,
            "instance": str((round_.opened_at or round_.created_at).year),
            "num_projects": str(len(data.projects)),
            "num_votes": str(len(voters)),
            "budget": _text(round_.budget),
            "vote_type": VOTE_TYPES[round_.ballot_kind],
            "rule": PABULIB_RULES[round_.rule],
        }
        if round_.opened_at:
            meta["date_begin"] = round_.opened_at.strftime("%d.%m.%Y")
        if round_.vote_until:
            meta["date_end"] = round_.vote_until.strftime("%d.%m.%Y")
        if round_.max_projects and round_.ballot_kind != BallotKind.CUMULATIVE:
            meta["max_length"] = str(round_.max_projects)
        if round_.points and has_points:
            meta["max_sum_points"] = str(round_.points)
        meta["currency"] = round_.currency
        project_header = ("project_id", "cost", "name", "votes")
        project_fields = {
            "name": tuple(p.title for p in data.projects),
            "votes": tuple(str(n) for n in supporters),
        }
        if round_.phase == Phase.RESULTS and round_.outcome:
            won = {str(pk) for pk in round_.outcome.get("selected", [])}
            project_header += ("selected",)
            project_fields["selected"] = tuple(
                "1" if str(p.pk) in won else "0" for p in data.projects
            )
        voter_header = ("voter_id", "vote", *(("points",) if has_points else ()), "group")
        voter_header += ("voting_method",)
        voter_fields = {
            "group": tuple(v.group for v in voters),
            "voting_method": tuple(
                "paper" if channel == "paper" else "internet" for channel in data.channels
            ),
        }
    election = PabulibElection(
        meta=meta,
        project_ids=tuple(p.pabulib_id for p in data.projects),
        costs=cost_array,
        project_fields=project_fields,
        voter_ids=tuple(v.external_id or str(v.pk) for v in voters),
        vote_indptr=data.indptr,
        vote_projects=data.items.astype(np.int64),
        vote_points=data.points if has_points else None,
        voter_fields=voter_fields,
        project_header=project_header,
        voter_header=voter_header,
    )
    filename = f"{slugify(round_.partnership.slug)}-{slugify(round_.title)[:40] or 'round'}.pb"
    return filename, format_pabulib(election)
