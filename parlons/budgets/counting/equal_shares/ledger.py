"""Equal shares on large elections, by payments: a run keeps what each project cost its
supporters rather than every voter's remaining share as a fraction.

In a run with initial share t, a voter who has never paid all they had holds exactly
t − Σ α_k × u_k, the sum over the bought projects k they support, α_k being what
project k cost per unit of satisfaction and u_k their satisfaction (1 for a plain
vote); a voter who once paid all they had holds 0. So the exact remaining shares of a
set of voters add up to t × (their number) − Σ_k α_k × (integer counts per project),
counts that numpy computes from the ballots; only the α's (one per bought project) are
fractions. Each group of identical ballots also carries its remaining share in
floating point, updated by numpy when a project is bought.

Each round, a project's α is estimated in floating point with an error bound (water-
filling from below, a sort when that takes long); the exact α of the projects that may win is computed from the exact sum
of the shares of the voters surely paying all they have, and exact shares only for
the few voters the floating-point values cannot place (within 1e-9 of the share of
α, when the floating-point error is below 1e-13). An exact α outside its estimated
bounds (never seen) falls back to exact shares for every supporter. The decisions,
ρ's and payments are those of the exact engine: the tests compare both paths.
"""

from __future__ import annotations

import heapq
import math

import numpy as np

from parlons.budgets.counting.rationals import ZERO, ratio

_UNAFFORDABLE = object()
EXACT_FLOAT = 2**53
"""Integer sums below this are exact in floating point."""
PADDED_CELLS = 4_000_000
FIXED_POINT_ROUNDS = 8


class Ledger:
    """The engine's ballots in the arrays a run by payments needs (built once)."""

    def __init__(self, engine) -> None:
        profile = engine.profile
        self.engine = engine
        self.offsets = profile.offsets.astype(np.int64)
        self.entry_projects = profile.projects.astype(np.int64)
        if engine.binary:
            self.entry_utilities = np.ones(len(self.entry_projects), dtype=np.int64)
        else:
            self.entry_utilities = np.maximum(profile.points.astype(np.int64), 0)
        self.multiplicity = profile.multiplicity.astype(np.int64)
        self.group_floats = self.multiplicity.astype(np.float64)
        self.weights_f = []
        self.utilities_f = []
        self.utilities = []
        self.total_weight = []
        self.due_weights_f = []
        for supporters in engine.supporters:
            weights = supporters.weights.astype(np.int64)
            if supporters.utilities is None:
                utilities = np.ones(len(weights), dtype=np.int64)
            else:
                utilities = supporters.utilities.astype(np.int64)
            self.utilities.append(utilities)
            self.weights_f.append(weights.astype(np.float64))
            self.utilities_f.append(utilities.astype(np.float64))
            self.total_weight.append(int((weights * utilities).sum()))
            self.due_weights_f.append((weights * utilities).astype(np.float64))
        self.total_weight_f = [float(total) for total in self.total_weight]
        products = self.multiplicity[engine.profile.entry_rows()] * self.entry_utilities
        self.exact_in_floats = int(products.sum()) < EXACT_FLOAT if len(products) else True
        # Ballots as a padded table (group × position), when it stays small: one gather
        # finds the entries of many groups. The padding is project `num_projects`.
        lengths = np.diff(self.offsets)
        width = int(lengths.max()) if len(lengths) else 0
        self.padded = None
        if width and len(lengths) * width <= PADDED_CELLS:
            rows = engine.profile.entry_rows()
            columns = np.arange(len(rows), dtype=np.int64) - self.offsets[rows]
            projects = np.full((len(lengths), width), profile.num_projects, dtype=np.int64)
            projects[rows, columns] = self.entry_projects
            utilities = np.zeros((len(lengths), width), dtype=np.int64)
            utilities[rows, columns] = self.entry_utilities
            self.padded = (projects, utilities)


class LedgerRun:
    """The state of one run: floating-point shares per ballot group, who paid all they
    had, and the exact α of each bought project."""

    def __init__(self, ledger: Ledger, share) -> None:
        self.ledger = ledger
        self.share = share
        self.share_float = float(share)
        groups = len(ledger.multiplicity)
        self.values = np.full(groups, self.share_float)
        self.emptied = np.zeros(groups, dtype=bool)
        # One more (never bought): the padding of `Ledger.padded`.
        self.bought_mask = np.zeros(ledger.engine.profile.num_projects + 1, dtype=bool)
        self.alpha: list = [None] * ledger.engine.profile.num_projects
        # The α's over one common denominator: integer sums instead of fractions.
        self.denominator = int(share.denominator)
        self.share_numerator = int(share.numerator)
        self.numerators: list = [0] * ledger.engine.profile.num_projects
        self.any_bought = False
        # Floating-point error of the shares stays below 1e-13 × share (at most a few
        # hundred subtractions); 1e-9 leaves a wide margin.
        self.tolerance = 1e-9 * self.share_float

    # --- exact shares ---

    def exact_sum(self, groups: np.ndarray):
        """Exact total remaining share of the voters of `groups` (none emptied)."""
        ledger = self.ledger
        if len(groups) == 0:
            return ZERO
        counts = ledger.multiplicity[groups]
        voters = int(counts.sum())
        if not self.any_bought:
            return self.share * voters
        if ledger.padded is not None:
            table, table_utilities = ledger.padded
            projects = table[groups]
            keep = self.bought_mask[projects]
            weights = (counts[:, None] * table_utilities[groups])[keep]
            projects = projects[keep]
        else:
            starts = ledger.offsets[groups]
            lengths = ledger.offsets[groups + 1] - starts
            size = int(lengths.sum())
            index = np.repeat(starts - (np.cumsum(lengths) - lengths), lengths) + np.arange(size)
            projects = ledger.entry_projects[index]
            keep = self.bought_mask[projects]
            weights = np.repeat(counts, lengths)[keep] * ledger.entry_utilities[index][keep]
            projects = projects[keep]
        numerator = self.share_numerator * voters
        if len(projects):
            numerators = self.numerators
            if ledger.exact_in_floats:
                by_project = np.bincount(projects, weights=weights)
                present = np.flatnonzero(by_project)
                for project, weight in zip(
                    present.tolist(), by_project[present].astype(np.int64).tolist(), strict=True
                ):
                    numerator -= numerators[project] * weight
            else:
                for project, weight in zip(projects.tolist(), weights.tolist(), strict=True):
                    numerator -= numerators[project] * weight
        return ratio(numerator, self.denominator)

    def exact_values(self, groups: np.ndarray) -> list:
        """Exact remaining share of one voter of each group in `groups`."""
        ledger = self.ledger
        found = []
        offsets, projects, utilities = (
            ledger.offsets,
            ledger.entry_projects,
            ledger.entry_utilities,
        )
        for group in groups.tolist():
            if self.emptied[group]:
                found.append(ZERO)
                continue
            value = self.share
            start, end = int(offsets[group]), int(offsets[group + 1])
            for project, utility in zip(
                projects[start:end].tolist(), utilities[start:end].tolist(), strict=True
            ):
                if self.bought_mask[project] and utility:
                    value -= self.alpha[project] * utility
            found.append(value)
        return found

    def _common_denominator(self, index: int, alpha) -> None:
        """Keep every α (and the share) over one denominator, with α_index added."""
        denominator = int(alpha.denominator)
        if self.denominator % denominator:
            factor = denominator // math.gcd(self.denominator, denominator)
            self.denominator *= factor
            self.share_numerator *= factor
            self.numerators = [value * factor for value in self.numerators]
        self.numerators[index] = int(alpha.numerator) * (self.denominator // denominator)

    def remaining_of_supporters(self, index: int):
        groups = self.ledger.engine.supporters[index].groups
        return self.exact_sum(groups[~self.emptied[groups]])

    # --- one project ---

    def estimate(self, index: int):
        """(low, high) bounds of the project's α in floating point, `_UNAFFORDABLE` when its
        supporters surely cannot pay, None when too close to call."""
        ledger = self.ledger
        engine = ledger.engine
        supporters = engine.supporters[index]
        cost = engine.cost_floats[index]
        values = self.values[supporters.groups]
        voters = ledger.weights_f[index]
        spent = values * voters
        available = spent.sum()
        margin = 1e-9 * (cost + available)
        if available < cost - margin:
            return _UNAFFORDABLE
        if available <= cost + margin:
            return None
        if engine.binary:
            ratios = values
            due_weights = voters
        else:
            ratios = values / ledger.utilities_f[index]
            due_weights = ledger.due_weights_f[index]
        # Water-filling from below: those whose share is below α pay all they have, the
        # others α × satisfaction; α rises as more pay all, and stops when nobody else does.
        total_weight = ledger.total_weight_f[index]
        alpha = cost / total_weight
        poor_count = -1
        paid, weight = 0.0, total_weight
        for _ in range(FIXED_POINT_ROUNDS):
            poor = ratios < alpha
            count = int(np.count_nonzero(poor))
            if count == poor_count:
                error = 1e-9 * (cost + paid) / weight
                return alpha - error, alpha + error
            poor_count = count
            paid = float(spent[poor].sum()) if count else 0.0
            weight = total_weight - (float(due_weights[poor].sum()) if count else 0.0)
            if weight <= 0:
                return None
            alpha = (cost - paid) / weight
        return self._estimate_sorted(index, values, voters, spent, cost)

    def _estimate_sorted(self, index: int, values, voters, spent, cost):
        """`estimate` by sorting the supporters (when the water-filling takes long)."""
        ledger = self.ledger
        engine = ledger.engine
        if engine.binary:
            order = np.argsort(values, kind="stable")
            weights = voters[order]
            ratios = values[order]
            due_scale = 1.0
        else:
            utilities = ledger.utilities_f[index]
            order = np.argsort(values / utilities, kind="stable")
            due_scale = utilities[order]
            weights = voters[order] * due_scale
            ratios = values[order]
        spent = spent[order]
        paid_before = np.cumsum(spent) - spent
        remaining = ledger.total_weight[index] - (np.cumsum(weights) - weights)
        with np.errstate(divide="ignore", invalid="ignore"):
            rho = (cost - paid_before) / remaining
        fits = np.flatnonzero(rho * due_scale <= ratios * (1 + 1e-12))
        if len(fits) == 0:
            return None
        first = fits[0]
        value = rho[first]
        error = 1e-9 * (cost + paid_before[first]) / remaining[first]
        return value - error, value + error

    def exact_alpha(self, index: int, bounds: tuple | None):
        """The project's exact α and how its supporters would pay (a dict), or None when
        they cannot pay for it. `bounds`: its estimate, or None (exact shares for all)."""
        ledger = self.ledger
        engine = ledger.engine
        supporters = engine.supporters[index]
        groups = supporters.groups
        live = ~self.emptied[groups]
        ratios = self.values[groups]
        if not engine.binary:
            ratios = ratios / ledger.utilities_f[index]
        if bounds is None:
            sure_poor = np.zeros(len(groups), dtype=bool)
            sure_rich = sure_poor
            unsure = live
        else:
            low, high = bounds
            sure_poor = live & (ratios < low - self.tolerance)
            sure_rich = live & (ratios > high + self.tolerance)
            unsure = live & ~sure_poor & ~sure_rich
        utilities = ledger.utilities[index]
        weights = supporters.weights
        cost = engine.costs[index]
        paid = self.exact_sum(groups[sure_poor])
        weight = int((weights[sure_rich | unsure] * utilities[sure_rich | unsure]).sum())
        positions = np.flatnonzero(unsure)
        values = self.exact_values(groups[positions])
        pending = sorted(
            zip(
                (
                    value / utility
                    for value, utility in zip(values, utilities[positions].tolist(), strict=True)
                ),
                values,
                utilities[positions].tolist(),
                weights[positions].tolist(),
                positions.tolist(),
                strict=True,
            ),
            key=_first,
        )
        alpha = None
        for _, value, utility, voters, _ in pending:
            candidate = (cost - paid) / weight
            if candidate * utility <= value:
                alpha = candidate
                break
            paid += value * voters
            weight -= utility * voters
        if alpha is None:
            if weight == 0 or not sure_rich.any():
                if bounds is not None:
                    return self.exact_alpha(index, None)
                return None
            alpha = (cost - paid) / weight
        if bounds is not None and not (bounds[0] <= alpha <= bounds[1]):
            return self.exact_alpha(index, None)
        return {
            "alpha": alpha,
            "sure_poor": sure_poor,
            "sure_rich": sure_rich,
            "unsure": [(position, value, utility) for _, value, utility, _, position in pending],
        }

    def pay(self, index: int, found: dict) -> dict:
        """Buy the project: its supporters pay α × satisfaction, or all they have left."""
        ledger = self.ledger
        engine = ledger.engine
        supporters = engine.supporters[index]
        groups = supporters.groups
        alpha = found["alpha"]
        utilities = ledger.utilities[index]
        poor = self.emptied[groups] | found["sure_poor"]
        rich = found["sure_rich"].copy()
        largest = ZERO
        for position, value, utility in found["unsure"]:
            due = alpha * utility
            if value <= due:
                poor[position] = True
                if value > largest:
                    largest = value
            else:
                rich[position] = True
            if value >= due and due > largest:
                largest = due
        if rich.any():
            due = alpha * int(utilities[rich].max())
            if due > largest:
                largest = due
        if not engine.binary:
            # A voter paying all they have may pay more than another's α × satisfaction.
            candidates = np.flatnonzero(found["sure_poor"])
            if len(candidates):
                floats = self.values[groups[candidates]]
                near = candidates[floats >= floats.max() - self.tolerance]
                for value in self.exact_values(groups[near]):
                    if value > largest:
                        largest = value
        paid_all = int(supporters.weights[poor].sum())
        rich_groups = groups[rich]
        self.values[rich_groups] -= float(alpha) * ledger.utilities_f[index][rich]
        poor_groups = groups[poor]
        self.values[poor_groups] = 0.0
        self.emptied[poor_groups] = True
        self.alpha[index] = alpha
        self._common_denominator(index, alpha)
        self.bought_mask[index] = True
        self.any_bought = True
        return {"largest_payment": largest, "paid_all_they_had": paid_all}


def _first(item):
    return item[0]


def run_by_payments(engine, run):
    """A pass of equal shares on a large election (see the module's docstring); fills
    `run` (selected, bought) as the exact engine does."""
    ledger = engine.__dict__.get("_ledger")
    if ledger is None:
        ledger = engine.__dict__["_ledger"] = Ledger(engine)
    state = LedgerRun(ledger, run.share)
    run.ledger = state
    ids = engine.ids
    free, payable = engine.eligible()
    run.selected.extend(free)
    units = [supporters.unit for supporters in engine.supporters]
    unit_floats = engine.unit_floats
    lower = {
        index: float(engine.costs[index] / (engine.supporters[index].total * units[index]))
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
        bounds: dict[int, tuple | None] = {}
        exact: dict[int, dict] = {}
        while queue:
            bound, index = queue[0]
            if index not in active or bound != lower[index]:
                heapq.heappop(queue)
                continue
            if bound > best_upper:
                break
            heapq.heappop(queue)
            guess = state.estimate(index)
            if guess is _UNAFFORDABLE:
                active.discard(index)
                continue
            if guess is None:
                found = state.exact_alpha(index, None)
                if found is None:
                    active.discard(index)
                    continue
                exact[index] = found
                low = high = float(found["alpha"] / units[index])
            else:
                bounds[index] = guess
                low, high = guess[0] / unit_floats[index], guess[1] / unit_floats[index]
            lower[index] = low
            best_upper = min(best_upper, high)
            estimates.append((index, low))
        if not estimates:
            return run
        candidates = [index for index, low in estimates if low <= best_upper]
        rhos = {}
        for index in candidates:
            if index not in exact:
                found = state.exact_alpha(index, bounds[index])
                if found is None:  # never seen: the estimate said they can pay, by a margin
                    active.discard(index)
                    continue
                exact[index] = found
            rhos[index] = exact[index]["alpha"] / units[index]
        if not rhos:
            for index, _ in estimates:
                if index in active:
                    heapq.heappush(queue, (lower[index], index))
            continue
        best = min(rhos.values())
        tied = [index for index in rhos if rhos[index] == best]
        chosen = min(tied, key=ids.__getitem__)
        for index, _ in estimates:
            if index != chosen:
                heapq.heappush(queue, (lower[index], index))
        round_number += 1
        facts = state.pay(chosen, exact[chosen])
        facts["rho"] = best
        facts["round"] = round_number
        facts["tied_with"] = sorted(
            (index for index in tied if index != chosen), key=ids.__getitem__
        )
        run.bought[chosen] = facts
        run.selected.append(chosen)
        active.discard(chosen)
