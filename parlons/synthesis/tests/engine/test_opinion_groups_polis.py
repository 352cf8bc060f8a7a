"""Opinion groups against Pol.is' own results on real conversations (../shared/data/polis).

Two kinds of reference:
- reddwarf_fixtures/*/math-pca2.json: the Pol.is server's full output (PCA,
  base clusters, groups, representative comments, consensus);
- <conversation>/participants-votes.csv: the group Pol.is gave each participant
  in the open-data export (and, for bg2050, comments.csv's group-informed consensus).

Pol.is updates its clusters every few votes, starting each update from the
previous one, and keeps no trace of that history in its exports. From Pol.is'
own base clusters we reproduce everything exactly; from the votes alone (a cold
start, as Pol.is does for a new or recomputed conversation), groups match on
the conversations whose groups do not depend on that history (see
docs/decisions/0302-opinion-groups.md for the measurements).
"""

import csv
import json
from functools import cache
from pathlib import Path

import numpy as np
import pytest
from sklearn.metrics import adjusted_rand_score

from parlons.synthesis.engine.opinion_groups import (
    OpinionGroupParameters,
    OpinionGroupState,
    find_opinion_groups,
    read_comments,
    read_votes,
)

POLIS = Path(__file__).resolve().parents[4] / ".." / "shared" / "data" / "polis"

pytestmark = [
    pytest.mark.engine,
    pytest.mark.skipif(not POLIS.is_dir(), reason=f"real Pol.is data absent ({POLIS})"),
]

FIXTURES = [
    "below-100-ptpts",
    "25ptpt-3gp-no-strict-with-meta",
    "50ptpt-3gp-strict-no-meta",
    "150ptpt-3gp-no-strict-no-meta",
    "above-100-ptpts",
]
OPEN_DATA = [
    "15-per-hour-seattle",
    "bg2050-volunteers",
    "canadian-electoral-reform",
    "scoop-hivemind.biodiversity",
    "vtaiwan.uberx",
]
# The stable grouping (consensus.py) is not Pol.is': these comparisons leave it out.
POLIS_METHOD = OpinionGroupParameters(stable_runs=0)
HISTORY = "Pol.is' groups here come from its update history, not from the votes alone: "
# Measured (docs/decisions/0302-opinion-groups.md): restarts of the group k-means or of the
# base clusters, and replays of the votes at several cadences, fix some of these only by
# breaking passing ones or by depending on the random seed; the cold start stays.
COLD_START_MISSES = {
    "25ptpt-3gp-no-strict-with-meta": HISTORY
    + "its base-cluster ids (1..28 for 27 people) show earlier splits; ARI 0.63 "
    "(0.63 too with restarts or a replay); the order check finds these groups in 4 of 20 reruns",
    "15-per-hour-seattle": HISTORY + "a 2014 conversation; ARI 0.50 (0.88 with an hourly "
    "replay, which breaks bg2050), and its groups are a stable solution of our method "
    "(test_polis_groups_are_a_stable_solution_of_our_method); order check: 1 of 20 reruns",
    "canadian-electoral-reform": HISTORY + "the cold start lands on a poorer 2-group split "
    "(silhouette 0.27 against Pol.is' 0.67) and picks 3 groups; ARI 0.17 (0.93 with group "
    "restarts, which break 5 passing cases; 0.96 with an hourly replay, which breaks bg2050); "
    "order check: 0 of 20 reruns",
    "vtaiwan.uberx": "ARI 0.89: 1,219 people fall into 100 base clusters that differ from "
    "the ones Pol.is grew over time, which moves a few boundary clusters (base restarts: "
    "0.94, 0.89 or 0.83 depending on the seed; Pol.is' poll order gives 0.93 but breaks 3 "
    "fixtures); order check: 6 of 20 reruns",
}


@cache
def conversation(name: str) -> dict:
    """Votes in casting order, withdrawn comments, and Pol.is' groups {participant: group}."""
    if name in FIXTURES:
        folder = POLIS / "reddwarf_fixtures" / name
        math = json.loads((folder / "math-pca2.json").read_text())
        votes = json.loads((folder / "votes.json").read_text())
        voter, comment = ("pid", "tid") if "pid" in votes[0] else ("participant_id", "statement_id")
        votes.sort(key=lambda vote: float(vote["modified"]))
        base = dict(zip(math["base-clusters"]["id"], math["base-clusters"]["members"], strict=True))
        return {
            "records": [(v[voter], v[comment], v["vote"]) for v in votes],
            "withdrawn": math["mod-out"],
            "groups": {
                p: g["id"] for g in math["group-clusters"] for b in g["members"] for p in base[b]
            },
            "math": math,
        }
    folder = POLIS / name
    with (folder / "votes.csv").open(encoding="utf-8", newline="") as stream:
        records = read_votes(stream)
    with (folder / "comments.csv").open(encoding="utf-8", newline="") as stream:
        comments = read_comments(stream)
    with (folder / "participants-votes.csv").open(encoding="utf-8", newline="") as stream:
        groups = {
            int(row["participant"]): int(row["group-id"])
            for row in csv.DictReader(stream)
            if row["group-id"]
        }
    return {"records": records, "withdrawn": comments.withdrawn, "groups": groups, "math": None}


def agreement(polis_groups: dict, ours: dict) -> float:
    people = sorted(polis_groups)
    return adjusted_rand_score([polis_groups[p] for p in people], [ours.get(p, -1) for p in people])


# 50ptpt-3gp-strict-no-meta is left out here: its votes.json lacks the four votes of
# participant 50 that Pol.is counted (math-pca2.json, user-vote-counts), so the means differ.
@pytest.mark.parametrize("name", [n for n in FIXTURES if n != "50ptpt-3gp-strict-no-meta"])
def test_positions_match_polis(name):
    data = conversation(name)
    math = data["math"]

    result = find_opinion_groups(
        data["records"], withdrawn_comments=data["withdrawn"], parameters=POLIS_METHOD
    )

    column = {comment: i for i, comment in enumerate(result.comment_ids)}
    order = [column[tid] for tid in math["tids"]]
    # Pol.is computes with agree = -1 internally and exports agree = 1: centres change sign.
    assert np.allclose(_mean_votes(data, math["tids"]), -np.asarray(math["pca"]["center"]))
    components = np.asarray(result.state.components)[:, order]
    for ours, theirs in zip(components, math["pca"]["comps"], strict=True):
        assert abs(ours @ np.asarray(theirs)) == pytest.approx(1.0, abs=1e-9)

    row = {voter: i for i, voter in enumerate(result.voter_ids)}
    base = math["base-clusters"]
    theirs = np.column_stack([base["x"], base["y"]])
    ours = np.array(
        [result.positions[[row[p] for p in members]].mean(0) for members in base["members"]]
    )
    signs = np.sign((ours * theirs).sum(0))
    assert np.allclose(ours * signs, theirs, atol=1e-8)


def _mean_votes(data, comments) -> np.ndarray:
    """Mean of the latest votes on each comment; 0 for withdrawn ones (Pol.is zeroes them)."""
    latest = {(voter, comment): vote for voter, comment, vote in data["records"]}
    means = []
    for comment in comments:
        votes = [vote for (_, voted), vote in latest.items() if voted == comment]
        means.append(0.0 if comment in data["withdrawn"] else np.mean(votes))
    return np.array(means)


@pytest.mark.parametrize("name", FIXTURES)
def test_from_polis_base_clusters_groups_and_statements_are_polis_own(name):
    data = conversation(name)
    math = data["math"]
    base = math["base-clusters"]
    previous = OpinionGroupState(
        placed_voters=math["in-conv"],
        base_clusters=list(zip(base["id"], base["members"], strict=True)),
    )

    result = find_opinion_groups(
        data["records"],
        withdrawn_comments=data["withdrawn"],
        previous=previous,
        parameters=POLIS_METHOD,
    )

    assert result.groups == data["groups"]
    for gid, statements in math["repness"].items():
        ours = result.representative[int(gid)]
        assert [(s.comment, s.direction) for s in ours] == [
            (s["tid"], s["repful-for"]) for s in statements
        ]
        for mine, theirs in zip(ours, statements, strict=True):
            assert (mine.n_success, mine.n_trials) == (theirs["n-success"], theirs["n-trials"])
            assert mine.p_test == pytest.approx(theirs["p-test"])
            assert mine.repness == pytest.approx(theirs["repness"])
            assert mine.best_agree == theirs.get("best-agree", False)
    for direction, ours in (
        ("agree", result.consensus_agree),
        ("disagree", result.consensus_disagree),
    ):
        theirs = math["consensus"][direction]
        assert [(c.comment, c.n_success, c.n_trials) for c in ours] == [
            (c["tid"], c["n-success"], c["n-trials"]) for c in theirs
        ]
    informed = dict(zip(result.comment_ids, result.informed_consensus_agree, strict=True))
    for tid, value in math["group-aware-consensus"].items():
        assert informed[int(tid)] == pytest.approx(value, abs=1e-12)


def _cold_start_case(name):
    marks = []
    if name in COLD_START_MISSES:
        marks = [pytest.mark.xfail(strict=True, reason=COLD_START_MISSES[name])]
    return pytest.param(name, marks=marks, id=name)


@pytest.mark.parametrize("name", [_cold_start_case(n) for n in FIXTURES + OPEN_DATA])
def test_from_the_votes_alone_groups_match_polis(name):
    data = conversation(name)
    polis_groups = data["groups"]

    result = find_opinion_groups(
        data["records"],
        withdrawn_comments=data["withdrawn"],
        always_place=polis_groups,
        parameters=POLIS_METHOD,
    )

    assert len(result.group_ids) == len(set(polis_groups.values()))
    assert agreement(polis_groups, result.groups) >= 0.9


@pytest.mark.parametrize("name", FIXTURES + OPEN_DATA)
def test_where_the_reruns_call_the_groups_firm_they_are_polis_own(name):
    """The order check tells staff when groups may be history: every miss is flagged fragile."""
    data = conversation(name)
    polis_groups = data["groups"]

    result = find_opinion_groups(
        data["records"],
        withdrawn_comments=data["withdrawn"],
        always_place=polis_groups,
        parameters=POLIS_METHOD,
    )

    matches = (
        len(result.group_ids) == len(set(polis_groups.values()))
        and agreement(polis_groups, result.groups) >= 0.9
    )
    if result.stability.share >= 0.5:
        assert matches
    if not matches:
        assert result.stability.share < 0.5


@pytest.mark.parametrize("name", ["15-per-hour-seattle", "canadian-electoral-reform"])
def test_polis_groups_are_a_stable_solution_of_our_method(name):
    """Started from Pol.is' groups, our clustering keeps them: the gap is the start, not the method."""
    data = conversation(name)
    polis_groups = data["groups"]
    cold = find_opinion_groups(
        data["records"],
        withdrawn_comments=data["withdrawn"],
        always_place=polis_groups,
        parameters=POLIS_METHOD,
    )
    k = len(set(polis_groups.values()))
    by_group: dict[int, list] = {}
    for base_id, members in cold.state.base_clusters:
        votes = np.bincount([polis_groups[m] for m in members], minlength=k)
        by_group.setdefault(int(votes.argmax()), []).append(base_id)
    previous = OpinionGroupState(
        placed_voters=list(polis_groups),
        base_clusters=cold.state.base_clusters,
        group_clusterings={k: sorted(by_group.items())},
        k_smoother={"last_k": k, "last_k_count": 1, "smoothed_k": k},
    )

    result = find_opinion_groups(
        data["records"],
        withdrawn_comments=data["withdrawn"],
        previous=previous,
        parameters=POLIS_METHOD,
    )

    assert len(result.group_ids) == k
    assert result.state.k_smoother["last_k"] == k  # the silhouette now prefers Pol.is' k too
    assert agreement(polis_groups, result.groups) >= 0.9


def test_group_informed_consensus_matches_the_polis_export():
    data = conversation("bg2050-volunteers")
    result = find_opinion_groups(
        data["records"],
        withdrawn_comments=data["withdrawn"],
        always_place=data["groups"],
        parameters=POLIS_METHOD,
    )
    informed = dict(zip(result.comment_ids, result.informed_consensus_agree, strict=True))

    with (POLIS / "bg2050-volunteers" / "comments.csv").open(encoding="utf-8", newline="") as f:
        exported = {
            int(row["comment-id"]): float(row["group-informed-consensus"])
            for row in csv.DictReader(f)
            if row["group-informed-consensus"]
        }

    assert len(exported) > 300
    assert all(informed[c] == pytest.approx(value, abs=1e-12) for c, value in exported.items())


@pytest.mark.parametrize("name", OPEN_DATA)
def test_the_people_placed_are_those_polis_placed(name):
    data = conversation(name)

    result = find_opinion_groups(
        data["records"], withdrawn_comments=data["withdrawn"], parameters=POLIS_METHOD
    )

    # Pol.is also keeps people placed in earlier updates, when fewer than 7 comments existed.
    placed, theirs = set(result.groups), set(data["groups"])
    assert placed <= theirs
    assert len(placed) >= 0.99 * len(theirs)
