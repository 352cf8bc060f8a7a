"""A vote read from the database is built from arrays (`build_election_from_entries`):
the same election as `build_election` on the same ballots, ballot for ballot."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parlons.budgets.counting.election import build_election, build_election_from_entries

pytestmark = pytest.mark.engine

PROJECTS = [{"project_id": f"{n:06d}", "cost": str(1000 * (n + 1))} for n in range(6)]


@settings(max_examples=300, deadline=None)
@given(
    vote_type=st.sampled_from(["approval", "cumulative", "ordinal"]),
    ballots=st.lists(
        st.lists(
            st.tuples(st.integers(0, 5), st.integers(1, 4)), max_size=6, unique_by=lambda c: c[0]
        ),
        max_size=30,
    ),
    seed=st.integers(0, 1000),
)
def test_entries_give_the_election_build_election_gives(vote_type, ballots, seed):
    meta = {"budget": "10000", "vote_type": vote_type}
    as_lists = []
    for choices in ballots:
        if vote_type == "cumulative":
            as_lists.append(sorted((f"{p:06d}", points) for p, points in choices))
        elif vote_type == "ordinal":
            ranked = sorted(enumerate(choices), key=lambda item: item[0])
            as_lists.append([f"{p:06d}" for _, (p, _points) in ranked])
        else:
            as_lists.append(sorted(f"{p:06d}" for p, _ in choices))
    expected = build_election(meta=meta, projects=PROJECTS, ballots=sorted(as_lists))
    # Entries in any order (as the database gives them); the rank of an ordinal choice is
    # its position on the ballot.
    rows = [
        (number, project, rank + 1 if vote_type == "ordinal" else points)
        for number, choices in enumerate(ballots)
        for rank, (project, points) in enumerate(choices)
    ]
    np.random.default_rng(seed).shuffle(rows)
    table = np.array(rows, dtype=np.int64).reshape(-1, 3)
    built = build_election_from_entries(
        meta=meta,
        projects=PROJECTS,
        ballot=table[:, 0],
        project=table[:, 1],
        points=table[:, 2],
        num_ballots=len(ballots),
    )
    ours, theirs = built.ballots, expected.ballots
    assert ours.offsets.tolist() == theirs.offsets.tolist()
    assert ours.projects.tolist() == theirs.projects.tolist()
    assert ours.voter_ballot.tolist() == theirs.voter_ballot.tolist()
    assert ours.points_scale == theirs.points_scale
    if theirs.points is None:
        assert ours.points is None
    else:
        assert ours.points.tolist() == theirs.points.tolist()
    assert built.num_voters == len(ballots)
