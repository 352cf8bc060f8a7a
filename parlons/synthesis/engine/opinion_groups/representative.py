"""What distinguishes each group, and what all groups share: Pol.is' statistics.

Follows polismath's repness.clj and stats.clj (and red-dwarf, their Python
port). For a group g and a comment c, with n_agree, n_disagree and n_seen
(every vote, passes included) counted among g's members:

- p_agree = (n_agree + 1) / (n_seen + 2)                 (one pseudo-vote each way)
- its z-test against one half: 2 * sqrt(n + 1) * ((s + 1) / (n + 1) - 1/2)
- repness = p_agree in g / p_agree among the members of the other groups
- its z-test: a two-proportion test, again with one pseudo-count everywhere.

A comment is representative of g when both z-tests pass (90 %, one-sided,
z > 1.2816) for agreeing, or both for disagreeing. Pol.is then keeps at most
five, led by the comment the group most clearly agrees with, and lists
agreements before disagreements. When none passes, the single best comment is
kept so that every group is described.

Consensus: comments that a majority of all voters agree (or disagree) with,
significantly, best first. Group-informed consensus: for each comment, the
product over groups of each group's p_agree, so that a comment scores high only
if every group agrees with it, whatever its size.
"""

from dataclasses import asdict, dataclass

import numpy as np

from .votes import VoteTable

Z_90 = 1.2816


@dataclass(frozen=True)
class RepresentativeComment:
    comment: object
    direction: str  # "agree" or "disagree"
    n_success: int
    n_trials: int
    p_success: float
    p_test: float
    repness: float
    repness_test: float
    best_agree: bool = False
    # The same vote among the members of the other groups (not in Pol.is' output).
    n_success_elsewhere: int = 0
    n_trials_elsewhere: int = 0

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class ConsensusComment:
    comment: object
    direction: str
    n_success: int
    n_trials: int
    p_success: float
    p_test: float

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True, eq=False)
class VoteCounts:
    """Counts per group (rows) and comment (columns)."""

    agree: np.ndarray
    disagree: np.ndarray
    seen: np.ndarray


def count_votes(table: VoteTable, group_of_voter: np.ndarray, n_groups: int) -> VoteCounts:
    """`group_of_voter` holds a group index per voter, or -1 for voters left out.

    One bincount over all votes: each vote falls in the cell (group, comment,
    vote value); voters left out go to an extra group that is dropped.
    """
    n_comments = table.n_comments
    group = np.where(group_of_voter >= 0, group_of_voter, n_groups).astype(np.int64)
    per_vote_group = np.repeat(group, np.diff(table.indptr))
    cells = (per_vote_group * n_comments + table.indices) * 3 + (table.values + 1)
    tally = np.bincount(cells, minlength=(n_groups + 1) * n_comments * 3)
    tally = tally.reshape(n_groups + 1, n_comments, 3)[:n_groups]
    disagree, passed, agree = tally[..., 0], tally[..., 1], tally[..., 2]
    return VoteCounts(agree=agree, disagree=disagree, seen=agree + disagree + passed)


def proportion_test(successes, trials):
    successes, trials = np.asarray(successes) + 1.0, np.asarray(trials) + 1.0
    return 2.0 * np.sqrt(trials) * (successes / trials - 0.5)


def two_proportion_test(successes_in, successes_out, trials_in, trials_out):
    s1, s2 = np.asarray(successes_in) + 1.0, np.asarray(successes_out) + 1.0
    n1, n2 = np.asarray(trials_in) + 1.0, np.asarray(trials_out) + 1.0
    pooled = (s1 + s2) / (n1 + n2)
    spread = np.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    with np.errstate(divide="ignore", invalid="ignore"):
        z = (s1 / n1 - s2 / n2) / spread
    return np.where(pooled == 1, 0.0, z)


def representative_comments(
    counts: VoteCounts,
    comment_ids,
    withdrawn: np.ndarray,
    *,
    z_threshold: float = Z_90,
    limit: int = 5,
) -> list[list[RepresentativeComment]]:
    """Representative comments of each group (by group index), in Pol.is' order."""
    n_groups = counts.seen.shape[0]
    if n_groups < 2:
        return [[] for _ in range(n_groups)]
    stats = _group_statistics(counts)
    selected = []
    for group in range(n_groups):
        rows = {name: values[group] for name, values in stats.items()}
        selected.append(
            _select_for_group(rows, comment_ids, withdrawn, z_threshold=z_threshold, limit=limit)
        )
    return selected


def consensus_comments(
    counts: VoteCounts,
    comment_ids,
    withdrawn: np.ndarray,
    *,
    z_threshold: float = Z_90,
    limit: int = 5,
) -> tuple[list[ConsensusComment], list[ConsensusComment]]:
    """Comments most voters agree with, and those most disagree with (counts of one group: everyone)."""
    agree, disagree, seen = counts.agree[0], counts.disagree[0], counts.seen[0]
    chosen = []
    for direction, successes in (("agree", agree), ("disagree", disagree)):
        probability = (successes + 1.0) / (seen + 2.0)
        test = proportion_test(successes, seen)
        eligible = np.flatnonzero((probability > 0.5) & (test > z_threshold) & ~withdrawn)
        order = eligible[np.argsort(-(probability * test)[eligible], kind="stable")][:limit]
        chosen.append(
            [
                ConsensusComment(
                    comment=comment_ids[index],
                    direction=direction,
                    n_success=int(successes[index]),
                    n_trials=int(seen[index]),
                    p_success=float(probability[index]),
                    p_test=float(test[index]),
                )
                for index in order
            ]
        )
    return chosen[0], chosen[1]


def group_informed_consensus(counts: VoteCounts) -> tuple[np.ndarray, np.ndarray]:
    """Per comment: product over groups of P(agree), and of P(disagree)."""
    if counts.seen.shape[0] == 0:
        empty = np.zeros(counts.seen.shape[1])
        return empty, empty.copy()
    agree = ((counts.agree + 1.0) / (counts.seen + 2.0)).prod(0)
    disagree = ((counts.disagree + 1.0) / (counts.seen + 2.0)).prod(0)
    return agree, disagree


def _group_statistics(counts: VoteCounts) -> dict[str, np.ndarray]:
    na, nd, ns = counts.agree, counts.disagree, counts.seen
    rest_na, rest_nd, rest_ns = na.sum(0) - na, nd.sum(0) - nd, ns.sum(0) - ns
    pa, pd = (na + 1.0) / (ns + 2.0), (nd + 1.0) / (ns + 2.0)
    return {
        "na": na,
        "nd": nd,
        "ns": ns,
        "rest_na": rest_na,
        "rest_nd": rest_nd,
        "rest_ns": rest_ns,
        "pa": pa,
        "pd": pd,
        "pat": proportion_test(na, ns),
        "pdt": proportion_test(nd, ns),
        "ra": pa / ((rest_na + 1.0) / (rest_ns + 2.0)),
        "rd": pd / ((rest_nd + 1.0) / (rest_ns + 2.0)),
        "rat": two_proportion_test(na, rest_na, ns, rest_ns),
        "rdt": two_proportion_test(nd, rest_nd, ns, rest_ns),
    }


def _finalize(stats: dict, index: int, comment, *, best_agree: bool = False):
    agree = stats["rat"][index] > stats["rdt"][index]
    n, p, pt, r, rt = (
        ("na", "pa", "pat", "ra", "rat") if agree else ("nd", "pd", "pdt", "rd", "rdt")
    )
    return RepresentativeComment(
        comment=comment,
        direction="agree" if agree else "disagree",
        n_success=int(stats[n][index]),
        n_trials=int(stats["ns"][index]),
        p_success=float(stats[p][index]),
        p_test=float(stats[pt][index]),
        repness=float(stats[r][index]),
        # Pol.is rounds this one to single precision, and compares the rounded value.
        repness_test=float(np.float32(stats[rt][index])),
        best_agree=best_agree,
        n_success_elsewhere=int(stats["rest_" + n][index]),
        n_trials_elsewhere=int(stats["rest_ns"][index]),
    )


def _select_for_group(stats, comment_ids, withdrawn, *, z_threshold, limit):
    def significant(z):
        return z > z_threshold

    sufficient: list[RepresentativeComment] = []
    best: RepresentativeComment | None = None
    best_agree: int | None = None
    for index, comment in enumerate(comment_ids):
        if withdrawn[index]:
            continue
        rat, rdt = stats["rat"][index], stats["rdt"][index]
        if (significant(rat) and significant(stats["pat"][index])) or (
            significant(rdt) and significant(stats["pdt"][index])
        ):
            sufficient.append(_finalize(stats, index, comment))
        if not sufficient and (best is None or max(rat, rdt) > best.repness_test):
            best = _finalize(stats, index, comment)
        if _beats_best_agree(stats, index, best_agree, significant):
            best_agree = index

    head = []
    if best_agree is not None:
        head = [_finalize(stats, best_agree, comment_ids[best_agree], best_agree=True)]
    elif best is not None:
        head = [best]
    if not sufficient:
        return head
    if best_agree is not None:
        head_comment = comment_ids[best_agree]
        sufficient = [item for item in sufficient if item.comment != head_comment]
        head = head[:1]
    else:
        head = []
    ranked = sorted(
        sufficient,
        key=lambda item: -(item.repness * item.repness_test * item.p_success * item.p_test),
    )
    chosen = (head + ranked)[:limit]
    return [item for item in chosen if item.direction == "agree"] + [
        item for item in chosen if item.direction == "disagree"
    ]


def _beats_best_agree(stats, index, current, significant) -> bool:
    if stats["na"][index] == 0 and stats["nd"][index] == 0:
        return False

    def product(i, *names):
        value = 1.0
        for name in names:
            value *= stats[name][i]
        return value

    if current is not None and stats["ra"][current] > 1.0:
        return product(index, "ra", "rat", "pa", "pat") > product(current, "ra", "rat", "pa", "pat")
    if current is not None:
        return product(index, "pa", "pat") > product(current, "pa", "pat")
    return bool(
        significant(stats["pat"][index]) or (stats["ra"][index] > 1.0 and stats["pa"][index] > 0.5)
    )
