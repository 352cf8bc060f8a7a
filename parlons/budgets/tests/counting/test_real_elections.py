"""Real elections from pabulib (Toulouse 2022, Kraków 2024): the same selected projects as
pabutools for every rule, and the city's own `selected` column where the file has one.

Kraków is large for pabutools; it is parsed once per module. Its slowest comparison,
equal shares with completion (two minutes of pabutools), runs in `bench/budgets.py`,
which compares every rule on every file of the data folder.
"""

from fractions import Fraction
from pathlib import Path

import pytest

from parlons.budgets.counting import RULES, count_election, read_pabulib
from parlons.budgets.tests.counting import pabutools_oracle as oracle

pytestmark = [
    pytest.mark.engine,
    pytest.mark.filterwarnings("ignore::DeprecationWarning"),
]

DATA = Path(__file__).resolve().parents[4] / ".." / "shared" / "data" / "pabulib"
TOULOUSE = DATA / "France_Toulouse_2022.pb"
SAINT_CYPRIEN = DATA / "France_Toulouse_2022_6_-_Saint-Cyprien.pb"
KRAKOW = DATA / "Poland_Krakow_2024.pb"
APPROVAL_RULES = [rule for rule in RULES if rule != "utilitarian"]


def needed(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"données réelles absentes ({path})")
    return path


@pytest.fixture(scope="module")
def saint_cyprien():
    path = needed(SAINT_CYPRIEN)
    return read_pabulib(path), oracle.parse(path.read_text(encoding="utf-8-sig"))


@pytest.fixture(scope="module")
def toulouse():
    path = needed(TOULOUSE)
    return read_pabulib(path), oracle.parse(path.read_text(encoding="utf-8-sig"))


@pytest.fixture(scope="module")
def krakow():
    path = needed(KRAKOW)
    return read_pabulib(path), oracle.parse(path.read_text(encoding="utf-8-sig"))


@pytest.mark.parametrize("rule", APPROVAL_RULES)
def test_saint_cyprien_matches_pabutools(saint_cyprien, rule):
    election, (instance, profile) = saint_cyprien
    assert set(count_election(election, rule).selected_ids) == oracle.select(
        instance, profile, rule
    )


def test_utilitarian_matches_pabutools_on_saint_cyprien(saint_cyprien):
    election, (instance, profile) = saint_cyprien
    ours = set(count_election(election, "utilitarian").selected_ids)
    theirs = oracle.select(instance, profile, "utilitarian")
    assert oracle.utilitarian_welfare(instance, profile, ours) == oracle.utilitarian_welfare(
        instance, profile, theirs
    )
    assert ours == theirs


def by_district(election):
    """Toulouse gave each of its 20 districts 400,000 € (the file states only the total)."""
    return {project.district: Fraction(400_000) for project in election.projects}


def test_toulouse_is_counted_as_the_file_says_unless_district_budgets_are_given(toulouse):
    election, _ = toulouse
    assert not count_election(election, "greedy").by_district
    result = count_election(election, "greedy", district_budgets=by_district(election))
    assert result.by_district and len(result.districts) == 20
    assert {district.budget for district in result.districts} == {Fraction(400_000)}
    assert result.budget == election.budget == 8_000_000


@pytest.mark.parametrize("rule", [*APPROVAL_RULES, "utilitarian"])
def test_toulouse_saint_cyprien_district_counts_as_its_own_file(toulouse, saint_cyprien, rule):
    city, _ = toulouse
    district_file, _ = saint_cyprien
    result = count_election(city, rule, district_budgets=by_district(city))
    district = next(d for d in result.districts if d.name == "6 - Saint-Cyprien")
    selected = [district.profile.project_ids[i] for i in district.outcome.selected]
    assert selected == count_election(district_file, rule).selected_ids


@pytest.mark.parametrize("rule", APPROVAL_RULES)
def test_toulouse_districts_match_pabutools(toulouse, rule):
    election, (instance, profile) = toulouse
    result = count_election(election, rule, district_budgets=by_district(election))
    districts = result.districts
    if rule.endswith("-completed"):
        # pabutools needs 1 to 2 s per district with completion: one district in four.
        districts = districts[::4]
    for district in districts:
        names = set(district.profile.project_ids)
        sub_instance, sub_profile = oracle.restricted(instance, profile, names, district.budget)
        ours = {district.profile.project_ids[i] for i in district.outcome.selected}
        assert ours == oracle.select(sub_instance, sub_profile, rule), district.name


def test_toulouse_districts_utilitarian_reaches_pabutools_total_and_breaks_ties_cheaper(toulouse):
    election, (instance, profile) = toulouse
    result = count_election(election, "utilitarian", district_budgets=by_district(election))
    differing = []
    for district in result.districts:
        sub_instance, sub_profile = oracle.restricted(
            instance, profile, set(district.profile.project_ids), district.budget
        )
        ours = {district.profile.project_ids[i] for i in district.outcome.selected}
        theirs = oracle.select(sub_instance, sub_profile, "utilitarian")
        assert oracle.utilitarian_welfare(sub_instance, sub_profile, ours) == (
            oracle.utilitarian_welfare(sub_instance, sub_profile, theirs)
        ), district.name
        if ours != theirs:
            cost = {project.name: project.cost for project in sub_instance}
            assert sum(cost[p] for p in ours) <= sum(cost[p] for p in theirs)
            differing.append(district.name)
    # One district has two combinations with 303 votes: 375,000 € (Parlons) and 399,000
    # EUR (pabutools, whose choice among equals depends on its solver).
    assert len(differing) <= 1


@pytest.mark.parametrize("rule", ["greedy", "mes-cost", "mes-cardinality"])
def test_toulouse_counted_city_wide_matches_pabutools(toulouse, rule):
    election, (instance, profile) = toulouse
    ours = set(count_election(election, rule).selected_ids)
    assert ours == oracle.select(instance, profile, rule)


def test_toulouse_files_have_no_selected_column_to_compare_with(toulouse, saint_cyprien):
    # Toulouse's pabulib files do not say which projects the city funded: nothing to compare.
    for election, _ in (toulouse, saint_cyprien):
        assert all(project.selected is None for project in election.projects)


def test_krakow_greedy_with_3_2_1_points_is_the_city_result(krakow):
    election, _ = krakow
    result = count_election(election, "greedy")
    assert set(result.selected_ids) == {p.project_id for p in election.projects if p.selected == 1}
    assert result.notes == [{"kind": "points_per_rank", "ranks": [3, 2, 1], "differing": 0}]


def test_krakow_greedy_by_points_matches_pabutools(krakow):
    election, (instance, profile) = krakow
    ours = set(count_election(election, "greedy").selected_ids)
    assert ours == oracle.select(instance, profile, "greedy", points_per_rank=[3, 2, 1])


def test_krakow_utilitarian_matches_pabutools(krakow):
    election, (instance, profile) = krakow
    ours = set(count_election(election, "utilitarian").selected_ids)
    theirs = oracle.select(instance, profile, "utilitarian", points_per_rank=[3, 2, 1])
    assert oracle.utilitarian_welfare(
        instance, profile, ours, points_per_rank=[3, 2, 1]
    ) == oracle.utilitarian_welfare(instance, profile, theirs, points_per_rank=[3, 2, 1])
