"""Certify that MES has one outcome on a whole range of initial budgets (numba kernel).

Used by the certified add-one search of :mod:`accord.engine.budgeting.add_one`; the
argument is in docs/engine/mes-add-one-certificate.md.  The kernels run MES at two initial
budgets per voter ``lo ≤ hi``, in floats:

- the *low* side keeps a lower bound of every voter's budget at ``lo`` and proposes, each
  round, the project with the smallest upper bound of ρ there (``ceiling``);
- the *high* side keeps an upper bound of every voter's budget at ``hi`` and checks that
  every other project not yet bought has a certified lower bound of ρ there above the
  ceiling (at least equal to it if the tie-breaking prefers the proposed project), or is
  surely unaffordable there;
- both buy the proposed project (the low side paying an upper bound of its payment cap,
  the high side a lower bound, so the bounds stay bounds); at the end every project left
  must be surely unaffordable at ``hi``;
- a competitor that fails that comparison may still pass the *shifted bounds* test: two
  more chains run beside the high side (the upper chain at lo, with the high side's splits,
  and the lower chain at hi, with the low side's choice of who is left with nothing), and
  a concave lower bound of its ρ must exceed a convex upper bound of the proposal's ρ at
  both ends of the range (proved in docs/engine/mes-add-one-certificate.md).

The low side is :func:`low_run` (MES's own choices at lo) or :func:`replay_low` (a given
sequence priced at lo), the high side and chains :func:`high_check`, which also returns a
hint for the search when it fails.

A range is certified only if every check passes.  All float
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

from accord.engine.budgeting.kernel_cache import njit

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
def _down(x):  # pragma: no cover - compiled
    """A float at most x, for x the result of one rounded operation."""
    return x * (1 - 2 * _U) if x > 0 else x * (1 + 2 * _U)


@njit(cache=True)
def _quotient_down(top, weight, slack):  # pragma: no cover - compiled
    """A float at most top / W, for ``weight`` a float sum within ``slack`` (relative) of W:
    the denominator is rounded away from zero for a positive top, towards it for a negative
    one."""
    if top > 0:
        return _down(top / (weight * (1 + slack)))
    return _down(top / (weight * (1 - slack)))


@njit(cache=True)
def _newton_split(beta, rows, weights, cost, start):  # pragma: no cover - compiled
    """The converged Newton iterate t of the payment cap at ``beta``, from ``start`` or
    cost / Σ w if larger (a float, not a bound: any value splits the supporters into those
    with β ≤ t and the others, as :func:`_split_bounds` needs)."""
    n = rows.shape[0]
    total_w = 0.0
    for k in range(n):
        total_w += weights[k]
    t = max(cost / total_w, start)
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
        if t_next <= t * (1 + 4 * _U):
            break
        t = t_next
    return t


@njit(cache=True)
def _split_bounds(chooser, beta_a, beta_b, rows, weights, cost, split):  # pragma: no cover
    """For beta = ``beta_a`` and ``beta_b``: a float at most (cost - Σ_P w·β_i) / (weight
    outside P), P = the supporters with ``chooser`` ≤ ``split``.  It is a lower bound of the
    payment cap when beta bounds the budgets from above, whatever P is (-inf if nobody is
    outside P)."""
    n = rows.shape[0]
    poor_a = 0.0
    poor_b = 0.0
    size_a = 0.0  # Σ |w·β|, for the error bounds
    size_b = 0.0
    rich_w = 0.0
    for k in range(n):
        q = rows[k]
        if chooser[q] <= split:
            a = weights[k] * beta_a[q]
            b = weights[k] * beta_b[q]
            poor_a += a
            poor_b += b
            size_a += abs(a)
            size_b += abs(b)
        else:
            rich_w += weights[k]
    if rich_w == 0:
        return -np.inf, -np.inf
    slack = (n + 4) * _U
    top_a = _down(cost - poor_a - slack * (size_a + cost))
    top_b = _down(cost - poor_b - slack * (size_b + cost))
    return _quotient_down(top_a, rich_w, slack), _quotient_down(top_b, rich_w, slack)


@njit(cache=True)
def _cap_upper(beta, rows, weights, cost, start):  # pragma: no cover - compiled
    """A float at least the payment cap (the smallest t with Σ w·min(β_i, t) ≥ cost) at
    ``beta`` taken as exact, negative entries allowed; inf if not certain to exist.
    ``start`` is where Newton's method starts (any value; a lower bound saves passes)."""
    n = rows.shape[0]
    total_w = 0.0
    money = 0.0
    size = 0.0
    for k in range(n):
        b = beta[rows[k]]
        total_w += weights[k]
        money += weights[k] * b
        size += abs(weights[k] * b)
    slack = (n + 4) * _U
    if total_w == 0 or money - slack * size < cost:
        return np.inf
    t = _newton_split(beta, rows, weights, cost, start)
    margin = slack * (cost + size) + 8 * _U * abs(t)
    up = t + margin
    for _ in range(3):
        paid = 0.0
        for k in range(n):
            paid += weights[k] * min(beta[rows[k]], up)
        if paid - slack * (size + total_w * abs(up)) >= cost:
            return up
        up = up + 64 * margin + 1e-9 * abs(up)
    return np.inf


@njit(cache=True)
def _member_bound(member, beta, rows, weights, cost):  # pragma: no cover - compiled
    """:func:`_split_bounds` for one budget array, with P given by flags (``member[k]``:
    the k-th supporter is in P)."""
    n = rows.shape[0]
    poor = 0.0
    size = 0.0
    rich_w = 0.0
    for k in range(n):
        if member[k]:
            a = weights[k] * beta[rows[k]]
            poor += a
            size += abs(a)
        else:
            rich_w += weights[k]
    if rich_w == 0:
        return -np.inf
    slack = (n + 4) * _U
    top = _down(cost - poor - slack * (size + cost))
    return _quotient_down(top, rich_w, slack)


@njit(cache=True)
def _split_cap_upper(beta, rows, weights, cost, member, start):  # pragma: no cover - compiled
    """:func:`_cap_upper`, trying first the cap of the split ``member`` (exact when the split
    is the right one, as it is unless budgets crossed the cap): one pass to form it, one to
    check it; Newton's method from ``start`` only if the check fails."""
    n = rows.shape[0]
    poor = 0.0
    size = 0.0
    total_w = 0.0
    rich_w = 0.0
    for k in range(n):
        b = beta[rows[k]]
        a = weights[k] * b
        size += abs(a)
        total_w += weights[k]
        if member[k]:
            poor += a
        else:
            rich_w += weights[k]
    slack = (n + 4) * _U
    if rich_w > 0:
        t = (cost - poor) / rich_w
        margin = slack * (cost + size) + 8 * _U * abs(t)
        up = t + margin
        paid = 0.0
        for k in range(n):
            paid += weights[k] * min(beta[rows[k]], up)
        if paid - slack * (size + total_w * abs(up)) >= cost:
            return up
    return _cap_upper(beta, rows, weights, cost, start)


@njit(cache=True)
def _chains_buy(up_lo, down_hi, rows, weights, cost, member, emptied, pay_down):  # pragma: no cover
    """One round of both chains of :func:`high_check`: the upper chain at lo pays the lower
    bound of the split ``member`` chosen at hi; the lower chain at hi pays ``pay_down``, an
    upper bound of the cap at its budgets, except for the supporters the low run left with
    nothing (``emptied``), who keep nothing."""
    pay_lo = _member_bound(member, up_lo, rows, weights, cost)
    for i in range(rows.shape[0]):
        q = rows[i]
        d = up_lo[q] - pay_lo
        up_lo[q] = d * (1 + 2 * _U) if d > 0 else 0.0
        down_hi[q] = 0.0 if emptied[i] else _down(down_hi[q] - pay_down)


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
    """The low side alone: the projects proposed at ``lo`` in order,
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
    # per proposal, in the order of its supporters: did the low side leave them with nothing
    emptied = np.zeros(idx.shape[0], dtype=np.bool_)
    emptied_ptr = np.zeros(m + 1, dtype=np.int64)
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
        # the low side buys it, paying an upper bound of its payment cap
        rows = idx[ptr[chosen] : ptr[chosen + 1]]
        start = emptied_ptr[count]
        emptied_ptr[count + 1] = start + rows.shape[0]
        count += 1
        pay_up = up_pay[chosen]
        for i in range(rows.shape[0]):
            r = rows[i]
            d = low[r] - pay_up
            low[r] = d * (1 - 2 * _U) if d > 0 else 0.0
            emptied[start + i] = not d > 0
        alive[chosen] = False
        for p in range(m):
            if neighbours[chosen, p]:
                fresh[p] = False
    return (
        bought[:count].copy(),
        ceilings[:count].copy(),
        weights_k[:count].copy(),
        emptied[: emptied_ptr[count]].copy(),
        emptied_ptr[: count + 1].copy(),
    )


@njit(cache=True)
def replay_low(
    lo_budget, sequence, ptr, idx, sweights, costs, utils, num_ballots, exact_ratios
):  # pragma: no cover - compiled
    """What :func:`low_run` returns, for a given sequence of proposals instead of the one
    MES picks at lo: (True, bought, ceilings, paying weights, emptied flags, their offsets),
    or False first if some proposal is not surely affordable at lo.

    Much cheaper than a low run (only the proposals are priced), and just as valid for
    :func:`high_check`, whose certificate asks only that each proposal's ρ at lo be at most
    its ceiling; the search replays the sequence of the range before, which usually holds
    on."""
    rounds = sequence.shape[0]
    low = np.full(num_ballots, lo_budget)
    ceilings = np.empty(rounds)
    weights_k = np.zeros(rounds)
    emptied_ptr = np.zeros(rounds + 1, dtype=np.int64)
    for r in range(rounds):
        p = sequence[r]
        emptied_ptr[r + 1] = emptied_ptr[r] + ptr[p + 1] - ptr[p]
    emptied = np.zeros(emptied_ptr[rounds], dtype=np.bool_)
    for r in range(rounds):
        p = sequence[r]
        rows = idx[ptr[p] : ptr[p + 1]]
        w = sweights[ptr[p] : ptr[p + 1]]
        _, t_up = _cap_bounds(low, rows, w, costs[p], 0.0, np.inf, True)
        if t_up == np.inf:
            return False, sequence, ceilings, weights_k, emptied, emptied_ptr
        ceilings[r] = t_up / utils[p] * (1 + 4 * _U)
        if exact_ratios:
            weights_k[r] = _paying_weight(low, rows, w, costs[p])
        start = emptied_ptr[r]
        for i in range(rows.shape[0]):
            q = rows[i]
            d = low[q] - t_up
            low[q] = d * (1 - 2 * _U) if d > 0 else 0.0
            emptied[start + i] = not d > 0
    return True, sequence, ceilings, weights_k, emptied, emptied_ptr


@njit(cache=True)
def high_check(
    hi_budget,
    lo_budget,
    bought,
    ceilings,
    weights_k,
    emptied,
    emptied_ptr,
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
    """The high side, for the proposals of :func:`low_run` at
    ``lo_budget`` ≤ ``hi_budget``: 2.0 if no project undercuts any proposal anywhere on
    [lo, hi] and nothing is left affordable at hi after the last (then MES buys exactly
    ``bought`` on all of [lo, hi]).  Otherwise a hint for the search: θ in [0, 1) if the
    comparison that failed would turn at about lo + θ·(hi - lo) were it linear in the
    budget, -1.0 if it fails at lo already, 0.5 if unknown.

    A competitor p passes a round if its lower bound of ρ at hi exceeds the proposal's
    ceiling at lo (monotonicity), or if a concave lower bound G of ρ_p exceeds a convex
    upper bound T of the proposal's ρ at both ends (then on all of [lo, hi]), or by the
    exact tie decision.  G is carried by the *upper chain*: budgets at hi (``high``) and the
    same formulas, with the splits chosen at hi, evaluated at lo (``up_lo``); T by the
    *lower chain*: budgets at lo (the low run's ceilings) and the same formulas, with the
    low run's choice of who is left with nothing, evaluated at hi (``down_hi``).
    """
    m = costs.shape[0]
    rounds = bought.shape[0]
    high = np.full(num_ballots, hi_budget)
    hi_t = np.zeros(m)  # certified lower bounds of each payment cap at hi (they stay valid)
    bound = static_lower.copy()  # at hi: certified lower bounds of ρ
    checked = np.zeros(m, dtype=np.bool_)
    g_hi = np.full(m, -np.inf)  # G of each project at hi and at lo (one function each)
    g_lo = np.full(m, -np.inf)
    paired = np.zeros(m, dtype=np.bool_)  # (g_hi, g_lo) computed since the last change
    open_ = available.copy()
    up_lo = np.full(num_ballots, lo_budget * (1 + 4 * _U))  # ≥ the exact budget at lo
    down_hi = np.full(num_ballots, hi_budget * (1 - 4 * _U))  # ≤ the exact budget at hi
    member = np.zeros(emptied.shape[0], dtype=np.bool_)  # each proposal's split at hi
    for r in range(rounds):
        chosen = bought[r]
        ceiling = ceilings[r]  # ≥ ρ of the proposal at lo: T(lo)
        k = weights_k[r]  # if > 0: ρ_chosen ≤ cost / (k · utility) on all of [lo, hi]
        rows_c = idx[ptr[chosen] : ptr[chosen + 1]]
        w_c = sweights[ptr[chosen] : ptr[chosen + 1]]
        start = emptied_ptr[r]
        split_c = _newton_split(high, rows_c, w_c, costs[chosen], hi_t[chosen])
        for i in range(rows_c.shape[0]):
            member[start + i] = high[rows_c[i]] <= split_c
        in_split = member[start : start + rows_c.shape[0]]
        # T(hi): budgets at hi are at least the lower chain's, so its cap is at least split_c
        pay_down = _split_cap_upper(down_hi, rows_c, w_c, costs[chosen], in_split, split_c)
        top = pay_down / utils[chosen] * (1 + 4 * _U)
        for p in range(m):
            if not open_[p] or p == chosen:
                continue
            prefer = priority[chosen] < priority[p]
            while True:  # monotonicity: ρ_p at hi against the ceiling at lo
                ok = bound[p] >= ceiling if prefer else bound[p] > ceiling
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
                ok = kp == 0 or above > level or (above == level and prefer)
            while not ok and top < np.inf:  # G_p against T at both ends
                if prefer:
                    ok = g_hi[p] >= top and g_lo[p] >= ceiling
                else:
                    ok = g_hi[p] > top and g_lo[p] > ceiling
                if ok or paired[p]:
                    break
                paired[p] = True  # a fresh pair replaces the stale one (both are bounds)
                rows = idx[ptr[p] : ptr[p + 1]]
                w = sweights[ptr[p] : ptr[p + 1]]
                split = _newton_split(high, rows, w, costs[p], hi_t[p])
                t_hi, t_lo = _split_bounds(high, high, up_lo, rows, w, costs[p], split)
                g_hi[p] = t_hi / utils[p] * (1 - 4 * _U)
                g_lo[p] = t_lo / utils[p] * (1 - 4 * _U)
            if not ok:
                # where G_p - T would turn negative, if it is linear in b: a hint
                if top < np.inf and paired[p]:
                    d_lo = g_lo[p] - ceiling
                    d_hi = g_hi[p] - top
                    if d_lo > 0 and d_hi < 0:
                        return d_lo / (d_lo - d_hi)
                    if d_lo <= 0:
                        # if p is not affordable at lo: where its money would reach its cost
                        rows = idx[ptr[p] : ptr[p + 1]]
                        w = sweights[ptr[p] : ptr[p + 1]]
                        below = _money(up_lo, rows, w)
                        above = _money(high, rows, w)
                        if below < costs[p] < above:
                            return (costs[p] - below) / (above - below)
                        return -1.0
                return 0.5
        # the high side buys it, paying the lower bound of its cap for the split at hi; the
        # chains pay theirs
        pay_hi = _member_bound(in_split, high, rows_c, w_c, costs[chosen])
        _chains_buy(up_lo, down_hi, rows_c, w_c, costs[chosen], in_split, emptied[start:], pay_down)
        for i in range(rows_c.shape[0]):
            q = rows_c[i]
            d = high[q] - pay_hi
            high[q] = d * (1 + 2 * _U) if d > 0 else 0.0
        open_[chosen] = False
        for p in range(m):
            if neighbours[chosen, p]:
                checked[p] = False
                paired[p] = False
    # nothing may be affordable at hi
    for p in range(m):
        if open_[p]:
            rows = idx[ptr[p] : ptr[p + 1]]
            total = _money(high, rows, sweights[ptr[p] : ptr[p + 1]])
            if total * (1 + (rows.shape[0] + 4) * _U) >= costs[p]:
                # where its supporters' money would reach the cost, if linear in b: a hint
                below = _money(up_lo, rows, sweights[ptr[p] : ptr[p + 1]])
                if below >= costs[p]:
                    return -1.0
                return (costs[p] - below) / (total - below)
    return 2.0
