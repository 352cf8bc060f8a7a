"""Generated elections for the tests: small, with ties on purpose (few distinct costs,
ballots drawn from a small pool so that many voters cast the same one, project ids
whose string order differs from their numeric order)."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import strategies as st

from parlons.budgets.counting import build_election, write_pabulib

PROJECT_IDS = ["1", "2", "9", "10", "11", "a", "B", "p3", "p20", "é"]
COSTS = ["1", "2", "2.5", "3", "5", "5", "10", "10", "20"]
POINTS = ["1", "1", "2", "3", "0.5"]


def _ballot(ids: list[str], vote_type: str):
    items = st.lists(st.sampled_from(ids), unique=True, max_size=len(ids))
    if vote_type in ("approval", "ordinal"):
        return items
    return items.flatmap(
        lambda chosen: st.lists(
            st.sampled_from(POINTS + (["0"] if vote_type == "scoring" else [])),
            min_size=len(chosen),
            max_size=len(chosen),
        ).map(lambda points: list(zip(chosen, points, strict=True)))
    )


@st.composite
def election_texts(
    draw,
    vote_type: str = "approval",
    *,
    max_projects: int = 6,
    max_voters: int = 14,
    free_projects: bool = True,
) -> str:
    """The `.pb` text of a small random election."""
    count = draw(st.integers(1, max_projects))
    ids = draw(st.lists(st.sampled_from(PROJECT_IDS), min_size=count, max_size=count, unique=True))
    costs = draw(
        st.lists(
            st.sampled_from(COSTS + (["0"] if free_projects else [])),
            min_size=count,
            max_size=count,
        )
    )
    total = sum(Fraction(cost) for cost in costs)
    budget = draw(
        st.one_of(
            st.sampled_from(["1", "4", "5", "10", "12.5", "20", "30"]),
            st.just(str(total)),
            st.integers(0, int(total) + 1).map(str),
        )
    )
    pool = draw(st.lists(_ballot(ids, vote_type), min_size=1, max_size=5))
    ballots = draw(st.lists(st.sampled_from(pool), max_size=max_voters))
    meta = {
        "description": "Élection générée",
        "country": "France",
        "unit": "Essai",
        "instance": "2025",
        "budget": budget,
        "vote_type": vote_type,
        "rule": "greedy",
    }
    if vote_type == "ordinal":
        longest = max((len(ballot) for ballot in ballots), default=1)
        meta["max_length"] = str(max(longest, 1))
    if vote_type == "cumulative":
        meta["max_sum_points"] = "10"
    election = build_election(
        meta=meta,
        projects=[
            {"project_id": project_id, "cost": cost, "name": f"Projet {project_id}"}
            for project_id, cost in zip(ids, costs, strict=True)
        ],
        ballots=ballots,
    )
    return write_pabulib(election)
