"""The stable grouping: the groups most reruns agree on, beside Pol.is' own.

Pol.is' groups come from one k-means started from the first arrivals: the
same votes can give other groups (stability.py measures how often). The
stable grouping does not depend on any order. It reruns a clustering, each
time on a random subsample of the votes (every vote kept with probability
`keep`) with its own random start, and keeps what the reruns agree on:

1. each rerun recomputes the positions from its subsample: mean-filled PCA
   with `dimensions` components (a few steps of subspace iteration from the
   components of all the votes, see _Reruns), Pol.is' sparsity-aware
   scaling; then k-means (k-means++ start) for k = 2..`max_groups` on
   `fit_sample` voters, the k with the best (simplified) silhouette, and
   every voter takes the nearest centre. All reruns and all k are solved at
   once, as arrays;
2. co-association: the share of reruns that put each two voters of a sample
   of `sample` in the same group;
3. the groups are cut from that matrix by average linkage at 1/2: people end
   in the same group when, on average, most reruns put them together. Groups
   smaller than `min_share` of the voters are dissolved, and at most
   `max_stable_groups` are kept;
4. every voter joins the group whose members share their rerun groups most
   often (mean co-association with the group); that share is their
   *attachment*. Those the reruns place in one group less than `unsettled`
   of the time join the group whose mean votes fit theirs best.

Stopping rule: `first_runs` reruns, then up to `runs` only when the
firmness is within `margin` of a threshold. Beyond `rerun_sample` placed
voters (20,000), the reruns work on a sample, and everyone else joins the
group whose mean votes are closest to theirs on the comments they voted on.

Firmness is the median adjusted Rand index between a rerun and the stable
grouping (1: every rerun finds it, 0: no better than chance): firm from 0.8,
fair from 0.5, fragile below. Never firm: a single group; groups that sort
people by how much they voted (_activity); votes too sparse, where most
people voted on under 5 % of the comments (_coverage): there reruns can agree
on groups that miss the camps. Each voter's attachment says how settled
they are. The thresholds and defaults were chosen by measurement
(docs/decisions/0305-stable-opinion-groups.md).

Everything random is drawn from a generator seeded by the votes' hash: the
same votes always give the same grouping.
"""

from collections import Counter
from dataclasses import asdict, dataclass

import numpy as np
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.sparse import csr_matrix
from scipy.spatial.distance import squareform

from .projection import SVD_SEED
from .votes import VoteTable

AGREEMENT_THRESHOLD = 0.9
# Median adjusted Rand index between a rerun and the stable grouping (chosen by measurement).
FIRM_AGREEMENT = 0.8
FAIR_AGREEMENT = 0.5
# From this share of the spread of log(votes cast) explained by the groups, they are said to
# sort people by how much they voted (measured: 0.00 to 0.03 on planted camps and real
# conversations, 0.08 to 0.20 where light voters form groups of their own).
ACTIVITY_LIMIT = 0.05
# Below this median share of the comments voted on per person, the stable grouping is never
# firm: on generated conversations with 1 to 2.5 % it can be firm and miss the camps (ARI
# 0.04), while real conversations have 17 to 97 % (decision 0305).
SPARSE_COVERAGE = 0.05
# Components kept beyond `dimensions` in the subspace iteration (its convergence margin),
# steps from a random start for all the votes, and steps from there for each rerun.
BASIS_MARGIN = 4
START_STEPS = 30
RERUN_STEPS = 2
# Where a centre that lost all its members goes: out of everyone's reach.
FAR = 1e30


@dataclass(frozen=True)
class StableParameters:
    runs: int = 30  # at most
    first_runs: int = 20  # then the rest only when the firmness is near a threshold
    margin: float = 0.05  # "near": median agreement within this of 0.5 or 0.8
    keep: float = 0.9  # each vote kept with this probability in a rerun
    dimensions: int = 4  # components of the positions the reruns cluster
    max_groups: int = 5  # per rerun
    max_stable_groups: int = 5
    sample: int = 1_500  # voters the co-association works on
    core_share: float = 1.0  # share of voters, those who voted most, that shape the groups
    scale: bool = True  # Pol.is' sqrt(comments / votes cast) scaling of positions
    rerun_sample: int = 20_000  # voters the reruns place; beyond, the closest group's votes
    fit_sample: int = 500  # voters each k-means is fitted on; the others take the nearest centre
    min_share: float = 0.02  # smaller groups are dissolved into the others
    cut: float = 0.5  # average co-association below which groups stay apart
    # Passes reassigning each voter to the group whose mean votes fit theirs best (measured, off).
    refine: int = 0
    # Voters the reruns place in one group less than this share of the time join the group
    # whose mean votes fit theirs best (on their own votes).
    unsettled: float = 0.6

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
    # Share of the spread of log(votes cast) the groups account for (see _activity).
    activity: float = 0.0
    # Median share of the comments a placed voter voted on.
    coverage: float = 1.0
    threshold: float = AGREEMENT_THRESHOLD

    @property
    def share(self) -> float:
        return self.agreeing / self.runs if self.runs else 0.0

    @property
    def cohesion(self) -> float:
        """Mean attachment: how often, on average, people are with their group in the reruns."""
        return float(self.attachment.mean()) if self.attachment.size else 0.0

    @property
    def by_activity(self) -> bool:
        """True when the groups mostly sort people by how much they voted, not how."""
        return self.activity >= ACTIVITY_LIMIT

    @property
    def sparse(self) -> bool:
        """True when most people voted on too small a share of the comments to be grouped surely."""
        return self.coverage < SPARSE_COVERAGE

    @property
    def firmness(self) -> str:
        """firm, fair or fragile; a single group is never firm (nothing to divide), nor groups
        that sort people by how much they voted, nor groups from too sparse votes."""
        if (
            len(self.sizes) < 2
            or self.median_agreement < FAIR_AGREEMENT
            or self.by_activity
            or self.sparse
        ):
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
            "activity": round(self.activity, 4),
            "by_activity": self.by_activity,
            "coverage": round(self.coverage, 4),
            "sparse": self.sparse,
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
    coverage = _coverage(sub, withdrawn)
    rerun = _Reruns(sub, withdrawn, parameters, rng)
    # Stopping rule: `first_runs` reruns, then the rest only when the firmness is within
    # `margin` of a threshold (where more reruns could change what is said).
    labels = np.zeros((len(chosen), 0), dtype=np.int64)
    while True:
        done = labels.shape[1]
        first = min(parameters.first_runs or parameters.runs, parameters.runs)
        todo = first if not done else parameters.runs - done
        positions = np.stack([rerun.positions() for _ in range(todo)])
        labels = np.concatenate([labels, _cluster_all(positions, core, parameters, rng)], axis=1)
        group_of_sample, attachment, scores = _agreement(sub, withdrawn, labels, core, parameters)
        median = float(np.median(scores))
        near = min(abs(median - FIRM_AGREEMENT), abs(median - FAIR_AGREEMENT))
        # Too sparse votes, or groups sorted by votes cast: fragile whatever the reruns say.
        decided = coverage < SPARSE_COVERAGE or (
            _activity(np.diff(sub.indptr), group_of_sample) >= ACTIVITY_LIMIT
        )
        if labels.shape[1] >= parameters.runs or near >= parameters.margin or decided:
            break
    group_of_row = group_of_sample
    if len(chosen) < n:
        means = _profiles(sub, withdrawn, everyone, group_of_sample)
        group_of_row = _closest(table, withdrawn, placed_rows, means)
        group_of_row[chosen] = group_of_sample

    runs = labels.shape[1]
    found = [len(np.unique(labels[:, run])) for run in range(runs)]
    k = len(np.unique(group_of_sample))
    return StableGrouping(
        group_of_row=group_of_row,
        attachment=attachment,
        runs=runs,
        agreeing=sum(
            f == k and s >= AGREEMENT_THRESHOLD for f, s in zip(found, scores, strict=True)
        ),
        group_counts=dict(Counter(found)),
        median_agreement=median,
        voters=len(chosen),
        activity=_activity(np.diff(sub.indptr), group_of_sample),
        coverage=coverage,
        parameters=parameters,
    )


def _agreement(sub, withdrawn, labels, core, parameters) -> tuple:
    """The groups the reruns agree on, each voter's attachment, and each rerun's ARI with them."""
    groups = _consensus(labels[core], parameters)
    group_of_sample, attachment = _attach(labels, core, groups)
    everyone = np.arange(len(group_of_sample))
    for _ in range(parameters.refine):
        group_of_sample = _refine(sub, withdrawn, everyone, group_of_sample)
    if parameters.unsettled > 0:
        # Voters the reruns do not agree on join the group whose mean votes fit theirs best.
        settled = np.flatnonzero(attachment >= parameters.unsettled)
        unsettled = np.flatnonzero(attachment < parameters.unsettled)
        if unsettled.size and len(np.unique(group_of_sample[settled])) == len(
            np.unique(group_of_sample)
        ):
            means = _profiles(sub, withdrawn, settled, group_of_sample[settled])
            group_of_sample = group_of_sample.copy()
            group_of_sample[unsettled] = _closest(sub, withdrawn, unsettled, means)
    scores = [_adjusted_rand(group_of_sample, labels[:, run]) for run in range(labels.shape[1])]
    return group_of_sample, attachment, scores


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


class _Reruns:
    """Positions of the voters from random subsamples of the votes, one rerun at a time.

    A rerun's principal components come from a few steps of subspace iteration
    started from the components of all the votes (computed once): a subsample
    of 90 % of the votes moves them little, so `RERUN_STEPS` steps reach the
    rerun's own components (checked against an exact decomposition in the
    tests). Each step is two products of the sparse votes with a thin basis,
    instead of a full decomposition per rerun.
    """

    def __init__(self, table: VoteTable, withdrawn: np.ndarray, parameters, rng) -> None:
        self.table, self.parameters, self.rng = table, parameters, rng
        self.rows = table.row_of_vote()
        self.counted = ~withdrawn[table.indices]
        self.values = table.values.astype(float)
        self.shape = (table.n_voters, table.n_comments)
        self.width = min(parameters.dimensions + BASIS_MARGIN, *self.shape)
        full = self._centred(self.counted)
        start = np.random.default_rng(SVD_SEED).standard_normal((self.shape[1], self.width))
        self.start = _subspace(full, start, START_STEPS)

    def _centred(self, counted: np.ndarray) -> csr_matrix:
        table, n_comments = self.table, self.shape[1]
        sums = np.bincount(
            table.indices, weights=np.where(counted, self.values, 0.0), minlength=n_comments
        )
        seen = np.bincount(table.indices, weights=counted, minlength=n_comments)
        center = np.divide(sums, seen, out=np.zeros(n_comments), where=seen > 0)
        # Dropped votes stay in the structure as zeros: a zero is a mean-filled missing vote.
        values = np.where(counted, self.values - center[table.indices], 0.0)
        return csr_matrix((values, table.indices, table.indptr), shape=self.shape)

    def positions(self) -> np.ndarray:
        """Positions of every voter from one random subsample of the votes."""
        parameters = self.parameters
        kept = self.rng.random(self.table.n_votes) < parameters.keep
        centred = self._centred(kept & self.counted)
        basis = _subspace(centred, self.start, RERUN_STEPS)
        components, singular = _ritz(centred, basis)
        components = components[singular > 1e-12 * max(singular.max(initial=0.0), 1.0)]
        components = components[: parameters.dimensions]
        positions = np.zeros((self.shape[0], parameters.dimensions))
        if components.shape[0]:
            positions[:, : components.shape[0]] = centred @ components.T
        if not parameters.scale:
            return positions
        cast = np.bincount(self.rows[kept], minlength=self.shape[0])
        return positions * np.sqrt(self.shape[1] / np.maximum(cast, 1))[:, None]


def _subspace(matrix: csr_matrix, basis: np.ndarray, steps: int) -> np.ndarray:
    """`steps` of subspace iteration on matrix.T @ matrix; orthonormal columns."""
    basis, _ = np.linalg.qr(basis)
    for _ in range(steps):
        basis, _ = np.linalg.qr(matrix.T @ (matrix @ basis))
    return basis


def _ritz(matrix: csr_matrix, basis: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Best components within the basis (rows, by decreasing singular value)."""
    _, singular, vt = np.linalg.svd(matrix @ basis, full_matrices=False)
    return (basis @ vt.T).T, singular


def _cluster_all(positions: np.ndarray, core: np.ndarray, parameters, rng) -> np.ndarray:
    """Labels (voters x reruns): k-means of each rerun's core voters, k by silhouette.

    Every rerun and every k = 2..max_groups is one k-means problem, all solved at
    once (arrays of problems x voters); each rerun keeps the k with the best
    silhouette, and every voter takes the nearest of its centres.
    """
    runs, _, dims = positions.shape
    tried = np.arange(2, parameters.max_groups + 1)
    fitted = core
    if len(core) > parameters.fit_sample:
        fitted = np.sort(rng.choice(core, size=parameters.fit_sample, replace=False))
    points = positions[:, fitted]
    # Problem i: rerun i % runs, k = tried[i // runs].
    problems = np.tile(points, (len(tried), 1, 1))
    wanted = np.repeat(tried, runs)
    centers, reach = _kmeans_all(problems, wanted, rng)
    scores = _silhouette_all(reach).reshape(len(tried), runs)
    best = scores.argmax(axis=0)  # the smallest k among equal scores
    chosen = centers.reshape(len(tried), runs, -1, dims)[best, np.arange(runs)]
    return _nearest_all(positions, chosen)[0].T


def _nearest_all(points: np.ndarray, centers: np.ndarray) -> tuple:
    """Nearest centre of each point, problem by problem ((problems, n, d), (problems, k, d)).

    Returns the labels and the squared distances to every centre.
    """
    reach = (centers**2).sum(-1)[:, None, :] - 2 * points @ centers.transpose(0, 2, 1)
    reach += (points**2).sum(-1)[..., None]
    return reach.argmin(axis=-1), np.maximum(reach, 0.0)


def _kmeans_all(points: np.ndarray, wanted: np.ndarray, rng, iterations: int = 30) -> tuple:
    """Lloyd's k-means from a k-means++ start, for many problems at once.

    Problem i looks for wanted[i] clusters; unused centres, and a cluster left
    empty, sit out of reach (FAR): they are dropped, as a k-means with fewer
    clusters. Returns the centres and the squared distances of the points to them.
    """
    problems, m, dims = points.shape
    every = np.arange(problems)
    width = int(wanted.max())
    centers = np.full((problems, width, dims), FAR)
    centers[:, 0] = points[every, rng.integers(m, size=problems)]
    nearest = ((points - centers[:, :1]) ** 2).sum(-1)
    for j in range(1, width):
        cumulative = np.cumsum(nearest, axis=1)
        target = rng.random(problems) * cumulative[:, -1]
        chosen = np.minimum((cumulative < target[:, None]).sum(axis=1), m - 1)
        used = wanted > j
        centers[used, j] = points[every[used], chosen[used]]
        distance = ((points - centers[:, j : j + 1]) ** 2).sum(-1)
        nearest = np.where(used[:, None], np.minimum(nearest, distance), nearest)
    labels = np.full((problems, m), -1)
    reach = np.zeros((problems, m, width))
    span = np.arange(width)
    active = every  # problems whose labels still change
    for _ in range(iterations):
        new, reach[active] = _nearest_all(points[active], centers[active])
        moving = ~(new == labels[active]).all(axis=1)
        labels[active] = new
        active, new = active[moving], new[moving]
        if not active.size:
            break
        onehot = (new[..., None] == span).astype(float)
        counts = onehot.sum(axis=1)
        sums = onehot.transpose(0, 2, 1) @ points[active]
        centers[active] = np.where(
            (counts > 0)[..., None], sums / np.maximum(counts, 1.0)[..., None], FAR
        )
    else:
        reach[active] = _nearest_all(points[active], centers[active])[1]
    return centers, reach


def _silhouette_all(reach: np.ndarray) -> np.ndarray:
    """Simplified silhouette of each problem, from the squared distances to the centres.

    For each point: a = distance to its own centre, b = to the nearest other
    one, (b - a) / max(a, b); a point alone in its cluster scores 0. Fewer than
    two clusters: -inf.
    """
    distance = np.sqrt(reach)
    order = np.sort(distance, axis=-1)
    own, other = order[..., 0], order[..., 1]
    present = (reach < FAR).sum(axis=-1)[:, 0]
    labels = distance.argmin(axis=-1)
    sizes = (labels[..., None] == np.arange(reach.shape[-1])).sum(axis=1)
    alone = np.take_along_axis(sizes, labels, axis=1) == 1
    with np.errstate(invalid="ignore", divide="ignore"):
        score = (other - own) / np.maximum(np.maximum(other, own), 1e-12)
    score = np.where(alone, 0.0, score).mean(axis=1)
    return np.where(present >= 2, score, -np.inf)


def _activity(cast: np.ndarray, groups: np.ndarray) -> float:
    """Share of the variance of log(votes cast) between the groups (eta squared).

    Where most people voted on few comments, their positions are mostly noise
    and reruns can agree on groups of "people who voted little" (decision 0305):
    such groups differ in how much their members voted far more than opinion
    camps do.
    """
    if len(np.unique(groups)) < 2:
        return 0.0
    values = np.log(np.maximum(cast, 1))
    spread = ((values - values.mean()) ** 2).sum()
    if spread <= 0:
        return 0.0
    sizes = np.bincount(groups)
    means = np.bincount(groups, weights=values) / np.maximum(sizes, 1)
    return float((sizes * (means - values.mean()) ** 2).sum() / spread)


def _coverage(table: VoteTable, withdrawn: np.ndarray) -> float:
    """Median share of the (not withdrawn) comments each voter voted on."""
    open_comments = int((~withdrawn).sum())
    if not open_comments or not table.n_voters:
        return 0.0
    counted = np.bincount(table.row_of_vote()[~withdrawn[table.indices]], minlength=table.n_voters)
    return float(np.median(counted) / open_comments)
