"""Pol.is' k-means, as its math module (polismath, clusters.clj) runs it.

Written by hand rather than with scikit-learn because Pol.is' results depend
on details scikit-learn does differently:

- a cold start takes the first k *distinct* points, in input order, as
  centres (no random k-means++);
- a warm start recentres the previous clusters on their members' new
  positions, merges clusters that landed on the same spot, then splits off the
  most distant point until there are k clusters;
- a cluster left empty disappears (scikit-learn would move it elsewhere);
- it stops when every centre moved less than 0.01, or after `max_iterations`
  further steps; the members returned are those assigned to the centres of
  the previous step, and the centres are their (weighted) means.

Assigning a million points to 100 centres goes through a k-d tree of the
centres, and later iterations only re-examine points whose nearest centre may
have changed (Hamerly's bounds): the result is Lloyd's, only faster.
"""

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy.spatial import cKDTree

CONVERGENCE_DISTANCE = 0.01


@dataclass(frozen=True, eq=False)
class Clustering:
    ids: np.ndarray  # cluster ids, in the order of `centers`
    centers: np.ndarray  # (n_clusters, dims)
    labels: np.ndarray  # for each point, the index (not the id) of its cluster


def first_distinct_rows(points: np.ndarray, k: int) -> np.ndarray:
    """Indices of the first k distinct rows of `points`, in order.

    Looks at a growing prefix only: the first distinct rows are usually among
    the first few hundred, so a million points need not be sorted.
    """
    if len(points) == 0 or k <= 0:
        return np.zeros(0, dtype=np.int64)
    prefix = min(len(points), 4 * k)
    while True:
        _, first_seen = np.unique(points[:prefix], axis=0, return_index=True)
        if len(first_seen) >= k or prefix == len(points):
            return np.sort(first_seen)[:k]
        prefix = min(len(points), prefix * 4)


def kmeans(
    points: np.ndarray,
    k: int,
    *,
    weights: np.ndarray | None = None,
    max_iterations: int = 20,
    previous: Sequence[tuple[int, np.ndarray]] | None = None,
) -> Clustering:
    """Pol.is k-means. `previous` lists (cluster id, member point indices) to warm start from."""
    if len(points) == 0:
        empty = np.zeros(0, dtype=np.int64)
        return Clustering(ids=empty, centers=np.zeros((0, points.shape[1])), labels=empty)
    weights = np.ones(len(points)) if weights is None else np.asarray(weights, dtype=float)
    if previous:
        ids, centers = _warm_start(points, weights, previous, k)
    else:
        seeds = first_distinct_rows(points, k)
        ids, centers = np.arange(len(seeds)), points[seeds].astype(float)

    assigner = _NearestCenter(points)
    remaining = max_iterations
    while True:
        labels = assigner.assign(centers)
        present = np.bincount(labels, minlength=len(centers)) > 0
        new_centers = _weighted_means(points, weights, labels, len(centers))[present]
        new_ids = ids[present]
        relabel = np.cumsum(present) - 1
        labels = relabel[labels]
        if remaining == 0 or _same_clustering(centers, new_centers):
            return Clustering(ids=new_ids, centers=new_centers, labels=labels)
        if not present.all():
            assigner.forget_bounds()
        ids, centers = new_ids, new_centers
        remaining -= 1


def silhouette(points: np.ndarray, labels: np.ndarray) -> float:
    """Mean silhouette of the points (unweighted); a point alone in its cluster scores 0."""
    n_clusters = int(labels.max()) + 1 if len(labels) else 0
    if n_clusters < 2:
        return -1.0
    distances = np.sqrt(((points[:, None, :] - points[None, :, :]) ** 2).sum(-1))
    sizes = np.bincount(labels, minlength=n_clusters)
    sums = np.zeros((len(points), n_clusters))
    for cluster in range(n_clusters):
        sums[:, cluster] = distances[:, labels == cluster].sum(1)
    own = labels
    alone = sizes[own] == 1
    a = sums[np.arange(len(points)), own] / np.maximum(sizes[own] - 1, 1)
    mean_to_other = sums / np.maximum(sizes, 1)
    mean_to_other[np.arange(len(points)), own] = np.inf
    b = mean_to_other.min(1)
    scores = np.where(alone, 0.0, (b - a) / np.maximum(np.maximum(a, b), 1e-300))
    return float(scores.mean())


def _weighted_means(points, weights, labels, n_clusters) -> np.ndarray:
    total = np.bincount(labels, weights=weights, minlength=n_clusters)
    means = np.empty((n_clusters, points.shape[1]))
    for dim in range(points.shape[1]):
        weighted = np.bincount(labels, weights=weights * points[:, dim], minlength=n_clusters)
        means[:, dim] = np.divide(weighted, total, out=np.zeros(n_clusters), where=total > 0)
    return means


def _same_clustering(old: np.ndarray, new: np.ndarray) -> bool:
    """Pol.is compares centres after sorting them, pairing as many as the shorter list has."""
    old_sorted = old[np.lexsort(old.T[::-1])]
    new_sorted = new[np.lexsort(new.T[::-1])]
    paired = min(len(old_sorted), len(new_sorted))
    moves = np.sqrt(((old_sorted[:paired] - new_sorted[:paired]) ** 2).sum(1))
    return bool(np.all(moves < CONVERGENCE_DISTANCE))


def _warm_start(points, weights, previous, k) -> tuple[np.ndarray, np.ndarray]:
    """Pol.is' clean-start-clusters: previous clusters recentred, merged, then split to k."""
    clusters: list[list] = []  # [id, members (indices), center]
    for cluster_id, members in previous:
        members = np.asarray(members, dtype=np.int64)
        if members.size:
            clusters.append([int(cluster_id), members, _mean(points, weights, members)])
    if not clusters:
        last_id = max((int(cluster_id) for cluster_id, _ in previous), default=-1)
        everyone = np.arange(len(points))
        return np.array([last_id + 1]), _mean(points, weights, everyone)[None, :]

    merged: list[list] = []
    for cluster in clusters:
        twin = next((m for m in merged if np.array_equal(m[2], cluster[2])), None)
        if twin is None:
            merged.append(cluster)
            continue
        bigger = twin if len(twin[1]) >= len(cluster[1]) else cluster
        sizes = np.array([len(twin[1]), len(cluster[1])], dtype=float)
        twin[2] = (twin[2] * sizes[0] + cluster[2] * sizes[1]) / sizes.sum()
        twin[0], twin[1] = bigger[0], np.concatenate([twin[1], cluster[1]])

    possible = len(first_distinct_rows(points, k))
    assigner = _NearestCenter(points)
    while True:
        for cluster in merged:
            if cluster[1].size:
                cluster[2] = _mean(points, weights, cluster[1])
        if len(merged) >= possible:
            break
        centers = np.array([cluster[2] for cluster in merged])
        distance = assigner.distance_to_nearest(centers)
        farthest = int(len(distance) - 1 - np.argmax(distance[::-1]))
        if distance[farthest] <= 0:
            break
        for cluster in merged:
            cluster[1] = cluster[1][cluster[1] != farthest]
        merged.append([max(c[0] for c in merged) + 1, np.array([farthest]), points[farthest]])
    return np.array([c[0] for c in merged]), np.array([c[2] for c in merged], dtype=float)


def _mean(points, weights, members) -> np.ndarray:
    w = weights[members]
    return (points[members] * w[:, None]).sum(0) / w.sum()


class _NearestCenter:
    """Assigns points to their nearest centre, reusing bounds between iterations.

    Hamerly's algorithm: `upper` bounds the distance to the assigned centre,
    `lower` the distance to any other. When centres move by `shift`, a point
    whose upper bound (grown by its centre's move) stays below its lower bound
    (shrunk by the largest move) cannot have changed cluster. Only the others
    are measured again, exactly.
    """

    def __init__(self, points: np.ndarray) -> None:
        self.points = np.ascontiguousarray(points, dtype=float)
        self.forget_bounds()

    def forget_bounds(self) -> None:
        self.labels = None
        self.previous_centers = None

    def assign(self, centers: np.ndarray) -> np.ndarray:
        if (
            self.labels is None
            or self.previous_centers is None
            or self.previous_centers.shape != centers.shape
            or len(centers) < 2
        ):
            self.labels, self.upper, self.lower = self._full(np.arange(len(self.points)), centers)
        else:
            shift = np.sqrt(((centers - self.previous_centers) ** 2).sum(1))
            self.upper += shift[self.labels]
            self.lower -= shift.max()
            between = np.sqrt(((centers[:, None, :] - centers[None, :, :]) ** 2).sum(-1))
            np.fill_diagonal(between, np.inf)
            half_gap = between.min(1) / 2
            bound = np.maximum(self.lower, half_gap[self.labels])
            doubtful = np.flatnonzero(self.upper > bound)
            if doubtful.size:
                # Tighten the upper bound first: often enough to settle the point.
                own = centers[self.labels[doubtful]]
                self.upper[doubtful] = np.sqrt(((self.points[doubtful] - own) ** 2).sum(1))
                doubtful = doubtful[self.upper[doubtful] > bound[doubtful]]
            if doubtful.size:
                labels, upper, lower = self._full(doubtful, centers)
                self.labels[doubtful], self.upper[doubtful], self.lower[doubtful] = (
                    labels,
                    upper,
                    lower,
                )
        self.previous_centers = centers.copy()
        return self.labels.copy()

    def distance_to_nearest(self, centers: np.ndarray) -> np.ndarray:
        _, nearest, _ = self._full(np.arange(len(self.points)), centers)
        return nearest

    def _full(self, rows: np.ndarray, centers: np.ndarray):
        """Nearest and second-nearest centre of the given points, by exact distance."""
        tree = cKDTree(centers)
        if len(centers) == 1:
            distance, labels = tree.query(self.points[rows], k=1, workers=-1)
            return labels.astype(np.int64), distance, np.full(rows.size, np.inf)
        distance, labels = tree.query(self.points[rows], k=2, workers=-1)
        return labels[:, 0].astype(np.int64), distance[:, 0], distance[:, 1]
