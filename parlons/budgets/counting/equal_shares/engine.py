"""One pass of the Method of Equal Shares, exact and fast (see `equal_shares` for the rule).

Large elections run by payments instead, except certified runs (`equal_shares.ledger`).

Voters who cast the same ballot are one group with a multiplicity, and voters whose
remaining shares are equal form one budget class. Two voters of the same class who
support the same project pay the same, so a project's ρ is computed from a handful of
(class, satisfaction) buckets rather than from thousands of voters, in exact
fractions. Like pabutools, a project's last ρ is a lower bound of its next one (shares
only shrink), so each round only recomputes the projects that could win.

Certified runs, for the completion. The completion runs equal shares again and again
with the share raised by 1% each time; most of these runs make exactly the same
decisions. Within a run every remaining share, every payment and every ρ is an affine
function of the initial share t, as long as the same supporters pay all they have
left. A certified run records, next to each value, its slope in t, and for every
decision it takes (who pays all they have, which project is cheapest, which ones its
supporters can no longer afford) the largest t up to which that decision stays the
same. Up to that bound every run decides alike and selects the same projects, so the
completion skips the steps in between without running them.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass, field

import numpy as np

from parlons.budgets.counting.equal_shares.ledger import run_by_payments
from parlons.budgets.counting.profile import POINTS, Profile
from parlons.budgets.counting.rationals import ZERO, rational

COST = "cost"
CARDINALITY = "cardinality"
SATISFACTIONS = (COST, CARDINALITY, POINTS)

SMALL = 5_000
"""Below this many ballot entries, plain Python lists beat numpy's per-call overhead."""


@dataclass
class Supporters:
    """One project's supporting groups (distinct ballots), their multiplicity, and the
    satisfaction each gives (None when all give the same, `unit`)."""

    groups: np.ndarray
    weights: np.ndarray
    utilities: np.ndarray | None
    unit: object
    count: int
    total: int
    """Sum of multiplicity × satisfaction (in units of `unit` for cost and cardinality)."""
    pairs: list[tuple[int, int, int]] = field(default_factory=list)
    """(group, multiplicity, satisfaction) as Python ints, for small elections."""
    single_class: list[tuple[int, int]] = field(default_factory=list)
    """(satisfaction, voters) while every voter still has the same share."""


@dataclass
class Run:
    share: object
    class_of_group: np.ndarray | list
    class_value: list
    """Remaining share of each budget class."""
    class_slope: list
    """How that remaining share moves with the initial share (certified runs)."""
    budget_class: dict = field(default_factory=dict)
    selected: list[int] = field(default_factory=list)
    bought: dict[int, dict] = field(default_factory=dict)
    certify: bool = False
    limit: object = None
    """Largest initial share for which every decision of this run stays the same (None:
    no limit); `limit_strict`: the bound itself excluded."""
    limit_strict: bool = False
    ledger: object = None
    """The state of a run by payments (`equal_shares.ledger`, large elections)."""

    def class_for(self, value, slope) -> int:
        if not self.certify and value:
            # Merging equal shares only saves work; outside certified runs it is not worth
            # hashing fractions, except for the many voters left with nothing.
            klass = len(self.class_value)
            self.class_value.append(value)
            self.class_slope.append(slope)
            return klass
        key = (value, slope)
        klass = self.budget_class.get(key)
        if klass is None:
            klass = len(self.class_value)
            self.class_value.append(value)
            self.class_slope.append(slope)
            self.budget_class[key] = klass
        return klass

    def require(self, value, slope, *, strict: bool) -> None:
        """Keep the decision whose margin is `value` now and moves by `slope` per unit of
        initial share: record up to where the margin stays >= 0 (> 0 if strict)."""
        if not self.certify or slope >= 0:
            return
        bound = self.share + value / -slope
        if self.limit is None or bound < self.limit or (bound == self.limit and strict):
            self.limit, self.limit_strict = bound, strict


class EqualSharesEngine:
    def __init__(self, profile: Profile, satisfaction: str, *, small: bool | None = None) -> None:
        if satisfaction not in SATISFACTIONS:
            raise ValueError(f"unknown satisfaction {satisfaction!r}")
        self.profile = profile
        self.satisfaction = satisfaction
        self.binary = satisfaction != POINTS
        self.costs = [rational(cost) for cost in profile.costs]
        self.cost_floats = [float(cost) for cost in self.costs]
        self.ids = profile.project_ids
        self.num_groups = len(profile.offsets) - 1
        self.small = len(profile.projects) <= SMALL if small is None else small
        rows = profile.entry_rows()
        projects = profile.projects
        utilities = profile.points
        if not self.binary:
            positive = utilities > 0
            rows, projects, utilities = rows[positive], projects[positive], utilities[positive]
        order = np.argsort(projects, kind="stable")
        bounds = np.concatenate(
            ([0], np.cumsum(np.bincount(projects, minlength=profile.num_projects)))
        )
        self.utility_span = int(utilities.max()) + 1 if len(utilities) else 1
        self.supporters: list[Supporters] = []
        for index in range(profile.num_projects):
            part = order[bounds[index] : bounds[index + 1]]
            groups = rows[part]
            weights = profile.multiplicity[groups]
            count = int(weights.sum())
            if self.binary:
                unit = self.costs[index] if satisfaction == COST else rational(1)
                # With cost satisfaction a free project satisfies nobody (as in pabutools).
                total = 0 if unit == 0 else count
                entry_utilities = None
                single = [(1, count)] if count else []
            else:
                unit = rational(1)
                entry_utilities = utilities[part]
                total = int((entry_utilities * weights).sum())
                values, inverse = np.unique(entry_utilities, return_inverse=True)
                voters = np.bincount(inverse, weights=weights).astype(np.int64)
                single = list(zip(values.tolist(), voters.tolist(), strict=True))
            supporters = Supporters(groups, weights, entry_utilities, unit, count, total)
            supporters.single_class = single
            if self.small:
                satisfactions = entry_utilities.tolist() if entry_utilities is not None else None
                supporters.pairs = [
                    (group, weight, satisfactions[k] if satisfactions else 1)
                    for k, (group, weight) in enumerate(
                        zip(groups.tolist(), weights.tolist(), strict=True)
                    )
                ]
            self.supporters.append(supporters)
        self.unit_floats = [float(supporters.unit) or 1.0 for supporters in self.supporters]

    def eligible(self) -> tuple[list[int], list[int]]:
        """Projects bought for free at the start, and projects that can be bought."""
        free, payable = [], []
        for index, supporters in enumerate(self.supporters):
            if supporters.total <= 0:
                continue
            (free if self.costs[index] == 0 else payable).append(index)
        return free, payable

    # --- buckets: the supporters of a project grouped by (budget class, satisfaction) ---

    def buckets(self, run: Run, index: int) -> tuple[list[list], str]:
        """[remaining share, its slope, satisfaction, voters, key] of each bucket, and how
        the keys are made (`single`, `small` or `numpy`, see `_move`)."""
        supporters = self.supporters[index]
        values, slopes = run.class_value, run.class_slope
        if len(values) == 1:
            found = [
                [values[0], slopes[0], utility, voters, position]
                for position, (utility, voters) in enumerate(supporters.single_class)
            ]
            return found, "single"
        if self.small:
            totals: dict = {}
            classes = run.class_of_group
            for group, weight, utility in supporters.pairs:
                key = (classes[group], utility)
                totals[key] = totals.get(key, 0) + weight
            found = [
                [values[klass], slopes[klass], utility, voters, (klass, utility)]
                for (klass, utility), voters in totals.items()
            ]
            return found, "small"
        classes = run.class_of_group[supporters.groups]
        if self.binary:
            voters = np.bincount(classes, weights=supporters.weights)
            present = np.flatnonzero(voters)
            found = [
                [values[klass], slopes[klass], 1, int(count), klass]
                for klass, count in zip(present.tolist(), voters[present].tolist(), strict=True)
            ]
            return found, "numpy"
        keys = classes * self.utility_span + supporters.utilities
        unique_keys, positions = np.unique(keys, return_inverse=True)
        voters = np.bincount(positions, weights=supporters.weights).astype(np.int64).tolist()
        found = []
        for key, count in zip(unique_keys.tolist(), voters, strict=True):
            klass, utility = divmod(key, self.utility_span)
            found.append([values[klass], slopes[klass], utility, count, key])
        return found, "numpy"

    def rho(self, run: Run, index: int, *, affordable: bool = False) -> tuple | None:
        """(ρ, its slope in the initial share) for the project now, or None when its
        supporters' remaining shares cannot pay for it (`affordable`: already known they
        can, by a margin)."""
        cost = self.costs[index]
        buckets, mode = self.buckets(run, index)
        self._last_buckets = (run, index, len(run.class_value), buckets, mode)
        if not run.certify:
            return self._plain_rho(buckets, cost, self.supporters[index].unit, affordable)
        available = slope_available = ZERO
        for value, slope, _, voters, _ in buckets:
            available += value * voters
            slope_available += slope * voters
        if available < cost:
            run.require(cost - available, -slope_available, strict=True)
            return None
        if self.binary:
            buckets.sort(key=_value_of)
        else:
            buckets.sort(key=_value_per_utility)
        paid = paid_slope = ZERO
        weight = sum(bucket[2] * bucket[3] for bucket in buckets)
        for position, (value, slope, utility, voters, _) in enumerate(buckets):
            rho = (cost - paid) / weight
            if rho * utility <= value:
                rho_slope = -paid_slope / weight
                if run.certify:
                    self._keep_pattern(run, buckets, position, rho, rho_slope)
                unit = self.supporters[index].unit
                return rho / unit, rho_slope / unit
            paid += value * voters
            paid_slope += slope * voters
            weight -= utility * voters
        return None  # unreachable: the shares cover the cost

    def _plain_rho(self, buckets: list, cost, unit, affordable: bool) -> tuple | None:
        """`rho` without the slopes (runs that are not certified)."""
        if not affordable:
            available = ZERO
            for bucket in buckets:
                available += bucket[0] * bucket[3]
            if available < cost:
                return None
        buckets.sort(key=_value_of if self.binary else _value_per_utility)
        paid = ZERO
        weight = sum(bucket[2] * bucket[3] for bucket in buckets)
        for value, _, utility, voters, _ in buckets:
            rho = (cost - paid) / weight
            if rho * utility <= value:
                return rho / unit, ZERO
            paid += value * voters
            weight -= utility * voters
        return None  # unreachable: the shares cover the cost

    def _keep_pattern(self, run: Run, buckets: list, first_rich: int, rho, rho_slope) -> None:
        """Those who pay all they have keep doing so, the others keep paying ρ × satisfaction."""
        for position, (value, slope, utility, _, _) in enumerate(buckets):
            due, due_slope = rho * utility, rho_slope * utility
            if position < first_rich:
                run.require(due - value, due_slope - slope, strict=False)
            else:
                run.require(value - due, slope - due_slope, strict=False)

    def pay(self, run: Run, index: int, rho, rho_slope) -> dict:
        supporters = self.supporters[index]
        cached = getattr(self, "_last_buckets", None)
        if cached and cached[0] is run and cached[1] == index and cached[2] == len(run.class_value):
            buckets, mode = cached[3], cached[4]
        else:
            buckets, mode = self.buckets(run, index)
        self._last_buckets = None
        per_utility = rho * supporters.unit
        per_utility_slope = rho_slope * supporters.unit
        largest_payment = ZERO
        paid_all = 0
        new_class = {}
        certify = run.certify
        for value, slope, utility, voters, key in buckets:
            due = per_utility * utility
            if value <= due:
                paid_all += voters
            # Exactly at the edge either reading pays the same; `rho` took those voters as
            # paying ρ × satisfaction, so must the slopes of a certified run.
            if value < due:
                payment, payment_slope = value, slope
            else:
                payment = due
                payment_slope = per_utility_slope * utility if certify else ZERO
            if payment > largest_payment:
                largest_payment = payment
            new_class[key] = run.class_for(
                value - payment, slope - payment_slope if certify else ZERO
            )
        self._move(run, supporters, new_class, mode)
        return {"rho": rho, "largest_payment": largest_payment, "paid_all_they_had": paid_all}

    def _move(self, run: Run, supporters: Supporters, new_class: dict, mode: str) -> None:
        """Put each supporting group in its new budget class, `new_class` being keyed as the
        buckets were: by position in `single_class` (`single`), by (class, satisfaction)
        (`small`), by class or class × span + satisfaction (`numpy`)."""
        classes = run.class_of_group
        if mode == "single":
            by_utility = {
                utility: new_class[position]
                for position, (utility, _) in enumerate(supporters.single_class)
            }
            if self.small:
                for group, _, utility in supporters.pairs:
                    classes[group] = by_utility[utility]
            elif self.binary:
                classes[supporters.groups] = by_utility[1]
            else:
                sorted_utilities = np.array(list(by_utility), dtype=np.int64)
                mapping = np.array(list(by_utility.values()), dtype=np.int64)
                positions = np.searchsorted(sorted_utilities, supporters.utilities)
                classes[supporters.groups] = mapping[positions]
            return
        if mode == "small":
            for group, _, utility in supporters.pairs:
                classes[group] = new_class[(classes[group], utility)]
            return
        current = classes[supporters.groups]
        if self.binary:
            # Keys are the old classes: a lookup table beats sorting.
            mapping = np.arange(len(run.class_value), dtype=np.int64)
            mapping[list(new_class)] = list(new_class.values())
            classes[supporters.groups] = mapping[current]
            return
        keys = current * self.utility_span + supporters.utilities
        unique_keys, positions = np.unique(keys, return_inverse=True)
        mapping = np.array([new_class[key] for key in unique_keys.tolist()], dtype=np.int64)
        classes[supporters.groups] = mapping[positions]

    def run(self, share, *, certify: bool = False) -> Run:
        """One pass of equal shares with the given initial share per voter."""
        share = rational(share)
        ids = self.ids
        slope = rational(1) if certify else ZERO
        run = Run(
            share=share,
            class_of_group=[0] * self.num_groups
            if self.small
            else np.zeros(self.num_groups, dtype=np.int64),
            class_value=[share],
            class_slope=[slope],
            budget_class={(share, slope): 0},
            certify=certify,
        )
        if not (certify or self.small):
            return run_by_payments(self, run)
        free, payable = self.eligible()
        run.selected.extend(free)
        lower = {
            index: (
                self.costs[index] / (self.supporters[index].total * self.supporters[index].unit),
                ZERO,
            )
            for index in payable
        }
        active = set(payable)
        # Projects by their last ρ, a lower bound of the next: a heap, stale entries skipped.
        queue = [(lower[index][0], index) for index in payable]
        heapq.heapify(queue)
        round_number = 0
        while True:
            best = None
            tied: list[int] = []
            evaluated = []
            while queue:
                bound, index = queue[0]
                if index not in active or bound != lower[index][0]:
                    heapq.heappop(queue)
                    continue
                if best is not None and bound > best[0]:
                    break
                heapq.heappop(queue)
                found = self.rho(run, index)
                if found is None:
                    active.discard(index)
                    continue
                lower[index] = found
                evaluated.append(index)
                if best is None or found[0] < best[0]:
                    best, tied = found, [index]
                elif found[0] == best[0]:
                    tied.append(index)
            if not tied:
                return run
            chosen = min(tied, key=ids.__getitem__)
            for index in evaluated:
                if index != chosen:
                    heapq.heappush(queue, (lower[index][0], index))
            if certify:
                for other in active:
                    if other != chosen:
                        value, slope = lower[other]
                        run.require(
                            value - best[0], slope - best[1], strict=ids[other] < ids[chosen]
                        )
            round_number += 1
            facts = self.pay(run, chosen, *best)
            facts["round"] = round_number
            facts["tied_with"] = sorted(
                (index for index in tied if index != chosen), key=ids.__getitem__
            )
            run.bought[chosen] = facts
            run.selected.append(chosen)
            active.discard(chosen)

    def remaining_of_supporters(self, run: Run, index: int):
        if run.ledger is not None:
            return run.ledger.remaining_of_supporters(index)
        total = ZERO
        for value, _, _, voters, _ in self.buckets(run, index)[0]:
            total += value * voters
        return total


def _value_of(bucket: list):
    return bucket[0]


def _value_per_utility(bucket: list):
    return bucket[0] / bucket[2]
