"""Equal shares on large elections: each project's ρ is first estimated in floating
point with an error bound, and exact fractions are computed only for the projects the
estimates cannot tell apart (the winner of the round, and ties). The decisions are the
exact ones: tests compare this path with the exact one on generated elections."""

from __future__ import annotations

import heapq

import numpy as np

from parlons.budgets.counting.rationals import ZERO

_UNAFFORDABLE = object()


def run_screened(engine, run):
    """The same pass for large elections: each project's ρ is first estimated in
    floating point with an error bound; exact fractions are only computed for the
    projects that may be the cheapest (the estimates cannot tell them apart)."""
    ids = engine.ids
    free, payable = engine.eligible()
    run.selected.extend(free)
    lower = {
        index: float(
            engine.costs[index] / (engine.supporters[index].total * engine.supporters[index].unit)
        )
        * (1 - 1e-12)
        for index in payable
    }
    active = set(payable)
    queue = [(lower[index], index) for index in payable]
    heapq.heapify(queue)
    round_number = 0
    while True:
        best_upper = float("inf")
        estimates: list[tuple[int, float]] = []
        exact: dict[int, object] = {}
        while queue:
            bound, index = queue[0]
            if index not in active or bound != lower[index]:
                heapq.heappop(queue)
                continue
            if bound > best_upper:
                break
            heapq.heappop(queue)
            # While every voter has the same share, the exact ρ is one division.
            guess = None if len(run.class_value) == 1 else estimate(engine, run, index)
            if guess is None:
                found = engine.rho(run, index)
                if found is None:
                    active.discard(index)
                    continue
                exact[index] = found[0]
                low = high = float(found[0])
            elif guess is _UNAFFORDABLE:
                active.discard(index)
                continue
            else:
                low, high = guess
            lower[index] = low
            best_upper = min(best_upper, high)
            estimates.append((index, low))
        if not estimates:
            return run
        candidates = [index for index, low in estimates if low <= best_upper]
        for index in candidates:
            if index not in exact:
                # Its estimate showed the supporters can pay, by a margin.
                exact[index] = engine.rho(run, index, affordable=True)[0]
        best = min(exact[index] for index in candidates)
        tied = [index for index in candidates if exact[index] == best]
        chosen = min(tied, key=ids.__getitem__)
        for index, _ in estimates:
            if index != chosen:
                heapq.heappush(queue, (lower[index], index))
        round_number += 1
        facts = engine.pay(run, chosen, best, ZERO)
        facts["round"] = round_number
        facts["tied_with"] = [index for index in tied if index != chosen]
        run.bought[chosen] = facts
        run.selected.append(chosen)
        active.discard(chosen)


def estimate(engine, run, index: int):
    """(low, high) bounds of the project's ρ from floating-point arithmetic,
    `_UNAFFORDABLE` when its supporters surely cannot pay, None when too close to call."""
    supporters = engine.supporters[index]
    cost = engine.cost_floats[index]
    classes = run.class_of_group[supporters.groups]
    if engine.binary:
        counts = np.bincount(classes, weights=supporters.weights)
        present = np.flatnonzero(counts)
        values = run.floats[present]
        voters = counts[present]
        utilities = None
        order = np.argsort(values, kind="stable")
    else:
        keys = classes * engine.utility_span + supporters.utilities
        unique_keys, positions = np.unique(keys, return_inverse=True)
        voters = np.bincount(positions, weights=supporters.weights)
        values = run.floats[unique_keys // engine.utility_span]
        utilities = (unique_keys % engine.utility_span).astype(np.float64)
        order = np.argsort(values / utilities, kind="stable")
    values, voters = values[order], voters[order]
    spent = values * voters
    available = spent.sum()
    margin = 1e-9 * (cost + available)
    if available < cost - margin:
        return _UNAFFORDABLE
    if available <= cost + margin:
        return None
    paid_before = np.cumsum(spent) - spent
    if utilities is None:
        weights = voters
        due_scale = 1.0
    else:
        utilities = utilities[order]
        weights = voters * utilities
        due_scale = utilities
    remaining = weights.sum() - (np.cumsum(weights) - weights)
    with np.errstate(divide="ignore", invalid="ignore"):
        rho = (cost - paid_before) / remaining
    fits = np.flatnonzero(rho * due_scale <= values * (1 + 1e-12))
    if len(fits) == 0:
        return None
    first = fits[0]
    value = rho[first] / engine.unit_floats[index]
    error = 1e-9 * (cost + paid_before[first]) / remaining[first] / engine.unit_floats[index]
    return value - error, value + error
