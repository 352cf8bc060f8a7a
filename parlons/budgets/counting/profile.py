"""What a counting rule sees: projects with costs, a budget, and distinct ballots with the
points each gives to its projects (1 per project for a plain vote), exact integers.

Ordinal ballots become points here (points per rank, 3/2/1 in Kraków 2024), and a
city-wide election becomes one profile per district (`restricted_to`).
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from parlons.budgets.counting.election import APPROVAL_LIKE, Election
from parlons.budgets.counting.numbers import common_scale

VOTES = "votes"
POINTS = "points"


@dataclass
class Profile:
    project_ids: list[str]
    costs: list[Fraction]
    budget: Fraction
    offsets: np.ndarray
    """Row b of the distinct ballots lists entries offsets[b]:offsets[b + 1]."""
    projects: np.ndarray
    """Project index (in this profile) of every entry (int64)."""
    points: np.ndarray
    """Points of every entry, multiplied by `points_scale` (int64); 1 for a plain vote."""
    points_scale: int
    multiplicity: np.ndarray
    """How many voters cast each distinct ballot (int64)."""
    measure: str
    """`votes` (each listed project counts one) or `points`."""
    source_index: list[int]
    """Index of each project in the election it comes from."""

    @property
    def num_projects(self) -> int:
        return len(self.project_ids)

    @property
    def num_voters(self) -> int:
        return int(self.multiplicity.sum())

    def entry_rows(self) -> np.ndarray:
        """For every entry, the distinct ballot it belongs to (computed once)."""
        rows = self.__dict__.get("_entry_rows")
        if rows is None:
            rows = np.repeat(
                np.arange(len(self.offsets) - 1, dtype=np.int64), np.diff(self.offsets)
            )
            self.__dict__["_entry_rows"] = rows
        return rows

    def entry_weights(self) -> np.ndarray:
        """Multiplicity of the ballot each entry belongs to (computed once)."""
        weights = self.__dict__.get("_entry_weights")
        if weights is None:
            weights = self.__dict__["_entry_weights"] = self.multiplicity[self.entry_rows()]
        return weights

    def supporters(self) -> list[int]:
        """Voters listing each project (presence, whatever the points)."""
        counts = np.zeros(self.num_projects, dtype=np.int64)
        np.add.at(counts, self.projects, self.entry_weights())
        return counts.tolist()

    def scores(self) -> list[Fraction]:
        """Total votes or points of each project, exact."""
        return [Fraction(value, self.points_scale) for value in self.scaled_scores()]

    def scaled_scores(self) -> list[int]:
        """Total votes or points of each project, times `points_scale` (exact integers,
        computed once)."""
        scores = self.__dict__.get("_scaled_scores")
        if scores is None:
            scores = self.__dict__["_scaled_scores"] = _exact_weighted_sums(
                self.projects, self.points, self.entry_weights(), self.num_projects
            )
        return list(scores)

    def restricted_to(self, project_indices: list[int], budget: Fraction) -> Profile:
        """The same election on some projects only, with their own budget: the voters are
        those whose ballot lists at least one of them (a district's own count)."""
        keep_project = np.full(self.num_projects, -1, dtype=np.int64)
        keep_project[project_indices] = np.arange(len(project_indices), dtype=np.int64)
        mapped = keep_project[self.projects]
        kept = mapped >= 0
        rows = self.entry_rows()[kept]
        counts = np.bincount(rows, minlength=len(self.offsets) - 1)
        non_empty = counts > 0
        offsets = np.zeros(int(non_empty.sum()) + 1, dtype=np.int64)
        np.cumsum(counts[non_empty], out=offsets[1:])
        return Profile(
            project_ids=[self.project_ids[i] for i in project_indices],
            costs=[self.costs[i] for i in project_indices],
            budget=budget,
            offsets=offsets,
            projects=mapped[kept],
            points=self.points[kept],
            points_scale=self.points_scale,
            multiplicity=self.multiplicity[non_empty],
            measure=self.measure,
            source_index=[self.source_index[i] for i in project_indices],
        )


def _exact_weighted_sums(
    projects: np.ndarray, points: np.ndarray, weights: np.ndarray, count: int
) -> list[int]:
    products = points * weights
    if len(products) and int(np.abs(products).max()) * max(len(products), 1) < 2**53:
        # Sums of integers below 2**53 are exact in floating point.
        totals = np.bincount(projects, weights=products, minlength=count)
        return [int(value) for value in totals]
    if len(products) and int(np.abs(products).max()) * max(len(products), 1) < 2**62:
        totals = np.zeros(count, dtype=np.int64)
        np.add.at(totals, projects, products)
        return [int(value) for value in totals]
    totals_exact = [0] * count
    for project, point, weight in zip(
        projects.tolist(), points.tolist(), weights.tolist(), strict=True
    ):
        totals_exact[project] += point * weight
    return totals_exact


def default_points_per_rank(election: Election) -> list[int]:
    """Points for the 1st, 2nd... choice of an ordinal ballot when the file does not say:
    k, k-1, ..., 1 with k the longest ballot allowed (3/2/1 in Kraków 2024)."""
    longest = election.meta_int("max_length")
    if longest is None or longest <= 0:
        lengths = np.diff(election.ballots.offsets)
        longest = int(lengths.max()) if len(lengths) else 1
    return list(range(longest, 0, -1))


def natural_measure(election: Election) -> str:
    return VOTES if election.vote_type in APPROVAL_LIKE else POINTS


def build_profile(
    election: Election,
    *,
    measure: str | None = None,
    points_per_rank: list[Fraction] | None = None,
) -> Profile:
    """The profile of an election, counting votes or points."""
    measure = measure or natural_measure(election)
    ballots = election.ballots
    projects = ballots.projects.astype(np.int64)
    multiplicity = ballots.multiplicity()
    if measure == VOTES or election.vote_type in APPROVAL_LIKE:
        points = np.ones(len(projects), dtype=np.int64)
        scale = 1
    elif ballots.points is not None and points_per_rank is None:
        points, scale = ballots.points, ballots.points_scale
    else:
        ranks = points_per_rank or default_points_per_rank(election)
        fractions = [Fraction(value) for value in ranks]
        scale = common_scale(fractions)
        table = np.array([int(value * scale) for value in fractions] + [0], dtype=np.int64)
        rank = np.minimum(ballots.rank_of_entries(), len(fractions))
        points = table[rank]
    return Profile(
        project_ids=[project.project_id for project in election.projects],
        costs=[project.cost for project in election.projects],
        budget=election.budget,
        offsets=ballots.offsets.astype(np.int64),
        projects=projects,
        points=points.astype(np.int64),
        points_scale=scale,
        multiplicity=multiplicity,
        measure=measure,
        source_index=list(range(len(election.projects))),
    )
