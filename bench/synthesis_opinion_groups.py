"""Benchmark: opinion groups (Pol.is method), ours (sparse) against a dense baseline.

    .venv/bin/python bench/synthesis_opinion_groups.py [--quick]

1. the largest conversation in ../shared/data/polis/ (goal: under 2 s);
2. a generated conversation small enough for a dense matrix, ours and baseline;
   on 1. and 2. the stable grouping's time is printed beside Pol.is grouping's;
3. a generated conversation of 1,000,000 voters, 10,000 comments and 30 million
   votes (goal: under 60 s), generated with numpy (its time reported apart).
   The dense baseline would need 80 GB there: it is not run.

The baseline is the straightforward implementation of the same method: a dense
voters x comments matrix with NaN for missing votes, mean imputation,
scikit-learn's PCA, scikit-learn's KMeans (same first-distinct start) for base
clusters and groups, scikit-learn's silhouette, and counts by boolean masks;
the selection of representative comments is shared (ours) since it is cheap.
"""

import argparse
import csv
import resource
import time
import tracemalloc
from pathlib import Path

import numpy as np
from sklearn.cluster import KMeans
from sklearn.decomposition import PCA
from sklearn.metrics import adjusted_rand_score, silhouette_score

from parlons.synthesis.engine.opinion_groups import (
    OpinionGroupParameters,
    VoteTable,
    find_opinion_groups,
    read_comments,
    read_votes,
)
from parlons.synthesis.engine.opinion_groups.consensus import stable_grouping
from parlons.synthesis.engine.opinion_groups.kmeans import first_distinct_rows
from parlons.synthesis.engine.opinion_groups.representative import (
    VoteCounts,
    consensus_comments,
    representative_comments,
)

ROOT = Path(__file__).resolve().parents[1]
POLIS = ROOT / ".." / "shared" / "data" / "polis"
MIB = 1024 * 1024
# The baseline does what Pol.is does; the order check (stability.py) is ours alone, so the
# ratio compares runs without it, and its cost is printed apart.
WITHOUT_CHECK = OpinionGroupParameters(stability_runs=0, stable_runs=0)


def stable_beside(result, table: VoteTable, withdrawn: np.ndarray, polis_seconds: float) -> None:
    """Times the stable grouping (consensus.py) alone, on the voters Pol.is' grouping placed."""
    rows = np.flatnonzero(result.placed)
    seed = int(table.content_hash().removeprefix("sha256:")[16:32], 16)
    stable, seconds, peak = measured(stable_grouping, table, withdrawn, rows, seed=seed)
    line(
        f"stable grouping ({stable.runs} reruns)",
        f"{seconds:.2f} s   peak {peak:.0f} MiB   ({seconds / polis_seconds:.1f}x Pol.is' "
        f"{polis_seconds:.2f} s)",
    )
    sizes = ", ".join(f"{size:,}" for size in stable.sizes)
    line(
        "stable groups, firmness",
        f"{len(stable.sizes)} ({sizes}), {stable.firmness} (median ARI of reruns "
        f"{stable.median_agreement:.2f})",
    )
    line(
        "stable vs Pol.is grouping (ARI, placed)",
        f"{adjusted_rand_score(result.group_of_voter[rows], stable.group_of_row):.3f}",
    )
    return stable


def measured(function, *args, repeat=1, **kwargs):
    """(result, best seconds, peak traced MiB) over `repeat` runs."""
    best, peak, result = float("inf"), 0.0, None
    for _ in range(repeat):
        tracemalloc.start()
        start = time.perf_counter()
        result = function(*args, **kwargs)
        best = min(best, time.perf_counter() - start)
        peak = max(peak, tracemalloc.get_traced_memory()[1] / MIB)
        tracemalloc.stop()
    return result, best, peak


def dense_baseline(table: VoteTable, withdrawn: np.ndarray) -> np.ndarray:
    """The same method on a dense matrix; returns each voter's group (-1: not placed)."""
    n_voters, n_comments = table.n_voters, table.n_comments
    matrix = np.full((n_voters, n_comments), np.nan)
    matrix[table.row_of_vote(), table.indices] = table.values
    votes_cast = (~np.isnan(matrix)).sum(1)
    matrix[:, withdrawn] = 0.0
    means = np.nanmean(matrix, axis=0)
    filled = np.where(np.isnan(matrix), means, matrix)
    pca = PCA(n_components=2, random_state=0).fit(filled)
    centred_votes = np.where(np.isnan(matrix), 0.0, matrix - pca.mean_)
    counted = (~np.isnan(matrix)).sum(1)
    positions = centred_votes @ pca.components_.T
    positions *= np.sqrt(n_comments / np.maximum(counted, 1))[:, None]

    placed = votes_cast >= min(7, n_comments)
    if placed.sum() < 15:
        extra = np.flatnonzero(~placed)[np.argsort(-votes_cast[~placed], kind="stable")]
        placed[extra[: 15 - placed.sum()]] = True
    points = positions[placed]
    seeds = first_distinct_rows(points, 100)
    base = KMeans(len(seeds), init=points[seeds], n_init=1, max_iter=101).fit(points)
    centers, weights = base.cluster_centers_, np.bincount(base.labels_, minlength=len(seeds))
    keep = weights > 0
    centers, weights = centers[keep], weights[keep]
    relabel = np.cumsum(keep) - 1
    best = None
    for k in range(2, min(5, 2 + len(centers) // 12) + 1):
        start = centers[first_distinct_rows(centers, k)]
        if len(start) < k:
            break
        grouping = KMeans(k, init=start, n_init=1, max_iter=21).fit(centers, sample_weight=weights)
        score = silhouette_score(centers, grouping.labels_)
        if best is None or score >= best[0]:
            best = (score, grouping.labels_)
    group_of_base = best[1] if best else np.zeros(len(centers), dtype=int)
    groups = np.full(n_voters, -1)
    groups[placed] = group_of_base[relabel[base.labels_]]

    n_groups = int(groups.max()) + 1
    seen = ~np.isnan(matrix)
    masks = [groups == g for g in range(n_groups)]
    counts = VoteCounts(
        agree=np.array([((matrix == 1) & m[:, None]).sum(0) for m in masks]),
        disagree=np.array([((matrix == -1) & m[:, None]).sum(0) for m in masks]),
        seen=np.array([(seen & m[:, None]).sum(0) for m in masks]),
    )
    representative_comments(counts, table.comment_ids, withdrawn)
    everyone = VoteCounts(
        agree=(matrix == 1).sum(0)[None],
        disagree=(matrix == -1).sum(0)[None],
        seen=seen.sum(0)[None],
    )
    consensus_comments(everyone, table.comment_ids, withdrawn)
    return groups


def generate(n_voters: int, n_comments: int, n_votes: int, seed: int = 7):
    """Votes of three planted camps (half, 30 %, 20 %), in random casting order.

    Votes per voter follow a log-normal law (many light voters, a few heavy
    ones); earlier comments are seen more. On 70 % of comments the camps take
    sides (agree 92 % or 8 %); on the others most people agree.
    """
    rng = np.random.default_rng(seed)
    camp = rng.choice(3, n_voters, p=[0.5, 0.3, 0.2])
    weight = rng.lognormal(0.0, 0.8, n_voters)
    per_voter = np.maximum(1, np.floor(weight / weight.sum() * n_votes)).astype(np.int64)
    shortfall = n_votes - int(per_voter.sum())
    if shortfall > 0:
        np.add.at(per_voter, rng.integers(0, n_voters, shortfall), 1)
    voters = np.repeat(np.arange(n_voters, dtype=np.int32), per_voter)[:n_votes]
    comments = (n_comments * rng.random(voters.size) ** 1.5).astype(np.int32)
    stance = rng.choice([-1.0, 1.0], (3, n_comments))
    divisive = rng.random(n_comments) < 0.7
    agree = np.where(divisive, 0.5 + 0.42 * stance, rng.uniform(0.55, 0.8, n_comments))
    disagree = np.where(divisive, 0.46 - 0.42 * stance, 0.1)
    voter_camp = camp[voters]
    draw = rng.random(voters.size)
    p_agree = agree[voter_camp, comments]
    p_disagree = disagree[voter_camp, comments]
    votes = np.where(draw < p_agree, 1, np.where(draw < p_agree + p_disagree, -1, 0)).astype(
        np.int8
    )
    order = rng.permutation(voters.size)
    return voters[order], comments[order], votes[order], camp


def largest_conversation() -> Path | None:
    folders = [p for p in POLIS.glob("*") if (p / "votes.csv").is_file()]
    return max(folders, key=lambda p: (p / "votes.csv").stat().st_size) if folders else None


def line(label: str, value: str) -> None:
    print(f"  {label:<46}{value}")


def bench_real(repeat: int) -> None:
    folder = largest_conversation()
    if folder is None:
        print(f"== No Pol.is conversation in {POLIS}: real-data part skipped")
        return
    start = time.perf_counter()
    with (folder / "votes.csv").open(encoding="utf-8", newline="") as stream:
        records = read_votes(stream)
    with (folder / "comments.csv").open(encoding="utf-8", newline="") as stream:
        withdrawn_ids = read_comments(stream).withdrawn
    reading = time.perf_counter() - start
    table = VoteTable.from_records(records)
    withdrawn = np.isin(np.asarray(table.comment_ids, dtype=object), withdrawn_ids)
    print(
        f"== Largest real conversation: {folder.name} ({len(records):,} votes, "
        f"{table.n_voters:,} voters, {table.n_comments:,} comments)"
    )
    line("read votes.csv and comments.csv", f"{reading:.3f} s")
    result, ours, ours_peak = measured(
        find_opinion_groups,
        records,
        withdrawn_comments=withdrawn_ids,
        parameters=WITHOUT_CHECK,
        repeat=repeat,
    )
    line(f"ours, from the records (best of {repeat})", f"{ours:.3f} s   peak {ours_peak:.0f} MiB")
    stable_beside(result, table, withdrawn, ours)
    checked, with_check, _ = measured(
        find_opinion_groups, records, withdrawn_comments=withdrawn_ids, repeat=repeat
    )
    stability = checked.stability
    line(
        "ours with the order check (default)",
        f"{with_check:.3f} s   ({stability.agreeing}/{stability.runs} reruns agree)",
    )
    baseline_groups, base_time, base_peak = measured(
        dense_baseline, table, withdrawn, repeat=repeat
    )
    line(f"baseline, dense (best of {repeat})", f"{base_time:.3f} s   peak {base_peak:.0f} MiB")
    line("ratio baseline / ours", f"{base_time / ours:.1f}x")
    placed = result.placed
    line(
        "agreement ours vs baseline (ARI, placed)",
        f"{adjusted_rand_score(result.group_of_voter[placed], baseline_groups[placed]):.3f}",
    )
    polis = {}
    with (folder / "participants-votes.csv").open(encoding="utf-8", newline="") as stream:
        for row in csv.DictReader(stream):
            if row["group-id"]:
                polis[int(row["participant"])] = int(row["group-id"])
    people = sorted(polis)
    ours_groups = result.groups
    ari = adjusted_rand_score([polis[p] for p in people], [ours_groups.get(p, -1) for p in people])
    line("agreement ours vs Pol.is' export (ARI)", f"{ari:.3f}")
    line("goal: under 2 s (with the check)", "met" if with_check < 2 else "NOT MET")


def bench_generated_dense(n_voters: int, n_comments: int, n_votes: int) -> None:
    voters, comments, votes, camp = generate(n_voters, n_comments, n_votes)
    table = VoteTable.from_codes(voters, comments, votes)
    withdrawn = np.zeros(table.n_comments, dtype=bool)
    print(
        f"== Generated, dense fits: {n_voters:,} voters x {n_comments:,} comments x "
        f"{table.n_votes:,} votes"
    )
    result, ours, ours_peak = measured(find_opinion_groups, table, parameters=WITHOUT_CHECK)
    line("ours", f"{ours:.2f} s   peak {ours_peak:.0f} MiB")
    stable = stable_beside(result, table, withdrawn, ours)
    rows = np.flatnonzero(result.placed)
    line(
        "planted camps recovered by the stable grouping (ARI)",
        f"{adjusted_rand_score(camp[rows], stable.group_of_row):.3f}",
    )
    checked, with_check, _ = measured(find_opinion_groups, table)
    line(
        "ours with the order check (default)",
        f"{with_check:.2f} s   ({checked.stability.agreeing}/{checked.stability.runs} agree)",
    )
    baseline_groups, base_time, base_peak = measured(dense_baseline, table, withdrawn)
    line("baseline, dense", f"{base_time:.2f} s   peak {base_peak:.0f} MiB")
    line("ratio baseline / ours", f"{base_time / ours:.1f}x   memory {base_peak / ours_peak:.1f}x")
    placed = result.placed
    line(
        "agreement ours vs baseline (ARI, placed)",
        f"{adjusted_rand_score(result.group_of_voter[placed], baseline_groups[placed]):.3f}",
    )
    line(
        "planted camps recovered (ARI, placed)",
        f"{adjusted_rand_score(camp[placed], result.group_of_voter[placed]):.3f}",
    )


def bench_generated_large(n_voters: int, n_comments: int, n_votes: int) -> None:
    print(
        f"== Generated at scale: {n_voters:,} voters x {n_comments:,} comments x "
        f"{n_votes:,} votes cast"
    )
    start = time.perf_counter()
    voters, comments, votes, camp = generate(n_voters, n_comments, n_votes)
    line("generation with numpy (not counted)", f"{time.perf_counter() - start:.1f} s")
    tracemalloc.start()
    start = time.perf_counter()
    table = VoteTable.from_codes(voters, comments, votes)
    building = time.perf_counter() - start
    del voters, comments, votes
    line("vote table (last vote wins, CSR)", f"{building:.1f} s   ({table.n_votes:,} votes kept)")
    start = time.perf_counter()
    result = find_opinion_groups(table)
    grouping = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1] / MIB
    tracemalloc.stop()
    stability = result.stability
    line(
        "opinion groups, order check included",
        f"{grouping:.1f} s   ({stability.agreeing}/{stability.runs} reruns on "
        f"{stability.voters:,} sampled voters agree)",
    )
    total = building + grouping
    line(
        "total (table + groups)",
        f"{total:.1f} s   goal under 60 s: {'met' if total < 60 else 'NOT MET'}",
    )
    line("peak traced memory (numpy arrays)", f"{peak:,.0f} MiB")
    line(
        "peak resident memory (whole process)",
        f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MiB",
    )
    placed = result.placed
    line("placed voters", f"{int(placed.sum()):,} of {table.n_voters:,}")
    sizes = ", ".join(f"{size:,}" for size in result.group_sizes.values())
    line("groups found", f"{len(result.group_ids)} ({sizes})")
    line(
        "planted camps recovered (ARI, placed)",
        f"{adjusted_rand_score(camp[placed], result.group_of_voter[placed]):.3f}",
    )
    dense_gib = n_voters * n_comments * 8 / 1024**3
    line("baseline (dense matrix)", f"not run: it would need {dense_gib:,.0f} GiB")


def run(quick: bool = False) -> None:
    print("Opinion groups (Pol.is method): ours (sparse) vs a dense numpy/scikit-learn baseline")
    bench_real(repeat=3)
    if quick:
        bench_generated_dense(5_000, 1_000, 150_000)
        bench_generated_large(100_000, 2_000, 3_000_000)
    else:
        bench_generated_dense(20_000, 2_000, 600_000)
        bench_generated_large(1_000_000, 10_000, 30_000_000)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller generated conversations")
    run(quick=parser.parse_args().quick)
