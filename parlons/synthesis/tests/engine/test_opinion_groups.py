"""Opinion groups (Pol.is method) on generated votes: behaviour, edge cases, building blocks."""

import io
from collections import Counter

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.metrics import adjusted_rand_score

from parlons.synthesis.engine.opinion_groups import (
    ExportError,
    OpinionGroupParameters,
    OpinionGroupState,
    VoteError,
    VoteTable,
    as_french_text,
    find_opinion_groups,
    projection,
    read_comments,
    read_votes,
)
from parlons.synthesis.engine.opinion_groups import kmeans as polis_kmeans
from parlons.synthesis.engine.opinion_groups.representative import (
    proportion_test,
    two_proportion_test,
)

pytestmark = pytest.mark.engine


def planted_votes(sizes=(60, 40, 30), n_comments=30, per_voter=20, seed=1):
    """Voters of planted groups; each group agrees with a comment with probability 0.9 or 0.1."""
    rng = np.random.default_rng(seed)
    stance = rng.choice([0.9, 0.1], size=(len(sizes), n_comments))
    stance[:, :4] = 0.9  # everyone agrees with the first four comments
    alike = np.flatnonzero(np.all(stance[:, 4:] == stance[0, 4:], axis=0)) + 4
    stance[0, alike] = 1.0 - stance[0, alike]  # the others divide at least two groups
    truth, records = {}, []
    voter = 0
    for group, size in enumerate(sizes):
        for _ in range(size):
            truth[f"v{voter}"] = group
            for comment in rng.choice(n_comments, per_voter, replace=False):
                vote = 1 if rng.random() < stance[group, comment] else -1
                records.append((f"v{voter}", f"c{comment}", vote))
            voter += 1
    order = rng.permutation(len(records))
    return [records[i] for i in order], truth, stance


def test_planted_groups_are_recovered():
    records, truth, _ = planted_votes()

    result = find_opinion_groups(records)

    assert len(result.group_ids) == 3
    voters = sorted(truth)
    found = result.groups
    assert adjusted_rand_score([truth[v] for v in voters], [found[v] for v in voters]) >= 0.95


def test_representative_comments_follow_each_planted_stance():
    records, truth, stance = planted_votes()
    result = find_opinion_groups(records)
    planted_of = {
        gid: Counter(truth[v] for v, g in result.groups.items() if g == gid).most_common(1)[0][0]
        for gid in result.group_ids
    }

    for gid, items in result.representative.items():
        assert items, f"group {gid} has no representative comment"
        planted = planted_of[gid]
        for item in items:
            comment = int(item.comment[1:])
            expected = "agree" if stance[planted, comment] > 0.5 else "disagree"
            assert item.direction == expected
            others = np.delete(stance[:, comment], planted)
            assert (others != stance[planted, comment]).any()


def test_consensus_leads_with_what_every_group_agrees_with():
    records, _, _ = planted_votes()

    result = find_opinion_groups(records)

    # Pol.is' consensus is an overall majority; the group-informed one needs every group.
    assert {"c0", "c1", "c2", "c3"} <= {item.comment for item in result.consensus_agree}
    informed = dict(zip(result.comment_ids, result.informed_consensus_agree, strict=True))
    top_four = sorted(informed, key=informed.get, reverse=True)[:4]
    assert set(top_four) == {"c0", "c1", "c2", "c3"}


def test_same_votes_give_the_same_result_and_hash():
    records, _, _ = planted_votes(seed=3)

    first, second = find_opinion_groups(records), find_opinion_groups(list(records))

    assert first.groups == second.groups
    assert first.as_dict()["representative"] == second.as_dict()["representative"]
    assert first.provenance.input_hash == second.provenance.input_hash
    assert np.array_equal(first.positions, second.positions)


def test_provenance_names_method_parameters_and_input():
    records, _, _ = planted_votes(seed=4)
    parameters = OpinionGroupParameters(max_groups=3)

    result = find_opinion_groups(records, parameters=parameters, withdrawn_comments=["c5"])
    other = find_opinion_groups(records[:-1], parameters=parameters)

    provenance = result.provenance.as_dict()
    assert "Pol.is" in provenance["method"]
    assert provenance["parameters"]["max_groups"] == 3
    assert provenance["parameters"]["withdrawn_comments"] == ["c5"]
    assert provenance["input_size"] == len({(v, c) for v, c, _ in records})
    assert provenance["input_hash"].startswith("sha256:")
    assert other.provenance.input_hash != result.provenance.input_hash


def test_the_last_vote_on_a_comment_wins():
    table = VoteTable.from_records([("ana", "c1", 1), ("ben", "c1", -1), ("ana", "c1", -1)])

    assert table.n_votes == 2
    assert table.values.tolist() == [-1, -1]


def test_votes_from_integer_codes_match_votes_from_records():
    records, _, _ = planted_votes(seed=5)
    voters = list(dict.fromkeys(v for v, _, _ in records))
    comments = list(dict.fromkeys(c for _, c, _ in records))
    voter_code = {v: i for i, v in enumerate(voters)}
    comment_code = {c: i for i, c in enumerate(comments)}

    from_codes = VoteTable.from_codes(
        np.array([voter_code[v] for v, _, _ in records]),
        np.array([comment_code[c] for _, c, _ in records]),
        np.array([x for _, _, x in records], dtype=np.int8),
        voter_ids=voters,
        comment_ids=comments,
    )

    assert from_codes.content_hash() == VoteTable.from_records(records).content_hash()


@pytest.mark.parametrize("vote", [2, "1", True, None])
def test_a_vote_outside_agree_disagree_pass_is_refused_with_its_position(vote):
    with pytest.raises(VoteError) as error:
        VoteTable.from_records([("ana", "c1", 1), ("ben", "c1", vote)])

    assert error.value.position == 1


def test_voters_with_too_few_votes_are_not_placed():
    records, _, _ = planted_votes(sizes=(30, 30), seed=6)
    records += [("newcomer", f"c{i}", 1) for i in range(6)]

    result = find_opinion_groups(records)

    assert "newcomer" not in result.groups
    assert not result.placed[list(result.voter_ids).index("newcomer")]
    assert len(result.groups) == 60


def test_when_few_qualify_the_most_active_are_placed_up_to_fifteen():
    # 20 comments: 7 votes are needed; only 5 people reach them.
    records = [(f"keen{i}", f"c{j}", 1 if (i + j) % 2 else -1) for i in range(5) for j in range(10)]
    records += [(f"light{i}", f"c{j}", 1) for i in range(20) for j in range(1 + i % 6)]
    records += [("x", f"c{j}", 0) for j in range(10, 20)]

    result = find_opinion_groups(records)

    assert len(result.groups) == 15
    placed_light = sorted(v for v in result.groups if v.startswith("light"))
    # Six people qualify; the nine busiest light voters (6, 5 and 4 votes) fill the places.
    assert placed_light == sorted(
        [
            "light5",
            "light11",
            "light17",
            "light4",
            "light10",
            "light16",
            "light3",
            "light9",
            "light15",
        ]
    )


def test_no_votes_give_no_groups():
    result = find_opinion_groups([])

    assert result.groups == {}
    assert result.consensus == []
    assert result.as_dict()["representative"] == {}
    assert "Pas assez de votes" in as_french_text(result)


def test_a_single_comment_splits_those_who_agree_from_those_who_disagree():
    records = [(f"v{i}", "only", 1 if i < 6 else -1) for i in range(10)]

    result = find_opinion_groups(records)

    assert len(result.group_ids) == 2
    sides = result.groups
    assert len({sides[f"v{i}"] for i in range(6)}) == 1
    assert len({sides[f"v{i}"] for i in range(6, 10)}) == 1
    assert np.all(result.positions[:, 1] == 0)


def test_when_everyone_votes_alike_there_is_one_group_and_nothing_distinguishes_it():
    records = [(f"v{i}", f"c{j}", 1) for i in range(20) for j in range(8)]

    result = find_opinion_groups(records)

    assert result.group_ids == [0]
    assert result.representative == {0: []}
    assert [item.comment for item in result.consensus_agree] == ["c0", "c1", "c2", "c3", "c4"]
    assert "Un seul groupe" in as_french_text(result)


def test_withdrawn_comments_shape_nothing_and_are_never_listed():
    records, truth, _ = planted_votes(seed=8)
    withdrawn = ["c0", "c7"]

    result = find_opinion_groups(records, withdrawn_comments=withdrawn)

    listed = {item.comment for items in result.representative.values() for item in items}
    listed |= {item.comment for item in result.consensus}
    assert not listed & set(withdrawn)
    index = [list(result.comment_ids).index(c) for c in withdrawn]
    assert all(abs(result.state.components[0][i]) < 1e-12 for i in index)
    voters = sorted(truth)
    assert adjusted_rand_score([truth[v] for v in voters], [result.groups[v] for v in voters]) > 0.9


def test_a_warm_start_keeps_groups_when_a_few_people_join():
    records, _, _ = planted_votes(seed=9)
    first = find_opinion_groups(records)
    newcomers, _, _ = planted_votes(sizes=(3, 2, 2), seed=10)
    newcomers = [(f"new-{v}", c, x) for v, c, x in newcomers]

    second = find_opinion_groups(
        records + newcomers,
        previous=OpinionGroupState.from_dict(first.state.as_dict()),
    )

    assert second.group_ids == first.group_ids
    assert {v: second.groups[v] for v in first.groups} == first.groups
    assert second.provenance.parameters["warm_start"] is True


def test_the_number_of_groups_only_changes_after_winning_several_runs():
    records, _, _ = planted_votes(sizes=(60, 60), seed=11)
    cold = find_opinion_groups(records)
    assert len(cold.group_ids) == 2
    state = cold.state
    state.k_smoother = {"last_k": 3, "last_k_count": 9, "smoothed_k": 3}

    held = find_opinion_groups(records, previous=state)

    assert len(held.group_ids) == 3
    assert held.state.k_smoother == {"last_k": 2, "last_k_count": 1, "smoothed_k": 3}


def test_polis_z_tests_match_the_values_polis_publishes():
    # Numbers from the Pol.is server's own output (red-dwarf fixture "below-100-ptpts").
    assert proportion_test(15, 16) == pytest.approx(3.6380343755449944)
    assert proportion_test(6, 6) == pytest.approx(2.6457513110645907)
    assert two_proportion_test(0, 5, 5, 5) < 0
    assert two_proportion_test(5, 5, 5, 5) == 0.0


def test_kmeans_starts_from_the_first_distinct_points():
    points = np.array([[0.0, 0.0], [0.0, 0.0], [10.0, 0.0], [0.1, 0.0], [10.1, 0.0]])

    clustering = polis_kmeans.kmeans(points, 2)

    assert polis_kmeans.first_distinct_rows(points, 3).tolist() == [0, 2, 3]
    assert clustering.ids.tolist() == [0, 1]
    assert clustering.labels.tolist() == [0, 0, 1, 0, 1]


def naive_lloyd(points, k, iterations):
    """Plain Lloyd from the same start, to check the accelerated assignment against."""
    centers = points[polis_kmeans.first_distinct_rows(points, k)]
    for _ in range(iterations + 1):
        labels = ((points[:, None, :] - centers[None]) ** 2).sum(-1).argmin(1)
        new = np.array([points[labels == c].mean(0) for c in np.unique(labels)])
        old_sorted, new_sorted = sorted(map(tuple, centers)), sorted(map(tuple, new))
        paired = min(len(old_sorted), len(new_sorted))
        moves = np.linalg.norm(np.subtract(old_sorted[:paired], new_sorted[:paired]), axis=1)
        if np.all(moves < 0.01):
            break
        centers = new
    return labels


@settings(max_examples=15, deadline=None)
@given(seed=st.integers(0, 10_000), k=st.integers(2, 12))
def test_accelerated_assignment_gives_lloyds_clusters(seed, k):
    rng = np.random.default_rng(seed)
    points = np.concatenate([rng.normal(c, 0.7, (150, 2)) for c in rng.uniform(-5, 5, (4, 2))])

    ours = polis_kmeans.kmeans(points, k, max_iterations=100)

    assert adjusted_rand_score(naive_lloyd(points, k, 100), ours.labels) == pytest.approx(1.0)


def test_sparse_and_dense_principal_components_agree(monkeypatch):
    records, _, _ = planted_votes(sizes=(80, 70), n_comments=40, seed=12)
    table = VoteTable.from_records(records)
    withdrawn = np.zeros(table.n_comments, dtype=bool)
    dense = projection.project_voters(table, withdrawn)

    monkeypatch.setattr(projection, "GRAM_MAX_SIZE", 0)
    sparse = projection.project_voters(table, withdrawn)

    assert np.allclose(np.abs(dense.components), np.abs(sparse.components), atol=1e-8)
    assert np.allclose(np.abs(dense.positions), np.abs(sparse.positions), atol=1e-8)


def test_a_polis_votes_export_is_read_back_in_casting_order():
    export = io.StringIO(
        "timestamp,datetime,comment-id,voter-id,vote\n"
        "30,x,0,7,1\n"
        "10,x,0,5,-1\n"
        "20,x,1,5,0\n"
        "40,x,0,5,1\n"
    )

    assert read_votes(export) == [(5, 0, -1), (5, 1, 0), (7, 0, 1), (5, 0, 1)]


@pytest.mark.parametrize(
    ("content", "line", "words"),
    [
        ("comment-id,vote\n0,1\n", 1, "voter-id"),
        ("comment-id,voter-id,vote\n0,1,1\n0,2,yes\n", 3, "vote 'yes'"),
        ("comment-id,voter-id,vote\n0,,1\n", 2, "voter-id vide"),
        ("timestamp,comment-id,voter-id,vote\nsoon,0,1,1\n", 2, "horodatage"),
        ("", 1, "vide"),
    ],
)
def test_a_bad_export_is_reported_with_its_line(content, line, words):
    with pytest.raises(ExportError) as error:
        read_votes(io.StringIO(content))

    assert error.value.line == line
    assert words in str(error.value)


def test_moderated_and_meta_comments_are_read_as_withdrawn():
    export = io.StringIO(
        "comment-id,moderated,is-meta,comment-body\n"
        '1,1,false,"Plus de pistes cyclables,\nsur deux lignes"\n'
        "2,-1,false,Hors sujet\n"
        "3,0,true,Qui êtes-vous ?\n"
    )

    comments = read_comments(export)

    assert comments.withdrawn == [2, 3]
    assert comments.texts[1] == "Plus de pistes cyclables,\nsur deux lignes"
