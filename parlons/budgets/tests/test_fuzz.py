"""Fuzzing the pabulib reader: any damaged file is read (and counted, as count_budget does), or
refused with a located PabulibError."""

from pathlib import Path

import pytest
from hypothesis import given

from parlons.budgets.counting import (
    PabulibError,
    count_election,
    explain_result,
    parse_pabulib,
    result_as_json,
    result_as_text,
)
from parlons.core.tests.fuzzing import corpus, damaged, fuzz_settings

pytestmark = pytest.mark.fuzz

SEEDS = corpus(Path(__file__).parent / "fuzz_corpus")
PIECES = [
    b"META\n", b"PROJECTS\n", b"VOTES\n", b"key;value\n", b"vote_type;", b"cumulative",
    b"scoring", b"ordinal", b"approval", b"budget;", b"project_id;cost", b"voter_id;vote;points",
    b"points", b"1,1", b",,", b"1,2,3", b";None", b"-0.5", b"+2", b"4000,50",
]  # fmt: skip


def check_pabulib(data: bytes) -> None:
    """Read, or refused with a located PabulibError; what is read is consistent."""
    try:
        election = parse_pabulib(data)
    except PabulibError as error:
        assert error.message
        assert error.line is None or error.line >= 1
        assert error.column is None or error.column >= 1
        return
    assert election.budget >= 0
    assert all(project.cost >= 0 for project in election.projects)
    assert election.num_voters >= 0
    if election.vote_type == "cumulative" and election.ballots.points is not None:
        assert (election.ballots.points >= 0).all()
    election.vote_counts()
    # What count_budget then does with it (greedy: the rule that is cheap on any file).
    result = count_election(election, "greedy")
    explanations = explain_result(result)
    result_as_text(result, explanations, source="fuzz.pb")
    result_as_json(result, explanations)


@fuzz_settings()
@given(damaged(SEEDS, PIECES))
def test_any_damaged_pabulib_file_is_read_or_refused_with_a_located_error(data):
    check_pabulib(data)
