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

How it is fast, and how the completion skips most of its runs: see
`equal_shares.engine` and `equal_shares.ledger`.

Completion (`completed=True`): the per-voter share is raised by 1% of the initial
share for as long as the outcome stays within the budget and leaves some supported
project that would still fit (pabutools' `voter_budget_increment` = budget / voters /
100), then what is left is filled greedily (`greedy_utilitarian_welfare`, by votes for
`cost` and `cardinality`, by points for `points`), as pabutools'
`completion_by_rule_combination` does.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from parlons.budgets.counting.equal_shares.engine import (
    CARDINALITY,
    COST,
    SATISFACTIONS,
    EqualSharesEngine,
    Run,
)
from parlons.budgets.counting.greedy import greedy
from parlons.budgets.counting.outcome import (
    BOUGHT,
    COMPLETION_FUNDED,
    COMPLETION_TOO_EXPENSIVE,
    FREE,
    FREE_WITHOUT_SATISFACTION,
    FUNDED,
    NO_SUPPORT,
    TOO_EXPENSIVE,
    UNAFFORDABLE,
    Decision,
    RuleOutcome,
)
from parlons.budgets.counting.profile import POINTS, VOTES, Profile
from parlons.budgets.counting.rationals import ZERO, rational, to_fraction

__all__ = ["CARDINALITY", "COST", "SATISFACTIONS", "equal_shares"]

CERTIFY_UP_TO_GROUPS = 20_000
PLATEAU = 8
"""Above this many distinct ballots, the completion certifies a run only after PLATEAU
steps (doubling after each failure) that selected the same projects (`_raise_shares`)."""


def equal_shares(
    profile: Profile,
    satisfaction: str,
    *,
    completed: bool = False,
    rule: str | None = None,
) -> RuleOutcome:
    rule = rule or f"mes-{satisfaction}" + ("-completed" if completed else "")
    engine = EqualSharesEngine(profile, satisfaction)
    voters = profile.num_voters
    if voters == 0:
        empty = Run(share=ZERO, class_of_group=[], class_value=[ZERO], class_slope=[ZERO])
        outcome = _describe(engine, empty, rule, steps=0)
        return _complete(engine, outcome, rule) if completed else outcome
    initial_share = profile.budget / voters
    if not completed:
        return _describe(engine, engine.run(initial_share), rule, steps=0)
    steps, run = _raise_shares(engine, initial_share, profile.budget / (voters * 100))
    outcome = _describe(engine, run, rule, steps=steps, initial_share=initial_share)
    return _complete(engine, outcome, rule)


def _raise_shares(engine: EqualSharesEngine, initial_share: Fraction, step: Fraction):
    """The completion's first part: the last step whose outcome fits the budget, stopping
    at the first outcome that leaves no supported project able to fit (pabutools'
    `voter_budget_increment`), and that step's run.

    A certified run tells up to which share its decisions, hence its selection, stay
    the same: the steps up to there are skipped, they would select the same projects.
    """
    budget = engine.profile.budget
    costs = engine.profile.costs
    _, payable = engine.eligible()
    share = rational(initial_share)
    increment = rational(step)
    steps = 0
    accepted_steps = None
    # Certifying costs about one more run; where decisions change at nearly every step
    # (tens of thousands of voters), try it less and less often.
    plain_runs_left = 0
    failures = 0
    # A certified run follows every budget class in fractions: with many distinct ballots
    # it costs tens of plain runs, and decisions change at nearly every step. There it is
    # tried only on a plateau, when the selection has stayed the same for several steps
    # (a project few support, the shares rising slowly to its cost).
    many = not engine.small and engine.num_groups > CERTIFY_UP_TO_GROUPS
    if many:
        plain_runs_left = PLATEAU
    previous = None
    while True:
        certify = plain_runs_left == 0
        run = engine.run(share + steps * increment, certify=certify)
        spent = sum((costs[index] for index in run.selected), Fraction(0))
        if spent > budget:
            break
        chosen = set(run.selected)
        left = budget - spent
        if all(index in chosen or costs[index] > left for index in payable):
            return steps, run if not certify else engine.run(share + steps * increment)
        if certify and run.limit is None:
            # Raising the shares would never change this outcome (pabutools would loop
            # for ever): keep it.
            return steps, engine.run(share + steps * increment)
        accepted_steps = _last_step_alike(run, share, increment, steps) if certify else steps
        if certify:
            failures = 0 if accepted_steps > steps else min(failures + 1, 5)
            plain_runs_left = PLATEAU * 2**failures if many else 2**failures - 1
        elif many and run.selected != previous:
            plain_runs_left = PLATEAU * 2**failures
        else:
            plain_runs_left -= 1
        previous = run.selected
        steps = accepted_steps + 1
    # This step overspends: the outcome is the previous step's (never the first: a first
    # run spends at most the shares, that is the budget).
    return accepted_steps, engine.run(share + accepted_steps * increment)


def _last_step_alike(run, share, increment, steps: int) -> int:
    """The last step whose run would take every decision `run` took."""
    last = (run.limit - share) // increment
    if run.limit_strict and share + last * increment == run.limit:
        last -= 1
    return max(int(last), steps)


def _describe(
    engine: EqualSharesEngine,
    run: Run,
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
        elif supporters.count and supporters.total <= 0 and engine.satisfaction == COST:
            decisions.append(Decision(False, FREE_WITHOUT_SATISFACTION, facts))
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


def _complete(engine: EqualSharesEngine, outcome: RuleOutcome, rule: str) -> RuleOutcome:
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
