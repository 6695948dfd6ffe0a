"""Every read about participation beyond a plain get, and the conversion to the engine's
inputs.

Callers import the package and call ``selectors.<name>``; the modules hold one subject each:

- ``rounds`` -- rounds (:func:`round_list`, :func:`round_get`), who takes part and in which
  group (:func:`group_of`, :func:`participant_for`), facilitators;
- ``pool`` -- what the pooled fund holds and what rounds promised (:func:`pool_figures`);
- ``issues`` -- issues as each person may see them, and their bridging rank beside the
  plain count (:func:`issue_board`);
- ``opinions`` -- statements, the next to vote on, the vote matrix (:func:`vote_matrix`),
  the opinion map (:func:`opinion_map`) and what the cache holds of it
  (:func:`opinion_map_state`);
- ``budget`` -- projects and ballots, and the engine's instance (:func:`budget_data`);
- ``pabulib`` -- a round as a ``.pb`` file (:func:`pabulib_export`);
- ``results`` -- a budget round's results page (:func:`budget_results`).
"""

from accord.participation.selectors.budget import (
    BallotCounts,
    BudgetData,
    ballot_counts,
    ballot_for,
    ballot_projects,
    budget_data,
    from_minor,
    paper_ballot_list,
    project_get,
    project_list,
    to_minor,
)
from accord.participation.selectors.issues import (
    IssueBoard,
    IssueView,
    issue_board,
    issue_find,
    issue_get,
    issue_view,
    merge_targets,
)
from accord.participation.selectors.opinions import (
    MapJob,
    MapStage,
    MapState,
    OpinionGroup,
    OpinionMap,
    VoteMatrix,
    map_job_key,
    my_votes,
    opinion_map,
    opinion_map_state,
    opinion_summary,
    statement_get,
    statement_list,
    statement_next,
    statements_left,
    vote_count,
    vote_matrix,
)
from accord.participation.selectors.pabulib import pabulib_export
from accord.participation.selectors.pool import PoolFigures, pool_figures, round_promise
from accord.participation.selectors.results import (
    BudgetResults,
    GroupShare,
    ProjectFate,
    budget_results,
)
from accord.participation.selectors.rounds import (
    budget_rounds_collecting,
    eligible_people,
    facilitator_candidate,
    facilitator_list,
    group_of,
    participant_counts,
    participant_find,
    participant_for,
    round_get,
    round_list,
    rounds_due,
)

__all__ = [
    "BallotCounts",
    "BudgetData",
    "BudgetResults",
    "GroupShare",
    "IssueBoard",
    "IssueView",
    "MapJob",
    "MapStage",
    "MapState",
    "OpinionGroup",
    "OpinionMap",
    "PoolFigures",
    "ProjectFate",
    "VoteMatrix",
    "ballot_counts",
    "ballot_for",
    "ballot_projects",
    "budget_data",
    "budget_results",
    "budget_rounds_collecting",
    "eligible_people",
    "facilitator_candidate",
    "facilitator_list",
    "from_minor",
    "group_of",
    "issue_board",
    "issue_find",
    "issue_get",
    "issue_view",
    "map_job_key",
    "merge_targets",
    "my_votes",
    "opinion_map",
    "opinion_map_state",
    "opinion_summary",
    "pabulib_export",
    "paper_ballot_list",
    "participant_counts",
    "participant_find",
    "participant_for",
    "pool_figures",
    "project_get",
    "project_list",
    "round_get",
    "round_list",
    "round_promise",
    "rounds_due",
    "statement_get",
    "statement_list",
    "statement_next",
    "statements_left",
    "to_minor",
    "vote_count",
    "vote_matrix",
]
