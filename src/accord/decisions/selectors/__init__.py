"""Every read about decisions beyond a plain get, and the conversion to the engine's inputs.

Callers import the package and call ``selectors.<name>``; the modules hold one subject each:

- ``rules`` -- the rule in force for a kind of decision (:func:`rule_for_kind`,
  :func:`governing_rule`), snapshots (:func:`rule_snapshot`, :func:`default_snapshot`) and
  :func:`delivered_weights`;
- ``proposals`` -- proposals, comment threads, current ballots, the decision log, ballot
  panels;
- ``voters`` -- who votes (:func:`voter_table`, :func:`eligible_individuals`,
  :func:`chamber_table`) and :func:`has_everyone_voted`;
- ``power`` -- the power analysis of a rule in three steps: :func:`power_inputs` and
  :func:`power_key` (what it depends on), :func:`power_compute` (the engine; the task
  worker only), :func:`power_render` (names and sentences); :func:`power_analysis` and
  :func:`power_compare` do all three at once (never in a request);
- ``power_stored`` -- what pages and the API read: :func:`power_outcomes` (stored results
  by key, or their status), :func:`power_comparison` (the page's one table),
  :func:`power_rules_get` (the rules asked for, bounded);
- ``alternatives`` -- a choice's alternatives and open ballots in words;
- ``tally`` -- the count of a choice among alternatives (:func:`tally`);
- ``preflib`` -- :func:`preflib_export`, the ballots as a PrefLib file.

The definition of the rules that choose among alternatives is ``accord.decisions.choice_rules``;
the voter keys of secret ballots are ``accord.decisions.pseudonyms``.
"""

from accord.decisions.selectors.alternatives import (
    BallotRow,
    alternative_list,
    ballot_rows,
    frozen_alternatives,
)
from accord.decisions.selectors.power import (
    EXACT_PLAYERS,
    MemberPower,
    PowerAnalysis,
    SectorPower,
    power_analysis,
    power_compare,
    power_compute,
    power_inputs,
    power_key,
    power_render,
    skipped_analysis,
)
from accord.decisions.selectors.power_stored import MAX_COMPARED as POWER_MAX_COMPARED
from accord.decisions.selectors.power_stored import NOT_COMPUTED as POWER_NOT_COMPUTED
from accord.decisions.selectors.power_stored import STALE_AFTER as POWER_STALE_AFTER
from accord.decisions.selectors.power_stored import (
    PowerCell,
    PowerColumn,
    PowerComparison,
    PowerOutcome,
    PowerRow,
    power_comparison,
    power_outcomes,
    power_rule_ids,
    power_rules_get,
    power_snapshots,
)
from accord.decisions.selectors.preflib import preflib_export
from accord.decisions.selectors.proposals import (
    BallotPanel,
    CommentNode,
    OpenSubjectProposals,
    ballot_history,
    ballot_panels,
    comment_find,
    comment_thread,
    current_ballots,
    decision_for,
    decision_log,
    decision_log_votes,
    my_current_ballots,
    open_ballot_list,
    open_subject_proposals,
    participation_counts,
    participation_list,
    proposal_find,
    proposal_get,
    proposal_list,
    proposals_due,
    voter_key,
)
from accord.decisions.selectors.rules import (
    DEFAULT_PRESET,
    assignment_list,
    chambers_of,
    current_snapshot,
    default_snapshot,
    delivered_weights,
    governing_rule,
    rule_for_kind,
    rule_get,
    rule_list,
    rule_snapshot,
)
from accord.decisions.selectors.tally import (
    AlternativesResult,
    CountedBallots,
    counted_ballots,
    tally,
)
from accord.decisions.selectors.voters import (
    GROUP_NAMES,
    Individual,
    VoterTable,
    chamber_table,
    electorate_of,
    eligible_individuals,
    engine_rule,
    has_everyone_voted,
    in_electorate,
    individual_table,
    voter_table,
)

__all__ = [
    "DEFAULT_PRESET",
    "EXACT_PLAYERS",
    "GROUP_NAMES",
    "POWER_MAX_COMPARED",
    "POWER_NOT_COMPUTED",
    "POWER_STALE_AFTER",
    "AlternativesResult",
    "BallotPanel",
    "BallotRow",
    "CommentNode",
    "CountedBallots",
    "Individual",
    "MemberPower",
    "OpenSubjectProposals",
    "PowerAnalysis",
    "PowerCell",
    "PowerColumn",
    "PowerComparison",
    "PowerOutcome",
    "PowerRow",
    "SectorPower",
    "VoterTable",
    "alternative_list",
    "assignment_list",
    "ballot_history",
    "ballot_panels",
    "ballot_rows",
    "chamber_table",
    "chambers_of",
    "comment_find",
    "comment_thread",
    "counted_ballots",
    "current_ballots",
    "current_snapshot",
    "decision_for",
    "decision_log",
    "decision_log_votes",
    "default_snapshot",
    "delivered_weights",
    "electorate_of",
    "eligible_individuals",
    "engine_rule",
    "frozen_alternatives",
    "governing_rule",
    "has_everyone_voted",
    "in_electorate",
    "individual_table",
    "my_current_ballots",
    "open_ballot_list",
    "open_subject_proposals",
    "participation_counts",
    "participation_list",
    "power_analysis",
    "power_compare",
    "power_comparison",
    "power_compute",
    "power_inputs",
    "power_key",
    "power_outcomes",
    "power_render",
    "power_rule_ids",
    "power_rules_get",
    "power_snapshots",
    "preflib_export",
    "proposal_find",
    "proposal_get",
    "proposal_list",
    "proposals_due",
    "rule_for_kind",
    "rule_get",
    "rule_list",
    "rule_snapshot",
    "skipped_analysis",
    "tally",
    "voter_key",
    "voter_table",
]
