"""Counting an election with a named rule: the file as it says (one budget, as pabutools
does), or district by district when the caller gives each district its budget."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from fractions import Fraction

from parlons.budgets.counting.election import APPROVAL_LIKE, Election
from parlons.budgets.counting.equal_shares import CARDINALITY, COST, equal_shares
from parlons.budgets.counting.greedy import greedy
from parlons.budgets.counting.numbers import parse_decimal
from parlons.budgets.counting.outcome import RuleOutcome
from parlons.budgets.counting.profile import (
    POINTS,
    VOTES,
    Profile,
    build_profile,
    default_points_per_rank,
)
from parlons.budgets.counting.utilitarian import utilitarian

RULES = (
    "greedy",
    "utilitarian",
    "mes-cost",
    "mes-cardinality",
    "mes-cost-completed",
    "mes-points",
    "mes-points-completed",
)


@dataclass
class DistrictCount:
    name: str | None
    """None when the election is counted as a whole."""
    profile: Profile
    outcome: RuleOutcome

    @property
    def budget(self) -> Fraction:
        return self.profile.budget

    @property
    def total_cost(self) -> Fraction:
        return self.outcome.total_cost(self.profile.costs)


@dataclass
class CountResult:
    rule: str
    election: Election
    measure: str
    districts: list[DistrictCount]
    by_district: bool
    district_budget_source: str | None = None
    """`given` when counted by district (the caller gave each district its budget)."""
    points_per_rank: list[Fraction] | None = None
    min_score: Fraction | None = None
    notes: list[dict] = field(default_factory=list)
    """Facts a reader should know (`explanations` words them): the points per rank used
    and whether they reproduce the file's `score` column, for instance."""

    @property
    def budget(self) -> Fraction:
        return sum((district.budget for district in self.districts), Fraction(0))

    @property
    def total_cost(self) -> Fraction:
        return sum((district.total_cost for district in self.districts), Fraction(0))

    @property
    def selected_ids(self) -> list[str]:
        return [
            district.profile.project_ids[index]
            for district in self.districts
            for index in district.outcome.selected
        ]


def count_election(
    election: Election,
    rule: str,
    *,
    min_score: Fraction | int | None = None,
    points_per_rank: list[Fraction | int] | None = None,
    district_budgets: dict[str, Fraction] | None = None,
) -> CountResult:
    """Count `election` with `rule` (one of RULES).

    `min_score`: projects with fewer votes (or points) are not eligible for greedy; by
    default the file's `min_project_score_threshold`, if any. `points_per_rank`: points of
    the 1st, 2nd... choice of ordinal ballots (default k, k-1, ..., 1).

    The file is counted as it says: one budget, its own, even when its projects name a
    district (pabutools does the same). `district_budgets` (district name → amount) asks
    for a count district by district, each with the amount given: a file does not state
    its districts' budgets, so none is guessed.
    """
    if rule not in RULES:
        raise ValueError(f"règle inconnue « {rule} » : attendu {', '.join(RULES)}")
    notes: list[dict] = []
    measure = _measure_for(election, rule)
    ranks = None
    if (
        measure == POINTS
        and election.vote_type == "ordinal"
        and (points_per_rank is not None or election.ballots.points is None)
    ):
        ranks = [
            Fraction(value) for value in (points_per_rank or default_points_per_rank(election))
        ]
    profile = build_profile(election, measure=measure, points_per_rank=ranks)
    if ranks is not None:
        _check_declared_scores(election, profile, ranks, notes)
    if min_score is None and rule == "greedy":
        min_score = election.meta_number("min_project_score_threshold")
    min_score = Fraction(min_score) if min_score else None

    if district_budgets:
        districts = _district_names(election)
        if not districts:
            raise ValueError(
                "décompte par quartier impossible : les projets de ce fichier n'indiquent pas "
                "tous leur quartier (colonne « district »)"
            )
        budgets, source = _district_budgets(districts, district_budgets)
        counts = []
        for name in sorted(districts, key=_natural_key):
            sub = profile.restricted_to(districts[name], budgets[name])
            counts.append(DistrictCount(name, sub, _apply(rule, sub, min_score)))
        return CountResult(
            rule=rule,
            election=election,
            measure=measure,
            districts=counts,
            by_district=True,
            district_budget_source=source,
            points_per_rank=ranks,
            min_score=min_score,
            notes=notes,
        )
    return CountResult(
        rule=rule,
        election=election,
        measure=measure,
        districts=[DistrictCount(None, profile, _apply(rule, profile, min_score))],
        by_district=False,
        points_per_rank=ranks,
        min_score=min_score,
        notes=notes,
    )


def _measure_for(election: Election, rule: str) -> str:
    if election.vote_type in APPROVAL_LIKE:
        return VOTES
    if rule in ("greedy", "utilitarian", "mes-points", "mes-points-completed"):
        return POINTS
    return VOTES


def _apply(rule: str, profile: Profile, min_score: Fraction | None) -> RuleOutcome:
    if rule == "greedy":
        return greedy(profile, min_score=min_score)
    if rule == "utilitarian":
        return utilitarian(profile)
    if rule == "mes-cost":
        return equal_shares(profile, COST, rule=rule)
    if rule == "mes-cardinality":
        return equal_shares(profile, CARDINALITY, rule=rule)
    if rule == "mes-cost-completed":
        return equal_shares(profile, COST, completed=True, rule=rule)
    if rule == "mes-points":
        return equal_shares(profile, POINTS, rule=rule)
    if rule == "mes-points-completed":
        return equal_shares(profile, POINTS, completed=True, rule=rule)
    raise ValueError(rule)


def _district_names(election: Election) -> dict[str, list[int]] | None:
    """Projects of each district, if every project names one."""
    districts: dict[str, list[int]] = {}
    for index, project in enumerate(election.projects):
        name = project.district
        if name is None:
            return None
        districts.setdefault(name, []).append(index)
    return districts or None


def _district_budgets(
    districts: dict[str, list[int]], given: dict[str, Fraction]
) -> tuple[dict[str, Fraction], str]:
    missing = sorted(set(districts) - set(given), key=_natural_key)
    if missing:
        raise ValueError(f"budget manquant pour le(s) quartier(s) : {', '.join(missing)}")
    unknown = sorted(set(given) - set(districts), key=_natural_key)
    if unknown:
        raise ValueError(
            f"quartier(s) inconnu(s) dans ce fichier : {', '.join(unknown)} "
            f"(quartiers du fichier : {', '.join(sorted(districts, key=_natural_key))})"
        )
    for name, amount in given.items():
        if amount <= 0:
            raise ValueError(f"le budget du quartier {name} doit être positif")
    return {name: Fraction(given[name]) for name in districts}, "given"


def _natural_key(text: str) -> list:
    return [int(part) if part.isdigit() else part.lower() for part in re.split(r"(\d+)", text)]


def _check_declared_scores(
    election: Election, profile: Profile, ranks: list[Fraction], notes: list[dict]
) -> None:
    """Say so when the points per rank do not reproduce the file's own `score` column."""
    declared = [project.fields.get("score") for project in election.projects]
    if not any(value not in (None, "") for value in declared):
        return
    computed = profile.scores()
    differing = 0
    for value, mine in zip(declared, computed, strict=True):
        try:
            if value not in (None, "") and parse_decimal(value) != mine:
                differing += 1
        except ValueError:
            differing += 1
    notes.append({"kind": "points_per_rank", "ranks": list(ranks), "differing": differing})
