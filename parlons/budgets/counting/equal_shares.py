"""Method of Equal Shares (MES), exact, with or without the usual completion.

Every voter receives an equal share of the budget. A project is bought when its
supporters can pay its cost from their shares; each round buys the project whose
supporters pay the least per unit of satisfaction (ρ), each supporter paying ρ times
their satisfaction, or all they have left if that is less. Same definition and same
exact arithmetic (fractions) as pabutools' `method_of_equal_shares`; ties between
projects with the same ρ go to the first project id in plain string order, as
pabutools' default lexicographic tie-breaking.

Satisfactions: `cost` (a supporter's satisfaction is the project's cost: pabutools'
`Cost_Sat`), `cardinality` (one per project: `Cardinality_Sat`), `points` (the points
the ballot gives: `Additive_Cardinal_Sat`).

How it is fast: voters who cast the same ballot are one group with a multiplicity,
and voters whose remaining shares are equal are one budget class. Two voters in the
same class who support the same project pay the same, so a project's ρ is computed
from a handful of (class, satisfaction) buckets instead of thousands of voters, with
exact fractions. Like pabutools, a project's last ρ is a lower bound of its next one
(shares only shrink), so each round only recomputes the projects that could win.

Completion (`completed=True`): the per-voter share is raised by 1% of the initial
share for as long as the outcome stays within the budget and leaves some supported
project that would still fit (pabutools' `voter_budget_increment` = budget / voters /
100), then what is left is filled greedily (`greedy_utilitarian_welfare`, by votes for
`cost` and `cardinality`, by points for `points`), as pabutools'
`completion_by_rule_combination` does.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np

from parlons.budgets.counting.greedy import greedy
from parlons.budgets.counting.outcome import (
    BOUGHT,
    COMPLETION_FUNDED,
    COMPLETION_TOO_EXPENSIVE,
    FREE,
    FUNDED,
    NO_SUPPORT,
    TOO_EXPENSIVE,
    UNAFFORDABLE,
    Decision,
    RuleOutcome,
)
from parlons.budgets.counting.profile import POINTS, VOTES, Profile
from parlons.budgets.counting.rationals import ZERO, rational, to_fraction

COST = "cost"
CARDINALITY = "cardinality"
SATISFACTIONS = (COST, CARDINALITY, POINTS)


@dataclass
class _Supporters:
    """For one project: the distinct ballots supporting it, their multiplicity, and the
    satisfaction each gives (None when every supporter gets the same, `unit`)."""

    groups: np.ndarray
    weights: np.ndarray
    utilities: np.ndarray | None
    unit: object
    count: int
    total: int
    """Sum of multiplicity × satisfaction (in units of `unit` when binary)."""
    single_class_buckets: list[tuple[int, int]] = field(default_factory=list)
    """(satisfaction, voters) pairs, for the first round when all shares are equal."""
    utility_positions: np.ndarray | None = None


@dataclass
class _Run:
    share: object
    class_of_group: np.ndarray
    class_budget: list
    selected: list[int] = field(default_factory=list)
    bought: dict[int, dict] = field(default_factory=dict)
    budget_class: dict = field(default_factory=dict)

    def class_for(self, budget) -> int:
        klass = self.budget_class.get(budget)
        if klass is None:
            klass = len(self.class_budget)
            self.class_budget.append(budget)
            self.budget_class[budget] = klass
        return klass


class _EqualShares:
    def __init__(self, profile: Profile, satisfaction: str) -> None:
        if satisfaction not in SATISFACTIONS:
            raise ValueError(f"unknown satisfaction {satisfaction!r}")
        self.profile = profile
        self.satisfaction = satisfaction
        self.binary = satisfaction != POINTS
        self.costs = [rational(cost) for cost in profile.costs]
        self.num_groups = len(profile.offsets) - 1
        rows = profile.entry_rows()
        projects = profile.projects
        utilities = profile.points
        if not self.binary:
            positive = utilities > 0
            rows, projects, utilities = rows[positive], projects[positive], utilities[positive]
        order = np.argsort(projects, kind="stable")
        counts = np.bincount(projects, minlength=profile.num_projects)
        bounds = np.concatenate(([0], np.cumsum(counts)))
        self.utility_span = int(utilities.max()) + 1 if len(utilities) else 1
        self.supporters: list[_Supporters] = []
        for index in range(profile.num_projects):
            part = order[bounds[index] : bounds[index + 1]]
            groups = rows[part]
            weights = profile.multiplicity[groups]
            count = int(weights.sum())
            if self.binary:
                unit = self.costs[index] if satisfaction == COST else rational(1)
                supporters = _Supporters(groups, weights, None, unit, count, count)
                supporters.single_class_buckets = [(1, count)] if count else []
            else:
                entry_utilities = utilities[part]
                total = int((entry_utilities * weights).sum())
                values, inverse = np.unique(entry_utilities, return_inverse=True)
                voters = np.bincount(inverse, weights=weights).astype(np.int64)
                supporters = _Supporters(
                    groups, weights, entry_utilities, rational(1), count, total
                )
                supporters.single_class_buckets = list(
                    zip(values.tolist(), voters.tolist(), strict=True)
                )
                supporters.utility_positions = inverse
            self.supporters.append(supporters)

    def eligible(self) -> tuple[list[int], list[int]]:
        """Projects bought for free at the start, and projects that can be bought."""
        free, payable = [], []
        for index, supporters in enumerate(self.supporters):
            if supporters.total <= 0:
                continue
            (free if self.costs[index] == 0 else payable).append(index)
        return free, payable

    def _buckets(self, run: _Run, index: int) -> tuple[list[tuple], np.ndarray | None]:
        """(remaining share, satisfaction, voters, key) of the project's supporters grouped by
        budget class and satisfaction, and for each supporting group the key of its bucket
        (None when every group keeps its class: binary satisfaction)."""
        supporters = self.supporters[index]
        if len(run.class_budget) == 1:
            share = run.class_budget[0]
            buckets = [
                (share, utility, voters, position)
                for position, (utility, voters) in enumerate(supporters.single_class_buckets)
            ]
            return buckets, supporters.utility_positions
        classes = run.class_of_group[supporters.groups]
        if self.binary:
            voters = np.bincount(classes, weights=supporters.weights)
            present = np.flatnonzero(voters)
            budgets = run.class_budget
            buckets = [
                (budgets[klass], 1, int(count), klass)
                for klass, count in zip(present.tolist(), voters[present].tolist(), strict=True)
            ]
            return buckets, None
        keys = classes * self.utility_span + supporters.utilities
        values, positions = np.unique(keys, return_inverse=True)
        voters = np.bincount(positions, weights=supporters.weights).astype(np.int64).tolist()
        buckets = []
        for position, (value, count) in enumerate(zip(values.tolist(), voters, strict=True)):
            klass, utility = divmod(value, self.utility_span)
            buckets.append((run.class_budget[klass], utility, count, position))
        return buckets, positions

    def _rho(self, run: _Run, index: int):
        """Least ρ such that the supporters pay the cost, or None if their shares cannot."""
        cost = self.costs[index]
        buckets, _ = self._buckets(run, index)
        available = ZERO
        for share, _, voters, _ in buckets:
            available += share * voters
        if available < cost:
            return None
        if self.binary:
            buckets.sort(key=_share_of)
        else:
            buckets.sort(key=_share_per_utility)
        paid = ZERO
        weight = sum(utility * voters for _, utility, voters, _ in buckets)
        for share, utility, voters, _ in buckets:
            rho = (cost - paid) / weight
            if rho * utility <= share:
                return rho / self.supporters[index].unit
            paid += share * voters
            weight -= utility * voters
        return None  # unreachable: the shares cover the cost

    def _pay(self, run: _Run, index: int, rho) -> dict:
        supporters = self.supporters[index]
        buckets, positions = self._buckets(run, index)
        due_per_utility = rho * supporters.unit
        largest_payment = ZERO
        paid_all = 0
        new_class = {}
        for share, utility, voters, key in buckets:
            due = due_per_utility * utility
            if share <= due:
                payment = share
                paid_all += voters
            else:
                payment = due
            if payment > largest_payment:
                largest_payment = payment
            new_class[key] = run.class_for(share - payment)
        if positions is None:
            classes = run.class_of_group[supporters.groups]
            mapping = np.arange(len(run.class_budget), dtype=np.int64)
            for old, new in new_class.items():
                mapping[old] = new
            run.class_of_group[supporters.groups] = mapping[classes]
        else:
            mapping = np.empty(len(new_class), dtype=np.int64)
            for key, new in new_class.items():
                mapping[key] = new
            run.class_of_group[supporters.groups] = mapping[positions]
        return {
            "rho": rho,
            "largest_payment": largest_payment,
            "paid_all_they_had": paid_all,
        }

    def run(self, share) -> _Run:
        """One pass of equal shares with the given initial share per voter."""
        share = rational(share)
        costs = self.costs
        ids = self.profile.project_ids
        run = _Run(
            share=share,
            class_of_group=np.zeros(self.num_groups, dtype=np.int64),
            class_budget=[share],
            budget_class={share: 0},
        )
        free, payable = self.eligible()
        run.selected.extend(free)
        lower_bound = {
            index: costs[index] / (self.supporters[index].total * self.supporters[index].unit)
            for index in payable
        }
        active = set(payable)
        round_number = 0
        while True:
            best = None
            tied: list[int] = []
            for index in sorted(active, key=lower_bound.__getitem__):
                if best is not None and lower_bound[index] > best:
                    break
                rho = self._rho(run, index)
                if rho is None:
                    active.discard(index)
                    continue
                lower_bound[index] = rho
                if best is None or rho < best:
                    best, tied = rho, [index]
                elif rho == best:
                    tied.append(index)
            if not tied:
                return run
            chosen = min(tied, key=ids.__getitem__)
            round_number += 1
            facts = self._pay(run, chosen, best)
            facts["round"] = round_number
            facts["tied_with"] = [index for index in tied if index != chosen]
            run.bought[chosen] = facts
            run.selected.append(chosen)
            active.discard(chosen)

    def remaining_of_supporters(self, run: _Run, index: int):
        buckets, _ = self._buckets(run, index)
        total = ZERO
        for share, _, voters, _ in buckets:
            total += share * voters
        return total


def _share_of(bucket: tuple):
    return bucket[0]


def _share_per_utility(bucket: tuple):
    return bucket[0] / bucket[1]


def equal_shares(
    profile: Profile,
    satisfaction: str,
    *,
    completed: bool = False,
    rule: str | None = None,
) -> RuleOutcome:
    rule = rule or f"mes-{satisfaction}" + ("-completed" if completed else "")
    engine = _EqualShares(profile, satisfaction)
    voters = profile.num_voters
    budget = profile.budget
    costs = profile.costs
    if voters == 0:
        empty = _Run(share=ZERO, class_of_group=np.zeros(0, dtype=np.int64), class_budget=[ZERO])
        outcome = _describe(engine, empty, rule, steps=0)
        return _complete(engine, outcome, rule) if completed else outcome
    initial_share = budget / voters
    if not completed:
        return _describe(engine, engine.run(initial_share), rule, steps=0)

    step = budget / (voters * 100)
    _, payable = engine.eligible()
    accepted: _Run | None = None
    steps = 0
    while True:
        run = engine.run(initial_share + steps * step)
        spent = sum((costs[index] for index in run.selected), Fraction(0))
        if spent > budget:
            steps -= 1
            break
        accepted = run
        chosen = set(run.selected)
        left = budget - spent
        if all(index in chosen or costs[index] > left for index in payable):
            break
        steps += 1
    outcome = _describe(engine, accepted, rule, steps=steps, initial_share=initial_share)
    return _complete(engine, outcome, rule)


def _describe(
    engine: _EqualShares,
    run: _Run,
    rule: str,
    *,
    steps: int,
    initial_share: Fraction | None = None,
) -> RuleOutcome:
    profile = engine.profile
    scores = profile.scores()
    decisions = []
    for index in range(profile.num_projects):
        supporters = engine.supporters[index]
        facts = {
            "supporters": supporters.count,
            "score": scores[index],
            "cost": profile.costs[index],
            "share": to_fraction(run.share),
        }
        if index in run.bought:
            bought = run.bought[index]
            facts.update(
                {key: to_fraction(bought[key]) for key in ("rho", "largest_payment")},
                round=bought["round"],
                paid_all_they_had=bought["paid_all_they_had"],
                tied_with=bought["tied_with"],
            )
            decisions.append(Decision(True, BOUGHT, facts))
        elif index in run.selected:
            decisions.append(Decision(True, FREE, facts))
        elif supporters.total <= 0:
            decisions.append(Decision(False, NO_SUPPORT, facts))
        else:
            facts["supporters_initial"] = to_fraction(run.share) * supporters.count
            facts["supporters_remaining"] = to_fraction(engine.remaining_of_supporters(run, index))
            decisions.append(Decision(False, UNAFFORDABLE, facts))
    return RuleOutcome(
        rule=rule,
        selected=list(run.selected),
        decisions=decisions,
        details={
            "satisfaction": engine.satisfaction,
            "share": to_fraction(run.share),
            "initial_share": initial_share if initial_share is not None else to_fraction(run.share),
            "steps": steps,
            "voters": profile.num_voters,
            "measure": profile.measure,
        },
    )


def _complete(engine: _EqualShares, outcome: RuleOutcome, rule: str) -> RuleOutcome:
    """Fill what equal shares left with greedy (by votes, or by points for `points`)."""
    profile = engine.profile
    fill_profile = profile
    if engine.satisfaction != POINTS and profile.measure != VOTES:
        fill_profile = _as_votes(profile)
    filled = greedy(fill_profile, initial=outcome.selected, rule=rule)
    for index, decision in enumerate(filled.decisions):
        if decision is None:
            continue
        previous = outcome.decisions[index]
        facts = {
            **previous.facts,
            **{f"fill_{key}": value for key, value in decision.facts.items()},
        }
        if decision.reason == FUNDED:
            outcome.decisions[index] = Decision(True, COMPLETION_FUNDED, facts)
        elif decision.reason == TOO_EXPENSIVE:
            outcome.decisions[index] = Decision(False, COMPLETION_TOO_EXPENSIVE, facts)
    outcome.selected = filled.selected
    outcome.details["completed"] = True
    outcome.details["fill_measure"] = fill_profile.measure
    return outcome


def _as_votes(profile: Profile) -> Profile:
    return Profile(
        project_ids=profile.project_ids,
        costs=profile.costs,
        budget=profile.budget,
        offsets=profile.offsets,
        projects=profile.projects,
        points=np.ones(len(profile.projects), dtype=np.int64),
        points_scale=1,
        multiplicity=profile.multiplicity,
        measure=VOTES,
        source_index=profile.source_index,
    )
