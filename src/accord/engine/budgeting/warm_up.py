"""Compile the add-one search's numba kernels ahead of the first request.

Offers :func:`warm_up_kernels`. The first add-one call in a fresh install compiles the
kernels of :mod:`accord.engine.budgeting.mes_ranges` (9 s on an idle machine, 45 s under
load) and numba caches the machine code (:mod:`accord.engine.budgeting.kernel_cache`); every
later process loads it in about a second. ``accord serve`` runs
``python -m accord.engine.budgeting.warm_up`` in the background as it starts, so the cache
is filled before the first participatory-budgeting result is asked for, and ``make bench``
reports the first call with an empty cache next to the first call with a filled one.

The kernels are called here exactly as the certified search calls them (same argument
types, so the same compiled signatures): ``low_run``, ``replay_low`` on its sequence, and
``high_check`` on its proposals, over a small election built in memory.
"""

from __future__ import annotations

import time
from fractions import Fraction

from accord.engine.budgeting.equal_shares import _Election
from accord.engine.budgeting.instance import BudgetingInstance

__all__ = ["warm_up_kernels"]


def warm_up_kernels() -> float:
    """Compile the kernels (or load them from numba's cache); the seconds it took.

    Examples
    --------
    >>> warm_up_kernels() >= 0
    True
    """
    start = time.perf_counter()
    from accord.engine.budgeting.mes_ranges import high_check, low_run, replay_low

    instance = BudgetingInstance.from_lists(
        costs=[3, 3, 2, 2],
        budget=6,
        project_ids=["a", "b", "c", "d"],
        ballots=[["a", "b"]] * 4 + [["c", "d"]] * 2 + [["a", "c"]],
    )
    election = _Election(instance, "cost", "lexicographic")
    arrays = election.range_arrays()
    base = Fraction(instance.budget) / instance.num_voters
    low = float(base) * (1 - 2**-52)
    high = float(base + 3) * (1 + 2**-52)
    proposals = low_run(low, *arrays.low_args())
    replay_low(low, proposals[0], *arrays.replay_args())
    high_check(high, low, *proposals, *arrays.high_args())
    return time.perf_counter() - start


if __name__ == "__main__":  # python -m accord.engine.budgeting.warm_up (accord serve runs it)
    print(f"accord: numba kernels ready in {warm_up_kernels():.1f} s", flush=True)
