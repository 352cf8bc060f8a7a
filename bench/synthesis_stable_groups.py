"""Choosing the stable grouping's parameters (docs/decisions/0305-stable-opinion-groups.md).

    .venv/bin/python bench/synthesis_stable_groups.py [--variant name ...] [--seeds 3]

For each variant of the stable grouping's parameters, on:
1. generated conversations with planted camps (2 to 5 camps of unequal sizes,
   30 % and 50 % of votes missing, 10 % of people in no camp): the adjusted
   Rand index with the camps (camp members only) and whether it is called firm;
2. generated conversations with no structure (300 and 1,000 voters): whether
   it is (wrongly) called firm;
3. the real conversations in ../shared/data/polis/: groups, firmness, ARI
   with Pol.is' exported groups and with our Pol.is grouping, time.
Requirements: planted ARI >= 0.95 and firm; no structure never firm.

With --speed: CPU and wall time of the stable grouping beside Pol.is' grouping
(same process, best of 3) on vtaiwan.uberx and on the generator of
bench/synthesis_opinion_groups.py (5,000 x 1,000 and 20,000 x 2,000).
"""

import argparse
import csv
import json
import sys
import time
from dataclasses import replace
from pathlib import Path

import numpy as np
from sklearn.metrics import adjusted_rand_score

from parlons.synthesis.engine.opinion_groups import (
    OpinionGroupParameters,
    VoteTable,
    find_opinion_groups,
    read_comments,
    read_votes,
)
from parlons.synthesis.engine.opinion_groups.consensus import StableParameters, stable_grouping

ROOT = Path(__file__).resolve().parents[1]
POLIS = ROOT / ".." / "shared" / "data" / "polis"
sys.path.insert(0, str(ROOT / "parlons" / "synthesis" / "tests" / "engine"))
sys.path.insert(0, str(ROOT / "bench"))
from opinion_camps import (  # noqa: E402
    camp_agreement,
    no_structure,
    planted_camps,
    sparse_camps,
)

POLIS_ONLY = OpinionGroupParameters(stability_runs=0, stable_runs=0)
DEFAULT = StableParameters()
VARIANTS = {
    "default": DEFAULT,
    # The defaults before the speed work: every rerun to 30, k-means on up to 2,000 voters,
    # no reassignment of unsettled voters (the clustering itself is the new one).
    "before": replace(DEFAULT, first_runs=0, fit_sample=2000, sample=2000, unsettled=0.0),
    "dims2": replace(DEFAULT, dimensions=2),
    "dims6": replace(DEFAULT, dimensions=6),
    "keep0.8": replace(DEFAULT, keep=0.8),
    "cap8": replace(DEFAULT, max_stable_groups=8),
    "runs20": replace(DEFAULT, runs=20, first_runs=0),
    "runs30": replace(DEFAULT, first_runs=0),
    "runs50": replace(DEFAULT, runs=50, first_runs=0),
    "refine2": replace(DEFAULT, refine=2),
    "unsettled0": replace(DEFAULT, unsettled=0.0),
    "unsettled0.8": replace(DEFAULT, unsettled=0.8),
    "fit2000": replace(DEFAULT, fit_sample=2000),
}
REAL = [
    "15-per-hour-seattle",
    "bg2050-volunteers",
    "canadian-electoral-reform",
    "scoop-hivemind.biodiversity",
    "vtaiwan.uberx",
]


def run_stable(records, parameters, withdrawn=(), always_place=()):
    table = VoteTable.from_records(records)
    polis = find_opinion_groups(
        table, withdrawn_comments=withdrawn, always_place=always_place, parameters=POLIS_ONLY
    )
    index = {c: i for i, c in enumerate(table.comment_ids)}
    mask = np.zeros(table.n_comments, dtype=bool)
    mask[[index[c] for c in withdrawn if c in index]] = True
    rows = np.flatnonzero(polis.placed)
    seed = int(table.content_hash().removeprefix("sha256:")[16:32], 16)
    start = time.perf_counter()
    stable = stable_grouping(table, mask, rows, seed=seed, parameters=parameters)
    elapsed = time.perf_counter() - start
    groups = {table.voter_ids[r]: int(g) for r, g in zip(rows, stable.group_of_row, strict=True)}
    return polis, stable, groups, elapsed


def real(name):
    folder = POLIS / name
    with (folder / "votes.csv").open(encoding="utf-8", newline="") as stream:
        records = read_votes(stream)
    with (folder / "comments.csv").open(encoding="utf-8", newline="") as stream:
        withdrawn = read_comments(stream).withdrawn
    with (folder / "participants-votes.csv").open(encoding="utf-8", newline="") as stream:
        groups = {
            int(row["participant"]): int(row["group-id"])
            for row in csv.DictReader(stream)
            if row["group-id"]
        }
    return records, withdrawn, groups


def ari(reference: dict, found: dict) -> float:
    people = sorted(reference)
    return adjusted_rand_score([reference[p] for p in people], [found.get(p, -1) for p in people])


def bench_variant(name: str, parameters: StableParameters, seeds: int, with_real: bool) -> dict:
    print(f"== variant {name}: {parameters}")
    planted = []
    for camps in (2, 3, 4, 5) if seeds else ():
        for missing in (0.3, 0.5):
            for seed in range(seeds):
                records, truth = planted_camps(camps, missing=missing, seed=seed)
                polis, stable, groups, elapsed = run_stable(records, parameters)
                score = camp_agreement(truth, groups)
                polis_score = camp_agreement(truth, polis.groups)
                planted.append((camps, missing, seed, score, stable.firm, stable.agreeing))
                print(
                    f"  planted {camps} camps, {missing:.0%} missing, seed {seed}: "
                    f"ARI {score:.3f} (Pol.is {polis_score:.3f}), {len(stable.sizes)} groups {stable.sizes}, "
                    f"{stable.agreeing}/{stable.runs} {'FIRM' if stable.firm else 'not firm'}"
                    f", median ARI {stable.median_agreement:.2f}, attachment "
                    f"{stable.cohesion:.2f} ({elapsed:.2f} s)"
                )
    noise = []
    for voters in (300, 1000) if seeds else ():
        for seed in range(seeds + 2):
            records = no_structure(voters=voters, seed=100 + seed)
            _, stable, _, elapsed = run_stable(records, parameters)
            noise.append((voters, seed, stable.firm, stable.agreeing))
            print(
                f"  no structure, {voters} voters, seed {seed}: {len(stable.sizes)} groups, "
                f"{stable.agreeing}/{stable.runs} {'FIRM' if stable.firm else 'not firm'}"
                f", median ARI {stable.median_agreement:.2f}, attachment "
                f"{stable.cohesion:.2f} ({elapsed:.2f} s)"
            )
    reals = []
    if with_real and POLIS.is_dir():
        for conversation in REAL:
            records, withdrawn, polis_groups = real(conversation)
            polis, stable, groups, elapsed = run_stable(
                records, parameters, withdrawn=withdrawn, always_place=polis_groups
            )
            ours = polis.groups
            row = (
                conversation,
                len(polis.group_ids),
                len(stable.sizes),
                stable.agreeing,
                stable.firm,
                ari(polis_groups, groups),
                ari(ours, groups),
                elapsed,
            )
            reals.append(row)
            print(
                f"  {conversation}: Pol.is k {len(set(polis_groups.values()))}, ours {row[1]}, "
                f"stable {row[2]} {stable.sizes}, {row[3]}/{stable.runs} "
                f"{'FIRM' if row[4] else 'not firm'}, median ARI {stable.median_agreement:.2f}, cohesion {stable.cohesion:.2f}, ARI vs Pol.is export {row[5]:.3f}, "
                f"vs our Pol.is grouping {row[6]:.3f} ({elapsed:.2f} s)"
            )
    worst = min((p[3] for p in planted), default=float("nan"))
    summary = {
        "planted_min_ari": round(worst, 3),
        "planted_ok": sum(p[3] >= 0.95 and p[4] for p in planted),
        "planted": len(planted),
        "noise_firm": sum(n[2] for n in noise),
        "noise": len(noise),
        "real_firm": [r[0] for r in reals if r[4]],
        "real_firm_match_polis": all(r[5] >= 0.9 for r in reals if r[4]),
    }
    print(f"  summary {json.dumps(summary)}")
    return summary


def timed(function, *args, repeat=3, **kwargs):
    """(result, best CPU seconds, best wall seconds) over `repeat` runs."""
    cpu, wall, result = float("inf"), float("inf"), None
    for _ in range(repeat):
        start_cpu, start_wall = time.process_time(), time.perf_counter()
        result = function(*args, **kwargs)
        cpu = min(cpu, time.process_time() - start_cpu)
        wall = min(wall, time.perf_counter() - start_wall)
    return result, cpu, wall


def speed(parameters: StableParameters) -> None:
    from synthesis_opinion_groups import WITHOUT_CHECK

    cases = []
    if POLIS.is_dir():
        records, withdrawn_ids, _ = real("vtaiwan.uberx")
        table = VoteTable.from_records(records)
        withdrawn = np.isin(np.asarray(table.comment_ids, dtype=object), withdrawn_ids)
        # As bench/synthesis_opinion_groups.py: Pol.is' grouping from the records.
        polis = lambda: find_opinion_groups(  # noqa: E731
            records, withdrawn_comments=withdrawn_ids, parameters=WITHOUT_CHECK
        )
        cases.append(("vtaiwan.uberx", table, withdrawn, polis, None))
    for voters, comments, votes in ((5_000, 1_000, 150_000), (20_000, 2_000, 600_000)):
        who, what, cast, camp = sparse_camps(voters, comments, votes)
        generated = VoteTable.from_codes(who, what, cast)
        polis = lambda t=generated: find_opinion_groups(t, parameters=WITHOUT_CHECK)  # noqa: E731
        none = np.zeros(generated.n_comments, dtype=bool)
        cases.append((f"generated {voters:,} x {comments:,}", generated, none, polis, camp))
    for name, table, withdrawn, polis, camp in cases:
        result, polis_cpu, polis_wall = timed(polis)
        rows = np.flatnonzero(result.placed)
        seed = int(table.content_hash().removeprefix("sha256:")[16:32], 16)
        stable, cpu, wall = timed(
            stable_grouping, table, withdrawn, rows, seed=seed, parameters=parameters
        )
        camps = (
            f", camps ARI {adjusted_rand_score(camp[rows], stable.group_of_row):.3f}"
            if camp is not None
            else ""
        )
        print(
            f"  {name}: Pol.is CPU {polis_cpu:.2f} s wall {polis_wall:.2f} s; stable CPU "
            f"{cpu:.2f} s ({cpu / polis_cpu:.1f}x) wall {wall:.2f} s ({wall / polis_wall:.1f}x), "
            f"{stable.runs} reruns, {stable.sizes} {stable.firmness}{camps}"
        )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--variant", action="append", choices=sorted(VARIANTS))
    parser.add_argument("--seeds", type=int, default=2)
    parser.add_argument("--no-real", action="store_true")
    parser.add_argument("--speed", action="store_true")
    arguments = parser.parse_args()
    if arguments.speed:
        for variant in arguments.variant or ["default"]:
            print(f"== speed, variant {variant}")
            speed(VARIANTS[variant])
        sys.exit(0)
    results = {}
    for variant in arguments.variant or ["default"]:
        results[variant] = bench_variant(
            variant, VARIANTS[variant], arguments.seeds, not arguments.no_real
        )
    print(json.dumps(results, indent=1))
