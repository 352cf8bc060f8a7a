"""How much the groups owe to the order people arrived in.

Pol.is' k-means starts from the first distinct positions in arrival order, and
a live Pol.is starts every update from the previous one: the same votes can
end in different groups depending on who came first and when the groups were
recomputed (docs/decisions/0302-opinion-groups.md measures it on real
conversations). Staff writing a synthesis need to know whether the groups
they describe are the shape of the votes or one possibility among several.

So the clustering (base clusters, then groups, k chosen by silhouette) is run
again from a cold start on the same positions taken in other arrival orders,
drawn at random with a seed derived from the votes' hash (the same votes give
the same check). A rerun agrees when it finds the same number of groups and
an adjusted Rand index of at least 0.9 with the groups reported. The
positions themselves (the PCA) do not depend on the order, so they are
computed once. Beyond `sample` placed voters the reruns cluster a random
sample of them, which keeps the check to seconds for a million voters.
"""

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from sklearn.metrics import adjusted_rand_score

AGREEMENT_THRESHOLD = 0.9


@dataclass(frozen=True)
class GroupStability:
    runs: int  # reruns in other arrival orders
    agreeing: int  # reruns with the same number of groups and ARI >= threshold
    group_counts: dict  # number of groups found -> reruns
    median_agreement: float  # median adjusted Rand index with the groups reported
    voters: int  # placed voters the reruns clustered (all of them, or a sample)
    sample_of: int  # placed voters
    threshold: float = AGREEMENT_THRESHOLD

    @property
    def share(self) -> float:
        return self.agreeing / self.runs if self.runs else 0.0

    def as_dict(self) -> dict:
        return {
            "runs": self.runs,
            "agreeing": self.agreeing,
            "share": round(self.share, 4),
            "group_counts": {str(k): n for k, n in sorted(self.group_counts.items())},
            "median_agreement": round(self.median_agreement, 4),
            "voters": self.voters,
            "placed_voters": self.sample_of,
            "threshold": self.threshold,
        }


def order_stability(
    points: np.ndarray,
    labels: np.ndarray,
    cluster: Callable[[np.ndarray], np.ndarray],
    *,
    runs: int,
    seed: int,
    sample: int,
) -> GroupStability:
    """Reruns `cluster` (points -> group label per point) on `points` in `runs` other orders."""
    rng = np.random.default_rng(seed)
    rows = np.arange(len(points))
    if len(points) > sample:
        rows = np.sort(rng.choice(len(points), size=sample, replace=False))
    reference = labels[rows]
    subset = points[rows]
    groups = len(np.unique(reference))
    scores, counts, agreeing = [], Counter(), 0
    for _ in range(runs):
        order = rng.permutation(len(subset))
        found = np.empty(len(subset), dtype=np.int64)
        found[order] = cluster(subset[order])
        k = len(np.unique(found))
        counts[k] += 1
        scores.append(float(adjusted_rand_score(reference, found)))
        agreeing += k == groups and scores[-1] >= AGREEMENT_THRESHOLD
    return GroupStability(
        runs=runs,
        agreeing=agreeing,
        group_counts=dict(counts),
        median_agreement=float(np.median(scores)) if scores else 0.0,
        voters=len(rows),
        sample_of=len(points),
    )
