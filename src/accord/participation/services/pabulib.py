"""A pabulib ``.pb`` file imported as a budget round (Faliszewski et al., IJCAI 2023).

The file is read by the engine (``accord.engine.io.pabulib``); every project becomes an
accepted project of a new round, every voter a participant of it with an imported ballot,
and the round goes straight to its results, computed by the engine under the rule the
file names where Accord implements it (``equalshares*`` → MES with add-one, ``greedy`` →
greedy, ``phragmen`` → Phragmén; otherwise the rule given). What the file holds beyond that
(META, project and voter columns) is kept verbatim, so that exporting the round gives the
same file back (``selectors.pabulib_export``). An imported round is a record of an election
held elsewhere: it promises nothing from the pooled fund.
"""

from __future__ import annotations

import itertools
from decimal import Decimal
from fractions import Fraction
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accord.audit.services import partnership_event_record
from accord.audit.summaries import summary
from accord.engine.io.pabulib import PabulibElection, parse_pabulib
from accord.errors import Invalid
from accord.errors import require_permission as _require
from accord.participation.groups import GENERAL_PUBLIC
from accord.participation.models import (
    BallotChannel,
    BallotKind,
    BudgetBallot,
    BudgetBallotItem,
    BudgetProject,
    BudgetRule,
    ParticipantSource,
    ParticipationRound,
    Phase,
    ProjectStatus,
    RoundKind,
    RoundParticipant,
)
from accord.participation.services.outcome import outcome_compute
from accord.partnerships.models import Partnership

MAX_BYTES = 20 * 1024 * 1024
MAX_VOTERS = 200_000

#: Ballot kinds of pabulib's vote types (choose-1: an approval ballot of one project).
BALLOT_OF_VOTE_TYPE = {
    "approval": BallotKind.APPROVAL,
    "choose-1": BallotKind.APPROVAL,
    "ordinal": BallotKind.ORDINAL,
    "cumulative": BallotKind.CUMULATIVE,
    "scoring": BallotKind.CUMULATIVE,
}


def rule_of_file(meta: dict[str, str]) -> str | None:
    """The rule a file's META names, when Accord implements it (else None)."""
    rule = meta.get("rule", "").strip().lower()
    if rule in ("equalshares", "equalshares/add1"):
        return BudgetRule.MES
    if rule == "greedy":
        return BudgetRule.GREEDY
    if rule in ("phragmen", "seq-phragmen"):
        return BudgetRule.PHRAGMEN
    return None


def _refuse(message: str) -> Invalid:
    return Invalid(message, field_errors={"file": [message]})


def _money(value: int | Fraction, what: str) -> Decimal:
    exact = Fraction(value)
    amount = Decimal(exact.numerator) / Decimal(exact.denominator)
    if amount != amount.quantize(Decimal("0.01")) or amount <= 0 or amount >= Decimal("1e15"):
        raise _refuse(
            _("The file's %(what)s %(value)s is not an amount above 0 with at most two decimals.")
            % {"what": what, "value": value}
        )
    return amount.quantize(Decimal("0.01"))


def election_read(content: bytes | str) -> PabulibElection:
    """Parse a ``.pb`` file, or ``Invalid`` (400) saying what is wrong with it."""
    if isinstance(content, bytes):
        if len(content) > MAX_BYTES:
            raise _refuse(_("The file is larger than 20 MB."))
        try:
            content = content.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise _refuse(_("The file is not UTF-8 text.")) from exc
    try:
        election = parse_pabulib(content)
        budget = election.budget
    except (ValueError, KeyError, IndexError, ZeroDivisionError) as exc:
        raise _refuse(
            _("This is not a pabulib file Accord can read: %(why)s") % {"why": exc}
        ) from exc
    if election.num_projects == 0:
        raise _refuse(_("The file lists no projects."))
    if election.num_voters > MAX_VOTERS:
        raise _refuse(_("The file has more than %(n)s voters.") % {"n": MAX_VOTERS})
    if len(set(election.project_ids)) != election.num_projects:
        raise _refuse(_("Two projects of the file have the same id."))
    if len(set(election.voter_ids)) != election.num_voters:
        raise _refuse(_("Two voters of the file have the same id."))
    if any(len(p) > 100 for p in election.project_ids) or any(
        len(v) > 100 for v in election.voter_ids
    ):
        raise _refuse(_("Project and voter ids are at most 100 characters."))
    _money(budget, _("budget"))
    if election.vote_points is not None and election.vote_points.dtype == object:
        raise _refuse(_("Points on the ballots must be whole numbers."))
    for k in range(election.num_voters):
        lo, hi = election.vote_indptr[k], election.vote_indptr[k + 1]
        if len(set(election.vote_projects[lo:hi].tolist())) != hi - lo:
            raise _refuse(
                _("Voter %(voter)s names a project twice.") % {"voter": election.voter_ids[k]}
            )
    return election


@transaction.atomic
def round_import_pabulib(
    *,
    actor: Any,
    partnership: Partnership,
    content: bytes | str,
    title: str = "",
    rule: str | None = None,
) -> ParticipationRound:
    """Import a ``.pb`` file as a budget round with its results (a coordinator)."""
    _require(actor, "participation.manage_rounds", partnership)
    election = election_read(content)
    if rule is not None and rule not in BudgetRule.values:
        raise Invalid(_("Unknown rule."), field_errors={"rule": [_("Unknown rule.")]})
    chosen_rule = rule or rule_of_file(election.meta) or BudgetRule.MES
    vote_type = election.vote_type
    ballot_kind = BALLOT_OF_VOTE_TYPE[vote_type]
    points = None
    if ballot_kind == BallotKind.CUMULATIVE:
        declared = election.meta.get("max_sum_points", "")
        given = [] if election.vote_points is None else election.vote_points.tolist()
        bounds = election.vote_indptr.tolist()
        observed = max([sum(given[lo:hi]) for lo, hi in itertools.pairwise(bounds)] + [1])
        points = int(declared) if declared.isdigit() else int(observed)
    max_length = election.meta.get("max_length", "")
    max_projects = (
        1 if vote_type == "choose-1" else (int(max_length) if max_length.isdigit() else None)
    )
    name = title.strip() or election.meta.get("description", "") or _("Imported budget")
    meta = election.meta
    round_ = ParticipationRound.objects.create(
        partnership=partnership,
        kind=RoundKind.BUDGET,
        title=name[:200],
        description=meta.get("comment", ""),
        phase=Phase.VOTE,
        budget=_money(election.budget, _("budget")),
        currency=(meta.get("currency") or partnership.reporting_currency)[:3].upper(),
        ballot_kind=ballot_kind,
        max_projects=max_projects if ballot_kind != BallotKind.CUMULATIVE else None,
        points=points,
        rule=chosen_rule,
        is_imported=True,
        pabulib_meta={
            "meta": dict(meta),
            "project_header": list(election.project_header),
            "voter_header": list(election.voter_header),
        },
        created_by=actor,
        opened_at=timezone.now(),
    )
    names = election.project_fields.get("name", ("",) * election.num_projects)
    descriptions = election.project_fields.get("description", ("",) * election.num_projects)
    costs = election.costs.tolist()
    projects = BudgetProject.objects.bulk_create(
        BudgetProject(
            round=round_,
            title=(names[j] or _("Project %(id)s") % {"id": pid})[:200],
            description=descriptions[j],
            cost=_money(costs[j], _("cost of project %(id)s") % {"id": pid}),
            status=ProjectStatus.ACCEPTED,
            external_id=pid,
            fields={key: column[j] for key, column in election.project_fields.items()},
        )
        for j, pid in enumerate(election.project_ids)
    )
    project_ids = [p.pk for p in projects]
    if any(pk is None for pk in project_ids):  # a database that returns no ids on bulk insert
        by_external = dict(
            BudgetProject.objects.filter(round=round_).values_list("external_id", "pk")
        )
        project_ids = [by_external[pid] for pid in election.project_ids]
    participants = RoundParticipant.objects.bulk_create(
        RoundParticipant(
            round=round_,
            external_id=voter_id,
            group=GENERAL_PUBLIC,
            source=ParticipantSource.IMPORTED,
            attributes={key: column[i] for key, column in election.voter_fields.items()},
        )
        for i, voter_id in enumerate(election.voter_ids)
    )
    participant_ids = [p.pk for p in participants]
    if any(pk is None for pk in participant_ids):
        by_external = dict(
            RoundParticipant.objects.filter(round=round_).values_list("external_id", "pk")
        )
        participant_ids = [by_external[v] for v in election.voter_ids]
    ballots = BudgetBallot.objects.bulk_create(
        BudgetBallot(round=round_, participant_id=pid, channel=BallotChannel.IMPORTED)
        for pid in participant_ids
    )
    ballot_ids = [b.pk for b in ballots]
    if any(pk is None for pk in ballot_ids):
        by_participant = dict(
            BudgetBallot.objects.filter(round=round_).values_list("participant_id", "pk")
        )
        ballot_ids = [by_participant[pid] for pid in participant_ids]
    indptr = election.vote_indptr.tolist()
    chosen = election.vote_projects.tolist()
    given = None if election.vote_points is None else election.vote_points.tolist()
    BudgetBallotItem.objects.bulk_create(
        (
            BudgetBallotItem(
                ballot_id=ballot_ids[i],
                project_id=project_ids[chosen[k]],
                position=k - indptr[i] + 1,
                points=None if given is None else int(given[k]),
            )
            for i in range(election.num_voters)
            for k in range(indptr[i], indptr[i + 1])
        ),
        batch_size=5000,
    )
    round_.phase = Phase.RESULTS
    round_.results_at = timezone.now()
    round_.outcome = outcome_compute(round_)
    round_.save(update_fields=["phase", "results_at", "outcome"])
    partnership_event_record(
        actor,
        "participation.round_imported",
        round_,
        partnership,
        summary(
            gettext_noop(
                "Budget round “%(title)s” imported from a pabulib file "
                "(%(projects)s projects, %(ballots)s ballots)"
            ),
            title=round_.title,
            projects=election.num_projects,
            ballots=election.num_voters,
        ),
    )
    return round_
