"""Utilitarian optimum: the set of projects with the most votes (or points) in total that
fits the budget, computed exactly (0/1 knapsack by dynamic programming over integers).

pabutools leaves ties to its solver (the result then depends on set iteration
order); here they are broken in a stated way: among the combinations with the most
votes, the cheapest; among those, the one that keeps the projects coming first in
project-id order (plain string order, as pabutools' lexicographic tie-breaking).

The table runs over whichever is smaller: the budget in units of the greatest
common divisor of the costs, or the total score (bounded by the fractional
relaxation). Each cell also records whether the last project could be taken, which
lets the reconstruction prefer the projects first in id order.
"""

from __future__ import annotations

import math
from fractions import Fraction
from functools import cmp_to_key

import numpy as np

from parlons.budgets.counting.numbers import common_scale
from parlons.budgets.counting.outcome import (
    FREE,
    IN_OPTIMUM,
    LOST_TIE,
    NO_SUPPORT,
    OUT_OF_OPTIMUM,
    OVER_BUDGET,
    Decision,
    RuleOutcome,
)
from parlons.budgets.counting.profile import Profile

MAX_CELLS = 300_000_000
"""Above this many table cells (bytes of the take table) the exact count is refused."""


class TooLargeForExactCount(ValueError):
    pass


def utilitarian(profile: Profile, *, rule: str = "utilitarian") -> RuleOutcome:
    scores = profile.scaled_scores()
    costs = profile.costs
    budget = profile.budget
    ids = profile.project_ids
    free = [i for i in range(profile.num_projects) if costs[i] == 0 and scores[i] > 0]
    candidates = sorted(
        (i for i in range(profile.num_projects) if 0 < costs[i] <= budget and scores[i] > 0),
        key=lambda i: ids[i],
    )
    knapsack = _Knapsack([costs[i] for i in candidates], [scores[i] for i in candidates], budget)
    chosen_positions = knapsack.solve()
    chosen = [candidates[k] for k in chosen_positions]
    best_score = sum(scores[i] for i in chosen) + sum(scores[i] for i in free)
    best_cost = sum((costs[i] for i in chosen), Fraction(0))

    selected = free + sorted(chosen, key=lambda i: (-scores[i], ids[i]))
    chosen_set = set(chosen)
    scale = profile.points_scale
    supporters = profile.supporters()
    best_with = knapsack.best_including(
        [k for k, i in enumerate(candidates) if i not in chosen_set]
    )
    free_score = sum(scores[i] for i in free)
    decisions: list[Decision] = []
    for index in range(profile.num_projects):
        facts = {
            "score": Fraction(scores[index], scale),
            "supporters": supporters[index],
            "cost": costs[index],
            "best_total": Fraction(best_score, scale),
            "best_cost": best_cost,
        }
        if index in free:
            decisions.append(Decision(True, FREE, facts))
        elif index in chosen_set:
            decisions.append(Decision(True, IN_OPTIMUM, facts))
        elif scores[index] <= 0:
            decisions.append(Decision(False, NO_SUPPORT, facts))
        elif costs[index] > budget:
            decisions.append(Decision(False, OVER_BUDGET, {**facts, "budget": budget}))
        else:
            total_with, exact = best_with[candidates.index(index)]
            facts["total_with"] = Fraction(total_with + free_score, scale)
            facts["total_with_exact"] = exact
            reason = LOST_TIE if total_with + free_score >= best_score else OUT_OF_OPTIMUM
            decisions.append(Decision(False, reason, facts))
    return RuleOutcome(
        rule=rule,
        selected=selected,
        decisions=decisions,
        details={
            "best_total": Fraction(best_score, scale),
            "best_cost": best_cost,
            "measure": profile.measure,
        },
    )


class _Knapsack:
    """0/1 knapsack over exact integers, items given in tie-breaking order."""

    def __init__(self, costs: list[Fraction], profits: list[int], budget: Fraction) -> None:
        scale = common_scale([*costs, budget])
        weights = [int(cost * scale) for cost in costs]
        divisor = 0
        for weight in weights:
            divisor = math.gcd(divisor, weight)
        divisor = divisor or 1
        self.weights = [weight // divisor for weight in weights]
        self.capacity = int(budget * scale) // divisor
        self.profits = profits
        self.profit_bound = self._fractional_bound()
        self.by_profit = self.profit_bound + 1 <= self.capacity + 1
        cells = (min(self.profit_bound, self.capacity) + 1) * max(len(profits), 1)
        if cells > MAX_CELLS:
            raise TooLargeForExactCount(
                f"calcul exact trop grand ({len(profits)} projets, {cells:,} cases)".replace(
                    ",", " "
                )
            )
        self.final_table: np.ndarray | None = None

    def _fractional_bound(self) -> int:
        """Upper bound on the best total: fill by profit per unit of cost, last item in part."""
        profits, weights = self.profits, self.weights
        order = sorted(
            range(len(profits)),
            key=cmp_to_key(lambda a, b: profits[b] * weights[a] - profits[a] * weights[b]),
        )
        room = self.capacity
        total = Fraction(0)
        for k in order:
            if self.weights[k] <= room:
                room -= self.weights[k]
                total += self.profits[k]
            else:
                total += Fraction(self.profits[k] * room, self.weights[k])
                break
        return math.floor(total)

    def _empty_table(self) -> np.ndarray:
        if self.by_profit:
            # least cost reaching exactly this total; capacity + 1 means "out of reach"
            small = 2 * (self.capacity + 1) < 2**31
            table = np.full(
                self.profit_bound + 1, self.capacity + 1, dtype=np.int32 if small else np.int64
            )
        else:
            # best total at exactly this cost; negative means "no combination costs this"
            small = sum(self.profits) < 2**30
            table = np.full(
                self.capacity + 1,
                -(2**30) if small else -(2**62),
                dtype=np.int32 if small else np.int64,
            )
        table[0] = 0
        return table

    def _add(self, table: np.ndarray, k: int) -> np.ndarray:
        """Add item k to the table; for each state from the item's size on, whether some best
        combination reaching that state contains the item."""
        weight, profit = self.weights[k], self.profits[k]
        step = profit if self.by_profit else weight
        if step >= len(table):
            return np.zeros(0, dtype=bool)
        if self.by_profit:
            # Cells hold at most capacity + 1, so the sum cannot overflow, and the minimum
            # below keeps every cell at most capacity + 1.
            candidate = table[: len(table) - profit] + weight
            takes = candidate <= table[profit:]
            np.minimum(table[profit:], candidate, out=table[profit:])
        else:
            # Out-of-reach cells hold large negative numbers: they stay negative, and the
            # reconstruction never walks through them.
            candidate = table[: len(table) - weight] + profit
            takes = candidate >= table[weight:]
            np.maximum(table[weight:], candidate, out=table[weight:])
        return takes

    def solve(self) -> list[int]:
        """Positions of the chosen items: most profit, then least cost, then first items first."""
        count = len(self.profits)
        table = self._empty_table()
        # Items enter last-first so that reconstruction, which walks back, decides first-first.
        takes = [None] * count
        for k in reversed(range(count)):
            takes[k] = self._add(table, k)
        self.final_table = table
        if self.by_profit:
            reachable = np.flatnonzero(table <= self.capacity)
            state = int(reachable[-1])
        else:
            best = int(table.max())
            state = int(np.flatnonzero(table == best)[0])
        chosen = []
        for k in range(count):
            step = self.profits[k] if self.by_profit else self.weights[k]
            if state >= step and takes[k][state - step]:
                chosen.append(k)
                state -= step
        return chosen

    def _best_within(self, table: np.ndarray) -> np.ndarray:
        """best[x] = best total of the table's items costing at most x (for x in 0..capacity),
        as a function usable by `_best_at`."""
        if self.by_profit:
            return np.ascontiguousarray(np.minimum.accumulate(table[::-1])[::-1])
        return np.maximum.accumulate(np.maximum(table, 0))

    def _best_at(self, summary: np.ndarray, room: int) -> int:
        if room < 0:
            return -1
        if self.by_profit:
            return int(np.searchsorted(summary, room, side="right")) - 1
        return int(summary[min(room, len(summary) - 1)])

    def best_including(self, positions: list[int]) -> dict[int, tuple[int, bool]]:
        """For each item position, the best total of a combination that contains it, and
        whether that figure is exact (True) or an upper bound (False).

        The best total with every item, for the room left once the item is paid for,
        bounds it from above; the bound is enough to show the item loses when it stays
        below the optimum. Otherwise (a tie is possible) an exact count without the
        item is run.
        """
        if not positions:
            return {}
        summary = self._best_within(self.final_table)
        optimum = self._best_at(summary, self.capacity)
        result = {}
        for k in positions:
            bound = self.profits[k] + self._best_at(summary, self.capacity - self.weights[k])
            if bound < optimum:
                result[k] = (bound, False)
                continue
            table = self._empty_table()
            for other in range(len(self.profits)):
                if other != k:
                    self._add(table, other)
            exact = self._best_at(self._best_within(table), self.capacity - self.weights[k])
            result[k] = (self.profits[k] + exact, True)
        return result
