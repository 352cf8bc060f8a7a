"""Greedy by votes (or points): most supported first, skipping what no longer fits.

Same order as pabutools' `greedy_utilitarian_welfare` with `Cost_Sat` (its
satisfaction per euro is then exactly the number of votes): a free project with
support first, then by votes descending, ties broken by project id in plain string
order (pabutools' default `lexico_tie_breaking`); projects without any support come
last and are still funded if they fit, as pabutools does. An optional minimum score
(pabulib's `min_project_score_threshold`) makes projects below it ineligible.
"""

from __future__ import annotations

from fractions import Fraction
from math import inf

from parlons.budgets.counting.outcome import (
    BELOW_THRESHOLD,
    FUNDED,
    TOO_EXPENSIVE,
    Decision,
    RuleOutcome,
)
from parlons.budgets.counting.profile import Profile


def greedy_order(ids: list[str], costs: list[Fraction], scores: list[Fraction]) -> list[int]:
    """Project indices in the order greedy considers them."""

    def density(index: int) -> Fraction | float:
        score = scores[index]
        if score <= 0:
            return 0
        if costs[index] == 0:
            return inf
        return score

    return sorted(range(len(ids)), key=lambda index: (-density(index), ids[index]))


def greedy(
    profile: Profile,
    *,
    min_score: Fraction | None = None,
    initial: list[int] | None = None,
    rule: str = "greedy",
) -> RuleOutcome:
    """Greedy count; `initial` projects are already funded (the completion of equal shares)."""
    scores = profile.scores()
    supporters = profile.supporters()
    costs = profile.costs
    initial = list(initial or [])
    already = set(initial)
    remaining = profile.budget - sum((costs[index] for index in initial), Fraction(0))
    selected = list(initial)
    decisions: list[Decision | None] = [None] * profile.num_projects
    rank = 0
    for index in greedy_order(profile.project_ids, costs, scores):
        if index in already:
            continue
        rank += 1
        facts = {
            "score": scores[index],
            "supporters": supporters[index],
            "cost": costs[index],
            "rank": rank,
            "remaining_before": remaining,
        }
        if min_score is not None and scores[index] < min_score:
            decisions[index] = Decision(False, BELOW_THRESHOLD, {**facts, "threshold": min_score})
        elif costs[index] <= remaining:
            remaining -= costs[index]
            selected.append(index)
            decisions[index] = Decision(True, FUNDED, {**facts, "remaining_after": remaining})
        else:
            decisions[index] = Decision(False, TOO_EXPENSIVE, facts)
    _note_ties(decisions, scores)
    return RuleOutcome(
        rule=rule,
        selected=selected,
        decisions=decisions,
        details={"min_score": min_score, "remaining": remaining, "measure": profile.measure},
    )


def _note_ties(decisions: list[Decision | None], scores: list[Fraction]) -> None:
    """Mark projects whose score equals another's when the two got different outcomes."""
    by_score: dict[Fraction, list[int]] = {}
    for index, decision in enumerate(decisions):
        if decision is not None and decision.reason != BELOW_THRESHOLD:
            by_score.setdefault(scores[index], []).append(index)
    for indices in by_score.values():
        if len(indices) > 1 and len({decisions[i].selected for i in indices}) > 1:
            for index in indices:
                decisions[index].facts["tied_with"] = [i for i in indices if i != index]
