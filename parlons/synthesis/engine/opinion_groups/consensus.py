"""The stable grouping: the groups most reruns agree on, beside Pol.is' own.

Pol.is' groups come from one k-means started from the first arrivals: the
same votes can give other groups (stability.py measures how often). The
stable grouping does not depend on any order. It reruns a clustering `runs`
times, each on a random subsample of the votes (every vote kept with
probability `keep`) with its own random start, and keeps what the reruns
agree on:

1. each rerun recomputes the positions from its subsample (mean-filled PCA
   with `dimensions` components, Pol.is' sparsity-aware scaling), clusters
   the placed voters by k-means (k-means++ start, k = 2..`max_groups`
   chosen by silhouette on a sample);
2. co-association: the share of reruns that put each two placed voters in
   the same group;
3. the groups are cut from that matrix by average linkage at 1/2: people end
   in the same group when, on average, most reruns put them together. Groups
   smaller than `min_share` of the voters are dissolved, and at most
   `max_stable_groups` are kept;
4. every voter joins the group whose members share their rerun groups most
   often (mean co-association with the group); that share is their
   *attachment*.

Beyond `sample` placed voters (2,000), k-means and the co-association work on
a random sample of them, and the others take, in each rerun, the group of
the nearest centre. Beyond `rerun_sample` (20,000), the reruns themselves
work on a sample, and everyone else joins the group whose mean votes are
closest to theirs on the comments they voted on.

Firmness is the median adjusted Rand index between a rerun and the stable
grouping, over the placed voters (1: every rerun finds it, 0: no better
than chance): firm from 0.8, fair from 0.5, fragile below, and a single
group is never firm. Each voter's attachment says how settled they are. The
thresholds and defaults were chosen by measurement
(docs/decisions/0305-stable-opinion-groups.md).

Everything random is drawn from a generator seeded by the votes' hash: the
same votes always give the same grouping.
"""

from collections import Counter
from dataclasses import asdict, dataclass

import numpy as np
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.linalg import eigh
from scipy.sparse import csr_matrix
from scipy.spatial.distance import cdist, squareform

from .projection import GRAM_MAX_SIZE, _orient, _principal_components
from .votes import VoteTable

AGREEMENT_THRESHOLD = 0.9
# Median adjusted Rand index between a rerun and the stable grouping (chosen by measurement).
FIRM_AGREEMENT = 0.8
FAIR_AGREEMENT = 0.5
# Up to this many cells (placed voters x comments), a rerun's PCA works on a dense copy.
DENSE_LIMIT = 4_000_000


@dataclass(frozen=True)
class StableParameters:
    runs: int = 30
    keep: float = 0.9  # each vote kept with this probability in a rerun
    dimensions: int = 4  # components of the positions the reruns cluster
    max_groups: int = 5  # per rerun
    max_stable_groups: int = 5
    sample: int = 2_000  # voters k-means and the co-association work on
    core_share: float = 1.0  # share of voters, those who voted most, that shape the groups
    scale: bool = True  # Pol.is' sqrt(comments / votes cast) scaling of positions
    rerun_sample: int = 20_000  # voters the reruns place; beyond, the closest group's votes
    silhouette_sample: int = 500
    min_share: float = 0.02  # smaller groups are dissolved into the others
    cut: float = 0.5  # average co-association below which groups stay apart
    # Passes reassigning each voter to the group whose mean votes fit theirs best (measured, off).
    refine: int = 0

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True, eq=False)
class StableGrouping:
    group_of_row: np.ndarray  # group (0..k-1) of each placed voter, by size
    attachment: np.ndarray  # mean co-association of each sampled voter with their group
    runs: int
    agreeing: int  # reruns that find these groups (same k, ARI >= threshold)
    group_counts: dict  # number of groups found -> reruns
    median_agreement: float
    voters: int  # voters in the co-association sample
    parameters: StableParameters
    threshold: float = AGREEMENT_THRESHOLD

    @property
    def share(self) -> float:
        return self.agreeing / self.runs if self.runs else 0.0

    @property
    def cohesion(self) -> float:
        """Mean attachment: how often, on average, people are with their group in the reruns."""
        return float(self.attachment.mean()) if self.attachment.size else 0.0

    @property
    def firmness(self) -> str:
        """firm, fair or fragile; a single group is never firm (nothing to divide)."""
        if len(self.sizes) < 2 or self.median_agreement < FAIR_AGREEMENT:
            return "fragile"
        return "firm" if self.median_agreement >= FIRM_AGREEMENT else "fair"

    @property
    def firm(self) -> bool:
        return self.firmness == "firm"

    @property
    def sizes(self) -> list[int]:
        return np.bincount(self.group_of_row).tolist() if self.group_of_row.size else []

    def as_dict(self) -> dict:
        return {
            "runs": self.runs,
            "agreeing": self.agreeing,
            "share": round(self.share, 4),
            "firm": self.firm,
            "firmness": self.firmness,
            "cohesion": round(self.cohesion, 4),
            "group_counts": {str(k): n for k, n in sorted(self.group_counts.items())},
            "median_agreement": round(self.median_agreement, 4),
            "group_sizes": self.sizes,
            "settled": int((self.attachment >= AGREEMENT_THRESHOLD).sum()),
            "voters": self.voters,
            "threshold": self.threshold,
            "parameters": self.parameters.as_dict(),
        }


def stable_grouping(
    table: VoteTable,
    withdrawn: np.ndarray,
    placed_rows: np.ndarray,
    *,
    seed: int,
    parameters: StableParameters | None = None,
) -> StableGrouping:
    parameters = parameters or StableParameters()
    rng = np.random.default_rng(seed)
    n = len(placed_rows)
    # Beyond `rerun_sample` placed voters the reruns work on a random sample of them;
    # everyone else joins the group whose mean votes fit theirs best.
    chosen = np.arange(n)
    if n > parameters.rerun_sample:
        chosen = np.sort(rng.choice(n, size=parameters.rerun_sample, replace=False))
    sub = _rows(table, placed_rows[chosen])
    sub_rows = sub.row_of_vote()
    everyone = np.arange(len(chosen))
    # k-means and the co-association use at most `sample` of them; the others take the
    # nearest centre of each rerun.
    core = everyone
    if parameters.core_share < 1.0:
        # Only the voters who voted most shape the groups; the others take the nearest centre.
        cast = np.diff(sub.indptr)
        core = np.flatnonzero(cast >= np.quantile(cast, 1.0 - parameters.core_share))
    if len(core) > parameters.sample:
        core = np.sort(rng.choice(core, size=parameters.sample, replace=False))
    labels = np.zeros((len(chosen), parameters.runs), dtype=np.int64)
    for run in range(parameters.runs):
        points = _subsample_positions(sub, sub_rows, withdrawn, everyone, parameters, rng)
        labels[:, run] = _nearest(points, _cluster(points[core], parameters, rng))

    groups = _consensus(labels[core], parameters)
    group_of_sample, attachment = _attach(labels, core, groups)
    for _ in range(parameters.refine):
        group_of_sample = _refine(sub, withdrawn, everyone, group_of_sample)
    group_of_row = group_of_sample
    if len(chosen) < n:
        means = _profiles(sub, withdrawn, everyone, group_of_sample)
        group_of_row = _closest(table, withdrawn, placed_rows, means)
        group_of_row[chosen] = group_of_sample

    scores, counts, agreeing = [], Counter(), 0
    k = len(np.unique(group_of_sample))
    for run in range(parameters.runs):
        found = len(np.unique(labels[:, run]))
        counts[found] += 1
        scores.append(_adjusted_rand(group_of_sample, labels[:, run]))
        agreeing += found == k and scores[-1] >= AGREEMENT_THRESHOLD
    return StableGrouping(
        group_of_row=group_of_row,
        attachment=attachment,
        runs=parameters.runs,
        agreeing=agreeing,
        group_counts=dict(counts),
        median_agreement=float(np.median(scores)) if scores else 0.0,
        voters=len(chosen),
        parameters=parameters,
    )


def _rows(table: VoteTable, rows: np.ndarray) -> VoteTable:
    """The votes of some voters only (same comments, in the same order)."""
    starts, ends = table.indptr[rows], table.indptr[rows + 1]
    lengths = ends - starts
    indptr = np.concatenate([[0], np.cumsum(lengths)]).astype(table.indptr.dtype)
    take = np.repeat(starts - indptr[:-1], lengths) + np.arange(indptr[-1])
    return VoteTable(
        voter_ids=[table.voter_ids[r] for r in rows],
        comment_ids=table.comment_ids,
        indptr=indptr,
        indices=table.indices[take],
        values=table.values[take],
    )


def _subsample_positions(table, rows, withdrawn, placed_rows, parameters, rng) -> np.ndarray:
    """Positions of the placed voters from a random subsample of the votes."""
    kept = rng.random(table.n_votes) < parameters.keep
    counted = kept & ~withdrawn[table.indices]
    n_comments = table.n_comments
    weights = np.where(counted, table.values, 0.0)
    sums = np.bincount(table.indices, weights=weights, minlength=n_comments)
    seen = np.bincount(table.indices, weights=counted, minlength=n_comments)
    center = np.divide(sums, seen, out=np.zeros(n_comments), where=seen > 0)
    # Dropped votes stay in the structure as zeros: a zero is a mean-filled missing vote.
    values = np.where(counted, table.values - center[table.indices], 0.0)
    centred = csr_matrix((values, table.indices, table.indptr), shape=(table.n_voters, n_comments))[
        placed_rows
    ]
    components = _orient(_components(centred, parameters.dimensions), None)
    positions = np.zeros((len(placed_rows), parameters.dimensions))
    if components.shape[0]:
        positions[:, : components.shape[0]] = centred @ components.T
    if not parameters.scale:
        return positions
    cast = np.bincount(rows[kept], minlength=table.n_voters)[placed_rows]
    return positions * np.sqrt(n_comments / np.maximum(cast, 1))[:, None]


def _components(centred: csr_matrix, wanted: int) -> np.ndarray:
    """Top principal components; through a dense Gram matrix when the votes fit densely."""
    n_rows, n_cols = centred.shape
    if n_rows * n_cols > DENSE_LIMIT or n_cols > 2 * GRAM_MAX_SIZE or wanted >= n_cols - 1:
        return _principal_components(centred, wanted)
    dense = centred.toarray()
    gram = dense.T @ dense
    values, vectors = eigh(gram, subset_by_index=[n_cols - wanted, n_cols - 1])
    values, vectors = values[::-1], vectors[:, ::-1]
    singular = np.sqrt(np.maximum(values, 0.0))
    return vectors.T[singular > 1e-12 * max(singular.max(initial=0.0), 1.0)]


def _matrices(table, withdrawn, rows):
    values = np.where(withdrawn[table.indices], 0.0, table.values.astype(float))
    shape = (table.n_voters, table.n_comments)
    votes = csr_matrix((values, table.indices, table.indptr), shape=shape)
    cast = csr_matrix((np.ones(table.n_votes), table.indices, table.indptr), shape=shape)
    return votes[rows], cast[rows]


def _profiles(table, withdrawn, rows, groups) -> np.ndarray:
    """Mean vote of each group on each comment (0 where no member voted)."""
    votes, cast = _matrices(table, withdrawn, rows)
    k = int(groups.max()) + 1
    members = csr_matrix(
        (np.ones(len(groups)), (groups, np.arange(len(groups)))), shape=(k, len(groups))
    )
    seen = (members @ cast).toarray()
    sums = (members @ votes).toarray()
    return np.divide(sums, seen, out=np.zeros_like(seen), where=seen > 0)


def _closest(table, withdrawn, rows, means) -> np.ndarray:
    """Each voter's group: the closest mean votes, on the comments they voted on."""
    votes, cast = _matrices(table, withdrawn, rows)
    # Squared distance on cast comments, up to each voter's own constant.
    distance = np.asarray(cast @ (means**2).T) - 2 * np.asarray(votes @ means.T)
    return distance.argmin(axis=1)


def _refine(table, withdrawn, rows, groups) -> np.ndarray:
    """One pass of: each voter joins the group whose mean votes fit theirs best."""
    refined = _closest(table, withdrawn, rows, _profiles(table, withdrawn, rows, groups))
    # A group that would empty keeps its members as they were.
    if len(np.unique(refined)) < len(np.unique(groups)):
        return groups
    return refined


def _nearest(points: np.ndarray, centers: np.ndarray) -> np.ndarray:
    return cdist(points, centers, "sqeuclidean").argmin(axis=1)


def _adjusted_rand(a: np.ndarray, b: np.ndarray) -> float:
    """Adjusted Rand index from the contingency table (as scikit-learn's, without its checks)."""
    _, a = np.unique(a, return_inverse=True)
    _, b = np.unique(b, return_inverse=True)
    n = len(a)
    if n < 2:
        return 1.0
    table = np.bincount(a * (b.max() + 1) + b, minlength=(a.max() + 1) * (b.max() + 1))

    def pairs(counts):
        counts = counts.astype(float)
        return float((counts * (counts - 1) / 2).sum())

    index = pairs(table)
    rows = pairs(np.bincount(a))
    columns = pairs(np.bincount(b))
    expected = rows * columns / (n * (n - 1) / 2)
    maximum = (rows + columns) / 2
    if maximum == expected:
        return 1.0
    return (index - expected) / (maximum - expected)


def _cluster(points: np.ndarray, parameters: StableParameters, rng) -> np.ndarray:
    """Centres of k-means for k = 2..max_groups, the k with the best silhouette (on a sample)."""
    best, best_score = points[:1].copy(), -np.inf
    scored = np.arange(len(points))
    if len(points) > parameters.silhouette_sample:
        scored = np.sort(rng.choice(len(points), size=parameters.silhouette_sample, replace=False))
    distances = cdist(points[scored], points[scored])
    for k in range(2, parameters.max_groups + 1):
        labels, centers = _kmeans(points, k, rng)
        score = _silhouette(distances, labels[scored])
        if score > best_score:
            best, best_score = centers, score
    return best


def _kmeans(points: np.ndarray, k: int, rng, iterations: int = 30) -> tuple:
    """Lloyd's k-means from a k-means++ start (scikit-learn's costs more than the work here)."""
    n = len(points)
    centers = [points[rng.integers(n)]]
    nearest = ((points - centers[0]) ** 2).sum(axis=1)
    for _ in range(1, k):
        total = nearest.sum()
        if total <= 0:
            break
        chosen = rng.choice(n, p=nearest / total)
        centers.append(points[chosen])
        nearest = np.minimum(nearest, ((points - points[chosen]) ** 2).sum(axis=1))
    centers = np.array(centers)
    labels = np.full(n, -1)
    for _ in range(iterations):
        new = cdist(points, centers, "sqeuclidean").argmin(axis=1)
        if np.array_equal(new, labels):
            break
        labels = new
        onehot = labels[:, None] == np.arange(len(centers))[None, :]
        counts = onehot.sum(axis=0)
        sums = onehot.T.astype(float) @ points
        present = counts > 0
        centers = sums[present] / counts[present, None]
        labels = (np.cumsum(present) - 1)[labels]
    return labels, centers


def _silhouette(distances: np.ndarray, labels: np.ndarray) -> float:
    """Mean silhouette from a distance matrix; a lone member scores 0 (as scikit-learn)."""
    groups = np.unique(labels)
    if len(groups) < 2:
        return -np.inf
    onehot = labels[:, None] == groups[None, :]
    sizes = onehot.sum(axis=0)
    mean_to = (distances @ onehot) / sizes  # mean distance to each group (self included)
    own = np.searchsorted(groups, labels)
    own_size = sizes[own]
    inside = mean_to[np.arange(len(labels)), own] * own_size / np.maximum(own_size - 1, 1)
    mean_to[np.arange(len(labels)), own] = np.inf
    outside = mean_to.min(axis=1)
    score = (outside - inside) / np.maximum(np.maximum(outside, inside), 1e-12)
    score[own_size == 1] = 0.0
    return float(score.mean())


def _consensus(labels: np.ndarray, parameters: StableParameters) -> np.ndarray:
    """Groups of the sampled voters, cut from their co-association matrix."""
    n, runs = labels.shape
    if n < 2:
        return np.zeros(n, dtype=np.int64)
    # One column per (rerun, group): co-association = shared columns / reruns.
    width = int(labels.max()) + 1
    onehot = np.zeros((n, runs * width), dtype=np.float32)
    onehot[np.arange(n)[:, None], np.arange(runs)[None, :] * width + labels] = 1.0
    together = (onehot @ onehot.T) / runs
    distance = 1.0 - together
    np.fill_diagonal(distance, 0.0)
    tree = linkage(squareform(distance, checks=False), method="average")
    groups = fcluster(tree, t=1.0 - parameters.cut, criterion="distance") - 1
    sizes = np.bincount(groups)
    kept = np.flatnonzero(sizes >= max(2, parameters.min_share * n))
    if len(kept) > parameters.max_stable_groups:
        kept = kept[np.argsort(-sizes[kept], kind="stable")[: parameters.max_stable_groups]]
    if len(kept) == 0:
        return np.zeros(n, dtype=np.int64)
    # Dissolved groups' members join the kept group they are most often with.
    affinity = np.stack([together[:, groups == g].mean(axis=1) for g in kept], axis=1)
    return affinity.argmax(axis=1)


def _attach(labels: np.ndarray, sample: np.ndarray, groups: np.ndarray):
    """Every voter joins the group whose sampled members share their rerun groups most often."""
    n, runs = labels.shape
    k = int(groups.max()) + 1 if groups.size else 1
    affinity = np.zeros((n, k))
    for run in range(runs):
        column = labels[:, run]
        width = int(column.max()) + 1
        # share[g, l]: the share of group g's sampled members in rerun group l.
        share = np.bincount(groups * width + column[sample], minlength=k * width)
        share = share.reshape(k, width).astype(float)
        share /= np.maximum(share.sum(axis=1, keepdims=True), 1.0)
        affinity += share[:, column].T
    affinity /= runs
    group = affinity.argmax(axis=1)
    # Groups numbered by size, largest first; ties by first member.
    sizes = np.bincount(group, minlength=k)
    order = sorted(range(k), key=lambda g: (-sizes[g], g))
    renumber = np.empty(k, dtype=np.int64)
    renumber[order] = np.arange(k)
    return renumber[group], affinity[np.arange(n), group]
