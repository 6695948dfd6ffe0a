"""Opinion groups of a conversation, as Pol.is maps them (docs/engine/opinion-groups.md).

- :func:`opinion_groups`: from a sparse participants x statements vote matrix (+1 agree,
  -1 disagree, 0 pass, missing = not voted) to :class:`OpinionGroups`: a group label per
  participant (-1 for those who voted too little), the two-dimensional opinion map, each
  group's :class:`RepresentativeStatement` s, the group-informed consensus of every
  statement and the statements that every group agrees with;
- :func:`opinion_pca`: the map alone (PCA with mean imputation, sparsity-aware projection);
- :func:`adjusted_rand_index`: how far two groupings of the same participants agree
  (1 = the same partition), used to check ours against Pol.is' own;
- :func:`group_informed_consensus`, :func:`representative_statements`,
  :func:`consensus_statements`, :func:`group_vote_counts`: the per-statement measures,
  for groups that come from elsewhere (e.g. sectors).

Pol.is exports are read by :func:`accord.engine.io.polis.read_polis_export`.
"""

from accord.engine.opinions.comparison import adjusted_rand_index
from accord.engine.opinions.groups import (
    BASE_CLUSTERS,
    MAX_GROUPS,
    MIN_VOTES,
    OpinionGroups,
    opinion_groups,
)
from accord.engine.opinions.projection import Projection, opinion_pca
from accord.engine.opinions.repness import (
    GroupVoteCounts,
    RepresentativeStatement,
    consensus_statements,
    group_informed_consensus,
    group_vote_counts,
    representative_statements,
)
from accord.engine.opinions.votes import Votes, as_votes

__all__ = [
    "BASE_CLUSTERS",
    "MAX_GROUPS",
    "MIN_VOTES",
    "GroupVoteCounts",
    "OpinionGroups",
    "Projection",
    "RepresentativeStatement",
    "Votes",
    "adjusted_rand_index",
    "as_votes",
    "consensus_statements",
    "group_informed_consensus",
    "group_vote_counts",
    "opinion_groups",
    "opinion_pca",
    "representative_statements",
]
