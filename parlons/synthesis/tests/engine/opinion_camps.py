"""Generated conversations for opinion groups: planted camps, or no structure at all.

Used by the engine tests and by bench/synthesis_stable_groups.py, which chose
the stable grouping's parameters on them (docs/decisions/0305-stable-opinion-groups.md).
"""

import numpy as np


def planted_camps(
    camps: int = 3,
    *,
    voters: int = 300,
    comments: int = 50,
    missing: float = 0.4,
    loners: float = 0.1,
    agree: float = 0.9,
    seed: int = 0,
):
    """(records, truth): camps of unequal sizes, `missing` of votes not cast, `loners` in no camp.

    Camp sizes are proportional to 1, 2, ..., camps shuffled (the largest is
    `camps` times the smallest). Each camp takes a side (agree or disagree) on
    each of 70 % of the comments, drawn so that any two camps differ on at
    least a third of them; on the others every camp mostly agrees. A camp
    member votes its side with probability `agree`, the other side or pass
    otherwise. Loners vote at random. `truth` maps voter -> camp, -1 for loners.
    Records come in random order.
    """
    rng = np.random.default_rng(seed)
    divisive = rng.random(comments) < 0.7
    while True:
        side = rng.choice([-1, 1], size=(camps, comments))
        differ = [
            np.mean(side[a, divisive] != side[b, divisive]) for a in range(camps) for b in range(a)
        ]
        if min(differ, default=1.0) >= 1 / 3:
            break
    side[:, ~divisive] = 1
    n_loners = int(round(loners * voters))
    weights = rng.permutation(np.arange(1, camps + 1))
    sizes = np.floor(weights / weights.sum() * (voters - n_loners)).astype(int)
    sizes[0] += voters - n_loners - sizes.sum()
    truth_codes = np.concatenate([np.repeat(np.arange(camps), sizes), np.full(n_loners, -1)])
    truth_codes = rng.permutation(truth_codes)
    records, truth = [], {}
    for voter, camp in enumerate(truth_codes):
        name = f"p{voter}"
        truth[name] = int(camp)
        cast = np.flatnonzero(rng.random(comments) >= missing)
        for comment in cast:
            if camp < 0:
                vote = int(rng.choice([-1, 0, 1]))
            else:
                draw = rng.random()
                mine = int(side[camp, comment])
                vote = mine if draw < agree else (-mine if draw < agree + 0.1 else 0)
            records.append((name, f"c{comment}", vote))
    order = rng.permutation(len(records))
    return [records[i] for i in order], truth


def no_structure(*, voters: int = 300, comments: int = 50, missing: float = 0.4, seed: int = 0):
    """Everyone votes at random (agree 45 %, disagree 40 %, pass 15 %), `missing` not cast."""
    rng = np.random.default_rng(seed)
    records = []
    for voter in range(voters):
        for comment in np.flatnonzero(rng.random(comments) >= missing):
            vote = int(rng.choice([1, -1, 0], p=[0.45, 0.4, 0.15]))
            records.append((f"p{voter}", f"c{comment}", vote))
    order = rng.permutation(len(records))
    return [records[i] for i in order]


def camp_agreement(truth: dict, groups: dict) -> float:
    """Adjusted Rand index between camps and groups, over camp members (loners left out)."""
    from sklearn.metrics import adjusted_rand_score

    members = sorted(p for p, camp in truth.items() if camp >= 0)
    return adjusted_rand_score([truth[p] for p in members], [groups.get(p, -1) for p in members])
