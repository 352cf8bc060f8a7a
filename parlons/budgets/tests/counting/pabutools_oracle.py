"""pabutools, the reference implementation, run the way each Parlons rule is defined.

pabutools has no greedy by points nor threshold rule: greedy by points is its
`greedy_utilitarian_welfare` with a satisfaction worth points × cost (its ranking,
satisfaction per euro, is then the points), and the threshold rule is its greedy on
the projects that reach the threshold. Ordinal ballots become cardinal ballots with
points per rank.
"""

from __future__ import annotations

from fractions import Fraction

from gmpy2 import mpq
from pabutools.election import (
    AbstractApprovalProfile,
    AbstractOrdinalProfile,
    Additive_Cardinal_Sat,
    ApprovalBallot,
    ApprovalProfile,
    CardinalBallot,
    Cardinality_Sat,
    CardinalProfile,
    Cost_Sat,
    Instance,
)
from pabutools.election.pabulib import parse_pabulib_from_string
from pabutools.election.satisfaction.additivesatisfaction import AdditiveSatisfaction
from pabutools.rules import (
    MaxAddUtilWelfareAlgo,
    completion_by_rule_combination,
    greedy_utilitarian_welfare,
    max_additive_utilitarian_welfare,
    method_of_equal_shares,
)


def _points_times_cost(instance, profile, ballot, project, precomputed_values):
    return ballot.get(project, 0) * project.cost


class PointsTimesCostSat(AdditiveSatisfaction):
    """Satisfaction whose value per euro is the points given: greedy by points."""

    def __init__(self, instance, profile, ballot):
        AdditiveSatisfaction.__init__(self, instance, profile, ballot, _points_times_cost)


def parse(text: str):
    return parse_pabulib_from_string(text)


def is_approval(profile) -> bool:
    return isinstance(profile, AbstractApprovalProfile)


def points_profile(profile, points_per_rank: list[Fraction] | None):
    """Cardinal ballots: ordinal ones with points per rank, approval ones with one point per
    project, cardinal ones as they are."""
    if is_approval(profile):
        return CardinalProfile(
            [CardinalBallot({project: mpq(1) for project in ballot}) for ballot in profile]
        )
    if not isinstance(profile, AbstractOrdinalProfile):
        return profile
    ranks = [mpq(value.numerator, value.denominator) for value in points_per_rank]
    return CardinalProfile(
        [
            CardinalBallot(
                {project: ranks[rank] for rank, project in enumerate(ballot) if rank < len(ranks)}
            )
            for ballot in profile
        ]
    )


def select(
    instance,
    profile,
    rule: str,
    *,
    points_per_rank: list[Fraction] | None = None,
    min_score: Fraction | None = None,
) -> set[str]:
    """Names of the projects pabutools selects for a Parlons rule."""
    points = (not is_approval(profile) and rule in ("greedy", "utilitarian")) or rule in (
        "mes-points",
        "mes-points-completed",
    )
    scored = points_profile(profile, points_per_rank) if points else profile
    greedy_sat = PointsTimesCostSat if points else Cost_Sat
    if rule == "greedy":
        if min_score:
            instance = _reaching(instance, scored, min_score, points)
        return _names(greedy_utilitarian_welfare(instance, scored, sat_class=greedy_sat))
    if rule == "utilitarian":
        sat = Additive_Cardinal_Sat if points else Cardinality_Sat
        exact = MaxAddUtilWelfareAlgo.ILP_SOLVER
        if points and _has_fractional_points(scored):
            # pabutools 1.2's default knapsack (primal/dual) rounds its bounds down and can
            # miss the optimum when points are not whole numbers: ask its ILP solver.
            return _names(
                max_additive_utilitarian_welfare(instance, scored, sat_class=sat, inner_algo=exact)
            )
        try:
            return _names(max_additive_utilitarian_welfare(instance, scored, sat_class=sat))
        except IndexError:
            # The primal/dual knapsack also fails on a free project nobody voted for.
            return _names(
                max_additive_utilitarian_welfare(instance, scored, sat_class=sat, inner_algo=exact)
            )
    if rule == "mes-cost":
        return _names(method_of_equal_shares(instance, profile, sat_class=Cost_Sat))
    if rule == "mes-cardinality":
        return _names(method_of_equal_shares(instance, profile, sat_class=Cardinality_Sat))
    if rule == "mes-points":
        return _names(method_of_equal_shares(instance, scored, sat_class=Additive_Cardinal_Sat))
    if rule in ("mes-cost-completed", "mes-points-completed"):
        sat = Additive_Cardinal_Sat if rule == "mes-points-completed" else Cost_Sat
        voters = scored.num_ballots()
        if voters == 0:
            return _names(greedy_utilitarian_welfare(instance, scored, sat_class=greedy_sat))
        increment = mpq(instance.budget_limit) / voters / 100
        return _names(
            completion_by_rule_combination(
                instance,
                scored,
                [method_of_equal_shares, greedy_utilitarian_welfare],
                [
                    {
                        "sat_class": sat,
                        "voter_budget_increment": increment,
                        "binary_sat": sat is Cost_Sat,
                    },
                    {"sat_class": greedy_sat},
                ],
            )
        )
    raise ValueError(rule)


def utilitarian_welfare(instance, profile, chosen: set[str], *, points_per_rank=None) -> Fraction:
    """Total votes (or points) of the chosen projects, as pabutools counts them."""
    points = not is_approval(profile)
    scored = points_profile(profile, points_per_rank) if points else profile
    sat = Additive_Cardinal_Sat if points else Cardinality_Sat
    sat_profile = scored.as_sat_profile(sat)
    projects = [project for project in instance if project.name in chosen]
    total = sat_profile.total_satisfaction(projects)
    return Fraction(int(mpq(total).numerator), int(mpq(total).denominator))


def restricted(instance, profile, names: set[str], budget: Fraction):
    """A district's own election: its projects, its budget, the voters who voted for one of
    them (approval ballots)."""
    projects = [project for project in instance if project.name in names]
    sub_instance = Instance(projects, budget_limit=mpq(budget.numerator, budget.denominator))
    ballots = []
    for ballot in profile:
        kept = [project for project in ballot if project.name in names]
        if kept:
            ballots.append(ApprovalBallot(kept))
    return sub_instance, ApprovalProfile(ballots)


def _reaching(instance, scored, min_score: Fraction, points: bool):
    sat = PointsTimesCostSat if points else Cost_Sat
    sat_profile = scored.as_sat_profile(sat)
    kept = []
    for project in instance:
        total = sat_profile.total_satisfaction_project(project)
        score = total / project.cost if project.cost else _plain_score(scored, project)
        if score >= mpq(min_score.numerator, min_score.denominator):
            kept.append(project)
    return Instance(kept, budget_limit=instance.budget_limit)


def _plain_score(scored, project):
    total = 0
    for ballot in scored:
        if isinstance(ballot, dict):
            total += ballot.get(project, 0)
        elif project in ballot:
            total += 1
    return total


def _has_fractional_points(profile) -> bool:
    return any(mpq(value).denominator != 1 for ballot in profile for value in ballot.values())


def _names(allocation) -> set[str]:
    return {project.name for project in allocation}
