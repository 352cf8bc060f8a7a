"""Writing pabulib files: what is written reads back the same (here and in pabutools),
and no voter identity leaves Parlons."""

from collections import Counter
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parlons.budgets.counting import (
    build_election,
    count_election,
    parse_pabulib,
    read_pabulib,
    write_pabulib,
)
from parlons.budgets.counting.pabulib import format_exact
from parlons.budgets.tests.counting import pabutools_oracle as oracle
from parlons.budgets.tests.counting.elections import election_texts

pytestmark = pytest.mark.engine

DATA = Path(__file__).resolve().parents[4] / ".." / "shared" / "data" / "pabulib"


def ballot_multiset(election) -> Counter:
    ids = [project.project_id for project in election.projects]
    ballots = Counter()
    for voter in range(election.num_voters):
        entries = tuple(ids[i] for i in election.ballots.ballot(voter))
        points = election.ballots.ballot_points(voter)
        ballots[(entries, tuple(points) if points is not None else None)] += 1
    return ballots


def assert_same_election(first, second):
    assert {k: v for k, v in first.meta.items() if k not in ("num_votes", "num_projects")} == {
        k: v for k, v in second.meta.items() if k not in ("num_votes", "num_projects")
    }
    assert [(p.project_id, p.cost, p.fields) for p in first.projects] == [
        (p.project_id, p.cost, p.fields) for p in second.projects
    ]
    assert ballot_multiset(first) == ballot_multiset(second)


@settings(max_examples=200, deadline=None)
@given(data=st.data(), vote_type=st.sampled_from(["approval", "ordinal", "cumulative", "scoring"]))
def test_written_elections_read_back_identical_here_and_in_pabutools(data, vote_type):
    election = parse_pabulib(data.draw(election_texts(vote_type)))
    text = write_pabulib(election)
    again = parse_pabulib(text)
    assert_same_election(election, again)
    assert write_pabulib(again) == text
    instance, profile = oracle.parse(text)
    assert sorted(project.name for project in instance) == sorted(
        project.project_id for project in election.projects
    )
    assert profile.num_ballots() == election.num_voters


def test_real_files_round_trip_with_the_same_results():
    if not DATA.is_dir():
        pytest.skip(f"données réelles absentes ({DATA})")
    for path in sorted(DATA.glob("*.pb")):
        election = read_pabulib(path)
        again = parse_pabulib(
            write_pabulib(
                election, voter_fields=["age", "sex"] if "age" in election.voter_fields else []
            )
        )
        assert_same_election(election, again)
        assert again.warnings == []
        for rule in ("greedy", "mes-cost"):
            assert (
                count_election(again, rule).selected_ids
                == count_election(election, rule).selected_ids
            )


def test_no_voter_identity_is_written_and_ballot_order_reveals_nothing():
    def election(order):
        ballots = [["a"], ["b", "a"], ["b"], ["a"]]
        return build_election(
            meta={"budget": 10, "vote_type": "approval", "unit": "Essai"},
            projects=[{"project_id": "a", "cost": 4}, {"project_id": "b", "cost": 7}],
            ballots=[ballots[i] for i in order],
        )

    first = write_pabulib(election([0, 1, 2, 3]))
    assert write_pabulib(election([3, 2, 1, 0])) == first
    votes = first.split("VOTES\n", 1)[1].splitlines()
    assert votes == ["voter_id;vote", "1;a", "2;a", "3;b", "4;b,a"]

    read = parse_pabulib(APPROVAL_WITH_VOTERS)
    written = write_pabulib(read)
    assert "v-secret" not in written and "34" not in written.split("VOTES", 1)[1]
    assert "age" not in written.split("VOTES", 1)[1]
    with_age = write_pabulib(read, voter_fields=["age", "voter_id"])
    assert with_age.split("VOTES\n", 1)[1].splitlines()[0] == "voter_id;vote;age"
    assert "v-secret" not in with_age
    with pytest.raises(ValueError, match="inconnues"):
        write_pabulib(read, voter_fields=["revenu"])


APPROVAL_WITH_VOTERS = (
    "META\nkey;value\nbudget;10\nvote_type;approval\nPROJECTS\nproject_id;cost;name\n"
    'a;4;"Parc; jardin"\nb;7;Piste\nVOTES\nvoter_id;vote;age\nv-secret;a,b;34\nv-2;b;51\n'
)


def test_meta_counts_are_updated_and_mandatory_keys_present():
    election = build_election(
        meta={"budget": "12.5", "vote_type": "cumulative"},
        projects=[{"project_id": "x", "cost": "2.5"}],
        ballots=[[("x", Fraction(1, 3))], []],
    )
    text = write_pabulib(election)
    meta = dict(line.split(";", 1) for line in text.split("PROJECTS")[0].splitlines()[2:])
    assert meta["num_projects"] == "1" and meta["num_votes"] == "2"
    assert {"description", "country", "unit", "instance"} <= set(meta)
    assert text.endswith("voter_id;vote;points\n1;;None\n2;x;1/3\n")
    assert parse_pabulib(text).ballots.ballot_points(1) == [Fraction(1, 3)]


@pytest.mark.parametrize(
    ("value", "text"),
    [(4000, "4000"), (Fraction(5, 2), "2.5"), (Fraction(-1, 8), "-0.125"), (Fraction(1, 3), "1/3")],
)
def test_numbers_are_written_exactly(value, text):
    assert format_exact(value) == text


def test_a_project_id_with_a_comma_cannot_be_written():
    election = build_election(
        meta={"budget": 10, "vote_type": "approval"},
        projects=[{"project_id": "a,b", "cost": 1}],
        ballots=[],
    )
    with pytest.raises(ValueError, match="virgule"):
        write_pabulib(election)
