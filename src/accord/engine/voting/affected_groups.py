"""Consent of affected groups (free, prior and informed consent) over overlapping groups.

:func:`affected_group_consent` checks, group by group, that the members of each group a
decision affects consent to it. Unlike :func:`accord.engine.voting.motions.group_consent`,
which reads one group (a sector) per voter from a motion's ballots, a voter here may belong
to any number of groups (a fishers' cooperative is in the "community" sector and in the
group "women fish traders"), and the decision may be a choice among alternatives: the app
says for each voter whether they took part and whether they withheld consent (a "no" or an
objection on a yes/no motion; the "withhold consent" box on a ranked, approval or score
ballot).

A group consents when more than ``threshold`` of its members who took part did not
withhold consent. Silence is not consent: a group none of whose members took part has not
consented. Each member counts once, whatever its voting weight.

References
----------
.. [1] United Nations Declaration on the Rights of Indigenous Peoples, 2007, articles 19 and
   32 (free, prior and informed consent).
.. [2] FAO, *Free Prior and Informed Consent: An indigenous peoples' right and a good
   practice for local communities*, 2016, section 2 (consent may be withheld).
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import numpy as np

__all__ = ["GroupConsent", "affected_group_consent"]


@dataclass(frozen=True)
class GroupConsent:
    """The verdict of one group: its members, how many took part and withheld consent."""

    group: int
    members: int
    voted: int
    withheld: int
    consented: bool

    @property
    def silent(self) -> bool:
        """No member took part (silence is not consent)."""
        return self.voted == 0


def affected_group_consent(
    membership: np.ndarray,
    voted: np.ndarray,
    withheld: np.ndarray,
    *,
    threshold: Fraction = Fraction(1, 2),
) -> tuple[GroupConsent, ...]:
    """Whether each group consents, one verdict per column of ``membership``.

    Parameters
    ----------
    membership : array of bool, shape (voters, groups)
        ``membership[i, g]``: voter ``i`` belongs to group ``g``.
    voted : array of bool, shape (voters,)
        The voter took part (cast a ballot that counts for consent).
    withheld : array of bool, shape (voters,)
        The voter withheld consent; only counted where ``voted`` is true.
    threshold : Fraction
        The share of a group's voters who must consent, exceeded strictly (1/2: more than
        half; a tie does not consent).

    Returns
    -------
    tuple of GroupConsent
        In the order of the columns.

    Raises
    ------
    ValueError
        On arrays of inconsistent shapes or a threshold outside [0, 1).

    Examples
    --------
    >>> membership = np.array([[True, False], [True, True], [False, True]])
    >>> voted = np.array([True, True, False])
    >>> withheld = np.array([False, True, False])
    >>> [(g.voted, g.withheld, g.consented) for g in affected_group_consent(
    ...     membership, voted, withheld)]
    [(2, 1, False), (1, 1, False)]
    >>> affected_group_consent(membership, voted, np.zeros(3, dtype=bool))[0].consented
    True
    """
    membership = np.asarray(membership, dtype=bool)
    if membership.ndim != 2:
        raise ValueError(
            f"membership must be a (voters, groups) matrix; got shape {membership.shape}"
        )
    n = membership.shape[0]
    voted = np.asarray(voted, dtype=bool)
    withheld = np.asarray(withheld, dtype=bool)
    if voted.shape != (n,) or withheld.shape != (n,):
        raise ValueError(
            f"voted and withheld need one entry per voter ({n}); got {voted.shape} and "
            f"{withheld.shape}"
        )
    threshold = Fraction(threshold)
    if not 0 <= threshold < 1:
        raise ValueError(f"threshold must lie in [0, 1); got {threshold}")
    members = membership.sum(axis=0)
    took_part = (membership & voted[:, None]).sum(axis=0)
    refused = (membership & (voted & withheld)[:, None]).sum(axis=0)
    verdicts = []
    for g in range(membership.shape[1]):
        n_voted, n_withheld = int(took_part[g]), int(refused[g])
        consenting = n_voted - n_withheld
        consented = n_voted > 0 and consenting * threshold.denominator > (
            threshold.numerator * n_voted
        )
        verdicts.append(GroupConsent(g, int(members[g]), n_voted, n_withheld, consented))
    return tuple(verdicts)
