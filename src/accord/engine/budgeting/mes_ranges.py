"""Certify that MES has one outcome on a whole range of initial budgets (numba kernel).

Used by the certified add-one search of :mod:`accord.engine.budgeting.equal_shares`, whose
module docstring gives the argument.  :func:`range_outcome` runs MES at two initial budgets
per voter ``lo ≤ hi`` at once, in floats:

- the *low* side keeps a lower bound of every voter's budget at ``lo`` and proposes, each
  round, the project with the smallest upper bound of ρ there (``ceiling``);
- the *high* side keeps an upper bound of every voter's budget at ``hi`` and checks that
  every other project not yet bought has a certified lower bound of ρ there above the
  ceiling (at least equal to it if the tie-breaking prefers the proposed project), or is
  surely unaffordable there;
- both buy the proposed project (the low side paying an upper bound of its payment cap,
  the high side a lower bound, so the bounds stay bounds); at the end every project left
  must be surely unaffordable at ``hi``.

It returns (True, the projects bought), or (False, -) as soon as a check fails.  All float
rounding is covered by explicit error bounds, so a returned outcome is certain; a failure
only means "could not tell".  Exact ties are decided with integers where ρ is an equal-share
ratio: if every supporter of the proposed project with money at ``lo`` (weight k) surely has
cost / k, its ρ is at most cost / (k · utility) on the whole range; a competitor whose
supporters with money at ``hi`` weigh k' has ρ at least cost' / (k' · utility') there; the
two ratios are compared by cross-multiplying integers (exact below 2^53).

Payment caps are bounded by Newton's method on t ↦ Σ w·min(β, t) (no sorting): its iterates
from cost / Σ w are lower bounds (each is (cost - money of a set of supporters) / (weight of
the others)), and a candidate upper bound is accepted once its float sum, minus the error
bound, reaches the cost.  Stale bounds from earlier rounds stay valid (budgets only shrink),
so both sides evaluate projects lazily, as the exact MES does.
"""

from __future__ import annotations

import numpy as np
from numba import njit

_U = 2.0**-53


@njit(cache=True)
def _cap_bounds(beta, rows, weights, cost, start, enough, need_up):  # pragma: no cover
    """Bounds on the payment cap t (the smallest t with Σ w·min(β, t) ≥ cost) for the given
    float budgets, taken as exact: ``low`` ≤ t ≤ ``up`` (``up`` inf if not certain to exist
    or not ``need_up``; both inf if surely unaffordable).

    Newton's method from a lower bound (cost / Σ w, or ``start`` if larger: a ``low`` of
    richer budgets) on the concave piecewise-linear Σ w·min(β, t): every iterate is (cost -
    money of the supporters with β ≤ t) / (weight of the others), a lower bound of t for any
    such split, and it stops on the last piece, or once ``low`` exceeds ``enough``.
    """
    n = rows.shape[0]
    total_w = 0.0
    money = 0.0
    smallest = np.inf
    for k in range(n):
        b = beta[rows[k]]
        total_w += weights[k]
        money += weights[k] * b
        smallest = min(smallest, b)
    slack = (n + 4) * _U
    if money * (1 + slack) < cost or total_w == 0:
        return np.inf, np.inf  # surely unaffordable
    share = cost / total_w
    if smallest >= share * (1 + 8 * _U):  # every supporter pays cost / Σ w
        low = share * (1 - 4 * _U)
        return low, (share * (1 + 4 * _U) if need_up else np.inf)
    t = max(share, start)
    low = max(share * (1 - 4 * _U), start)
    for _ in range(64):
        poor_money = 0.0
        rich_w = 0.0
        for k in range(n):
            b = beta[rows[k]]
            if b <= t:
                poor_money += weights[k] * b
            else:
                rich_w += weights[k]
        if rich_w == 0:
            break
        t_next = (cost - poor_money) / rich_w
        error = slack * (cost + money) / rich_w + 8 * _U * abs(t_next)
        low = max(low, t_next - error)
        if t_next <= t * (1 + 4 * _U) or low > enough:
            break
        t = t_next
    if not need_up:
        return low, np.inf
    # an upper bound: any t' with Σ w·min(β, t') ≥ cost, checked with its float error
    margin = slack * (cost + money) + 8 * _U * t
    up = t + margin
    for _ in range(3):
        paid = 0.0
        for k in range(n):
            paid += weights[k] * min(beta[rows[k]], up)
        if paid - slack * (money + total_w * up) >= cost:
            return low, up
        up = up + 64 * margin + 1e-9 * up
    return low, np.inf


@njit(cache=True)
def _paying_weight(beta, rows, weights, cost):  # pragma: no cover - compiled
    """k > 0 if the supporters with a positive budget weigh k and each surely has at least
    cost / k (so the payment cap is at most cost / k), else 0."""
    k = 0.0
    for i in range(rows.shape[0]):
        if beta[rows[i]] > 0:
            k += weights[i]
    if k == 0:
        return 0.0
    share = cost / k * (1 + 8 * _U)
    for i in range(rows.shape[0]):
        b = beta[rows[i]]
        if b > 0 and b < share:
            return 0.0
    return k


@njit(cache=True)
def _positive_weight(beta, rows, weights):  # pragma: no cover - compiled
    k = 0.0
    for i in range(rows.shape[0]):
        if beta[rows[i]] > 0:
            k += weights[i]
    return k


@njit(cache=True)
def _money(beta, rows, weights):  # pragma: no cover - compiled
    total = 0.0
    for k in range(rows.shape[0]):
        total += weights[k] * beta[rows[k]]
    return total


@njit(cache=True)
def low_run(
    lo_budget,
    ptr,
    idx,
    sweights,
    costs,
    utils,
    priority,
    static_lower,
    available,
    neighbours,
    num_ballots,
    exact_ratios,
):  # pragma: no cover - compiled
    """The low side of :func:`range_outcome` alone: the projects proposed at ``lo`` in order,
    with the ceiling of each (an upper bound of its ρ at lo after the earlier ones) and its
    paying weight (k > 0: ρ ≤ cost / (k · utility) at lo, if ``exact_ratios``).

    It depends on lo only, so one low run serves the high check of any hi ≥ lo
    (:func:`high_check`)."""
    m = costs.shape[0]
    low = np.full(num_ballots, lo_budget)
    estimate = static_lower.copy()  # at lo: lower bounds of the upper bounds of ρ
    fresh = np.zeros(m, dtype=np.bool_)
    up_rho = np.full(m, np.inf)
    up_pay = np.full(m, np.inf)
    lo_t = np.zeros(m)  # certified lower bounds of each payment cap at lo
    paying = np.zeros(m)  # at lo: k > 0 if ρ ≤ cost / (k · utility) there
    alive = available.copy()
    bought = np.empty(m, dtype=np.int64)
    ceilings = np.empty(m)
    weights_k = np.empty(m)
    count = 0
    while True:
        # the proposal: smallest upper bound of ρ at lo (lazy); among those within 1e-9 of
        # it (the bounds of tied projects differ by their error margins), the one the
        # tie-breaking prefers
        chosen = -1
        while True:
            best = np.inf
            for p in range(m):
                if alive[p] and estimate[p] < best:
                    best = estimate[p]
            if best == np.inf:
                break
            near = best * (1 + 1e-9)
            stale = False
            for p in range(m):
                if alive[p] and not fresh[p] and estimate[p] <= near:
                    stale = True
                    fresh[p] = True
                    rows = idx[ptr[p] : ptr[p + 1]]
                    t_low, t_up = _cap_bounds(
                        low, rows, sweights[ptr[p] : ptr[p + 1]], costs[p], lo_t[p], np.inf, True
                    )
                    lo_t[p] = max(lo_t[p], t_low)
                    if t_up == np.inf:
                        alive[p] = False  # maybe affordable, not proposed: the high side checks
                        continue
                    up_pay[p] = t_up
                    if exact_ratios:
                        paying[p] = _paying_weight(
                            low, rows, sweights[ptr[p] : ptr[p + 1]], costs[p]
                        )
                    up_rho[p] = t_up / utils[p] * (1 + 4 * _U)
                    estimate[p] = up_rho[p]
            if stale:
                continue
            for p in range(m):
                if (
                    alive[p]
                    and estimate[p] <= near
                    and (chosen < 0 or priority[p] < priority[chosen])
                ):
                    chosen = p
            break
        if chosen < 0:
            break
        bought[count] = chosen
        ceilings[count] = up_rho[chosen]
        weights_k[count] = paying[chosen]
        count += 1
        # the low side buys it, paying an upper bound of its payment cap
        rows = idx[ptr[chosen] : ptr[chosen + 1]]
        pay_up = up_pay[chosen]
        for i in range(rows.shape[0]):
            r = rows[i]
            d = low[r] - pay_up
            low[r] = d * (1 - 2 * _U) if d > 0 else 0.0
        alive[chosen] = False
        for p in range(m):
            if neighbours[chosen, p]:
                fresh[p] = False
    return bought[:count].copy(), ceilings[:count].copy(), weights_k[:count].copy()


@njit(cache=True)
def high_check(
    hi_budget,
    bought,
    ceilings,
    weights_k,
    ptr,
    idx,
    sweights,
    costs,
    utils,
    priority,
    static_lower,
    cost_utility,
    available,
    neighbours,
    num_ballots,
):  # pragma: no cover - compiled
    """The high side of :func:`range_outcome` for the proposals of :func:`low_run` at some
    lo ≤ hi: True if, at ``hi``, no project undercuts any proposal and nothing is left
    affordable after the last (then MES buys exactly ``bought`` on all of [lo, hi])."""
    m = costs.shape[0]
    high = np.full(num_ballots, hi_budget)
    hi_t = np.zeros(m)  # certified lower bounds of each payment cap at hi (they stay valid)
    bound = static_lower.copy()  # at hi: certified lower bounds of ρ
    checked = np.zeros(m, dtype=np.bool_)
    open_ = available.copy()
    for r in range(bought.shape[0]):
        chosen = bought[r]
        ceiling = ceilings[r]
        k = weights_k[r]  # if > 0: ρ_chosen ≤ cost / (k · utility) on all of [lo, hi]
        # nobody undercuts the proposal
        for p in range(m):
            if not open_[p] or p == chosen:
                continue
            while True:
                ok = bound[p] >= ceiling if priority[chosen] < priority[p] else bound[p] > ceiling
                if ok or checked[p]:
                    break
                rows = idx[ptr[p] : ptr[p + 1]]
                enough = ceiling * utils[p] * (1 + 16 * _U)
                t_low, _ = _cap_bounds(
                    high, rows, sweights[ptr[p] : ptr[p + 1]], costs[p], hi_t[p], enough, False
                )
                # a bound that stopped early above this ceiling may be too low for a later one
                checked[p] = t_low <= enough
                if t_low == np.inf:
                    open_[p] = False  # budgets only shrink: unaffordable from now on
                    ok = True
                    break
                hi_t[p] = max(hi_t[p], t_low)
                bound[p] = max(bound[p], t_low / utils[p] * (1 - 4 * _U))
            if not ok and k > 0:
                # exactly: only the kp with money pay for p, so ρ_p ≥ cost_p / (kp · u_p),
                # against ρ_chosen ≤ cost / (k · u) (equal ratios: ties at both)
                kp = _positive_weight(high, idx[ptr[p] : ptr[p + 1]], sweights[ptr[p] : ptr[p + 1]])
                if cost_utility:
                    above, level = k, kp  # 1 / kp against 1 / k
                else:
                    above, level = costs[p] * k, costs[chosen] * kp
                ok = kp == 0 or above > level or (above == level and priority[chosen] < priority[p])
            if not ok:
                return False
        # the high side buys it, paying a lower bound of its payment cap
        rows = idx[ptr[chosen] : ptr[chosen + 1]]
        w = sweights[ptr[chosen] : ptr[chosen + 1]]
        t_low, _ = _cap_bounds(high, rows, w, costs[chosen], hi_t[chosen], np.inf, False)
        if t_low == np.inf:
            return False  # cannot happen: more money at hi than at lo
        for i in range(rows.shape[0]):
            q = rows[i]
            d = high[q] - t_low
            high[q] = d * (1 + 2 * _U) if d > 0 else 0.0
        open_[chosen] = False
        for p in range(m):
            if neighbours[chosen, p]:
                checked[p] = False
    # nothing may be affordable at hi
    for p in range(m):
        if open_[p]:
            rows = idx[ptr[p] : ptr[p + 1]]
            total = _money(high, rows, sweights[ptr[p] : ptr[p + 1]])
            if total * (1 + (rows.shape[0] + 4) * _U) >= costs[p]:
                return False
    return True


@njit(cache=True)
def range_outcome(
    lo_budget,
    hi_budget,
    ptr,
    idx,
    sweights,
    costs,
    utils,
    priority,
    static_lower,
    support,
    exact_ratios,
    cost_utility,
    available,
    neighbours,
    num_ballots,
):  # pragma: no cover - compiled
    """(True, the projects MES buys at every initial budget in [lo, hi]), or (False, -)
    if that could not be certified: :func:`low_run` at lo, then :func:`high_check` at hi.

    ``lo_budget`` must be at most, ``hi_budget`` at least the exact budgets.  Projects are
    given in CSR form (``ptr``, ``idx`` = distinct ballots supporting each project,
    ``sweights`` = their weights); ``static_lower`` bounds ρ from below whatever the
    budgets (cost / (support · utility)); ``exact_ratios``: costs and supports are integers
    small enough that products of two of them are exact floats; ``cost_utility``: u = cost
    (else u = 1); ``neighbours[p, q]``: p and q share a supporter.
    """
    bought, ceilings, weights_k = low_run(
        lo_budget,
        ptr,
        idx,
        sweights,
        costs,
        utils,
        priority,
        static_lower,
        available,
        neighbours,
        num_ballots,
        exact_ratios,
    )
    ok = high_check(
        hi_budget,
        bought,
        ceilings,
        weights_k,
        ptr,
        idx,
        sweights,
        costs,
        utils,
        priority,
        static_lower,
        cost_utility,
        available,
        neighbours,
        num_ballots,
    )
    if not ok:
        return False, np.empty(0, dtype=np.int64)
    return True, bought
