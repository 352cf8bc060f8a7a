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


def sparse_camps(voters: int, comments: int, votes: int, seed: int = 7):
    """(voter codes, comment codes, votes, camp of each voter): three camps, sparse votes.

    The generator of bench/synthesis_opinion_groups.py: camps of half, 30 % and
    20 % of the voters; votes per voter follow a log-normal law (many light
    voters, a few heavy ones), earlier comments are seen more; on 70 % of the
    comments the camps take sides (agree 92 % or 8 %), on the others most agree.
    """
    rng = np.random.default_rng(seed)
    camp = rng.choice(3, voters, p=[0.5, 0.3, 0.2])
    weight = rng.lognormal(0.0, 0.8, voters)
    per_voter = np.maximum(1, np.floor(weight / weight.sum() * votes)).astype(np.int64)
    shortfall = votes - int(per_voter.sum())
    if shortfall > 0:
        np.add.at(per_voter, rng.integers(0, voters, shortfall), 1)
    who = np.repeat(np.arange(voters, dtype=np.int32), per_voter)[:votes]
    what = (comments * rng.random(who.size) ** 1.5).astype(np.int32)
    stance = rng.choice([-1.0, 1.0], (3, comments))
    divisive = rng.random(comments) < 0.7
    agree = np.where(divisive, 0.5 + 0.42 * stance, rng.uniform(0.55, 0.8, comments))
    disagree = np.where(divisive, 0.46 - 0.42 * stance, 0.1)
    draw = rng.random(who.size)
    p_agree = agree[camp[who], what]
    p_disagree = disagree[camp[who], what]
    cast = np.where(draw < p_agree, 1, np.where(draw < p_agree + p_disagree, -1, 0)).astype(np.int8)
    order = rng.permutation(who.size)
    return who[order], what[order], cast[order], camp
