"""What a rule returns: the projects it selected and, for every project, the facts that
explain the decision (turned into plain French by `explanations`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

# Why a project was or was not selected.
FUNDED = "funded"  # greedy: its turn came and it fitted
TOO_EXPENSIVE = "too_expensive"  # greedy: its cost exceeded what was left at its turn
BELOW_THRESHOLD = "below_threshold"  # greedy: fewer votes/points than the minimum score
IN_OPTIMUM = "in_optimum"  # utilitarian: part of the best combination
OUT_OF_OPTIMUM = "out_of_optimum"  # utilitarian: every combination with it scores less
LOST_TIE = "lost_tie"  # utilitarian: a combination with it scores as much, tie broken
OVER_BUDGET = "over_budget"  # costs more than the whole budget
NO_SUPPORT = "no_support"  # nobody voted for it (for the rules that need support)
FREE = "free"  # costs nothing and has support: selected first
FREE_WITHOUT_SATISFACTION = "free_without_satisfaction"  # cost satisfaction of a free project is 0
BOUGHT = "bought"  # equal shares: its supporters paid for it
UNAFFORDABLE = "unaffordable"  # equal shares: its supporters' shares could no longer pay
COMPLETION_FUNDED = "completion_funded"  # filled in greedily after equal shares
COMPLETION_TOO_EXPENSIVE = "completion_too_expensive"


@dataclass
class Decision:
    selected: bool
    reason: str
    facts: dict[str, Any] = field(default_factory=dict)


@dataclass
class RuleOutcome:
    rule: str
    selected: list[int]
    """Indices (in the profile) of the selected projects, in the order they were chosen."""
    decisions: list[Decision]
    """One decision per project of the profile, in the profile's order."""
    details: dict[str, Any] = field(default_factory=dict)
    """Facts about the whole count (per-voter share, best total...)."""

    def total_cost(self, costs: list[Fraction]) -> Fraction:
        return sum((costs[index] for index in self.selected), Fraction(0))
