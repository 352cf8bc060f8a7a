"""Opinion groups, end to end: who is placed, where, in which group, and what each group says.

The steps and their defaults are Pol.is' (polismath, conversation.clj):

1. participants are placed when they voted on at least min(7, number of
   comments) comments; if fewer than 15 are, the most active are added up to
   15. Someone placed once stays placed in later runs (given `previous`);
2. positions: PCA of the votes, missing votes filled with the comment's mean,
   scaled by sqrt(comments / votes cast) (see projection.py);
3. 100 base clusters by k-means over the placed participants' positions,
   then the base clusters (weighted by their size) are grouped for every
   k from 2 to min(5, 2 + base clusters // 12), and the k with the best
   silhouette is kept. Across runs, Pol.is only changes k once the same new k
   has won `k_buffer` times in a row; we do the same when given `previous`;
4. representative comments, consensus and group-informed consensus
   (see representative.py);
5. not Pol.is': an order check reruns step 3 from a cold start in random
   arrival orders and says how many reruns find the same groups, because
   Pol.is' groups often depend on who arrived first (see stability.py);
6. not Pol.is': a stable grouping, the groups most reruns on subsamples of the
   votes agree on, with its own firmness (see consensus.py).

A cold start (no `previous`) is deterministic: the k-means start from the
first distinct positions, in the order voters first appear in the records.
"""

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field

import numpy as np

from ..provenance import Provenance
from .consensus import StableGrouping, StableParameters, stable_grouping
from .kmeans import kmeans, silhouette
from .projection import project_voters
from .representative import (
    Z_90,
    ConsensusComment,
    RepresentativeComment,
    consensus_comments,
    count_votes,
    group_informed_consensus,
    representative_comments,
)
from .stability import GroupStability, order_stability
from .votes import VoteTable

METHOD = (
    "Pol.is opinion groups: mean-filled PCA (2 components, sparsity-aware scaling), "
    "100 base k-means clusters, group k-means for k=2..5 chosen by silhouette, "
    "repness and consensus z-tests"
)
ENGINE_VERSION = "1"


@dataclass(frozen=True)
class OpinionGroupParameters:
    min_votes: int = 7
    greedy_minimum: int = 15
    base_clusters: int = 100
    base_iterations: int = 100
    # polismath passes its 100 group iterations under a name kmeans ignores: 20 apply.
    group_iterations: int = 20
    max_groups: int = 5
    k_buffer: int = 4
    significance_z: float = Z_90
    max_representative: int = 5
    max_consensus: int = 5
    # Reruns in other arrival orders, to tell staff how firm the groups are (stability.py).
    stability_runs: int = 20
    stability_sample: int = 20_000
    # Reruns on subsamples of the votes for the stable grouping (consensus.py); 0: none.
    stable_runs: int = StableParameters.runs

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass
class OpinionGroupState:
    """What a later run needs to keep groups stable (Pol.is keeps the same between updates).

    Plain lists and dicts, so it can be stored as JSON and read back with `from_dict`.
    """

    placed_voters: list = field(default_factory=list)
    base_clusters: list = field(default_factory=list)  # [(id, [voter ids])]
    group_clusterings: dict = field(default_factory=dict)  # {k: [(id, [base cluster ids])]}
    k_smoother: dict = field(default_factory=dict)  # last_k, last_k_count, smoothed_k
    components: list = field(default_factory=list)  # [[loading per comment id]]
    component_comments: list = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "placed_voters": list(self.placed_voters),
            "base_clusters": [[cid, list(members)] for cid, members in self.base_clusters],
            "group_clusterings": {
                str(k): [[cid, list(members)] for cid, members in clusters]
                for k, clusters in self.group_clusterings.items()
            },
            "k_smoother": dict(self.k_smoother),
            "components": [list(map(float, c)) for c in self.components],
            "component_comments": list(self.component_comments),
        }

    @classmethod
    def from_dict(cls, data: dict) -> "OpinionGroupState":
        return cls(
            placed_voters=list(data.get("placed_voters", [])),
            base_clusters=[(int(c), list(m)) for c, m in data.get("base_clusters", [])],
            group_clusterings={
                int(k): [(int(c), list(m)) for c, m in clusters]
                for k, clusters in data.get("group_clusterings", {}).items()
            },
            k_smoother=dict(data.get("k_smoother", {})),
            components=[list(c) for c in data.get("components", [])],
            component_comments=list(data.get("component_comments", [])),
        )


@dataclass(frozen=True, eq=False)
class OpinionGroups:
    """The result. Group numbers are Pol.is' cluster ids; they carry no ranking."""

    voter_ids: Sequence
    comment_ids: Sequence
    positions: np.ndarray  # (voters, 2), for every voter, placed or not
    placed: np.ndarray  # boolean per voter
    group_of_voter: np.ndarray  # group id per voter, -1 when not placed
    group_ids: list
    representative: dict  # group id -> [RepresentativeComment]
    consensus_agree: list
    consensus_disagree: list
    informed_consensus_agree: np.ndarray  # per comment
    informed_consensus_disagree: np.ndarray
    silhouettes: dict  # k -> silhouette of the k-group clustering
    stability: GroupStability | None  # None with fewer than 2 groups or no reruns asked
    stable: StableGrouping | None  # None without placed voters or no reruns asked
    stable_of_voter: np.ndarray  # stable group per voter, -1 when not placed or left out
    # Representative comments of each stable group (by number 0..k-1), as for Pol.is' groups.
    stable_representative: list
    withdrawn_comments: list
    state: OpinionGroupState
    provenance: Provenance

    @property
    def groups(self) -> dict:
        """{voter id: group id} for placed voters."""
        placed = np.flatnonzero(self.placed)
        return {self.voter_ids[i]: int(self.group_of_voter[i]) for i in placed}

    @property
    def group_sizes(self) -> dict:
        counts = np.bincount(
            np.searchsorted(self.group_ids, self.group_of_voter[self.placed]),
            minlength=len(self.group_ids),
        )
        return {gid: int(n) for gid, n in zip(self.group_ids, counts, strict=True)}

    @property
    def consensus(self) -> list[ConsensusComment]:
        return self.consensus_agree + self.consensus_disagree

    def as_dict(self) -> dict:
        def rep_list(items: list[RepresentativeComment]) -> list:
            return [item.as_dict() for item in items]

        return {
            "groups": {str(voter): group for voter, group in self.groups.items()},
            "representative": {
                str(gid): [item.comment for item in items]
                for gid, items in self.representative.items()
            },
            "consensus": [item.comment for item in self.consensus],
            "group_sizes": {str(gid): size for gid, size in self.group_sizes.items()},
            "voters": len(self.voter_ids),
            "placed_voters": int(self.placed.sum()),
            "comments": len(self.comment_ids),
            "withdrawn_comments": list(self.withdrawn_comments),
            "representative_details": {
                str(gid): rep_list(items) for gid, items in self.representative.items()
            },
            "consensus_details": {
                "agree": [item.as_dict() for item in self.consensus_agree],
                "disagree": [item.as_dict() for item in self.consensus_disagree],
            },
            "group_informed_consensus": {
                str(comment): {"agree": float(agree), "disagree": float(disagree)}
                for comment, agree, disagree in zip(
                    self.comment_ids,
                    self.informed_consensus_agree,
                    self.informed_consensus_disagree,
                    strict=True,
                )
            },
            "silhouettes": {str(k): value for k, value in self.silhouettes.items()},
            "stability": self.stability.as_dict() if self.stability else None,
            "stable": self.stable_as_dict(),
            "provenance": self.provenance.as_dict(),
        }

    def stable_as_dict(self) -> dict | None:
        """The stable grouping, and how many people each Pol.is group shares with each."""
        if self.stable is None:
            return None
        placed = self.placed
        pairs = Counter(
            zip(
                self.group_of_voter[placed].tolist(),
                self.stable_of_voter[placed].tolist(),
                strict=True,
            )
        )
        same = self.same_groups()
        return {
            **self.stable.as_dict(),
            "crossing": [[a, b, n] for (a, b), n in sorted(pairs.items())],
            "same_as_polis": same,
            "representative_details": {
                str(number): [item.as_dict() for item in items]
                for number, items in enumerate(self.stable_representative)
            },
        }

    def same_groups(self) -> bool:
        """True when the stable grouping puts the placed voters in the same groups as Pol.is'."""
        if self.stable is None:
            return True
        placed = self.placed
        pairs = set(
            zip(
                self.group_of_voter[placed].tolist(),
                self.stable_of_voter[placed].tolist(),
                strict=True,
            )
        )
        return len(pairs) == len({a for a, _ in pairs}) == len({b for _, b in pairs})


def find_opinion_groups(
    votes: VoteTable | Iterable[tuple],
    *,
    withdrawn_comments: Iterable = (),
    always_place: Iterable = (),
    previous: OpinionGroupState | None = None,
    parameters: OpinionGroupParameters | None = None,
) -> OpinionGroups:
    """Opinion groups from votes: a VoteTable, or (voter, comment, vote) records in casting order.

    `withdrawn_comments`: comments moderated out (they stay in the vote
    count but shape nothing, as in Pol.is). `always_place`: voters placed
    whatever their number of votes (Pol.is keeps everyone it once placed).
    """
    parameters = parameters or OpinionGroupParameters()
    always_place = set(always_place)
    table = votes if isinstance(votes, VoteTable) else VoteTable.from_records(votes)
    comment_index = {comment: i for i, comment in enumerate(table.comment_ids)}
    withdrawn = np.zeros(table.n_comments, dtype=bool)
    withdrawn_list = [c for c in dict.fromkeys(withdrawn_comments) if c in comment_index]
    withdrawn[[comment_index[c] for c in withdrawn_list]] = True

    placed = _placed_voters(table, parameters, always_place, previous)
    previous_components = _previous_components(previous, comment_index)
    projection = project_voters(table, withdrawn, previous_components=previous_components)
    positions = projection.positions

    placed_rows = np.flatnonzero(placed)
    base, group_ids, group_of_base, silhouettes, smoother, clusterings = _cluster(
        table.voter_ids, positions, placed_rows, parameters, previous
    )
    group_of_voter = np.full(table.n_voters, -1, dtype=np.int64)
    if placed_rows.size:
        group_of_voter[placed_rows] = group_of_base[base.labels]

    input_hash = table.content_hash()
    stability = None
    if parameters.stability_runs > 0 and len(group_ids) >= 2:
        stability = order_stability(
            positions[placed_rows],
            group_of_voter[placed_rows],
            lambda points: _cold_start_groups(points, parameters),
            runs=parameters.stability_runs,
            seed=int(input_hash.removeprefix("sha256:")[:16], 16),
            sample=parameters.stability_sample,
        )

    stable = None
    stable_of_voter = np.full(table.n_voters, -1, dtype=np.int64)
    if parameters.stable_runs > 0 and placed_rows.size >= 2:
        stable = stable_grouping(
            table,
            withdrawn,
            placed_rows,
            seed=int(input_hash.removeprefix("sha256:")[16:32], 16),
            parameters=StableParameters(runs=parameters.stable_runs),
        )
        stable_of_voter[placed_rows] = stable.group_of_row

    group_index = np.full(table.n_voters, -1, dtype=np.int64)
    group_index[placed_rows] = np.searchsorted(group_ids, group_of_voter[placed_rows])
    counts = count_votes(table, group_index, len(group_ids))
    representative = representative_comments(
        counts,
        table.comment_ids,
        withdrawn,
        z_threshold=parameters.significance_z,
        limit=parameters.max_representative,
    )
    everyone = count_votes(table, np.zeros(table.n_voters, dtype=np.int64), 1)
    consensus_agree, consensus_disagree = consensus_comments(
        everyone,
        table.comment_ids,
        withdrawn,
        z_threshold=parameters.significance_z,
        limit=parameters.max_consensus,
    )
    informed_agree, informed_disagree = group_informed_consensus(counts)
    stable_representative: list = []
    if stable is not None:
        # The same statistics on the stable groups (people left out of them count nowhere).
        stable_representative = representative_comments(
            count_votes(table, stable_of_voter, len(stable.sizes)),
            table.comment_ids,
            withdrawn,
            z_threshold=parameters.significance_z,
            limit=parameters.max_representative,
        )

    state = OpinionGroupState(
        placed_voters=[table.voter_ids[i] for i in placed_rows],
        base_clusters=_members_by_cluster(base.ids, base.labels, placed_rows, table.voter_ids),
        group_clusterings=clusterings,
        k_smoother=smoother,
        components=[list(map(float, c)) for c in projection.components],
        component_comments=list(table.comment_ids),
    )
    provenance = Provenance(
        method=METHOD,
        parameters={
            **parameters.as_dict(),
            "withdrawn_comments": list(withdrawn_list),
            "always_place": len(always_place),
            "warm_start": previous is not None,
        },
        input_hash=input_hash,
        input_size=table.n_votes,
        engine_version=ENGINE_VERSION,
    )
    return OpinionGroups(
        voter_ids=table.voter_ids,
        comment_ids=table.comment_ids,
        positions=positions,
        placed=placed,
        group_of_voter=group_of_voter,
        group_ids=[int(g) for g in group_ids],
        representative={
            int(gid): items for gid, items in zip(group_ids, representative, strict=True)
        },
        consensus_agree=consensus_agree,
        consensus_disagree=consensus_disagree,
        informed_consensus_agree=informed_agree,
        informed_consensus_disagree=informed_disagree,
        silhouettes=silhouettes,
        stability=stability,
        stable=stable,
        stable_of_voter=stable_of_voter,
        stable_representative=stable_representative,
        withdrawn_comments=withdrawn_list,
        state=state,
        provenance=provenance,
    )


def _members_by_cluster(cluster_ids, labels, rows, voter_ids) -> list:
    order = np.argsort(labels, kind="stable")
    bounds = np.searchsorted(labels[order], np.arange(len(cluster_ids) + 1))
    return [
        (int(cid), [voter_ids[rows[j]] for j in order[bounds[i] : bounds[i + 1]]])
        for i, cid in enumerate(cluster_ids)
    ]


def _placed_voters(table, parameters, always_place, previous) -> np.ndarray:
    votes_cast = table.votes_per_voter()
    threshold = min(parameters.min_votes, table.n_comments)
    placed = (votes_cast >= threshold) & (votes_cast > 0)
    sticky = set(always_place)  # a copy: the previous run's voters are added below
    if previous is not None:
        sticky.update(previous.placed_voters)
    if sticky:
        placed |= np.fromiter((v in sticky for v in table.voter_ids), bool, table.n_voters)
    missing = parameters.greedy_minimum - int(placed.sum())
    if missing > 0:
        # Ties broken by arrival order: a stable sort on the negated counts.
        candidates = np.flatnonzero(~placed & (votes_cast > 0))
        ranked = candidates[np.argsort(-votes_cast[candidates], kind="stable")]
        placed[ranked[:missing]] = True
    return placed


def _previous_components(previous, comment_index) -> np.ndarray | None:
    if previous is None or not previous.components:
        return None
    aligned = np.zeros((len(previous.components), len(comment_index)))
    for column, comment in enumerate(previous.component_comments):
        if comment in comment_index:
            aligned[:, comment_index[comment]] = [c[column] for c in previous.components]
    return aligned


def _cluster(voter_ids, positions, placed_rows, parameters, previous):
    """Base clusters, then groups. Returns the pieces find_opinion_groups assembles.

    `voter_ids` (one per row of `positions`) are only read to match `previous`.
    """
    points = positions[placed_rows]
    previous_base = None
    if previous is not None and previous.base_clusters:
        row_of_voter = {voter_ids[row]: j for j, row in enumerate(placed_rows)}
        previous_base = [
            (cid, [row_of_voter[v] for v in members if v in row_of_voter])
            for cid, members in previous.base_clusters
        ]
    base = kmeans(
        points,
        parameters.base_clusters,
        max_iterations=parameters.base_iterations,
        previous=previous_base,
    )
    # Pol.is lists base clusters by id; group k-means starts from the first ones.
    by_id = np.argsort(base.ids, kind="stable")
    base_order_of_index = np.empty_like(by_id)
    base_order_of_index[by_id] = np.arange(len(by_id))
    base = type(base)(
        ids=base.ids[by_id], centers=base.centers[by_id], labels=base_order_of_index[base.labels]
    )
    weights = np.bincount(base.labels, minlength=len(base.ids)).astype(float)

    n_base = len(base.ids)
    if n_base == 0:
        return base, np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), {}, {}, {}
    max_k = min(parameters.max_groups, 2 + n_base // 12)
    position_of_base = {int(cid): i for i, cid in enumerate(base.ids)}
    silhouettes, clusterings, labelings = {}, {}, {}
    for k in range(2, max_k + 1):
        previous_groups = None
        if previous is not None and k in previous.group_clusterings:
            previous_groups = [
                (gid, [position_of_base[b] for b in members if b in position_of_base])
                for gid, members in previous.group_clusterings[k]
            ]
        grouping = kmeans(
            base.centers,
            k,
            weights=weights,
            max_iterations=parameters.group_iterations,
            previous=previous_groups,
        )
        silhouettes[k] = silhouette(base.centers, grouping.labels)
        labelings[k] = grouping
        clusterings[k] = [
            (int(gid), [int(base.ids[b]) for b in np.flatnonzero(grouping.labels == i)])
            for i, gid in enumerate(grouping.ids)
        ]

    smoother = _smooth_k(silhouettes, previous, parameters.k_buffer)
    # With a single distinct position, every k yields one cluster: one group, nothing to contrast.
    chosen = labelings[smoother["smoothed_k"]]
    order = np.argsort(chosen.ids, kind="stable")
    group_ids = chosen.ids[order]
    group_of_base = chosen.ids[chosen.labels]
    return base, group_ids, group_of_base, silhouettes, smoother, clusterings


def _cold_start_groups(points: np.ndarray, parameters: OpinionGroupParameters) -> np.ndarray:
    """The group of each point after a cold start on `points` in this order (no smoothing)."""
    base, _, group_of_base, *_ = _cluster((), points, np.arange(len(points)), parameters, None)
    return group_of_base[base.labels]


def _smooth_k(silhouettes: dict, previous, buffer: int) -> dict:
    """Pol.is' group-k-smoother: a new k is adopted after winning `buffer` runs in a row."""
    if not silhouettes:
        return {}
    # max-key in Clojure returns the last of equal maxima: the larger k wins ties.
    this_k = max(sorted(silhouettes), key=lambda k: (silhouettes[k], k))
    last = previous.k_smoother if previous is not None else {}
    last_k = last.get("last_k")
    count = last.get("last_k_count", 0) + 1 if last_k == this_k else 1
    smoothed = last.get("smoothed_k")
    if count >= buffer or smoothed is None or smoothed not in silhouettes:
        smoothed = this_k
    return {"last_k": this_k, "last_k_count": count, "smoothed_k": smoothed}
